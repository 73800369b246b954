package org.xenguest.debug.core.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.xenguest.debug.core.guest.DebugInfoBlock;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.snapshot.GuestNotReadyException;

/**
 * The descriptor of a generated guest, found in three steps that each may have to wait and are
 * all retried on the poller's thread: the manifest file (the demo writes it while it builds),
 * the debug info block's address (the stub answers once the guest runs), then the block itself,
 * read again before every snapshot so that ports appear as the guest binds them.
 */
public final class ManifestSource implements DescriptorSource {

    /** The manifest file is not there (yet). */
    public static final class ManifestMissingException extends IOException {
        private static final long serialVersionUID = 1L;

        public ManifestMissingException(String message) {
            super(message);
        }
    }

    private final Path manifestFile;
    private final RspClient client;
    private volatile GuestManifest manifest;
    private volatile DebugInfoBlock block;

    public ManifestSource(Path manifestFile, RspClient client) {
        this.manifestFile = manifestFile;
        this.client = client;
    }

    /** For a manifest read already. */
    public ManifestSource(GuestManifest manifest, RspClient client) {
        this.manifestFile = null;
        this.manifest = manifest;
        this.client = client;
    }

    @Override
    public GuestDescriptor read(GuestMemory memory) throws IOException {
        if (manifest == null) {
            if (!Files.isRegularFile(manifestFile)) {
                throw new ManifestMissingException("waiting for the guest's manifest " + manifestFile
                        + " (written when its code is generated)");
            }
            manifest = GuestManifest.read(manifestFile);
        }
        if (block == null) {
            block = new DebugInfoBlock(DebugInfoBlock.locate(client), manifest);
        }
        try {
            return block.read(memory);
        } catch (GuestNotReadyException e) {
            throw e;
        } catch (IOException e) {
            block = null; // ask the stub again: the guest may have been rebuilt or rebooted
            throw e;
        }
    }

    /** The block's address once the stub told it, else null. */
    public Long blockAddress() {
        DebugInfoBlock b = block;
        return b == null ? null : b.address();
    }
}
