package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.xenguest.abi.AbiFacts;
import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.cli.Main;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

class MainTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesTheBundleVersion() {
        Result result = run("--version");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().startsWith("xenguest 0.1.0"), result.out());
    }

    @Test
    void unknownOptionIsAUsageErrorWithUsage() {
        Result result = run("--frobnicate");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("Unknown option: '--frobnicate'"), result.err());
        assertTrue(result.err().contains("Usage: xenguest"), result.err());
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Result result = run("frobnicate");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("frobnicate"), result.err());
    }

    @Test
    void noArgumentsShowUsageAsAUsageError() {
        Result result = run();
        assertEquals(2, result.code());
        assertTrue(result.err().contains("Missing subcommand"), result.err());
        assertTrue(result.err().contains("abi"), "the usage lists the subcommands: " + result.err());
    }

    @Test
    void abiPrintsTheTableWithTheSharedInfoOffsets() {
        Result result = run("abi");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("shared_info.evtchn_pending"), result.out());
        assertTrue(result.out().contains(Long.toString(SharedInfoLayout.EVTCHN_PENDING_OFFSET)), result.out());
    }

    @Test
    void abiJsonHasEveryFact() {
        Result result = run("abi", "--json");
        assertEquals(0, result.code(), result.err());
        JsonArray facts = JsonParser.parseString(result.out()).getAsJsonArray();
        assertEquals(AbiFacts.all().size(), facts.size());
        assertTrue(facts.size() >= 40, "at least 40 facts, got " + facts.size());
        assertTrue(facts.get(0).getAsJsonObject().has("c"));
    }

    @Test
    void abiUnknownGroupIsAUsageErrorNamingTheGroups() {
        Result result = run("abi", "--group", "nope");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("No ABI facts in group 'nope'"), result.err());
        assertTrue(result.err().contains("shared_info"), result.err());
    }
}
