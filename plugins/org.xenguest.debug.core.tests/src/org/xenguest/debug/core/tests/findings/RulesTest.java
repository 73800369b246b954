package org.xenguest.debug.core.tests.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.Rule;
import org.xenguest.debug.core.findings.RuleContext;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.tests.support.Snapshots;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenDomain;
import org.xenguest.debug.core.xen.XenDomainInfo;
import org.xenguest.debug.core.xen.XenView;
import org.xenguest.tests.support.SharedInfoPage;

/**
 * Each rule on crafted snapshot sequences, firing and not firing. Sequences are 100 ms apart;
 * the thresholds are the defaults unless a test says otherwise.
 */
class RulesTest {

    private static final GuestDescriptor GUEST = Snapshots.netfrontGuest();
    private static final RuleThresholds DEFAULTS = RuleThresholds.defaults();

    /** {@code count} snapshots 100 ms apart, the i-th made by {@code page}. */
    private static List<Snapshot> series(int count, IntFunction<SharedInfoPage> page,
            IntFunction<MemoryRegion[]> extra) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            snapshots.add(Snapshots.at(i * 100L, GUEST, page.apply(i), extra.apply(i)));
        }
        return snapshots;
    }

    private static List<Snapshot> series(int count, IntFunction<SharedInfoPage> page) {
        return series(count, page, i -> new MemoryRegion[0]);
    }

    private static List<Finding> run(FindingCode code, List<Snapshot> history, RuleThresholds thresholds) {
        Rule rule = FindingsEngine.rule(code);
        List<Finding> findings = rule.evaluate(new RuleContext(history, thresholds));
        findings.forEach(finding -> assertEquals(code, finding.code()));
        return findings;
    }

    private static List<Finding> run(FindingCode code, List<Snapshot> history) {
        return run(code, history, DEFAULTS);
    }

    @Nested
    class PendingMasked {
        private final FindingCode code = FindingCode.EVTCHN_PENDING_MASKED;

        @Test
        void firesWhenHeldPastTheThreshold() {
            List<Finding> findings = run(code, series(12, i -> new SharedInfoPage().pending(5).masked(5)));
            assertEquals(1, findings.size());
            Finding finding = findings.get(0);
            assertEquals(List.of(5), finding.ports());
            assertEquals(1_100_000_000L, finding.heldNanos());
            assertEquals(12, finding.snapshots());
            assertTrue(finding.message().contains("port 5 (console) [1/1/0]"), finding.message());
            assertTrue(finding.explanation().contains("mask") && finding.fix().contains("EVTCHNOP_unmask"));
        }

        @Test
        void doesNotFireBelowTheThreshold() {
            assertTrue(run(code, series(10, i -> new SharedInfoPage().pending(5).masked(5))).isEmpty(), "0.9 s");
        }

        @Test
        void doesNotFireWhenTheRunWasInterrupted() {
            assertTrue(run(code, series(20, i -> i == 12 ? new SharedInfoPage().masked(5)
                    : new SharedInfoPage().pending(5).masked(5))).isEmpty());
        }

        @Test
        void doesNotFireForPendingUnmaskedOrMaskedIdlePorts() {
            assertTrue(run(code, series(20, i -> new SharedInfoPage().pending(3).masked(5))).isEmpty());
        }

        @Test
        void firesOnOneSnapshotWithInstantThresholds() {
            List<Finding> findings = run(code, series(1, i -> new SharedInfoPage().pending(5).masked(5)),
                    RuleThresholds.instant());
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().contains("one snapshot"), findings.get(0).message());
        }
    }

    @Nested
    class LostWakeup {
        private final FindingCode code = FindingCode.EVTCHN_LOST_WAKEUP;

        private SharedInfoPage frozen() {
            return new SharedInfoPage().pending(3).selected(0, 3).upcall(0, 1, 0);
        }

        @Test
        void firesOnAFrozen101() {
            List<Finding> findings = run(code, series(11, i -> frozen().systemTime(0, i * 1000L)));
            assertEquals(1, findings.size(), "time moves, the event state does not");
            assertEquals(List.of(3), findings.get(0).ports());
            assertTrue(findings.get(0).structures().contains("vcpu 0"));
            assertTrue(findings.get(0).message().contains("[1/0/1]"), findings.get(0).message());
        }

        @Test
        void doesNotFireWhileOtherEventsMove() {
            // The guest is alive: other ports come and go, so it is not stuck, whatever port 3 shows.
            assertTrue(run(code, series(20, i -> frozen().pending(10 + i % 3))).isEmpty());
        }

        @Test
        void doesNotFireWhenMaskedOrNotSelected() {
            assertTrue(run(code, series(20, i -> frozen().masked(3))).isEmpty(), "[1/1/1] is not a lost wake-up");
            assertTrue(run(code, series(20, i -> new SharedInfoPage().pending(3))).isEmpty(), "[1/0/0]");
        }

        @Test
        void usesTheSelectorOfThePortsVcpu() {
            // Port 9 notifies vCPU 1: its selector bit on vCPU 0 does not count.
            assertTrue(run(code, series(20, i -> new SharedInfoPage().pending(9).selected(0, 9))).isEmpty());
            assertEquals(1, run(code, series(20, i -> new SharedInfoPage().pending(9).selected(1, 9))).size());
        }

        @Test
        void doesNotFireBelowTheThreshold() {
            assertTrue(run(code, series(8, i -> frozen())).isEmpty());
            assertEquals(1, run(code, series(8, i -> frozen()), DEFAULTS.with("lost-wakeup", "500ms")).size());
        }
    }

    @Nested
    class UpcallNotHandled {
        private final FindingCode code = FindingCode.UPCALL_NOT_HANDLED;

        @Test
        void firesWhenUpcallPendingStaysWithNothingChanging() {
            List<Finding> findings = run(code, series(15, i -> new SharedInfoPage().upcall(0, 1, 0).pending(3)));
            assertEquals(1, findings.size());
            assertEquals(List.of("vcpu 0"), findings.get(0).structures());
            assertEquals(List.of(3), findings.get(0).ports());
        }

        @Test
        void doesNotFireWhenMaskedOrCleared() {
            assertTrue(run(code, series(15, i -> new SharedInfoPage().upcall(0, 1, 1))).isEmpty());
            assertTrue(run(code, series(15, i -> new SharedInfoPage().upcall(0, i % 2, 0))).isEmpty());
        }

        @Test
        void doesNotFireWhileEventsAreBeingHandled() {
            assertTrue(run(code, series(15, i -> new SharedInfoPage().upcall(0, 1, 0).pending(3 + i))).isEmpty());
        }

        @Test
        void looksOnlyAtTheGuestsVcpus() {
            // vCPU 5 is beyond the descriptor's 2 vCPUs: its slot is stale.
            assertTrue(run(code, series(15, i -> new SharedInfoPage().upcall(5, 1, 0))).isEmpty());
            assertEquals(1, run(code, series(15, i -> new SharedInfoPage().upcall(1, 1, 0))).size());
        }
    }

    @Nested
    class GrantExhausted {
        private final FindingCode code = FindingCode.GRANT_TABLE_EXHAUSTED;

        @Test
        void firesWhenNoEntryIsFree() {
            List<Finding> findings = run(code, series(1, i -> new SharedInfoPage(),
                    i -> new MemoryRegion[] {Snapshots.grantsV1(1, 504)}));
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().contains("0 of 504"), findings.get(0).message());
        }

        @Test
        void doesNotFireWithAFreeEntryOrWithoutAGrantTable() {
            assertTrue(run(code, series(1, i -> new SharedInfoPage(),
                    i -> new MemoryRegion[] {Snapshots.grantsV1(1, 503)})).isEmpty());
            assertTrue(run(code, series(1, i -> new SharedInfoPage())).isEmpty());
        }

        @Test
        void reserveThresholdIsConfigurable() {
            RuleThresholds reserve = DEFAULTS.with("grant-free", "8");
            assertEquals(1, run(code, series(1, i -> new SharedInfoPage(),
                    i -> new MemoryRegion[] {Snapshots.grantsV1(1, 496)}), reserve).size());
            assertTrue(run(code, series(1, i -> new SharedInfoPage(),
                    i -> new MemoryRegion[] {Snapshots.grantsV1(1, 495)}), reserve).isEmpty());
        }
    }

    @Nested
    class RingUnanswered {
        private final FindingCode code = FindingCode.RING_REQUESTS_UNANSWERED;

        @Test
        void firesWhenRequestsStayUnanswered() {
            List<Finding> findings = run(code, series(25, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 10, 11, 7, 8), Snapshots.frontRing("vif0-tx", 10, 7)}));
            assertEquals(1, findings.size());
            assertEquals(List.of(3), findings.get(0).ports());
            assertTrue(findings.get(0).message().contains("3 requests unanswered"), findings.get(0).message());
        }

        @Test
        void doesNotFireWhileTheBackendAnswers() {
            assertTrue(run(code, series(25, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 10 + i, 11 + i, 7 + i, 8 + i)})).isEmpty());
        }

        @Test
        void doesNotFireForPostedBuffersOrAnIdleRing() {
            assertTrue(run(code, series(25, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-rx", 256, 1, 0, 1)})).isEmpty(), "RX buffers wait for packets");
            assertTrue(run(code, series(25, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 7, 8, 7, 8)})).isEmpty());
        }

        @Test
        void doesNotFireBelowTheThreshold() {
            assertTrue(run(code, series(20, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 10, 11, 7, 8)})).isEmpty(), "1.9 s < 2 s");
        }
    }

    @Nested
    class RingEventNotArmed {
        private final FindingCode code = FindingCode.RING_EVENT_NOT_ARMED;

        @Test
        void firesWhenRspEventIsNotAheadOfTheConsumer() {
            // rsp_cons 7, rsp_event 7: the next response (8) raises no event.
            List<Finding> findings = run(code, series(12, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 10, 11, 7, 7), Snapshots.frontRing("vif0-tx", 10, 7)}));
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().contains("rsp_cons 7"), findings.get(0).message());
        }

        @Test
        void firesOnAPostingRingWithoutKnownConsumer() {
            List<Finding> findings = run(code, series(12, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-rx", 256, 1, 0, 0)}));
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().contains("rsp_cons unknown"), findings.get(0).message());
        }

        @Test
        void doesNotFireWhenArmedOrIdle() {
            assertTrue(run(code, series(12, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 10, 11, 7, 8), Snapshots.frontRing("vif0-tx", 10, 7)})).isEmpty());
            assertTrue(run(code, series(12, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 7, 8, 7, 7), Snapshots.frontRing("vif0-tx", 7, 7)})).isEmpty(),
                    "nothing outstanding: nothing to wait for");
        }

        @Test
        void handlesIndexWrapAround() {
            long near = 0xFFFF_FFFEL;
            assertTrue(run(code, series(12, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 2, 3, near, near + 1 & 0xFFFF_FFFFL),
                Snapshots.frontRing("vif0-tx", 2, near)})).isEmpty(), "rsp_event just ahead across the wrap");
            assertEquals(1, run(code, series(12, i -> new SharedInfoPage(), i -> new MemoryRegion[] {
                Snapshots.ringHeader("vif0-tx", 2, 3, 1, near), Snapshots.frontRing("vif0-tx", 2, 1)})).size());
        }
    }

    @Nested
    class XenbusHandshakeStuck {
        private final FindingCode code = FindingCode.XENBUS_HANDSHAKE_STUCK;

        @Test
        void firesWhenAStateIsHeldPastTheThreshold() {
            List<Finding> findings = run(code, series(51, i -> new SharedInfoPage(), i -> Snapshots.device("vif0", 3, 2)));
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().contains("frontend Initialised, backend InitWait"),
                    findings.get(0).message());
        }

        @Test
        void doesNotFireWhenConnectedOrMoving() {
            assertTrue(run(code, series(60, i -> new SharedInfoPage(), i -> Snapshots.device("vif0", 4, 4))).isEmpty());
            assertTrue(run(code, series(60, i -> new SharedInfoPage(),
                    i -> Snapshots.device("vif0", 1 + i / 20, 2))).isEmpty(), "moved 1 s ago");
            assertTrue(run(code, series(49, i -> new SharedInfoPage(), i -> Snapshots.device("vif0", 3, 2))).isEmpty());
        }

        @Test
        void anInvalidStateNumberIsNeverSettled() {
            assertEquals(1, run(code, series(51, i -> new SharedInfoPage(), i -> Snapshots.device("vif0", 4, 99))).size());
        }
    }

    @Nested
    class XenstoreRingStalled {
        private final FindingCode code = FindingCode.XENSTORE_RING_STALLED;

        @Test
        void firesWhenRequestsStayUnconsumed() {
            List<Finding> findings = run(code, series(21, i -> new SharedInfoPage(),
                    i -> new MemoryRegion[] {Snapshots.xenstore(5, 9, 0, 0)}));
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().contains("4 request bytes"), findings.get(0).message());
            assertEquals(List.of(1), findings.get(0).ports());
        }

        @Test
        void doesNotFireWhenDrainedOrMoving() {
            assertTrue(run(code, series(30, i -> new SharedInfoPage(),
                    i -> new MemoryRegion[] {Snapshots.xenstore(9, 9, 4, 4)})).isEmpty());
            assertTrue(run(code, series(30, i -> new SharedInfoPage(),
                    i -> new MemoryRegion[] {Snapshots.xenstore(i, i + 4, 0, 0)})).isEmpty());
        }
    }

    /** Xen's view as the dom0 probe gives it: port 3 bound to {@code vcpu}, vCPU 0 with the given state. */
    private static XenView xen(int portVcpu, boolean blocked, boolean interrupts, List<Integer> isr) {
        XenDomain domain = new XenDomain(1, "guest", XenDomain.Type.PVH, 2, 2, XenDomain.State.BLOCKED,
                OptionalInt.empty());
        PortBinding port3 = new PortBinding(3, org.xenguest.abi.EventChannels.Status.INTERDOMAIN, portVcpu, OptionalInt.of(0),
                OptionalInt.of(17), OptionalInt.empty(), OptionalInt.empty());
        VcpuState vcpu0 = new VcpuState(0, true, blocked, !blocked, 0, 1000, Optional.of(new VcpuState.Hvm(
                Optional.of(interrupts), Optional.of(0x10a4a2L), Optional.of(interrupts ? 0x202L : 0x2L), List.of(), isr, true)));
        return new XenView(java.time.Instant.EPOCH, new XenDomainInfo(domain, OptionalLong.of(0x12b), 4096), List.of(port3),
                List.of(vcpu0));
    }

    @Nested
    class FromXensView {
        @Test
        void aLostWakeupNamesTheBlockedVcpuWithInterruptsOn() {
            List<Snapshot> hung = series(20, i -> new SharedInfoPage().pending(3).selected(0, 3)).stream()
                    .map(s -> s.withXen(xen(0, true, true, List.of()))).toList();
            List<Finding> findings = run(FindingCode.EVTCHN_LOST_WAKEUP, hung);
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().contains("Xen: vCPU 0 is blocked with interrupts enabled at RIP 0x10a4a2"),
                    findings.get(0).message());
            List<Snapshot> running = series(20, i -> new SharedInfoPage().pending(3).selected(0, 3)).stream()
                    .map(s -> s.withXen(xen(0, false, true, List.of()))).toList();
            assertTrue(!run(FindingCode.EVTCHN_LOST_WAKEUP, running).get(0).message().contains("Xen:"),
                    "no cause claimed when Xen does not show it");
        }

        @Test
        void aVectorThatStaysInServiceIsNamed() {
            List<Snapshot> stuck = series(20, i -> new SharedInfoPage()).stream()
                    .map(s -> s.withXen(xen(0, true, true, List.of(0xf3)))).toList();
            List<Finding> findings = run(FindingCode.LAPIC_VECTOR_IN_SERVICE, stuck);
            assertEquals(1, findings.size());
            assertTrue(findings.get(0).message().startsWith("vector 0xf3 is in service in vCPU 0's local APIC"),
                    findings.get(0).message());
            List<Snapshot> eoid = series(20, i -> new SharedInfoPage()).stream()
                    .map(s -> s.withXen(xen(0, true, true, s.sequence() % 300 == 0 ? List.of(0xf3) : List.of()))).toList();
            assertTrue(run(FindingCode.LAPIC_VECTOR_IN_SERVICE, eoid).isEmpty(), "a vector EOI'd in time is not stuck");
            assertTrue(run(FindingCode.LAPIC_VECTOR_IN_SERVICE, series(20, i -> new SharedInfoPage())).isEmpty(),
                    "no Xen view, no finding");
        }

        @Test
        void aPortXenNotifiesOnAnotherVcpuThanTheModelSays() {
            List<Snapshot> wrong = series(1, i -> new SharedInfoPage()).stream().map(s -> s.withXen(xen(1, false, true,
                    List.of()))).toList();
            List<Finding> findings = run(FindingCode.PORT_VCPU_MISMATCH, wrong);
            assertEquals(1, findings.size());
            assertEquals(List.of(3), findings.get(0).ports());
            assertTrue(findings.get(0).message().contains("notified on vCPU 1 by Xen, but the guest's description says vCPU 0"),
                    findings.get(0).message());
            List<Snapshot> right = series(1, i -> new SharedInfoPage()).stream().map(s -> s.withXen(xen(0, false, true,
                    List.of()))).toList();
            assertTrue(run(FindingCode.PORT_VCPU_MISMATCH, right).isEmpty());
        }
    }

    @Test
    void theEngineRunsEveryRuleAndCodesAreStable() {
        assertEquals(Arrays.asList("EVTCHN_PENDING_MASKED", "EVTCHN_LOST_WAKEUP", "UPCALL_NOT_HANDLED",
                "GRANT_TABLE_EXHAUSTED", "RING_REQUESTS_UNANSWERED", "RING_EVENT_NOT_ARMED", "XENBUS_HANDSHAKE_STUCK",
                "XENSTORE_RING_STALLED", "LAPIC_VECTOR_IN_SERVICE", "PORT_VCPU_MISMATCH"), Arrays.stream(FindingCode.values()).map(Enum::name).toList());
        assertEquals(FindingCode.values().length, FindingsEngine.allRules().size());
        List<Snapshot> healthy = series(30, i -> new SharedInfoPage().maskAll().unmasked(3).pending(3 + i % 2 * 60),
                i -> {
                    List<MemoryRegion> parts = new ArrayList<>(List.of(Snapshots.grantsV1(1, 20),
                            Snapshots.ringHeader("vif0-tx", 10 + i, 11 + i, 10 + i, 11 + i),
                            Snapshots.frontRing("vif0-tx", 10 + i, 10 + i),
                            Snapshots.ringHeader("vif0-rx", 256 + i, 1, i, i + 1), Snapshots.xenstore(9, 9, 4, 4)));
                    parts.addAll(List.of(Snapshots.device("vif0", 4, 4)));
                    return parts.toArray(MemoryRegion[]::new);
                });
        assertEquals(List.of(), new FindingsEngine(DEFAULTS).evaluate(healthy), "a healthy guest has no findings");
    }

    @Test
    void thresholdsParseAndRejectNonsense() {
        assertEquals(Duration.ofMillis(2500), DEFAULTS.with("ring-unanswered", "2.5s").ringUnanswered());
        assertEquals(Duration.ofMillis(300), DEFAULTS.with("upcall", "300").upcallNotHandled());
        assertEquals(Duration.ofMillis(40), DEFAULTS.with("xenstore-ring", "40ms").xenstoreRing());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with("speed", "1s"));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with("upcall", "soon"));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with("grant-free", "-1"));
    }
}
