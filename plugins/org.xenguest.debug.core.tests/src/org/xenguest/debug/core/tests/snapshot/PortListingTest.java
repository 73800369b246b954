package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.format.PortListing;
import org.xenguest.debug.core.snapshot.PortState;

/** The one rule of the 'e'-style listing: runs of more than four plainly masked ports fold. */
class PortListingTest {

    private static PortState masked(int port) {
        return new PortState(port, false, true, false, 0, null);
    }

    @Test
    void longRunsOfPlainlyMaskedPortsFoldShortOnesDoNot() {
        List<PortState> listed = new ArrayList<>();
        for (int port = 1; port <= 4; port++) {
            listed.add(masked(port)); // a run of 4: port by port
        }
        listed.add(new PortState(5, true, false, true, 0, "net")); // breaks the run
        for (int port = 6; port <= 10; port++) {
            listed.add(masked(port)); // a run of 5: one line
        }
        listed.add(masked(12)); // not next to 10: a run of its own
        List<PortListing.Line> lines = PortListing.lines(listed, s -> s.masked() && !s.pending() && s.name() == null);
        assertEquals(7, lines.size(), lines.toString());
        assertEquals(new PortListing.PortLine(masked(1)), lines.get(0));
        assertEquals(5, ((PortListing.PortLine) lines.get(4)).state().port());
        assertEquals(new PortListing.MaskedRun(6, 10), lines.get(5));
        assertEquals("       6..10 [0/1/x]  masked (5 ports)", ((PortListing.MaskedRun) lines.get(5)).text());
        assertEquals(12, ((PortListing.PortLine) lines.get(6)).state().port());
    }
}
