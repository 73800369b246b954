package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspException;
import org.xenguest.debug.core.snapshot.DescriptorSource;

/**
 * A generated guest's debug info block ({@link DebugInfoLayout}), read live: where shared_info,
 * the grant table, the xenstore page and the netfront rings are, and which port each of the
 * model's ports got. The guest fills it in as it boots, so it is read again for every snapshot.
 */
public final class DebugInfoBlock implements DescriptorSource {
    /** The RSP query a generated stub answers with the block's address (hex). */
    public static final String QUERY = "qXenguest.DebugInfo";

    private final long address;
    private final GuestManifest manifest;
    private final DebugInfoLayout layout;

    public DebugInfoBlock(long address, GuestManifest manifest) {
        this.address = address;
        this.manifest = manifest;
        this.layout = new DebugInfoLayout(manifest.ports().size(), manifest.netfronts().size());
    }

    /**
     * Asks a generated stub where its debug info block is.
     *
     * @throws IOException when the stub does not know the query (not a Xen Guest Studio stub)
     */
    public static long locate(RspClient client) throws RspException, IOException {
        String reply = client.request(QUERY);
        if (reply.isEmpty() || !reply.matches("[0-9a-fA-F]{1,16}")) {
            throw new IOException("the stub at " + client.target() + " does not answer " + QUERY
                    + (reply.isEmpty() ? "" : " (it said '" + reply + "')")
                    + ": it is not a stub Xen Guest Studio generated; give shared_info's address instead");
        }
        return Long.parseUnsignedLong(reply, 16);
    }

    public long address() {
        return address;
    }

    public GuestManifest manifest() {
        return manifest;
    }

    @Override
    public GuestDescriptor read(GuestMemory memory) throws IOException {
        return decode(memory.read(address, layout.size));
    }

    /** @throws IOException when the block is not this model's (another model, or not a block at all) */
    public GuestDescriptor decode(byte[] b) throws IOException {
        if (b.length < layout.size) {
            throw new IOException("debug info at 0x" + Long.toHexString(address) + ": " + b.length + " bytes, "
                    + layout.size + " expected");
        }
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int magic = le.getInt(DebugInfoLayout.MAGIC_OFFSET);
        if (magic != DebugInfoLayout.MAGIC) {
            throw new IOException("no debug info block at 0x" + Long.toHexString(address) + " (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(DebugInfoLayout.MAGIC) + ")");
        }
        int version = le.getInt(DebugInfoLayout.LAYOUT_OFFSET);
        int size = le.getInt(DebugInfoLayout.SIZE_OFFSET);
        int nrPorts = le.getInt(DebugInfoLayout.NR_PORTS_OFFSET);
        int nrNetfronts = le.getInt(DebugInfoLayout.NR_NETFRONTS_OFFSET);
        if (version != DebugInfoLayout.LAYOUT_VERSION || size != layout.size || nrPorts != layout.nrPorts
                || nrNetfronts != layout.nrNetfronts) {
            throw new IOException("the guest runs code generated from another model (layout " + version + ", " + nrPorts
                    + " ports, " + nrNetfronts + " netfronts; the model " + manifest.name() + " has "
                    + layout.nrPorts + " ports and " + layout.nrNetfronts + " netfronts): give the model it was built from");
        }
        long sharedInfo = le.getLong(DebugInfoLayout.SHARED_INFO_OFFSET);
        List<GuestDescriptor.Port> ports = new ArrayList<>();
        for (int i = 0; i < nrPorts; i++) {
            int number = le.getInt(DebugInfoLayout.PORTS_OFFSET + 4 * i);
            GuestManifest.Port p = manifest.ports().get(i);
            if (number > 0 && number < 4096) {
                ports.add(new GuestDescriptor.Port(number, p.name(), p.kind(), p.handler(), p.vcpu()));
            }
        }
        long grantTable = le.getLong(DebugInfoLayout.GRANT_TABLE_OFFSET);
        GuestDescriptor.GrantTable grants = grantTable == 0 ? null
                : new GuestDescriptor.GrantTable(grantTable, le.getInt(DebugInfoLayout.GRANT_FRAMES_OFFSET),
                        le.getInt(DebugInfoLayout.GRANT_VERSION_OFFSET));
        long xenstore = le.getLong(DebugInfoLayout.XENSTORE_OFFSET);
        int xenstorePort = le.getInt(DebugInfoLayout.XENSTORE_PORT_OFFSET);
        GuestDescriptor.Xenstore xs = xenstore == 0 ? null
                : new GuestDescriptor.Xenstore(xenstore, xenstorePort == 0 ? null : xenstorePort);
        List<GuestDescriptor.Ring> rings = new ArrayList<>();
        List<GuestDescriptor.Device> devices = new ArrayList<>();
        int ringEntries = org.xenguest.abi.RingLayout.NETIF_TX_RING_SIZE; // netfront tx; rx below
        for (int i = 0; i < nrNetfronts; i++) {
            int at = layout.netfrontsOffset + DebugInfoLayout.NF_SIZE * i;
            String name = manifest.netfronts().get(i);
            long txRing = le.getLong(at + DebugInfoLayout.NF_TX_SRING);
            if (txRing == 0) {
                continue; // not connected (yet)
            }
            int port = le.getInt(at + DebugInfoLayout.NF_PORT);
            Integer notify = port == 0 ? null : port;
            rings.add(new GuestDescriptor.Ring(name + "-tx", txRing, le.getLong(at + DebugInfoLayout.NF_TX_FRONT),
                    ringEntries, GuestDescriptor.RingKind.REQUEST_RESPONSE, notify));
            rings.add(new GuestDescriptor.Ring(name + "-rx", le.getLong(at + DebugInfoLayout.NF_RX_SRING),
                    le.getLong(at + DebugInfoLayout.NF_RX_FRONT), org.xenguest.abi.RingLayout.NETIF_RX_RING_SIZE,
                    GuestDescriptor.RingKind.BUFFER_POSTING, notify));
            devices.add(new GuestDescriptor.Device(name, le.getLong(at + DebugInfoLayout.NF_FRONTEND_STATE),
                    le.getLong(at + DebugInfoLayout.NF_BACKEND_STATE)));
        }
        return new GuestDescriptor(manifest.name(), sharedInfo == 0 ? null : sharedInfo, manifest.vcpus(), ports, grants,
                rings, xs, devices);
    }
}
