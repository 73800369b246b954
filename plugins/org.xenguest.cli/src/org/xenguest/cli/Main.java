package org.xenguest.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code xenguest} command: the Studio's functions without Eclipse. Runs as a plain Java
 * program ({@code java -jar xenguest.jar}) and inside OSGi alike.
 *
 * <p>Exit codes shared by every subcommand: 0 done, 1 the work found errors or a target failed,
 * 2 usage error (unknown option, missing argument, unreadable file).
 */
@Command(name = "xenguest",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Xen Guest Studio on the command line: the Xen ABI, guest models, live guests.",
        subcommands = { AbiCommand.class, CheckCommand.class, GenerateCommand.class, DocsCommand.class, LspCommand.class,
                SnapshotCommand.class,
                WatchCommand.class, ReplayCommand.class, EventsCommand.class, StatsCommand.class, DemoCommand.class, HostCommand.class, CommandLine.HelpCommand.class })
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Without a subcommand there is nothing to do: show what there is, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand.");
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams; returns the exit code (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            // An unexpected failure still gets one clear line, not a stack trace.
            cmd.getErr().println("xenguest: internal error: " + exception
                    + " (please report it with the command line that caused it)");
            return EXIT_FAILED;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
