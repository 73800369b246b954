package org.xenguest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.xenguest.debug.core.format.SnapshotJson;
import org.xenguest.debug.core.record.RecordingFolder;
import org.xenguest.debug.core.format.SnapshotText;
import org.xenguest.debug.core.probe.ProbeErrorException;
import org.xenguest.debug.core.session.Session;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xenguest watch}: snapshots at a steady rate, redrawn in the terminal with the changed
 * bits marked, or as JSON lines; optionally recorded for replay. A read that fails is retried
 * (the stub is reconnected) at the next tick; watch gives up when reads have failed
 * {@link #MAX_CONSECUTIVE_FAILURES} times in a row over at least {@link #RETRY_WINDOW}, or when the
 * very first read fails.
 */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        description = {"Watch a guest's event channels, vCPUs and structures live: snapshots at --hz, redrawn with"
                + " the changed bits marked (*), or one JSON object a line with --json; findings judge what"
                + " persists past their thresholds.",
                "Runs until --for SECONDS have passed, or until interrupted."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:target unreachable or protocol failure (the reason is printed)",
                "2:usage error (bad option, unreadable file)"})
public final class WatchCommand implements Callable<Integer> {

    /** Failed reads in a row after which watch gives up. */
    static final int MAX_CONSECUTIVE_FAILURES = 3;
    /** How long a target may stay unreadable before watch gives up (a stub restarting, another client). */
    static final Duration RETRY_WINDOW = Duration.ofSeconds(3);

    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    @Spec
    private CommandSpec spec;

    @Mixin
    private SnapshotCommand.Target target;

    @Option(names = "--json", description = "Print one JSON object a line (format: docs/snapshot-json.md),"
            + " with \"changed\" telling what changed since the previous line.")
    private boolean json;

    @Option(names = "--hz", paramLabel = "N", defaultValue = "10",
            description = "Snapshots per second (0.1..1000, default 10).")
    private double hz;

    @Option(names = "--record", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "Also record every snapshot (what changed, a keyframe every 200, gaps where reads failed)"
                    + " to FILE for replay; without FILE, to a new file in the recordings folder ($XENGUEST_RECORDINGS,"
                    + " default ~/.local/share/xenguest/recordings).")
    private String record;

    @Option(names = "--for", paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: run until interrupted).")
    private Double forSeconds;

