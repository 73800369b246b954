package org.xenguest.debug.core.format;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.xenguest.debug.core.snapshot.PortState;

/**
 * Xen's {@code 'e'}-style port listing ({@code port [p/m/s] vcpu ...}, one line a port in port
 * order), with one rule for the ports nobody needs to read one by one: a run of more than
 * {@link #FOLD_MASKED_RUN} consecutive ports that are only masked (not pending, unnamed,
 * unchanged) is one line. {@code xenguest snapshot|watch|replay} and the Event Channels view's
 * list both list through here; each formats a port's own line with its columns.
 */
public final class PortListing {

    /** Runs of plainly masked ports up to this long are listed port by port. */
    public static final int FOLD_MASKED_RUN = 4;

    /** One line of the listing. */
    public sealed interface Line permits PortLine, MaskedRun {
    }

    /** A port on a line of its own. */
    public record PortLine(PortState state) implements Line {
    }

    /** Ports {@code first..last}, all plainly masked, on one line. */
    public record MaskedRun(int first, int last) implements Line {
        public int count() {
            return last - first + 1;
        }

        /** e.g. {@code "       8..4095 [0/1/x]  masked (4088 ports)"} */
        public String text() {
            return String.format("  %6d..%d [0/1/x]  masked (%d ports)", first, last, count());
        }
    }

    private PortListing() {
    }

    /**
     * @param listed      the ports to list, in port order
     * @param plainMasked which of them are only masked and may fold into a run
     */
    public static List<Line> lines(List<PortState> listed, Predicate<PortState> plainMasked) {
        List<Line> lines = new ArrayList<>();
        List<PortState> run = new ArrayList<>();
        for (PortState state : listed) {
            boolean plain = plainMasked.test(state);
            if (plain && (run.isEmpty() || run.get(run.size() - 1).port() + 1 == state.port())) {
                run.add(state);
                continue;
            }
            flush(run, lines);
            if (plain) {
                run.add(state);
            } else {
                lines.add(new PortLine(state));
            }
        }
        flush(run, lines);
        return lines;
    }

    private static void flush(List<PortState> run, List<Line> lines) {
        if (run.size() > FOLD_MASKED_RUN) {
            lines.add(new MaskedRun(run.get(0).port(), run.get(run.size() - 1).port()));
        } else {
            for (PortState state : run) {
                lines.add(new PortLine(state));
            }
        }
        run.clear();
    }
}
