package org.xenguest.debug.core.probe;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.xenguest.abi.EventChannels;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenDomain;
import org.xenguest.debug.core.xen.XenDomainInfo;

/**
 * Xen's facts read out of the probe's reply records (docs/probe-protocol.md): the domain
 * listing, a port's binding, a vCPU's state. The types live in {@code xen}, free of the probe.
 */
public final class XenRecords {

    private XenRecords() {
    }

    /** A {@code qXenguest.Domains} record. */
    static XenDomain domain(ProbeReplies.Fields f) {
        return new XenDomain(f.hexInt("id"), f.hexText("name"), parse(XenDomain.Type.class, f.text("type"), f),
                f.hexInt("vcpus"), f.hexInt("online"), parse(XenDomain.State.class, f.text("state"), f),
                f.has("reason") ? OptionalInt.of(f.hexInt("reason")) : OptionalInt.empty());
    }

    /** The {@code qXenguest.Domain} record. */
    static XenDomainInfo domainInfo(ProbeReplies.Fields f) {
        String frame = f.text("shared_info");
        return new XenDomainInfo(domain(f),
                frame.equals("none") ? OptionalLong.empty() : OptionalLong.of(f.hex("shared_info")), f.hex("pages"));
    }

    /** A {@code qXenguest.Ports} record. */
    static PortBinding binding(ProbeReplies.Fields f) {
        EventChannels.Status status = parse(EventChannels.Status.class, f.text("state"), f);
        return new PortBinding(f.hexInt("port"), status, f.hexInt("vcpu"), optional(f, "rdom"), optional(f, "rport"),
                optional(f, "virq"), optional(f, "pirq"));
    }

    /** A {@code qXenguest.Vcpus} record. */
    static VcpuState vcpu(ProbeReplies.Fields f) {
        int vcpu = f.hexInt("vcpu");
        if (f.has("error")) {
            return new VcpuState(vcpu, false, false, false, 0, 0, Optional.empty());
        }
        Optional<VcpuState.Hvm> hvm = Optional.empty();
        boolean cpuRecord = f.has("if");
        boolean lapic = f.has("irr") && f.has("isr");
        if (cpuRecord || lapic) {
            hvm = Optional.of(new VcpuState.Hvm(cpuRecord ? Optional.of(f.flag("if")) : Optional.empty(),
                    cpuRecord ? Optional.of(f.hex("rip")) : Optional.empty(),
                    cpuRecord ? Optional.of(f.hex("rflags")) : Optional.empty(),
                    lapic ? f.vectors("irr") : List.of(), lapic ? f.vectors("isr") : List.of(), lapic));
        }
        return new VcpuState(vcpu, f.flag("online"), f.flag("blocked"), f.flag("running"), f.hexInt("cpu"),
                f.hex("time"), hvm);
    }

    private static OptionalInt optional(ProbeReplies.Fields f, String key) {
        return f.has(key) ? OptionalInt.of(f.hexInt(key)) : OptionalInt.empty();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String word, ProbeReplies.Fields f) {
        try {
            return Enum.valueOf(type, word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProbeReplies.malformed("unknown " + type.getSimpleName() + " '" + word + "'", f.reply());
        }
    }
}