    @Option(names = "--plain", description = "Never redraw with terminal escapes; print each frame after the last.")
    private boolean plain;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!(hz >= 0.1 && hz <= 1000)) {
            return SnapshotCommand.Target.usage(err, spec, "--hz must be 0.1..1000, was " + hz);
        }
        if (forSeconds != null && !(forSeconds > 0)) {
            return SnapshotCommand.Target.usage(err, spec, "--for must be a positive number of seconds, was " + forSeconds);
        }
        if (target.allDomains) {
            return watchAllDomains(err);
        }
        Session session;
        try {
            session = target.open(spec, true);
        } catch (SnapshotCommand.Target.Failure failure) {
            return failure.report(err, spec);
        }
        try (session) {
            if (record != null) {
                try {
                    Path file = record.isEmpty()
                            ? RecordingFolder.newFile(RecordingFolder.defaultFolder(), session.source().describe(), Instant.now())
                            : Path.of(record);
                    session.recordTo(file);
                    if (record.isEmpty()) {
                        err.println("xenguest watch: recording to " + file);
                        err.flush();
                    }
                } catch (IOException e) {
                    return SnapshotCommand.Target.usage(err, spec, "--record: " + e.getMessage());
                }
            }
            Printer printer = new Printer(session, err, spec.commandLine().getOut(),
                    !json && !plain && System.console() != null);
            long start = System.nanoTime();
            long end = forSeconds == null ? Long.MAX_VALUE : start + (long) (forSeconds * 1e9);
            session.run(Duration.ofNanos((long) (1e9 / hz)), end, printer);
            if (printer.failure != null) {
                return SnapshotCommand.Target.failed(err, spec, printer.failure);
            }
            if (!json) {
                err.printf("xenguest watch: %d snapshots in %.1f s%n", printer.snapshots, (System.nanoTime() - start) / 1e9);
                err.flush();
            }
            return Main.EXIT_OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_OK;
        }
    }

    /**
     * --all-domains: one session a domain, each on its own thread at --hz; a line (or JSON object
     * with its {@code domain}) per snapshot, in the order they come.
     */
    private int watchAllDomains(PrintWriter err) {
        List<Session> sessions;
        try {
            sessions = target.openAllDomains();
        } catch (SnapshotCommand.Target.Failure failure) {
            return failure.report(err, spec);
        }
        PrintWriter out = spec.commandLine().getOut();
        Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        long[] counts = new long[sessions.size()];
        // each domain's rate from its first snapshot on: the first attaches and names the ports (seconds under TCG)
        long[] firstNanos = new long[sessions.size()];
        long[] lastNanos = new long[sessions.size()];
        List<String> names = sessions.stream().map(session -> session.source().describe()).toList();   // before close
        long start = System.nanoTime();
        try {
            for (int i = 0; i < sessions.size(); i++) {
                int index = i;
                sessions.get(i).start(Duration.ofNanos((long) (1e9 / hz)), new Session.Listener() {
                    @Override
                    public void onUpdate(Session.Update update) {
                        String line;
                        if (json) {
                            var o = SnapshotJson.toJson(update.snapshot(), update.findings(), update.diff());
                            line = gson.toJson(o);
                        } else {
                            line = SnapshotText.summaryLine(update.snapshot(), update.findings());
                        }
                        synchronized (out) {
                            long now = System.nanoTime();
                            if (counts[index]++ == 0) {
                                firstNanos[index] = now;
                            }
                            lastNanos[index] = now;
                            out.println(line);
                            out.flush();
                        }
                    }

                    @Override
                    public void onFailure(IOException e, int failures) {
                        synchronized (out) {
                            err.println("xenguest watch: " + names.get(index) + ": " + e.getMessage());
                            err.flush();
                        }
                        if (isGone(e)) {
                            sessions.get(index).stop(Duration.ZERO);   // the others go on
                        }
                    }
                });
            }
            long end = forSeconds == null ? Long.MAX_VALUE : start + (long) (forSeconds * 1e9);
            while (System.nanoTime() < end && sessions.stream().anyMatch(Session::isRunning)) {
                Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sessions.forEach(Session::close);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (out) {
            for (int i = 0; i < sessions.size(); i++) {
                double steady = counts[i] < 2 ? 0 : (counts[i] - 1) / ((lastNanos[i] - firstNanos[i]) / 1e9);
                err.printf("xenguest watch: %s: %d snapshots in %.1f s (%.1f/s; %.1f/s from its first snapshot on)%n",
                        names.get(i), counts[i], seconds, counts[i] / seconds, steady);
            }
            err.flush();
        }
        return Main.EXIT_OK;
    }

    /** The domain watched through the probe was destroyed or is dying: nothing more will come. */
    private static boolean isGone(IOException e) {
        return e instanceof ProbeErrorException p && p.kind() == ProbeErrorException.Kind.DOMAIN_GONE;
    }

    /**
     * Prints each update, and gives up when reads have failed {@link #MAX_CONSECUTIVE_FAILURES}
     * times in a row over at least {@link #RETRY_WINDOW}, when the very first read fails, or when
     * the recording cannot be written.
     */
    private final class Printer implements Session.Listener {
        private final Session session;
        private final PrintWriter err;
        private final PrintWriter out;
        private final boolean redraw;
        private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        long snapshots;
        IOException failure;
        private long firstFailure;

        Printer(Session session, PrintWriter err, PrintWriter out, boolean redraw) {
            this.session = session;
            this.err = err;
            this.out = out;
            this.redraw = redraw;
        }

        @Override
        public void onUpdate(Session.Update update) {
            snapshots++;
            if (json) {
                out.println(gson.toJson(SnapshotJson.toJson(update.snapshot(), update.findings(), update.diff())));
            } else {
                String frame = SnapshotText.render(update.snapshot(), update.findings(), update.diff(), redraw);
                out.print(redraw ? CLEAR_SCREEN + frame : frame + "\n");
            }
            out.flush();
            if (session.recordingFailure() != null) {
                failure = session.recordingFailure();
                session.stop(Duration.ZERO);
            }
        }

        @Override
        public void onFailure(IOException e, int failures) {
            if (failures == 1) {
                firstFailure = System.nanoTime();
            }
            boolean persistent = failures >= MAX_CONSECUTIVE_FAILURES
                    && System.nanoTime() - firstFailure >= RETRY_WINDOW.toNanos();
            if (persistent || snapshots == 0 || isGone(e)) {
                failure = e;
                session.stop(Duration.ZERO);
                return;
            }
            err.println("xenguest watch: " + e.getMessage() + " (retrying, failure " + failures + ")");
            err.flush();
        }
    }
}
