package org.xenguest.debug.core.format;

import java.util.List;
import java.util.Map;

import org.xenguest.abi.SharedInfo;
import org.xenguest.abi.VcpuInfo;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.snapshot.DeviceState;
import org.xenguest.debug.core.snapshot.GrantTableState;
import org.xenguest.debug.core.snapshot.CoreView;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.RingState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotDiff;
import org.xenguest.debug.core.snapshot.XenstoreState;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenView;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The JSON form of a snapshot that {@code xenguest snapshot --json} prints, {@code watch --json}
 * prints one per line and recordings store. A contract: docs/snapshot-json.md describes every
 * field; add fields, never rename or retype one.
 */
public final class SnapshotJson {

    private SnapshotJson() {
    }

    /** A 64-bit word as {@code 0x} and 16 lower-case hex digits. */
    public static String word(long value) {
        return String.format("0x%016x", value);
    }

    /**
     * The snapshot with its findings and, if {@code diff} is not null, what changed since the
     * previous snapshot.
     */
    public static JsonObject toJson(Snapshot snapshot, List<Finding> findings, SnapshotDiff diff) {
        JsonObject object = new JsonObject();
        object.addProperty("time", snapshot.takenAt().toString());
        object.addProperty("monotonic_nanos", snapshot.monotonicNanos());
        object.addProperty("sequence", snapshot.sequence());
        object.addProperty("source", snapshot.source());
        object.addProperty("guest", snapshot.descriptor().name());
        object.addProperty("shared_info", Addresses.format(snapshot.sharedInfoAddress()));

        JsonArray ports = new JsonArray();
        for (PortState port : snapshot.activePorts()) {
            ports.add(port(port, snapshot.descriptor()));
        }
        object.add("ports", ports);

        SharedInfo info = snapshot.sharedInfo();
        object.add("pending_words", words(info.pendingWords()));
        object.add("mask_words", words(info.maskWords()));

        JsonArray vcpus = new JsonArray();
        for (int id = 0; id < snapshot.vcpuCount(); id++) {
            VcpuInfo vcpu = snapshot.vcpu(id);
            JsonObject entry = new JsonObject();
            entry.addProperty("id", id);
            entry.addProperty("upcall_pending", vcpu.evtchnUpcallPending());
            entry.addProperty("upcall_mask", vcpu.evtchnUpcallMask());
            entry.addProperty("pending_sel", word(vcpu.evtchnPendingSel()));
            JsonObject time = new JsonObject();
            time.addProperty("version", vcpu.time().version());
            time.addProperty("system_time_ns", Long.toUnsignedString(vcpu.time().systemTime()));
            time.addProperty("tsc_timestamp", Long.toUnsignedString(vcpu.time().tscTimestamp()));
            entry.add("time", time);
            int vcpuId = id;
            snapshot.xen().flatMap(view -> view.vcpus().stream().filter(v -> v.vcpu() == vcpuId).findFirst())
                    .ifPresent(state -> entry.add("xen", xenVcpu(state)));
            snapshot.core().flatMap(view -> view.vcpus().stream().filter(v -> v.vcpu() == vcpuId).findFirst())
                    .ifPresent(context -> entry.add("xen", coreVcpu(context)));
            vcpus.add(entry);
        }
        object.add("vcpus", vcpus);
        snapshot.xen().ifPresent(view -> object.add("xen", xen(view, snapshot.descriptor())));
        snapshot.core().ifPresent(view -> object.add("core", core(view)));

        JsonObject wallclock = new JsonObject();
        wallclock.addProperty("version", info.wcVersion());
        wallclock.addProperty("sec", info.wallClockSeconds());
        wallclock.addProperty("nsec", info.wcNsec());
        object.add("wallclock", wallclock);

        snapshot.grantTable().ifPresent(grants -> object.add("grant_table", grants(grants)));
        if (!snapshot.rings().isEmpty()) {
            JsonArray rings = new JsonArray();
            for (RingState ring : snapshot.rings()) {
                rings.add(ring(ring));
            }
            object.add("rings", rings);
        }
        snapshot.xenstore().ifPresent(store -> object.add("xenstore", xenstore(store)));
        if (!snapshot.devices().isEmpty()) {
            JsonArray devices = new JsonArray();
            for (DeviceState device : snapshot.devices()) {
                JsonObject entry = new JsonObject();
                entry.addProperty("name", device.name());
                entry.addProperty("frontend_state", device.frontendState() == null ? null : DeviceState.label(device.frontendState()));
                entry.addProperty("frontend_state_number", device.frontendState());
                entry.addProperty("backend_state", device.backendState() == null ? null : DeviceState.label(device.backendState()));
                entry.addProperty("backend_state_number", device.backendState());
                devices.add(entry);
            }
            object.add("devices", devices);
        }

        JsonArray findingArray = new JsonArray();
        for (Finding finding : findings) {
            findingArray.add(finding(finding));
        }
        object.add("findings", findingArray);
        if (diff != null) {
            object.add("changed", changed(diff));
        }
        return object;
    }

