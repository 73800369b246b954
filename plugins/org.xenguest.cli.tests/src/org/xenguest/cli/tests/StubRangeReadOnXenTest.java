package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.cli.Main;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.guest.ManifestSource;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspErrorReplyException;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.testbed.refguest.RefguestBuild;
import org.xenguest.testbed.refguest.RefguestSources;
import org.xenguest.testbed.refguest.XenInQemu;

/**
 * The generated stub's {@code qXenguest.Read} on the real thing: the reference guest built from
 * examples/refguest.xenguest, booted as the PVH dom0 of Xen 4.17 in QEMU (TCG), read through its
 * stub on COM2. Needs QEMU and the Xen package (./studio.sh test installs them; a missing piece
 * fails the test with the command that gets it, never a silent skip).
 */
class StubRangeReadOnXenTest {

    @Test
    void theStubOnCom2AnswersAWholeSnapshotInOneExchange(@TempDir Path dir) throws Exception {
        Path sources = dir.resolve("refguest");
        Path model = RefguestSources.extract(sources);
        RefguestBuild.Tools tools;
        try {
            tools = RefguestBuild.fetch(sources, new PrintWriter(System.err, true));
        } catch (RefguestBuild.Missing e) {
            fail("the reference guest's tools are missing: " + e.getMessage());
            return;
        }
        Path generated = dir.resolve("generated");
        StringWriter err = new StringWriter();
        assertEquals(Main.EXIT_OK, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "generate",
                model.toString(), "-o", generated.toString()), err::toString);
        Path kernel = RefguestBuild.make(sources, generated, "generated", "gcc", tools);
        GuestManifest manifest = GuestManifest.read(generated.resolve("manifest/refguest.json"));
        int port = XenInQemu.freeLoopbackPort();
        Path console = Files.createFile(dir.resolve("console.log"));
        try (XenInQemu qemu = XenInQemu.start(tools.qemu(), tools.xenImage(), kernel, "debug-wait=20000 events=20000",
                console, port, dir.resolve("qemu.err"));
                RspClient client = new RspClient(new HostPort("127.0.0.1", port),
                        RspOptions.defaults().withConnectTimeout(Duration.ofSeconds(1)))) {
            ManifestSource descriptors = new ManifestSource(manifest, client);
            SnapshotReader reader = new SnapshotReader(new RspGuestMemory(client), descriptors, Clock.systemUTC());
            Snapshot first = firstWithEveryPortBound(reader, qemu, console, manifest.ports().size());
            int connections = client.connectionCount(); // tries while Xen booted included
            assertEquals("10000", client.features().features().get("qXenguest.Read"), client.features().toString());
            assertTrue(client.offersRangeReads());

            // the same bytes as plain reads: the debug info block's fixed head (magic, layout, size, ports)
            long block = descriptors.blockAddress();
            byte[][] ranges = client.readRanges(new long[] {block, block + 4}, new int[] {16, 4});
            byte[] plain = client.readMemory(block, 16);
            assertArrayEquals(plain, ranges[0]);
            assertArrayEquals(Arrays.copyOfRange(plain, 4, 8), ranges[1]);
            assertEquals("XGDI", new String(plain, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));

            // a snapshot of the running guest (block, shared_info, grant frame) in one exchange each
            long before = client.exchangeCount();
            long start = System.nanoTime();
            Snapshot last = first;
            for (int i = 0; i < 20; i++) {
                last = reader.read();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(20, client.exchangeCount() - before, "one exchange a snapshot");
            assertEquals(manifest.ports().size(), last.descriptor().ports().stream().filter(p -> p.port() != 0).count());
            assertTrue(last.sequence() > first.sequence());
            System.out.printf("qXenguest.Read through COM2: 20 snapshots in %.2f s (%.1f/s, one exchange each)%n",
                    seconds, 20 / seconds);

            // a range the stub may not read fails the whole request with E14; the line stays usable
            RspErrorReplyException refused = assertThrows(RspErrorReplyException.class,
                    () -> client.readRanges(new long[] {block, 0xfee00000L}, new int[] {4, 4}));
            assertEquals("E14", refused.reply());
            assertArrayEquals(plain, client.readRanges(new long[] {block}, new int[] {16})[0]);
            assertEquals(connections, client.connectionCount(), "one connection from the first snapshot to the last");
        }
    }

    /** Snapshots until the guest has bound every port of its model (it boots while we ask). */
    private static Snapshot firstWithEveryPortBound(SnapshotReader reader, XenInQemu qemu, Path console, int ports)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!qemu.isAlive()) {
                fail("QEMU exited (" + qemu.exitCode() + "): " + Files.readString(console));
            }
            try {
                Snapshot s = reader.read();
                if (s.descriptor().ports().stream().filter(p -> p.port() != 0).count() == ports) {
                    return s;
                }
                last = "ports still being bound";
            } catch (IOException e) {
                last = e.getMessage();   // booting: the stub does not answer yet
            }
            Thread.sleep(100);
        }
        fail("the guest's stub gave no snapshot with every port bound within 3 minutes (last: " + last + "):\n"
                + Files.readString(console));
        return null;
    }
}
