package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.cli.Main;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code xenguest check}: GCC-form diagnostics, exit codes, JSON, and input that is no model. */
class CheckCommandTest {

    private static final Pattern GCC_FORM = Pattern.compile("^.+:\\d+:\\d+: (error|warning|info): .+ \\[XG\\d{3}\\]$");

    private record Result(int code, String out, String err) {}

    private static Result check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "check";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Result(code, out.toString(), err.toString());
    }

    private static Path example(String name) {
        String dir = System.getProperty("xenguest.examples");
        assertTrue(dir != null, "system property xenguest.examples is not set: run through Maven");
        return Path.of(dir, name);
    }

    @Test
    void aCleanModelPassesWithExitZeroAndNoOutput() {
        Result result = check(example("web.xenguest").toString());
        assertEquals(0, result.code(), result.out() + result.err());
        assertEquals("", result.out());
    }

    @Test
    void theMotivatingGuestIsRejectedWithTheGrantBudgetErrorAtItsLocation() {
        Path file = example("motivating.xenguest");
        Result result = check(file.toString());
        assertEquals(1, result.code());
        String line = result.out().strip();
        assertTrue(line.startsWith(file + ":9:"), line);
        assertTrue(line.contains(": error: grant table too small"), line);
        assertTrue(line.endsWith("[XG101]"), line);
        assertTrue(GCC_FORM.matcher(line).matches(), line);
    }

    @Test
    void jsonHasTheFileTheLocationAndTheTotals() {
        Result result = check("--json", example("motivating.xenguest").toString(), example("web.xenguest").toString());
        assertEquals(1, result.code());
        JsonObject root = JsonParser.parseString(result.out()).getAsJsonObject();
        assertEquals(1, root.get("errors").getAsInt());
        assertEquals(2, root.getAsJsonArray("files").size());
        JsonObject first = root.getAsJsonArray("files").get(0).getAsJsonObject()
                .getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals("XG101", first.get("code").getAsString());
        assertEquals(9, first.get("line").getAsInt());
        assertEquals("error", first.get("severity").getAsString());
    }

    @Test
    void aMissingFileIsAUsageErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.xenguest");
        Result result = check(missing.toString(), example("web.xenguest").toString());
        assertEquals(2, result.code());
        assertTrue(result.err().contains("cannot read " + missing + ": no such file"), result.err());
    }

    @Test
    void noFileIsAUsageError() {
        Result result = check();
        assertEquals(2, result.code());
        assertTrue(result.err().contains("Missing required parameter"), result.err());
    }

    @Test
    void anEmptyFileIsAnEmptyModel(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.xenguest"), "");
        assertEquals(0, check(empty.toString()).code());
    }

    @Test
    void binaryGarbageGetsOneLocatedErrorNotAStackTrace(@TempDir Path dir) throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Path file = Files.write(dir.resolve("garbage.xenguest"), garbage);
        Result result = check(file.toString());
        assertEquals(1, result.code());
        assertTrue(result.out().startsWith(file + ":1:1: error:"), result.out());
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void aFiftyMegabyteFileIsRefusedWithALocatedError(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.xenguest");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(50L << 20);
        }
        Result result = check(big.toString());
        assertEquals(1, result.code());
        assertTrue(result.out().startsWith(big + ":1:1: error:"), result.out());
        assertTrue(result.out().contains("[XG903]"), result.out());
    }

    @Test
    void deepNestingGivesLocatedSyntaxErrors(@TempDir Path dir) throws IOException {
        Path deep = Files.writeString(dir.resolve("deep.xenguest"), "guest g {\n".repeat(5_000));
        Result result = check(deep.toString());
        assertEquals(1, result.code());
        for (String line : result.out().lines().toList()) {
            assertTrue(GCC_FORM.matcher(line).matches(), line);
        }
        assertFalse(result.err().contains("Exception"), result.err());
    }

    @Test
    void everyDiagnosticOfAModelWithManyProblemsIsInGccForm(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.xenguest"), """
                guest bad {
                    vcpus 40
                    grant-table version 3 frames 0
                    port p : virq timr
                    port p : ipi vcpu 99
                    netfront n { port nothere rx-ring 300 mac "ff:ff:ff:ff:ff:ff" }
                }
                """);
        Result result = check(file.toString());
        assertEquals(1, result.code());
        long lines = result.out().lines().count();
        assertTrue(lines >= 6, result.out());
        result.out().lines().forEach(line -> assertTrue(GCC_FORM.matcher(line).matches(), line));
    }
}
