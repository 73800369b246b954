package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.tests.support.QemuGdbServer;
import org.xenguest.tests.support.SharedInfoPage;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;


/** {@code xenguest snapshot --json} against QEMU's gdbstub. */
@Timeout(120)
class QemuCliTest {

    @TempDir
    Path dir;

    @Test
    void snapshotJsonFromQemu() throws Exception {
        try (QemuGdbServer qemu = QemuGdbServer.start(SharedInfoPage.reference().bytes(), dir)) {
            Cli.Result result = Cli.run("snapshot", "--gdb", qemu.address().toString(), "--shared-info", "0x100000",
                    "--json", "--vcpus", "2");
            assertEquals(0, result.code(), result.err());
            JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
            assertEquals("0x0000000000000028", json.getAsJsonArray("pending_words").get(0).getAsString());
            assertEquals("0x00000000000000a0", json.getAsJsonArray("mask_words").get(0).getAsString());
            assertEquals("0x8000000000000000", json.getAsJsonArray("mask_words").get(63).getAsString());
            assertEquals(5, json.getAsJsonArray("ports").size());
            assertEquals(1, json.getAsJsonArray("vcpus").get(0).getAsJsonObject().get("upcall_pending").getAsInt());
            assertEquals("0x8000000000000002",
                    json.getAsJsonArray("vcpus").get(1).getAsJsonObject().get("pending_sel").getAsString());
        }
    }
}
