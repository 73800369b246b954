package org.xenguest.debug.core.tests.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.tests.support.ExternalTools;
import org.xenguest.tests.support.QemuGdbServer;
import org.xenguest.tests.support.SharedInfoPage;

/** gdb and this client read the same page from QEMU and get the same bytes. */
@Timeout(180)
class GdbAgreementTest {

    @TempDir
    Path dir;

    @Test
    void gdbAndTheClientReadTheSameBytes() throws Exception {
        Path gdb = ExternalTools.require("gdb", "gdb");
        byte[] page = SharedInfoPage.reference().bytes();
        try (QemuGdbServer qemu = QemuGdbServer.start(page, dir)) {
            byte[] ours;
            try (RspClient client = RspClient.open(qemu.address(), RspOptions.defaults())) {
                ours = client.readMemory(QemuGdbServer.PAGE_ADDRESS, 4096);
            }
            Path dump = dir.resolve("gdb-page.bin");
            String range = "0x" + Long.toHexString(QemuGdbServer.PAGE_ADDRESS) + " 0x"
                    + Long.toHexString(QemuGdbServer.PAGE_ADDRESS + 4096);
            ExternalTools.Result result = ExternalTools.run(List.of(gdb.toString(), "-batch", "-nx",
                    "-ex", "set pagination off",
                    "-ex", "target remote " + qemu.address(),
                    "-ex", "dump binary memory " + dump + " " + range,
                    // leave without 'D' (detach), so QEMU stays stopped
                    "-ex", "disconnect"), dir.resolve("gdb.log"), 60);
            assertEquals(0, result.exitCode(), "gdb failed: " + result.output());
            byte[] theirs = Files.readAllBytes(dump);
            assertArrayEquals(theirs, ours, "gdb output: " + result.output());
            assertArrayEquals(page, theirs, "and both are the page QEMU loaded");
        }
    }
}
