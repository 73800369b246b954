package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.live.SnapshotPoller;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.snapshot.SnapshotReader;
import org.xenguest.debug.core.snapshot.SnapshotStore;
import org.xenguest.debug.core.tests.support.SharedInfoPage;

class SnapshotPollerTest {

    @Test
    void pollOnceKeepsHistoryDiffsAndJudges() throws IOException {
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, new SharedInfoPage().pending(3).masked(3).bytes());
        SnapshotPoller poller = new SnapshotPoller(new SnapshotReader(memory, 0x100000, GuestDescriptor.empty()),
                new SnapshotStore(10), new FindingsEngine(RuleThresholds.instant()));
        SnapshotPoller.Update first = poller.pollOnce();
        assertNull(first.diff());
        assertEquals(FindingCode.EVTCHN_PENDING_MASKED, first.findings().get(0).code());
        memory.write(0x100000, new SharedInfoPage().bytes());
        SnapshotPoller.Update second = poller.pollOnce();
        assertNotNull(second.diff());
        assertEquals(List.of(3), second.diff().pendingChanged());
        assertTrue(second.findings().isEmpty());
        assertEquals(2, poller.store().size());
    }

    @Test
    void runsOnItsOwnThreadReportsFailuresAndStops() throws Exception {
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x100000, SharedInfoPage.reference().bytes());
        // the second reader points at an address the memory does not hold: every step fails
        SnapshotPoller good = new SnapshotPoller(new SnapshotReader(memory, 0x100000, null), new SnapshotStore(100),
                new FindingsEngine(RuleThresholds.defaults()));
        SnapshotPoller bad = new SnapshotPoller(new SnapshotReader(memory, 0x900000, null), new SnapshotStore(100),
                new FindingsEngine(RuleThresholds.defaults()));
        CountDownLatch updates = new CountDownLatch(5);
        CountDownLatch failures = new CountDownLatch(3);
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Integer> counts = new CopyOnWriteArrayList<>();
        good.start(Duration.ofMillis(10), update -> {
            threads.add(Thread.currentThread().getName());
            updates.countDown();
        });
        bad.start(Duration.ofMillis(10), new SnapshotPoller.Listener() {
            @Override
            public void onUpdate(SnapshotPoller.Update update) {
            }

            @Override
            public void onFailure(IOException failure, int consecutiveFailures) {
                counts.add(consecutiveFailures);
                failures.countDown();
            }
        });
        try {
            assertTrue(updates.await(10, TimeUnit.SECONDS));
            assertTrue(failures.await(10, TimeUnit.SECONDS));
        } finally {
            assertTrue(good.stop(Duration.ofSeconds(5)));
            assertTrue(bad.stop(Duration.ofSeconds(5)));
        }
        assertTrue(threads.stream().allMatch(name -> name.equals("xenguest-snapshot-poller")), threads.toString());
        assertEquals(List.of(1, 2, 3), counts.subList(0, 3));
        assertTrue(!good.isRunning() && !bad.isRunning());
    }
}
