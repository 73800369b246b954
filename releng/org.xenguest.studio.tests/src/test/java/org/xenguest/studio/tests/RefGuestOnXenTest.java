package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bare PVH kernel of releng/refguest booted as the PVH dom0 of Debian's real Xen 4.17 in
 * QEMU (TCG), built once with each compiler. What it prints is what real Xen did: the
 * interdomain bind marking the port [1/0/1] with upcall_pending, the upcall handler running, a
 * masked port holding its event until EVTCHNOP_unmask, and the timer VIRQ waking sti;hlt.
 */
class RefGuestOnXenTest {

    @ParameterizedTest(name = "built with {0}")
    @ValueSource(strings = { "gcc", "clang" })
    void bootsOnXenAndHandlesEvents(String compiler, @TempDir Path run) {
        Processes.Result boot = Processes.run(Installation.repositoryRoot(),
                Map.of("XENGUEST_RUN_DIR", run.toString()), Duration.ofMinutes(6),
                List.of("bash", "releng/refguest/boot-on-xen.sh", "--cc", compiler, "--timeout", "180"));
        String console = boot.output();
        assertEquals(0, boot.exitCode(), "the guest did not reach 'refguest: done' on Xen:\n" + console);
        for (String expected : List.of(
                "refguest: Xen 4.17",
                "shared_info mapped at gfn",
                "after bind, interrupts off: port 2 [p/m/s] = [1/0/1] upcall_pending=1",
                "upcall handler ran: port 2 handled",
                "masked port after a send: port 2 [p/m/s] = [1/1/0] upcall_pending=0",
                "unmask (EVTCHNOP_unmask as pending): delivered",
                "woke from hlt by the timer event",
                "refguest: done")) {
            assertTrue(console.contains(expected), "missing '" + expected + "' in the guest's console:\n" + console);
        }
    }
}
