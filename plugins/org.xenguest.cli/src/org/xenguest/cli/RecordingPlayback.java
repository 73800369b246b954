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
import java.util.function.Consumer;

import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.session.ReplaySource;
import org.xenguest.debug.core.session.Session;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code replay}, {@code events} and {@code stats} share: a recording, a time window and
 * rule thresholds, played through the one session (so every command sees the same snapshots,
 * diffs and findings), as fast as it can be read.
 */
final class RecordingPlayback {

    @Parameters(index = "0", paramLabel = "FILE", description = "A recording (JSON lines, written by watch --record).")
    Path file;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Only snapshots taken at or after TIME (ISO-8601, e.g. 2026-12-04T21:30:00.5Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only snapshots taken at or before TIME (ISO-8601).")
    String to;

    @Option(names = "--threshold", paramLabel = "KEY=VALUE",
            description = "Change a rule threshold, as for watch (e.g. lost-wakeup=500ms).")
    Map<String, String> thresholds = new LinkedHashMap<>();

    /**
     * Plays the recording, each update to {@code onUpdate}.
     *
     * @return how many snapshots were played, or a negative exit code (usage, damaged) already reported
     */
    long play(CommandSpec spec, Consumer<Session.Update> onUpdate) {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            return -SnapshotCommand.Target.usage(err, spec, "cannot read " + file + ": no such readable file");
        }
        RuleThresholds rules = RuleThresholds.defaults();
        for (Map.Entry<String, String> entry : thresholds.entrySet()) {
            try {
                rules = rules.with(entry.getKey(), entry.getValue());
            } catch (IllegalArgumentException e) {
                return -SnapshotCommand.Target.usage(err, spec, "--threshold: " + e.getMessage());
            }
        }
        ReplaySource source;
        try {
            source = ReplaySource.open(file, time("--from", from), time("--to", to));
        } catch (IllegalArgumentException | IOException e) {
            return -SnapshotCommand.Target.usage(err, spec, e.getMessage());
        }
        long[] played = new long[1];
        IOException[] failed = new IOException[1];
        try (Session session = new Session(source, rules)) {
            session.run(Duration.ofNanos(1), Long.MAX_VALUE, new Session.Listener() {
                @Override
                public void onUpdate(Session.Update update) {
                    played[0]++;
                    onUpdate.accept(update);
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
        spec.commandLine().getOut().flush();
        if (failed[0] != null) {
            return -SnapshotCommand.Target.failed(err, spec, new IOException(failed[0].getMessage() + " (after "
                    + played[0] + " snapshots)", failed[0]));
        }
        return played[0];
    }

    static Instant time(String option, String text) {
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
