package org.xenguest.debug.core.probe;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspException;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.rsp.RspPackets;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenDomain;
import org.xenguest.debug.core.xen.XenDomainInfo;

/**
 * A client of the dom0 probe ({@code xenguest-probe}, docs/probe-protocol.md) over the RSP
 * client: the host's domains, and for the attached domain its memory (guest-physical) and
 * Xen's facts as typed values.
 *
 * <p><b>Attach survives reconnects.</b> {@link RspClient} reconnects by itself after a failed
 * exchange; the probe forgets the attach with the old connection, so this client sends
 * {@code vAttach} again on the new one before the next request that needs it.
 *
 * <p><b>Threads.</b> Like {@link RspClient}: one poller at a time.
 */
public final class ProbeClient implements Closeable {

    /** Pages of a list the client follows at most (a broken probe cannot keep it looping). */
    private static final int MAX_PAGES = 256;
    /** The vectored query, and the feature that offers it in qSupported. */
    public static final String SNAPSHOT_QUERY = "qXenguest.Snapshot";
    /** The most ranges one {@link #snapshot(List)} may ask for. */
    public static final int SNAPSHOT_MAX_RANGES = 64;
    /** The most bytes one range of {@link #snapshot(List)} may hold. */
    public static final int SNAPSHOT_MAX_RANGE = 8192;

    private final RspClient rsp;
    private OptionalInt attached = OptionalInt.empty();
    private int attachedOnConnection = -1;

    public ProbeClient(RspClient rsp) {
        this.rsp = Objects.requireNonNull(rsp, "rsp");
    }

    /** A client of the probe at {@code target}, connected. */
    public static ProbeClient open(HostPort target, RspOptions options) throws RspException {
        return new ProbeClient(RspClient.open(target, options));
    }

    /**
     * A client of a probe behind a relay that wants {@code preamble} first on every connection
     * (the {@code xenguest host} agent: its secret and the probe's socket), connected.
     */
    public static ProbeClient open(HostPort target, RspOptions options, byte[] preamble) throws RspException {
        RspClient rsp = new RspClient(target, options, preamble);
        rsp.connect();
        return new ProbeClient(rsp);
    }

    public RspClient rsp() {
        return rsp;
    }

    public HostPort target() {
        return rsp.target();
    }

    /** The probe about itself; {@link ProbeStatus#isFake()} for the test build. */
    public ProbeStatus status() throws RspException {
        return ProbeStatus.from(ProbeReplies.record(query("qXenguest.Status", false)));
    }

    /** Every domain of the host. */
    public List<XenDomain> domains() throws RspException {
        List<XenDomain> out = new ArrayList<>();
        String packet = "qXenguest.Domains";
        for (int page = 0; page < MAX_PAGES; page++) {
            List<ProbeReplies.Fields> records = ProbeReplies.records(query(packet, false));
            OptionalInt next = OptionalInt.empty();
            for (ProbeReplies.Fields f : records) {
                if (f.has("next")) {
                    next = OptionalInt.of(f.hexInt("next"));
                } else {
                    out.add(XenRecords.domain(f));
                }
            }
            if (next.isEmpty()) {
                return Collections.unmodifiableList(out);
            }
            packet = "qXenguest.Domains:" + Integer.toHexString(next.getAsInt());
        }
        throw new ProbeReplyException("the probe's domain list did not end after " + MAX_PAGES + " pages");
    }

    /**
     * Attaches to a domain (gdb's {@code attach}); the probe serves each domain to one client at
     * a time.
     *
     * @throws ProbeErrorException {@link ProbeErrorException.Kind#BUSY} when another client has
     *                             it, {@link ProbeErrorException.Kind#NO_DOMAIN} when there is none
     */
    public void attach(int domid) throws RspException {
        if (domid < 0) {
            throw new IllegalArgumentException("domain id must not be negative, was " + domid);
        }
        attached = OptionalInt.empty();
        String packet = "vAttach;" + Integer.toHexString(domid);
        String reply = query(packet, false);
        if (!reply.startsWith("S") && !reply.startsWith("T")) {
            throw ProbeReplies.malformed("vAttach was answered with '" + reply + "', not a stop reply", reply);
        }
        attached = OptionalInt.of(domid);
        attachedOnConnection = rsp.connectionCount();
    }

