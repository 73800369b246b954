package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.xenguest.cli.Main;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.ManifestSource;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.testbed.refguest.XenInQemu;

/**
 * {@code xenguest demo --serve PORT} (what the Studio's demo launch runs): the reference guest
 * boots as the PVH dom0 of Xen 4.17 in QEMU and its stub is left to another debugger, here a
 * session with the manifest the demo generated; the ports the model names appear as the guest
 * binds them, and an interrupt ends the demo cleanly. Needs QEMU, gcc and Debian's Xen package
 * (./studio.sh test installs them); when they cannot be had the test fails with the demo's
 * message (exit 3).
 */
class DemoServeTest {

    private static final Duration BUILD_WAIT = Duration.ofMinutes(8);
    private static final Duration PORTS_WAIT = Duration.ofSeconds(180);
    private static final List<String> NAMED = List.of("timer", "kick", "a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3");

    @Test
    void theServedGuestIsReadWithItsManifestAndTheNamedPortsAppear() throws Exception {
        int port = XenInQemu.freeLoopbackPort();
        Path dir = Files.createTempDirectory("xenguest-demo-serve");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread demo = new Thread(() -> exit.set(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "demo",
                "--serve", Integer.toString(port), "--for", "240", "--work", dir.toString())), "xenguest-demo");
        demo.setDaemon(true);
        demo.start();
        try {
            Path manifest = dir.resolve("generated/manifest/refguest.json");
            waitUntil(BUILD_WAIT, () -> Files.isRegularFile(manifest) || !demo.isAlive());
            if (!demo.isAlive()) {
                fail("xenguest demo ended (exit " + exit.get() + ") before generating the guest: " + err);
            }
            Duration timeout = Duration.ofSeconds(2);
            RspClient client = new RspClient(new HostPort("127.0.0.1", port),
                    RspOptions.defaults().withConnectTimeout(timeout).withReplyTimeout(timeout).withMaxRetries(1));
            try (Session session = new Session(LiveSource.describedBy(new RspGuestMemory(client),
                    new ManifestSource(manifest, client)), RuleThresholds.defaults())) {
                long end = System.nanoTime() + PORTS_WAIT.toNanos();
                GuestDescriptor seen = null;
                String lastFailure = "";
                while (System.nanoTime() < end) {
                    if (exit.get() == 3) {
                        fail("xenguest demo cannot run here (exit 3): " + err);
                    }
                    try {
                        var update = session.step();
                        if (update.isPresent()) {
                            seen = update.get().snapshot().descriptor();
                            if (seen.ports().stream().map(GuestDescriptor.Port::name).toList().containsAll(NAMED)) {
                                break;
                            }
                        }
                    } catch (IOException e) {
                        lastFailure = e.getMessage(); // the guest still boots, or the stub is not up yet
                    }
                    Thread.sleep(200);
                }
                assertTrue(seen != null && seen.ports().stream().map(GuestDescriptor.Port::name).toList()
                        .containsAll(NAMED), "the named ports bound: " + (seen == null ? "no snapshot" : seen.ports())
                        + "; last failure: " + lastFailure + "; demo: " + err);
                for (GuestDescriptor.Port p : seen.ports()) {
                    assertNotEquals(0, p.port(), p.name());
                }
            }
        } finally {
            demo.interrupt(); // --serve sleeps between console reads: an interrupt ends it and stops QEMU
            waitUntil(Duration.ofSeconds(60), () -> !demo.isAlive());
        }
        assertFalse(demo.isAlive());
        assertEquals(Main.EXIT_OK, exit.get(), "demo: " + err);
        assertTrue(err.toString().contains("serving: debug stub 127.0.0.1:" + port), err.toString());
    }

    private static void waitUntil(Duration limit, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(200);
        }
    }
}
