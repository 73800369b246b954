package org.xenguest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.xenguest.debug.core.analysis.RangeStatistics;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.record.SnapshotReplay;
import org.xenguest.debug.core.timeline.TimelineLoader;
import org.xenguest.debug.core.timeline.TimelineModel;
import org.xenguest.debug.core.timeline.TimelineStatistics;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.GsonBuilder;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenguest stats}: statistics over a recording (or a window of it) per port and per vCPU,
 * from {@link RangeStatistics}, the code behind the Studio's statistics: read from the recording's
 * timeline file ({@link TimelineStatistics}; the file is made if missing or stale), else from
 * every snapshot decoded, which also reports a recording that cannot be read.
 */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = {"Per port: events a second (pending edges), the share of time pending, masked and pending",
            "while masked, and the longest and 99th-percentile time from pending to cleared (as fine as the",
            "snapshots). Per vCPU: upcalls a second, the share of time upcall_pending and upcall_mask, the",
            "longest upcall. Gaps in the recording count for nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the recording is damaged (the line is printed)",
            "2:usage error (bad option, unreadable file, not a recording)"})
public final class StatsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordingPlayback recording;

    @ArgGroup(exclusive = true)
    private Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "One JSON object.")
        boolean json;

        @Option(names = "--csv", description = "CSV: the ports' table, a blank line, the vCPUs' table.")
        boolean csv;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RangeStatistics.Result result = fromTimeline().orElse(null);
        if (result == null) {
            RangeStatistics statistics = new RangeStatistics();
            long played = recording.play(spec, update -> statistics.add(update.snapshot()));
            if (played < 0) {
                return (int) -played;
            }
            result = statistics.result();
        }
        if (format.csv) {
            out.print(RangeStatistics.csv(result));
        } else if (format.json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("snapshots", result.snapshots());
            o.put("gaps", result.gaps());
            o.put("observed_seconds", result.observedNanos() / 1e9);
            o.put("span_seconds", result.spanNanos() / 1e9);
            o.put("ports", result.ports());
            o.put("vcpus", result.vcpus());
            out.println(new GsonBuilder().disableHtmlEscaping().setPrettyPrinting()
                    .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create().toJson(o));
        } else {
            text(out, result);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /**
     * The figures from the recording's time line, without decoding its snapshots; empty when its
     * options or the recording cannot be read that way (the decoding path then says why).
     */
    private Optional<RangeStatistics.Result> fromTimeline() {
        try {
            RuleThresholds rules = RuleThresholds.defaults();
            for (Map.Entry<String, String> entry : recording.thresholds.entrySet()) {
                rules = rules.with(entry.getKey(), entry.getValue());
            }
            Instant from = RecordingPlayback.time("--from", recording.from);
            Instant to = RecordingPlayback.time("--to", recording.to);
            if (from != null && to != null && to.isBefore(from)) {
                return Optional.empty();
            }
            GuestDescriptor descriptor;
            try (SnapshotReplay replay = SnapshotReplay.open(recording.file)) {
                descriptor = replay.header().descriptor();
            }
            TimelineModel model = TimelineLoader.load(recording.file, rules);
            return Optional.of(TimelineStatistics.over(model, descriptor,
                    from == null ? Long.MIN_VALUE : TimelineModel.nanos(from),
                    to == null ? Long.MAX_VALUE : TimelineModel.nanos(to)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void text(PrintWriter out, RangeStatistics.Result r) {
        out.printf(Locale.ROOT, "%d snapshots over %.3f s (%.3f s observed, %d gaps)%n", r.snapshots(), r.spanNanos() / 1e9,
                r.observedNanos() / 1e9, r.gaps());
        out.printf(Locale.ROOT, "%6s %-16s %8s %9s %8s %8s %10s %11s %11s%n", "port", "name", "events", "events/s", "pending",
                "masked", "pend+mask", "longest ms", "p99 ms");
        for (RangeStatistics.PortStats p : r.ports()) {
            out.printf(Locale.ROOT, "%6d %-16s %8d %9.2f %7.1f%% %7.1f%% %9.1f%% %11.3f %11.3f%n", p.port(),
                    p.name() == null ? "-" : p.name(), p.events(), p.eventsPerSecond(), 100 * p.sharePending(),
                    100 * p.shareMasked(), 100 * p.sharePendingWhileMasked(), p.longestPendingNanos() / 1e6,
                    p.p99PendingNanos() / 1e6);
        }
        out.printf(Locale.ROOT, "%6s %8s %9s %15s %12s %11s%n", "vcpu", "upcalls", "upcalls/s", "upcall_pending",
                "upcall_mask", "longest ms");
        for (RangeStatistics.VcpuStats v : r.vcpus()) {
            out.printf(Locale.ROOT, "%6d %8d %9.2f %14.1f%% %11.1f%% %11.3f%n", v.vcpu(), v.upcalls(), v.upcallsPerSecond(),
                    100 * v.shareUpcallPending(), 100 * v.shareUpcallMasked(), v.longestUpcallPendingNanos() / 1e6);
        }
    }
}