    /** Lets go of the attached domain (gdb's {@code detach}). */
    public void detach() throws RspException {
        if (attached.isPresent() && rsp.isConnected() && attachedOnConnection == rsp.connectionCount()) {
            rsp.request("D");
        }
        attached = OptionalInt.empty();
    }

    public OptionalInt attachedDomain() {
        return attached;
    }

    /** The attached domain with its shared_info frame. */
    public XenDomainInfo domainInfo() throws RspException {
        return XenRecords.domainInfo(ProbeReplies.record(query("qXenguest.Domain", true)));
    }

    /** Every port of the attached domain that is not free, with Xen's binding. */
    public List<PortBinding> ports() throws RspException {
        List<PortBinding> out = new ArrayList<>();
        portsFrom(0, out);
        return Collections.unmodifiableList(out);
    }

    /** Adds the ports from {@code first} on that are not free to {@code out}, page by page. */
    private void portsFrom(long first, List<PortBinding> out) throws RspException {
        for (int page = 0; page < MAX_PAGES; page++) {
            List<ProbeReplies.Fields> records = ProbeReplies.records(query("qXenguest.Ports:" + Long.toHexString(first), true));
            Long next = null;
            for (ProbeReplies.Fields f : records) {
                if (f.has("end")) {
                    return;
                }
                if (f.has("next")) {
                    next = f.hex("next");
                } else {
                    out.add(XenRecords.binding(f));
                }
            }
            if (next == null || next <= first) {
                throw ProbeReplies.malformed("a port list page ends with neither end= nor a later next=", "");
            }
            first = next;
        }
        throw new ProbeReplyException("the probe's port list did not end after " + MAX_PAGES + " pages");
    }

