package org.xenguest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.format.SnapshotJson;
import org.xenguest.debug.core.format.SnapshotText;
import org.xenguest.debug.core.session.ReplaySource;
import org.xenguest.debug.core.session.Session;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xenguest replay}: a recording ({@code watch --record}, the Studio's record option)
 * played through the same session as a live guest: each snapshot decoded again from its raw
 * bytes, diffed, judged by the rules over the history, printed as {@code watch} prints it, as
 * fast as it can be read (a recording is looked at, not waited for).
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Play a recording back: every snapshot with the changed bits marked (*) and the findings, as"
                + " watch prints them, or one JSON object a line with --json (format: docs/snapshot-json.md).",
                "The rules judge the recording's history afresh, so --threshold may differ from the live run's."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the recording is damaged (the line is printed)",
                "2:usage error (bad option, unreadable file, not a recording)"})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A recording (JSON lines, written by watch --record).")
    private Path file;

    @Option(names = "--json", description = "Print one JSON object a line, with \"changed\" since the previous line.")
    private boolean json;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Only snapshots taken at or after TIME (ISO-8601, e.g. 2026-12-04T21:30:00.5Z).")
    private String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only snapshots taken at or before TIME (ISO-8601).")
    private String to;

    @Option(names = "--threshold", paramLabel = "KEY=VALUE",
            description = "Change a rule threshold, as for watch (e.g. lost-wakeup=500ms).")
    private Map<String, String> thresholds = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            return SnapshotCommand.Target.usage(err, spec, "cannot read " + file + ": no such readable file");
        }
        RuleThresholds rules = RuleThresholds.defaults();
        for (Map.Entry<String, String> entry : thresholds.entrySet()) {
            try {
                rules = rules.with(entry.getKey(), entry.getValue());
            } catch (IllegalArgumentException e) {
                return SnapshotCommand.Target.usage(err, spec, "--threshold: " + e.getMessage());
            }
        }
        Instant start;
        Instant end;
        ReplaySource source;
        try {
            start = time("--from", from);
            end = time("--to", to);
            source = ReplaySource.open(file, start, end);
        } catch (IllegalArgumentException | IOException e) {
            return SnapshotCommand.Target.usage(err, spec, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        long[] played = new long[1];
        IOException[] failed = new IOException[1];
        try (Session session = new Session(source, rules)) {
            session.run(Duration.ofNanos(1), Long.MAX_VALUE, new Session.Listener() {
                @Override
                public void onUpdate(Session.Update update) {
                    played[0]++;
                    if (json) {
                        out.println(gson.toJson(SnapshotJson.toJson(update.snapshot(), update.findings(), update.diff())));
                    } else {
                        out.print(SnapshotText.render(update.snapshot(), update.findings(), update.diff(), false) + "\n");
                    }
                }

                @Override
                public void onFailure(IOException failure, int consecutiveFailures) {
                    failed[0] = failure; // a damaged line stays damaged
                    session.stop(Duration.ZERO);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        if (failed[0] != null) {
            return SnapshotCommand.Target.failed(err, spec, new IOException(failed[0].getMessage() + " (after "
                    + played[0] + " snapshots)", failed[0]));
        }
        if (!json) {
            err.println("xenguest replay: " + played[0] + " snapshots of " + file);
            err.flush();
        }
        return Main.EXIT_OK;
    }

    private static Instant time(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": " + text + " is not an ISO-8601 time such as"
                    + " 2026-12-04T21:30:00Z (the \"time\" of a recording's snapshot lines)");
        }
    }
}
