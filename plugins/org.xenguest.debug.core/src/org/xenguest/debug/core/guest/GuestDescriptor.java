package org.xenguest.debug.core.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.xenguest.abi.DebugInfo;
import org.xenguest.abi.EventChannels;
import org.xenguest.abi.SharedInfoLayout;

/**
 * What the debugger knows about one guest beyond shared_info: its event-channel ports (names,
 * kinds, handlers, notify vCPU), where its grant table, rings and xenstore page are, and where
 * it keeps the XenbusState of each PV device. Plain records, so the model's code generator can
 * emit one as Java and {@link GuestDescriptorJson} can read one as JSON.
 * <p>
 * Optional parts are {@code null}; lists are never null.
 *
 * @param name              guest name for messages
 * @param sharedInfoAddress where shared_info is, or null
 * @param vcpus             vCPUs the guest runs (1..32)
 * @param ports             known ports
 * @param grantTable        the guest's grant table mapping, or null
 * @param rings             shared rings the guest is the frontend of
 * @param xenstore          the xenstore ring page, or null
 * @param devices           PV devices whose handshake state can be read
 */
public record GuestDescriptor(String name, Long sharedInfoAddress, int vcpus, List<Port> ports, GrantTable grantTable,
        List<Ring> rings, Xenstore xenstore, List<Device> devices) {

    /**
     * One event-channel port.
     *
     * @param port    port number (1..4095)
     * @param name    e.g. {@code netfront-rx}
     * @param kind    e.g. {@code interdomain}, {@code virq}, {@code ipi}, {@code unbound}; may be null
     * @param handler the guest's handler function, or null
     * @param vcpu    the vCPU the port notifies (whose selector word and upcall flag apply)
     */
    public record Port(int port, String name, String kind, String handler, int vcpu) {
        public Port {
            Objects.requireNonNull(name, "name");
            if (port < 0 || port > EventChannels.LAST_PORT_2L) {
                throw new IllegalArgumentException("port " + port + " is outside 0.." + EventChannels.LAST_PORT_2L
                        + " (2-level event channels)");
            }
            requireVcpu(vcpu);
        }
    }

    /**
     * @param address address of the first grant frame as the guest mapped them (contiguous)
     * @param frames  frames the guest set up (max_grant_frames it uses)
     * @param version grant table version, 1 or 2
     */
    public record GrantTable(long address, int frames, int version) {
        public GrantTable {
            if (frames < 1 || frames > 1024) {
                throw new IllegalArgumentException("grant table frames must be 1..1024, was " + frames);
            }
            if (version != 1 && version != 2) {
                throw new IllegalArgumentException("grant table version must be 1 or 2, was " + version);
            }
        }
    }

    /** How a ring's requests are expected to be answered. */
    public enum RingKind {
        /** Every request should be answered soon (netif TX, blkif, control rings). */
        REQUEST_RESPONSE,
        /** Requests are buffers posted for the backend to fill when data comes (netif RX). */
        BUFFER_POSTING;
    }

    /**
     * A shared ring the guest is the frontend of.
     *
     * @param name             e.g. {@code vif0-tx}
     * @param address          the shared ring page ({@code struct <name>_sring})
     * @param frontRingAddress the guest's private {@code struct <name>_front_ring}, or null;
     *                         gives the response consumer index
     * @param size             ring entries (e.g. 256 for netif)
     * @param kind             how its requests are answered
     * @param port             the event-channel port notifying it, or null
     */
    public record Ring(String name, long address, Long frontRingAddress, int size, RingKind kind, Integer port) {
        public Ring {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            if (size < 1 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("ring " + name + ": size must be a power of two, was " + size);
            }
        }
    }

    /**
     * @param address the xenstore ring page ({@code struct xenstore_domain_interface})
     * @param port    the xenstore event channel, or null
     */
    public record Xenstore(long address, Integer port) {
    }

    /**
     * A PV device whose handshake can be followed: the guest keeps its own XenbusState and the
     * last backend state it read in 32-bit variables.
     *
     * @param name                 e.g. {@code vif0}
     * @param frontendStateAddress u32 holding the frontend's XenbusState, or null
     * @param backendStateAddress  u32 holding the backend's XenbusState as last read, or null
     */
    public record Device(String name, Long frontendStateAddress, Long backendStateAddress) {
        public Device {
            Objects.requireNonNull(name, "name");
        }
    }

    public GuestDescriptor {
        name = name == null ? "guest" : name;
        requireVcpuCount(vcpus);
        ports = List.copyOf(ports == null ? List.of() : ports);
        rings = List.copyOf(rings == null ? List.of() : rings);
        devices = List.copyOf(devices == null ? List.of() : devices);
    }

    private static void requireVcpu(int vcpu) {
        if (vcpu < 0 || vcpu >= SharedInfoLayout.XEN_LEGACY_MAX_VCPUS) {
            throw new IllegalArgumentException("vCPU " + vcpu + " is outside 0.." + (SharedInfoLayout.XEN_LEGACY_MAX_VCPUS - 1)
                    + " (shared_info has " + SharedInfoLayout.XEN_LEGACY_MAX_VCPUS + " vcpu_info slots)");
        }
    }

    private static void requireVcpuCount(int vcpus) {
        if (vcpus < 1 || vcpus > SharedInfoLayout.XEN_LEGACY_MAX_VCPUS) {
            throw new IllegalArgumentException("vCPU count must be 1.." + SharedInfoLayout.XEN_LEGACY_MAX_VCPUS + ", was "
                    + vcpus);
        }
    }

    /** Nothing known: one vCPU, no names, no structures. */
    public static GuestDescriptor empty() {
        return new GuestDescriptor("guest", null, 1, List.of(), null, List.of(), null, List.of());
    }

    /** The same descriptor with shared_info at {@code address}. */
    /**
     * A generated guest as its decoded debug info block tells it: of the model's {@code ports}
     * (in the block's order, their numbers 0) those that are bound, numbered; of its
     * {@code netfronts} (names, in the block's order) those connected, with their rings and
     * XenbusState words. The debugger ({@link DebugInfoBlock}) and the generated Java
     * descriptor both come here, so the block is read one way.
     */
    public static GuestDescriptor fromDebugInfo(String name, int vcpus, List<Port> ports, List<String> netfronts,
            DebugInfo info) {
        List<Port> bound = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            Integer number = info.boundPort(i);
            Port p = ports.get(i);
            if (number != null) {
                bound.add(new Port(number, p.name(), p.kind(), p.handler(), p.vcpu()));
            }
        }
        GrantTable grants = info.grantTable() == 0 ? null
                : new GrantTable(info.grantTable(), info.grantFrames(), info.grantVersion());
        Xenstore xs = info.xenstore() == 0 ? null
                : new Xenstore(info.xenstore(), info.xenstorePort() == 0 ? null : info.xenstorePort());
        List<Ring> rings = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < netfronts.size(); i++) {
            DebugInfo.Netfront nf = info.netfronts().get(i);
            if (!nf.connected()) {
                continue; // not connected (yet)
            }
            String device = netfronts.get(i);
            Integer notify = nf.port() == 0 ? null : nf.port();
            rings.add(new Ring(device + "-tx", nf.txSring(), nf.txFront(), nf.txEntries(), RingKind.REQUEST_RESPONSE,
                    notify));
            rings.add(new Ring(device + "-rx", nf.rxSring(), nf.rxFront(), nf.rxEntries(), RingKind.BUFFER_POSTING,
                    notify));
            devices.add(new Device(device, nf.frontendState(), nf.backendState()));
        }
        return new GuestDescriptor(name, info.sharedInfo() == 0 ? null : info.sharedInfo(), vcpus, bound, grants, rings,
                xs, devices);
    }

    public GuestDescriptor withSharedInfoAddress(Long address) {
        return new GuestDescriptor(name, address, vcpus, ports, grantTable, rings, xenstore, devices);
    }

    /** The same descriptor with {@code count} vCPUs. */
    public GuestDescriptor withVcpus(int count) {
        return new GuestDescriptor(name, sharedInfoAddress, count, ports, grantTable, rings, xenstore, devices);
    }

    public Optional<Port> port(int number) {
        return ports.stream().filter(port -> port.port() == number).findFirst();
    }

    /** The port's name, or null if the descriptor does not know it. */
    public String portName(int number) {
        return port(number).map(Port::name).orElse(null);
    }

    /** The vCPU the port notifies: as described, else vCPU 0 (where Xen binds ports by default). */
    public int notifyVcpu(int number) {
        return port(number).map(Port::vcpu).orElse(0);
    }
}