    /** Ports {@code first .. first + count - 1} that are not free (one request; up to 1024 ports). */
    public List<PortBinding> ports(int first, int count) throws RspException {
        List<PortBinding> out = new ArrayList<>();
        String packet = "qXenguest.Ports:" + Integer.toHexString(first) + "," + Integer.toHexString(count);
        for (ProbeReplies.Fields f : ProbeReplies.records(query(packet, true))) {
            if (!f.has("end") && !f.has("next")) {
                out.add(XenRecords.binding(f));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Each vCPU of the attached domain as Xen sees it. */
    public List<VcpuState> vcpus() throws RspException {
        List<VcpuState> out = new ArrayList<>();
        vcpusFrom(0, out);
        return Collections.unmodifiableList(out);
    }

    /** Adds the vCPUs from {@code first} on to {@code out}, page by page. */
    private void vcpusFrom(long first, List<VcpuState> out) throws RspException {
        String packet = first == 0 ? "qXenguest.Vcpus" : "qXenguest.Vcpus:" + Long.toHexString(first);
        for (int page = 0; page < MAX_PAGES; page++) {
            Long next = null;
            for (ProbeReplies.Fields f : ProbeReplies.records(query(packet, true))) {
                if (f.has("next")) {
                    next = f.hex("next");
                } else {
                    out.add(XenRecords.vcpu(f));
                }
            }
            if (next == null) {
                return;
            }
            packet = "qXenguest.Vcpus:" + Long.toHexString(next);
        }
        throw new ProbeReplyException("the probe's vCPU list did not end after " + MAX_PAGES + " pages");
    }

    /**
     * Bytes of memory one {@link #snapshot(List)} may ask for in all, as the probe offered
     * ({@code qXenguest.Snapshot=BYTES} in qSupported); empty when it does not offer the query
     * (an older probe: use {@link #domainInfo()}, {@link #ports()}, {@link #vcpus()} and reads).
     */
    public OptionalInt snapshotBytes() throws RspException {
        if (!rsp.isConnected()) {
            rsp.connect();
        }
        String value = rsp.features().features().get(SNAPSHOT_QUERY);
        if (value == null || !value.matches("[0-9a-fA-F]{1,7}")) {
            return OptionalInt.empty();
        }
        int bytes = Integer.parseInt(value, 16);
        return bytes > 0 ? OptionalInt.of(bytes) : OptionalInt.empty();
    }

    /**
     * Everything a snapshot needs in one exchange ({@code qXenguest.Snapshot}, docs/probe-protocol.md):
     * the attached domain, its vCPUs and bound ports, and {@code ranges} of its memory. Lists that
     * did not fit the reply are completed with the paged queries.
     *
     * @param ranges at most {@link #SNAPSHOT_MAX_RANGES}, each at most {@link #SNAPSHOT_MAX_RANGE}
     *               bytes, together at most {@link #snapshotBytes()}
     * @throws ProbeErrorException when the probe refuses, e.g. the domain is gone
     */
    public ProbeSnapshot snapshot(List<ProbeSnapshot.Range> ranges) throws RspException {
        if (ranges.size() > SNAPSHOT_MAX_RANGES) {
            throw new IllegalArgumentException("at most " + SNAPSHOT_MAX_RANGES + " ranges, got " + ranges.size());
        }
        StringBuilder packet = new StringBuilder(SNAPSHOT_QUERY);
        Map<Long, ProbeSnapshot.Range> byAddress = new HashMap<>();
        for (ProbeSnapshot.Range range : ranges) {
            if (range.length() > SNAPSHOT_MAX_RANGE) {
                throw new IllegalArgumentException("a range may hold at most " + SNAPSHOT_MAX_RANGE + " bytes: " + range);
            }
            packet.append(byAddress.isEmpty() ? ':' : ';').append(Long.toHexString(range.address())).append(',')
                    .append(Integer.toHexString(range.length()));
            if (byAddress.putIfAbsent(range.address(), range) != null) {
                throw new IllegalArgumentException("two ranges start at " + Long.toHexString(range.address()));
            }
        }
        String reply = query(packet.toString(), true);
        XenDomainInfo domain = null;
        List<VcpuState> vcpus = new ArrayList<>();
        List<PortBinding> ports = new ArrayList<>();
        Map<ProbeSnapshot.Range, byte[]> memory = new LinkedHashMap<>();
        Long vcpusNext = null;
        Long portsNext = null;
        boolean portsEnded = false;
        for (ProbeReplies.Fields f : ProbeReplies.records(reply)) {
            String kind = f.values().keySet().iterator().next();
            switch (kind) {
            case "id" -> domain = XenRecords.domainInfo(f);
            case "mem" -> {
                ProbeSnapshot.Range range = byAddress.get(f.hex("mem"));
                if (range == null) {
                    throw ProbeReplies.malformed("memory at " + f.text("mem") + " was not asked for", reply);
                }
                if (f.has("data")) {
                    byte[] bytes = ProbeReplies.decodeHex(f.text("data"), "data", reply);
                    if (bytes.length != range.length()) {
                        throw ProbeReplies.malformed(bytes.length + " bytes for " + range, reply);
                    }
                    memory.put(range, bytes);
                }
            }
            case "vcpu" -> vcpus.add(XenRecords.vcpu(f));
            case "port" -> ports.add(XenRecords.binding(f));
            case "vcpus_next" -> vcpusNext = f.hex("vcpus_next");
            case "ports_next" -> portsNext = f.hex("ports_next");
            case "ports_end" -> portsEnded = true;
            default -> {
                // a record a later probe added: ignored, as the protocol asks
            }
            }
        }
        if (domain == null || (portsNext == null && !portsEnded)) {
            throw ProbeReplies.malformed("a snapshot without its domain record or the end of its port list", reply);
        }
        if (vcpusNext != null) {
            vcpusFrom(vcpusNext, vcpus);
        }
        if (portsNext != null) {
            portsFrom(portsNext, ports);
        }
        return new ProbeSnapshot(domain, vcpus, ports, memory);
    }

    /** CALLBACK_IRQ, STORE_PFN/EVTCHN, CONSOLE_PFN/EVTCHN of the attached (PVH/HVM) domain. */
    public HvmParams hvmParams() throws RspException {
        return HvmParams.from(ProbeReplies.record(query("qXenguest.HvmParams", true)));
    }

    public GrantTableInfo grantTable() throws RspException {
        return GrantTableInfo.from(ProbeReplies.record(query("qXenguest.Grants", true)));
    }

    /** Bytes of the attached domain's shared grant table (at most 8 KiB a request; fewer past its end). */
    public byte[] readGrantTable(long offset, int length) throws RspException {
        String reply = query("qXenguest.GrantRead:" + Long.toHexString(offset) + "," + Integer.toHexString(length), true);
        return ProbeReplies.decodeHex(reply, "GrantRead", reply);
    }

    /** The attached domain's device nodes in xenstore: its frontends and dom0's backends for it. */
    public List<XenstoreNode> xenstore() throws RspException {
        List<XenstoreNode> out = new ArrayList<>();
        String packet = "qXenguest.Xenstore";
        for (int page = 0; page < MAX_PAGES; page++) {
            Long next = null;
            for (ProbeReplies.Fields f : ProbeReplies.records(query(packet, true))) {
                if (f.has("next")) {
                    next = f.hex("next");
                } else if (!f.has("truncated")) {
                    out.add(XenstoreNode.from(f));
                }
            }
            if (next == null) {
                return Collections.unmodifiableList(out);
            }
            packet = "qXenguest.Xenstore:" + Long.toHexString(next);
        }
        throw new ProbeReplyException("the probe's xenstore list did not end after " + MAX_PAGES + " pages");
    }

    /** Guest-physical memory of the attached (PVH/HVM) domain; never pauses it. */
    public byte[] readMemory(long address, int length) throws RspException {
        ensureAttached();
        try {
            return rsp.readMemory(address, length);
        } catch (org.xenguest.debug.core.rsp.RspErrorReplyException e) {
            throw refusal("m" + Long.toHexString(address) + "," + Integer.toHexString(length), e.reply());
        }
    }

    /** The attached domain's memory as a {@link org.xenguest.debug.core.memory.GuestMemory}. */
    public ProbeGuestMemory memory() {
        return new ProbeGuestMemory(this);
    }

    @Override
    public void close() {
        try {
            detach();
        } catch (RspException ignored) {
            // closing anyway: the probe releases the domain when the connection ends
        }
        rsp.close();
    }

    // ---- exchanges ------------------------------------------------------------------------

    private void ensureAttached() throws RspException {
        if (attached.isEmpty()) {
            throw new ProbeErrorException("not attached to a domain: call attach(DOMID) first (domains() lists them)",
                    rsp.target(), null, "E.not attached");
        }
        if (!rsp.isConnected() || attachedOnConnection != rsp.connectionCount()) {
            if (!rsp.isConnected()) {
                rsp.connect();
            }
            attach(attached.getAsInt()); // a new connection: the probe forgot the old one's attach
        }
    }

    private String query(String packet, boolean needsAttach) throws RspException {
        if (needsAttach) {
            ensureAttached();
        }
        String reply = rsp.request(packet);
        if (RspPackets.isErrorReply(reply.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))) {
            throw refusal(packet, reply);
        }
        if (reply.isEmpty() && packet.startsWith("qXenguest.")) {
            throw new ProbeErrorException("the stub at " + rsp.target() + " does not know " + packet
                    + ": is it xenguest-probe (and not another gdb stub)?", rsp.target(), packet, "");
        }
        return reply;
    }

    private ProbeErrorException refusal(String packet, String reply) {
        String text = reply.startsWith("E.") ? reply.substring(2) : reply;
        if (ProbeErrorException.classify(reply) == ProbeErrorException.Kind.DOMAIN_GONE) {
            attached = OptionalInt.empty(); // the probe has detached this client
        }
        return new ProbeErrorException("the dom0 probe at " + rsp.target() + " refused '" + packet + "': " + text,
                rsp.target(), packet, reply);
    }
}
