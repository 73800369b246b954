package org.xenguest.debug.core.probe;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.SnapshotSource;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.snapshot.GuestNotReadyException;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenDomainInfo;
import org.xenguest.debug.core.xen.XenView;

/**
 * Snapshots of a PVH/HVM domU read through the dom0 probe, without the guest's help: shared_info
 * is found at the frame Xen names (qXenguest.Domain), read like any live source, and Xen's view
 * (bindings, vCPU state) is taken with every snapshot ({@link #lastXenView()}).
 *
 * <p>The guest chooses where shared_info lives (XENMEM_add_to_physmap), possibly after it
 * started: the frame is asked for before every snapshot, and the reader follows it.
 */
public final class ProbeSource implements SnapshotSource {

    private final ProbeClient client;
    /** The domain's memory as each snapshot reads it: what the vectored query brought, else live. */
    private final SnapshotMemory memory;
    /** The guest's description read before each snapshot, or null to name the ports from Xen. */
    private final DescriptorSource descriptors;
    private final Clock clock;
    /** {@code domain 5 (refguest)}, for messages. */
    private final String label;
    private ProbeErrorException gone;
    private LiveSource live;
    private volatile GuestDescriptor current;
    private XenView lastXenView;
    /**
     * Without a descriptor: what names the ports, the HVM params (once) and the domain's xenstore
     * device nodes. The probe walks xenstore node by node, a hundred xenstored requests that take
     * seconds on a loaded host and hold up the probe's other clients meanwhile, so the nodes are
     * read again only when the bound ports change (a frontend writes its event-channel node when
     * it binds one) and once more a little later (for a frontend that writes it after binding).
     */
    private HvmParams params;
    private List<XenstoreNode> nodes = List.of();
    private Set<Integer> nodesReadFor;
    private long followUpNanos;
    private static final long XENSTORE_FOLLOW_UP_NANOS = 2_000_000_000L;

    private ProbeSource(ProbeClient client, DescriptorSource descriptors, Clock clock, String label) {
        this.client = client;
        this.label = label;
        this.memory = new SnapshotMemory(client);
        this.descriptors = descriptors;
        this.clock = clock;
    }

    /**
     * Attaches {@code client} to {@code domid} and reads it from then on.
     *
     * @param descriptor the guest's description (names, rings), or null to name its ports from Xen's
     *                   bindings, HVM params and xenstore
     * @throws IOException when the probe refuses (busy, no such domain) or the domain is PV
     */
    public static ProbeSource attach(ProbeClient client, int domid, GuestDescriptor descriptor) throws IOException {
        return attachDescribedBy(client, domid, descriptor == null ? null : memory -> descriptor);
    }

    /**
     * As {@link #attach(ProbeClient, int, GuestDescriptor)}, the description read from the guest's
     * memory before every snapshot (a generated guest's debug info block names its ports as it binds them).
     */
    public static ProbeSource attachDescribedBy(ProbeClient client, int domid, DescriptorSource descriptors)
            throws IOException {
        Objects.requireNonNull(client, "client");
        client.attach(domid);
        XenDomainInfo info = client.domainInfo();
        if (!info.domain().type().hasGuestPhysicalMemory()) {
            client.detach();
            throw new IOException("domain " + domid + " (" + info.domain().name() + ") is PV: the probe reads the"
                    + " guest-physical memory of PVH and HVM domains only");
        }
        return new ProbeSource(client, descriptors, Clock.systemUTC(),
                "domain " + domid + (info.domain().name().isEmpty() ? "" : " (" + info.domain().name() + ")"));
    }

    public ProbeClient client() {
        return client;
    }

    /**
     * One snapshot. With a probe that offers {@code qXenguest.Snapshot}, one exchange brings Xen's
     * facts and the memory the last snapshot read ({@link SnapshotMemory}); with an older probe,
     * one query each.
     */
    @Override
    public Optional<Snapshot> next() throws IOException {
        if (gone != null) {
            throw gone;   // the probe has let go of it: asking again would only say "not attached"
        }
        try {
            return take();
        } catch (ProbeErrorException e) {
            if (e.kind() != ProbeErrorException.Kind.DOMAIN_GONE) {
                throw e;
            }
            String said = e.reply().startsWith("E.") ? e.reply().substring(2) : e.reply();
            gone = new ProbeErrorException(label + " is gone: destroyed or dying; the dom0 probe at " + client.target()
                    + " let go of it (it said: " + said + ")", client.target(), e.packet(), e.reply());
            throw gone;
        }
    }

    /**
     * The domain that this source reads was destroyed or is dying: what {@link #next()} says
     * from then on, naming it; empty while it runs.
     */
    public Optional<ProbeErrorException> gone() {
        return Optional.ofNullable(gone);
    }

    private Optional<Snapshot> take() throws IOException {
        XenDomainInfo info;
        List<PortBinding> bindings;
        List<VcpuState> vcpus = null;
        OptionalInt budget = client.snapshotBytes();
        if (budget.isPresent()) {
            ProbeSnapshot taken = client.snapshot(memory.takeRangesToAsk(budget.getAsInt()));
            memory.fetched(taken.memory());
            info = taken.domain();
            bindings = taken.ports();
            vcpus = taken.vcpus();
        } else {
            memory.takeRangesToAsk(0);
            info = client.domainInfo();
            bindings = client.ports();
        }
        if (info.sharedInfoAddress().isEmpty()) {
            throw new GuestNotReadyException("domain " + info.domain().id() + " (" + info.domain().name()
                    + ") has not placed its shared_info yet (XENMEM_add_to_physmap): Xen names no frame to read; it"
                    + " may still be booting");
        }
        long address = info.sharedInfoAddress().getAsLong();
        GuestDescriptor described = descriptors != null ? descriptors.read(memory) : fromXen(info, bindings);
        current = described.withSharedInfoAddress(address);   // the guest may move shared_info, or bind ports
        if (live == null) {
            live = LiveSource.describedBy(memory, m -> current);
        }
        Snapshot snapshot = live.next().orElseThrow();
        lastXenView = new XenView(clock.instant(), info, bindings, vcpus != null ? vcpus : client.vcpus());
        return Optional.of(snapshot.withXen(lastXenView));
    }

    /** The guest as Xen and xenstore describe it, when no descriptor was given. */
    private GuestDescriptor fromXen(XenDomainInfo info, List<PortBinding> bindings) throws IOException {
        if (params == null) {
            params = client.hvmParams();
        }
        Set<Integer> bound = bindings.stream().map(PortBinding::port).collect(Collectors.toSet());
        long now = System.nanoTime();
        boolean changed = !bound.equals(nodesReadFor);
        if (changed || (followUpNanos != 0 && now - followUpNanos >= 0)) {
            nodes = client.xenstore();
            nodesReadFor = bound;
            followUpNanos = changed ? now + XENSTORE_FOLLOW_UP_NANOS : 0;
        }
        return XenNames.describe(info.domain(), bindings, params, nodes);
    }

    /** Xen's view taken with the last snapshot; empty before the first. */
    public Optional<XenView> lastXenView() {
        return Optional.ofNullable(lastXenView);
    }

    @Override
    public String describe() {
        return "dom0 probe " + client.target()
                + client.attachedDomain().stream().mapToObj(d -> " domain " + d).findFirst().orElse("");
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public void close() {
        client.close();
    }
}
