package org.xenguest.debug.core.tests.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xenguest.tests.support.ExternalTools;

/**
 * gdb itself against the probe: {@code target extended-remote | xenguest-probe-fake --stdio},
 * {@code attach}, {@code x/4gx} of shared_info, registers and threads, {@code detach}. The
 * probe program is real; its Xen is the FAKE scripted host (dom 5, shared_info at 0x80000).
 */
class ProbeGdbTest {

    @Test
    void gdbAttachesAndReads() throws Exception {
        Path gdb = ExternalTools.require("gdb", "gdb");
        Path probe = ProbeBuild.fakeProbe();
        Path log = Files.createTempFile("xenguest-probe-gdb-", ".log");
        try {
            ExternalTools.Result result = ExternalTools.run(List.of(gdb.toString(), "-nx", "-batch",
                    "-ex", "set architecture i386:x86-64",
                    "-ex", "target extended-remote | " + probe + " --stdio",
                    "-ex", "attach 5",
                    "-ex", "x/2gx 0x80000",
                    "-ex", "x/4xb 0x1ffc",
                    "-ex", "info registers rip eflags",
                    "-ex", "detach"), log, 60);
            String out = result.output();
            assertEquals(0, result.exitCode(), () -> "gdb failed:\n" + out);
            assertTrue(out.contains("0x80000:\t0x0000000000000001\t0x0000000000000001"),
                    () -> "shared_info's first words (upcall_pending, pending_sel) not read:\n" + out);
            assertTrue(out.contains("0x1ffc:\t0x03\t0x04\t0x05\t0x06"), () -> "RAM not read:\n" + out);
            assertTrue(out.matches("(?s).*rip\\s+0x100000.*"), () -> "rip not read:\n" + out);
            assertTrue(out.contains("[ IF ]"), () -> "eflags not read:\n" + out);
            assertTrue(out.contains("paused domain 5 to read vCPU 0's registers"),
                    () -> "the probe did not say that g paused the domain:\n" + out);
            assertTrue(out.contains("detached"), () -> "no detach:\n" + out);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