    private static JsonObject port(PortState port, GuestDescriptor descriptor) {
        JsonObject entry = new JsonObject();
        entry.addProperty("port", port.port());
        entry.addProperty("pending", port.pending());
        entry.addProperty("masked", port.masked());
        entry.addProperty("selector", port.selector());
        entry.addProperty("vcpu", port.vcpu());
        if (port.name() != null) {
            entry.addProperty("name", port.name());
        }
        descriptor.port(port.port()).ifPresent(known -> {
            if (known.kind() != null) {
                entry.addProperty("kind", known.kind());
            }
            if (known.handler() != null) {
                entry.addProperty("handler", known.handler());
            }
        });
        return entry;
    }

    /** A vCPU as Xen sees it (the dom0 probe): run state, and from the HVM save records IF, RIP, IRR, ISR. */
    private static JsonObject xenVcpu(VcpuState state) {
        JsonObject o = new JsonObject();
        o.addProperty("online", state.online());
        o.addProperty("blocked", state.blocked());
        o.addProperty("running", state.running());
        state.hvm().ifPresent(hvm -> {
            hvm.interruptsEnabled().ifPresent(on -> o.addProperty("interrupts_enabled", on));
            hvm.rip().ifPresent(rip -> o.addProperty("rip", Addresses.format(rip)));
            if (hvm.lapicKnown()) {
                JsonArray irr = new JsonArray();
                hvm.lapicIrr().forEach(irr::add);
                o.add("lapic_irr", irr);
                JsonArray isr = new JsonArray();
                hvm.lapicIsr().forEach(isr::add);
                o.add("lapic_isr", isr);
            }
        });
        return o;
    }

    /** A vCPU's context from a core file: the members of the live "xen" a core knows (no run state). */
    private static JsonObject coreVcpu(CoreView.Vcpu context) {
        JsonObject o = new JsonObject();
        o.addProperty("online", context.online());
        o.addProperty("interrupts_enabled", context.interruptsEnabled());
        o.addProperty("rip", Addresses.format(context.rip()));
        o.addProperty("rsp", Addresses.format(context.rsp()));
        o.addProperty("cr3", Addresses.format(context.cr3()));
        return o;
    }

    /** Where a snapshot decoded from a core file came from. */
    private static JsonObject core(CoreView view) {
        JsonObject o = new JsonObject();
        o.addProperty("file", view.file());
        o.addProperty("xen_version", view.xenVersion());
        o.addProperty("type", view.typeWord());
        o.addProperty("frames", view.frames());
        o.addProperty("shared_info_frame_found", view.sharedInfoFrameFound());
        return o;
    }

    /** The domain and every bound port as Xen sees them (EVTCHNOP_status through the probe). */
    private static JsonObject xen(XenView view, GuestDescriptor descriptor) {
        JsonObject o = new JsonObject();
        o.addProperty("domid", view.domain().domain().id());
        o.addProperty("domain", view.domain().domain().name());
        JsonArray ports = new JsonArray();
        for (PortBinding binding : view.ports()) {
            JsonObject p = new JsonObject();
            p.addProperty("port", binding.port());
            p.addProperty("state", binding.statusWord());
            p.addProperty("vcpu", binding.vcpu());
            descriptor.port(binding.port()).ifPresent(known -> p.addProperty("name", known.name()));
            binding.remoteDomain().ifPresent(d -> p.addProperty("remote_domain", d));
            binding.remotePort().ifPresent(r -> p.addProperty("remote_port", r));
            binding.virq().ifPresent(v -> p.addProperty("virq", v));
            binding.virqKind().ifPresent(v -> p.addProperty("virq_name", v.dslName()));
            binding.pirq().ifPresent(v -> p.addProperty("pirq", v));
            ports.add(p);
        }
        o.add("ports", ports);
        return o;
    }

