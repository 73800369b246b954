package org.xenguest.benchmarks;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.xenguest.debug.core.analysis.ChangeEvent;
import org.xenguest.debug.core.analysis.EventFilter;
import org.xenguest.debug.core.analysis.EventLog;
import org.xenguest.debug.core.analysis.FilteredEvents;

/**
 * The Event List view's data path on a long session: a million rows (an hour at 20 Hz with about
 * 14 changes a snapshot, synthesised: port and vCPU rows alike) appended to the on-disk
 * {@link EventLog}, then filtered by port, searched from end to end, sought by time, read at
 * random as a scrolled virtual table does, and exported; the heap after each.
 * releng/benchmarks.sh events, from the repository's root. Prints figures; asserts nothing.
 */
public final class EventListBenchmark {
    private static final int ROWS = Integer.getInteger("rows", 1_000_000);

    private EventListBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Instant start = Instant.parse("2026-12-08T00:00:00Z");
        try (EventLog log = EventLog.create()) {
            long t0 = System.nanoTime();
            List<ChangeEvent> step = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                long snapshot = i / 14;
                long offset = snapshot * 50_000_000L;
                int port = i % 14;
                step.add(port == 13
                        ? new ChangeEvent(snapshot, start.plusNanos(offset), offset, ChangeEvent.Kind.VCPU, "vcpu 0", null, 0,
                                "upcall_pending", "0", "1")
                        : new ChangeEvent(snapshot, start.plusNanos(offset), offset, ChangeEvent.Kind.PORT,
                                "port " + port + " net" + port, port, null, "pending", "0", "1"));
                if (step.size() == 14) {
                    log.addAll(step);
                    step.clear();
                }
            }
            log.addAll(step);
            report("append " + ROWS + " rows", t0);

            t0 = System.nanoTime();
            FilteredEvents port5 = new FilteredEvents(log, EventFilter.parse("5", "", "", "", false));
            int kept = port5.catchUp(() -> false);
            report("filter by port (" + kept + " kept)", t0);

            t0 = System.nanoTime();
            FilteredEvents all = new FilteredEvents(log, EventFilter.all());
            all.catchUp(() -> false);
            int found = all.find(Pattern.compile("nothing matches this"), -1, true, () -> false);
            report("find, no match, first row to last (" + found + ")", t0);

            t0 = System.nanoTime();
            int at = 0;
            for (int i = 0; i < 1_000; i++) {
                at = all.atOffset((long) (Math.random() * 3600e9));
            }
            report("go to time, 1,000 times (last at row " + at + ")", t0);

            t0 = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {   // 1,000 screenfuls of 40 rows at random places
                int top = (int) (Math.random() * (ROWS - 40));
                for (int row = top; row < top + 40; row++) {
                    all.get(row);
                }
            }
            report("1,000 screenfuls of 40 rows at random places", t0);

            t0 = System.nanoTime();
            try (Writer out = java.nio.file.Files.newBufferedWriter(java.nio.file.Files.createTempFile("xg-events", ".txt"))) {
                port5.export(out);
            }
            report("export the port's rows", t0);
        }
    }

    private static void report(String what, long startNanos) {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf("event list: %s: %.0f ms, heap in use after %.1f MB%n", what, (System.nanoTime() - startNanos) / 1e6,
                heap / 1e6);
    }
}
