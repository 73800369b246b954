package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.cli.Main;

/** {@code xenguest generate FILE... -o DIR}: exit codes, GCC-style errors, nothing written on errors. */
class GenerateCommandTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Result(code, out.toString(), err.toString());
    }

    private static Path model(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void generatesEveryFileOfTheGuest(@TempDir Path dir) throws IOException {
        Path f = model(dir, "web.xenguest", "guest web {\n  type pvh\n  port store : xenstore\n"
                + "  port net0 : unbound remote 0 handler on_net0\n  grant-table frames 2\n"
                + "  netfront net0 { backend 0 port net0 }\n  debug stub serial com2\n}\n");
        Path out = dir.resolve("out");
        Result r = run(f.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        for (String p : new String[] { "c/web_guest.h", "c/web_platform.h", "c/web_platform_pvh.c", "c/web_runtime.c", "c/web_evtchn.c",
                "c/web_gnttab.c", "c/web_xenstore.c", "c/web_netfront.c", "c/web_gdbstub.c",
                "java/org/xenguest/generated/WebDescriptor.java", "xl/web.cfg", "manifest/web.json" }) {
            assertTrue(Files.isRegularFile(out.resolve(p)), p);
        }
        assertTrue(Files.readString(out.resolve("c/web_guest.h")).contains("from web.xenguest"));
        assertTrue(r.out().contains("12 files"), r.out());
        // Again: same bytes, nothing rewritten.
        Result again = run(f.toString(), "-o", out.toString());
        assertEquals(0, again.code());
        assertTrue(again.out().contains("0 written, 12 unchanged"), again.out());
    }

    @Test
    void validationErrorsArePrintedGccStyleAndNothingIsGenerated(@TempDir Path dir) throws IOException {
        Path f = model(dir, "small.xenguest", "guest small {\n    grant-table version 1 frames 1\n"
                + "    port net0 : unbound remote 0\n    netfront net0 { port net0 }\n}\n");
        Path out = dir.resolve("out");
        Result r = run(f.toString(), "-o", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(f + ":2:"), r.err());
        assertTrue(r.err().matches("(?s).*" + java.util.regex.Pattern.quote(f.toString())
                + ":2:\\d+: error: .*\\[XG101\\].*"), r.err());
        assertTrue(r.err().contains("nothing generated"), r.err());
        assertFalse(Files.exists(out), "files were written despite errors");
    }

    @Test
    void syntaxErrorsAreErrorsToo(@TempDir Path dir) throws IOException {
        Path f = model(dir, "bad.xenguest", "guest bad { port }\n");
        Result r = run(f.toString(), "-o", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(f + ":1:") && r.err().contains("error:"), r.err());
    }

    @Test
    void anUnreadableFileIsAUsageError(@TempDir Path dir) {
        Result r = run(dir.resolve("missing.xenguest").toString(), "-o", dir.resolve("out").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot read") && r.err().contains("missing.xenguest"), r.err());
    }

    @Test
    void aMissingOutputIsAUsageError(@TempDir Path dir) throws IOException {
        Path f = model(dir, "a.xenguest", "guest a { }\n");
        Result r = run(f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--output"), r.err());
    }

    @Test
    void theSameGuestInTwoFilesIsRefused(@TempDir Path dir) throws IOException {
        Path a = model(dir, "a.xenguest", "guest g { }\n");
        Path b = model(dir, "b.xenguest", "guest g { }\n");
        Result r = run(a.toString(), b.toString(), "-o", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("also defined in"), r.err());
    }
}