    private static JsonArray words(List<Long> words) {
        JsonArray array = new JsonArray(words.size());
        for (long value : words) {
            array.add(word(value));
        }
        return array;
    }

    private static JsonObject grants(GrantTableState grants) {
        JsonObject entry = new JsonObject();
        entry.addProperty("version", grants.version());
        entry.addProperty("frames", grants.frames());
        entry.addProperty("entries", grants.entries().size());
        entry.addProperty("usable", grants.usableEntries());
        entry.addProperty("free", grants.freeEntries());
        entry.addProperty("used", grants.usedEntries());
        return entry;
    }

    private static JsonObject ring(RingState ring) {
        JsonObject entry = new JsonObject();
        entry.addProperty("name", ring.name());
        entry.addProperty("address", Addresses.format(ring.ring().address()));
        entry.addProperty("size", ring.ring().size());
        entry.addProperty("req_prod", ring.header().reqProd());
        entry.addProperty("req_event", ring.header().reqEvent());
        entry.addProperty("rsp_prod", ring.header().rspProd());
        entry.addProperty("rsp_event", ring.header().rspEvent());
        entry.addProperty("rsp_cons", ring.rspConsumer());
        entry.addProperty("unanswered", ring.unansweredRequests());
        entry.addProperty("outstanding", ring.header().outstandingRequests(ring.effectiveRspConsumer()));
        entry.addProperty("response_event_armed", ring.responseEventArmed());
        if (ring.ring().port() != null) {
            entry.addProperty("port", ring.ring().port());
        }
        return entry;
    }

    private static JsonObject xenstore(XenstoreState store) {
        JsonObject entry = new JsonObject();
        entry.addProperty("address", Addresses.format(store.address()));
        entry.addProperty("req_cons", store.page().reqCons());
        entry.addProperty("req_prod", store.page().reqProd());
        entry.addProperty("rsp_cons", store.page().rspCons());
        entry.addProperty("rsp_prod", store.page().rspProd());
        entry.addProperty("connection", store.page().connection());
        entry.addProperty("error", store.page().error());
        return entry;
    }

    private static JsonObject finding(Finding finding) {
        JsonObject entry = new JsonObject();
        entry.addProperty("code", finding.code().name());
        entry.addProperty("severity", finding.severity().name());
        entry.addProperty("message", finding.message());
        JsonArray ports = new JsonArray();
        finding.ports().forEach(ports::add);
        entry.add("ports", ports);
        JsonArray structures = new JsonArray();
        finding.structures().forEach(structures::add);
        entry.add("structures", structures);
        entry.addProperty("held_ms", finding.heldNanos() / 1_000_000);
        entry.addProperty("snapshots", finding.snapshots());
        entry.addProperty("explanation", finding.explanation());
        entry.addProperty("fix", finding.fix());
        return entry;
    }

    private static JsonObject changed(SnapshotDiff diff) {
        JsonObject entry = new JsonObject();
        JsonArray pending = new JsonArray();
        diff.pendingChanged().forEach(pending::add);
        entry.add("pending", pending);
        JsonArray mask = new JsonArray();
        diff.maskChanged().forEach(mask::add);
        entry.add("mask", mask);
        JsonArray selectors = new JsonArray();
        for (Map.Entry<Integer, Long> selector : diff.selectorChanged().entrySet()) {
            JsonObject flipped = new JsonObject();
            flipped.addProperty("vcpu", selector.getKey());
            flipped.addProperty("bits", word(selector.getValue()));
            selectors.add(flipped);
        }
        entry.add("selector", selectors);
        JsonArray upcallPending = new JsonArray();
        diff.upcallPendingChanged().forEach(upcallPending::add);
        entry.add("upcall_pending", upcallPending);
        JsonArray upcallMask = new JsonArray();
        diff.upcallMaskChanged().forEach(upcallMask::add);
        entry.add("upcall_mask", upcallMask);
        JsonArray rings = new JsonArray();
        diff.ringsChanged().forEach(rings::add);
        entry.add("rings", rings);
        entry.addProperty("grant_entries", diff.grantEntriesChanged());
        entry.addProperty("xenstore", diff.xenstoreChanged());
        JsonArray devices = new JsonArray();
        diff.devicesChanged().forEach(devices::add);
        entry.add("devices", devices);
        entry.addProperty("elapsed_ms", diff.elapsedNanos() / 1_000_000.0);
        return entry;
    }
}
