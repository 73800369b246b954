package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.xenguest.abi.DebugInfo;
import org.xenguest.abi.DebugInfoContract;
import org.xenguest.abi.DebugInfoLayout;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspException;
import org.xenguest.debug.core.snapshot.DescriptorSource;

/**
 * A generated guest's debug info block ({@link DebugInfoLayout}), read live: where shared_info,
 * the grant table, the xenstore page and the netfront rings are, and which port each of the
 * model's ports got. The guest fills it in as it boots, so it is read again for every snapshot.
 * The bytes are decoded by {@link DebugInfo} (abi), the names come from the manifest.
 */
public final class DebugInfoBlock implements DescriptorSource {
    /** The RSP query a generated stub answers with the block's address (hex). */
    public static final String QUERY = DebugInfoContract.QUERY;

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
        try {
            return describe(manifest, DebugInfo.decode(b, layout.nrPorts, layout.nrNetfronts,
                    "debug info at 0x" + Long.toHexString(address)));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The guest as a decoded block and its manifest tell it ({@link GuestDescriptor#fromDebugInfo}). */
    public static GuestDescriptor describe(GuestManifest manifest, DebugInfo info) {
        List<GuestDescriptor.Port> ports = new ArrayList<>();
        for (GuestManifest.Port p : manifest.ports()) {
            ports.add(new GuestDescriptor.Port(0, p.name(), p.kind(), p.handler(), p.vcpu()));
        }
        return GuestDescriptor.fromDebugInfo(manifest.name(), manifest.vcpus(), ports, manifest.netfronts(), info);
    }
}
