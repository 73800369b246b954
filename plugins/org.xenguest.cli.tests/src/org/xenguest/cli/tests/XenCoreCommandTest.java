package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.tests.support.XenCoreWriter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code xenguest snapshot --core FILE} on a core in xl dump-core's format (synthesised after
 * xc_core.c; the real one from the Xen host is in RefguestDomuOnHostTest): no other option
 * needed, the same decoding as a live guest's memory, and bad files told in one line.
 */
class XenCoreCommandTest {

    /** The lost wake-up: port 5 pending, unmasked, selected; the vCPU's upcall not pending. */
    private static final byte[] HUNG = new SharedInfoPage().maskFrom(8).pending(5).selected(0, 5).bytes();

    @TempDir
    Path dir;

    private Path core(String name) throws Exception {
        return XenCoreWriter.pvh().vcpu(true, 0x1074a2, 0x202, 0x115e78).frame(0x100, new byte[] {1})
                .frame(0x126, HUNG).sharedInfo(HUNG).write(dir.resolve(name));
    }

    @Test
    void aCoreNeedsNoOtherOptionAndDecodesAsLive() throws Exception {
        Path core = core("hung.core");
        Cli.Result text = Cli.run("snapshot", "--core", core.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("shared_info at 0x126000") && text.out().contains("[1/0/1]")
                && text.out().contains("EVTCHN_LOST_WAKEUP") && text.out().contains("vCPU 0: online, IF=1, RIP 0x1074a2"),
                text.out());

        Cli.Result json = Cli.run("snapshot", "--core", core.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        JsonObject fromCore = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals("hung.core", fromCore.getAsJsonObject("core").get("file").getAsString());
        JsonObject vcpu = fromCore.getAsJsonArray("vcpus").get(0).getAsJsonObject().getAsJsonObject("xen");
        assertTrue(vcpu.get("online").getAsBoolean() && vcpu.get("interrupts_enabled").getAsBoolean(), vcpu.toString());

        // the same page read as a raw dump decodes to the same ports, vCPUs' event state and findings
        Path dump = Files.write(dir.resolve("page.bin"), HUNG);
        Cli.Result raw = Cli.run("snapshot", "--dump", dump.toString(), "--dump-base", "0x126000", "--shared-info",
                "0x126000", "--json");
        JsonObject fromDump = JsonParser.parseString(raw.out()).getAsJsonObject();
        for (String field : List.of("ports", "pending_words", "mask_words", "findings")) {
            assertEquals(fromDump.get(field), fromCore.get(field), field);
        }
    }

    @Test
    void aModelNamesThePorts() throws Exception {
        Path model = dir.resolve("guest.json");
        Files.writeString(model, "{\"name\": \"hung\", \"vcpus\": 1, \"ports\": [{\"port\": 5, \"name\": \"netfront\"}]}");
        Cli.Result result = Cli.run("snapshot", "--core", core("named.core").toString(), "--model", model.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("netfront"), result.out());
    }

    @Test
    void badCoresAreOneLineUsageErrorsNamingTheFile() throws Exception {
        byte[] whole = Files.readAllBytes(core("whole.core"));
        Path cut = Files.write(dir.resolve("cut.core"), Arrays.copyOf(whole, whole.length - 3000));
        Cli.Result truncated = Cli.run("snapshot", "--core", cut.toString());
        assertEquals(2, truncated.code(), truncated.err());
        assertTrue(truncated.err().contains(cut.toString()) && truncated.err().contains("truncated"), truncated.err());
        assertEquals(1, truncated.err().strip().lines().count(), truncated.err());

        Path junk = Files.writeString(dir.resolve("junk.core"), "no ELF here");
        Cli.Result notElf = Cli.run("snapshot", "--core", junk.toString());
        assertEquals(2, notElf.code(), notElf.err());
        assertTrue(notElf.err().contains(junk + " is not a readable ELF file"), notElf.err());

        Cli.Result missing = Cli.run("snapshot", "--core", dir.resolve("none.core").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("none.core"), missing.err());
    }
}
