package org.xenguest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.xenguest.debug.core.analysis.ChangeEvent;
import org.xenguest.debug.core.analysis.ChangeExtractor;
import org.xenguest.debug.core.analysis.EventFilter;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenguest events}: a recording's event list, every change between consecutive snapshots
 * as a row, filtered; the plain text diffs cleanly between two runs (times are offsets from the
 * first snapshot). The Studio's event list is the same code ({@link ChangeExtractor}).
 */
@Command(name = "events",
        mixinStandardHelpOptions = true,
        description = {"List every change in a recording, a row each: offset from the first snapshot (s), the",
            "snapshot's sequence, what changed, old -> new. Kinds: port, vcpu, ring, grants, xenstore, device,",
            "finding, gap (no snapshot for longer than the session's rhythm: what happened then is unknown)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the recording is damaged (the line is printed)",
            "2:usage error (bad option, unreadable file, not a recording, bad pattern)"})
public final class EventsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordingPlayback recording;

    @Option(names = "--port", paramLabel = "N", split = ",", description = "Only these ports' rows (and the gaps).")
    private List<Integer> ports = new ArrayList<>();

    @Option(names = "--vcpu", paramLabel = "N", split = ",", description = "Only these vCPUs' rows (and the gaps).")
    private List<Integer> vcpus = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND", split = ",",
            description = "Only rows of these kinds: port, vcpu, ring, grants, xenstore, device, finding, gap.")
    private List<String> kinds = new ArrayList<>();

    @Option(names = "--grep", paramLabel = "TEXT", description = "Only rows whose text holds TEXT (any case).")
    private String grep;

    @Option(names = "--regex", paramLabel = "REGEX", description = "Only rows whose text matches REGEX (Java syntax).")
    private String regex;

    @Option(names = "--json", description = "One JSON object a row.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<ChangeEvent.Kind> kindSet = EnumSet.noneOf(ChangeEvent.Kind.class);
        for (String kind : kinds) {
            try {
                kindSet.add(EventFilter.kind(kind));
            } catch (IllegalArgumentException e) {
                return SnapshotCommand.Target.usage(err, spec, "--kind " + e.getMessage());
            }
        }
        if (grep != null && regex != null) {
            return SnapshotCommand.Target.usage(err, spec, "give --grep or --regex, not both");
        }
        Pattern pattern;
        try {
            pattern = grep != null ? EventFilter.textPattern(grep, false) : regex != null ? EventFilter.textPattern(regex, true) : null;
        } catch (PatternSyntaxException e) {
            return SnapshotCommand.Target.usage(err, spec, "--regex: " + e.getDescription() + " at index " + e.getIndex()
                    + " of " + regex);
        }
        EventFilter filter = new EventFilter(Set.copyOf(ports), Set.copyOf(vcpus), kindSet, pattern);
        ChangeExtractor extractor = new ChangeExtractor();
        Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        long[] rows = new long[1];
        long played = recording.play(spec, update -> {
            for (ChangeEvent event : extractor.next(update.snapshot(), update.findings())) {
                if (filter.test(event)) {
                    rows[0]++;
                    out.println(json ? gson.toJson(json(event)) : event.text());
                }
            }
        });
        if (played < 0) {
            return (int) -played;
        }
        err.println("xenguest events: " + rows[0] + " rows from " + played + " snapshots of " + recording.file);
        err.flush();
        return Main.EXIT_OK;
    }

    private static Map<String, Object> json(ChangeEvent event) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("sequence", event.sequence());
        o.put("time", event.time().toString());
        o.put("offset_seconds", event.offsetNanos() / 1e9);
        o.put("kind", event.kind().label());
        o.put("object", event.object());
        if (event.port() != null) {
            o.put("port", event.port());
        }
        if (event.vcpu() != null) {
            o.put("vcpu", event.vcpu());
        }
        o.put("field", event.field());
        o.put("from", event.from());
        o.put("to", event.to());
        return o;
    }
}
