package org.xenguest.cli.tests;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.xenguest.cli.Main;

/** Runs {@code xenguest} in this JVM, capturing its streams. */
public final class Cli {

    public record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
