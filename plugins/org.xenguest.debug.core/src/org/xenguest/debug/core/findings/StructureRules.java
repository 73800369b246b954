package org.xenguest.debug.core.findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.xenguest.abi.XenbusState;
import org.xenguest.abi.XenstoreInterface;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.snapshot.DeviceState;
import org.xenguest.debug.core.snapshot.GrantTableState;
import org.xenguest.debug.core.snapshot.RingState;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.XenstoreState;

/** The rules on the structures the guest descriptor locates: grants, rings, xenstore, devices. */
final class StructureRules {

    private StructureRules() {
    }

    private static Optional<RingState> ring(Snapshot snapshot, String name) {
        return snapshot.rings().stream().filter(ring -> ring.name().equals(name)).findFirst();
    }

    private static List<Integer> portOf(RingState ring) {
        return ring.ring().port() == null ? List.of() : List.of(ring.ring().port());
    }

    /** {@link FindingCode#GRANT_TABLE_EXHAUSTED}: no (or too few) free entries. */
    static final class GrantExhausted implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.GRANT_TABLE_EXHAUSTED;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            Optional<GrantTableState> table = context.latest().grantTable();
            if (table.isEmpty()) {
                return List.of();
            }
            GrantTableState grants = table.get();
            int free = grants.freeEntries();
            if (free > context.thresholds().grantFreeEntries()) {
                return List.of();
            }
            RuleContext.Held held = context.held(s -> s.grantTable().map(GrantTableState::freeEntries)
                    .map(n -> n <= context.thresholds().grantFreeEntries()).orElse(false));
            return List.of(new Finding(code(), List.of(), List.of("grant table"),
                    "grant table: " + free + " of " + grants.usableEntries() + " usable entries free (" + grants.frames()
                            + (grants.frames() == 1 ? " frame" : " frames") + ", v" + grants.version() + ")",
                    held.nanos(), held.snapshots()));
        }
    }

    /** {@link FindingCode#RING_REQUESTS_UNANSWERED}: a request/response ring frozen with requests in flight. */
    static final class RingUnanswered implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.RING_REQUESTS_UNANSWERED;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            List<Finding> findings = new ArrayList<>();
            for (RingState ring : context.latest().rings()) {
                if (ring.ring().kind() != GuestDescriptor.RingKind.REQUEST_RESPONSE || ring.unansweredRequests() == 0) {
                    continue;
                }
                RuleContext.Held held = context.held(s -> ring(s, ring.name())
                        .map(r -> r.header().equals(ring.header()) && r.unansweredRequests() > 0).orElse(false));
                if (held.atLeast(context.thresholds().ringUnanswered())) {
                    findings.add(new Finding(code(), portOf(ring), List.of("ring " + ring.name()),
                            "ring " + ring.name() + ": " + ring.unansweredRequests() + " requests unanswered (req_prod "
                                    + ring.header().reqProd() + ", rsp_prod " + ring.header().rspProd()
                                    + "), indices unchanged " + held.describe(),
                            held.nanos(), held.snapshots()));
                }
            }
            return findings;
        }
    }

    /** {@link FindingCode#RING_EVENT_NOT_ARMED}: requests outstanding and rsp_event <= rsp_cons. */
    static final class RingEventNotArmed implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.RING_EVENT_NOT_ARMED;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            List<Finding> findings = new ArrayList<>();
            for (RingState ring : context.latest().rings()) {
                if (!isUnarmed(ring)) {
                    continue;
                }
                RuleContext.Held held = context.held(s -> ring(s, ring.name())
                        .map(r -> isUnarmed(r) && r.header().equals(ring.header())
                                && Objects.equals(r.rspConsumer(), ring.rspConsumer()))
                        .orElse(false));
                if (held.atLeast(context.thresholds().ringEventNotArmed())) {
                    String consumer = ring.rspConsumer() != null ? "rsp_cons " + ring.rspConsumer()
                            : "rsp_cons unknown, taken as rsp_prod " + ring.header().rspProd();
                    findings.add(new Finding(code(), portOf(ring), List.of("ring " + ring.name()),
                            "ring " + ring.name() + ": " + ring.header().outstandingRequests(ring.effectiveRspConsumer())
                                    + " requests outstanding but rsp_event " + ring.header().rspEvent()
                                    + " is not ahead of the consumer (" + consumer + ") " + held.describe(),
                            held.nanos(), held.snapshots()));
                }
            }
            return findings;
        }

        private static boolean isUnarmed(RingState ring) {
            return ring.header().outstandingRequests(ring.effectiveRspConsumer()) > 0 && !ring.responseEventArmed();
        }
    }

    /** {@link FindingCode#XENBUS_HANDSHAKE_STUCK}: a device's states frozen short of Connected/Closed. */
    static final class XenbusHandshakeStuck implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.XENBUS_HANDSHAKE_STUCK;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            List<Finding> findings = new ArrayList<>();
            for (DeviceState device : context.latest().devices()) {
                if (isSettled(device)) {
                    continue;
                }
                RuleContext.Held held = context.held(s -> s.devices().stream()
                        .anyMatch(d -> d.equals(device)));
                if (held.atLeast(context.thresholds().xenbusHandshake())) {
                    findings.add(new Finding(code(), List.of(), List.of("device " + device.name()),
                            "device " + device.name() + ": frontend " + DeviceState.label(device.frontendState())
                                    + ", backend " + DeviceState.label(device.backendState()) + ", unchanged "
                                    + held.describe(),
                            held.nanos(), held.snapshots()));
                }
            }
            return findings;
        }

        /** Every known end Connected or Closed (an unknown number is never settled). */
        private static boolean isSettled(DeviceState device) {
            return settled(device.frontendState()) && settled(device.backendState());
        }

        private static boolean settled(Long raw) {
            if (raw == null) {
                return true;
            }
            Optional<XenbusState> state = XenbusState.byNumber(raw);
            return state.isPresent() && (state.get() == XenbusState.CONNECTED || state.get() == XenbusState.CLOSED);
        }
    }

    /** {@link FindingCode#XENSTORE_RING_STALLED}: unread bytes in the xenstore ring, not moving. */
    static final class XenstoreRingStalled implements Rule {
        @Override
        public FindingCode code() {
            return FindingCode.XENSTORE_RING_STALLED;
        }

        @Override
        public List<Finding> evaluate(RuleContext context) {
            Optional<XenstoreState> store = context.latest().xenstore();
            if (store.isEmpty()) {
                return List.of();
            }
            XenstoreInterface page = store.get().page();
            if (page.pendingRequestBytes() == 0 && page.pendingResponseBytes() == 0) {
                return List.of();
            }
            RuleContext.Held held = context.held(s -> s.xenstore().map(x -> sameIndices(x.page(), page)).orElse(false));
            if (!held.atLeast(context.thresholds().xenstoreRing())) {
                return List.of();
            }
            List<String> parts = new ArrayList<>();
            if (page.pendingRequestBytes() > 0) {
                parts.add(page.pendingRequestBytes() + " request bytes not consumed by xenstored (req_cons "
                        + page.reqCons() + ", req_prod " + page.reqProd() + ")");
            }
            if (page.pendingResponseBytes() > 0) {
                parts.add(page.pendingResponseBytes() + " response bytes not read by the guest (rsp_cons "
                        + page.rspCons() + ", rsp_prod " + page.rspProd() + ")");
            }
            Integer port = context.latest().descriptor().xenstore() == null ? null
                    : context.latest().descriptor().xenstore().port();
            return List.of(new Finding(code(), port == null ? List.of() : List.of(port), List.of("xenstore"),
                    "xenstore ring: " + String.join("; ", parts) + ", unchanged " + held.describe(), held.nanos(),
                    held.snapshots()));
        }

        private static boolean sameIndices(XenstoreInterface a, XenstoreInterface b) {
            return a.reqCons() == b.reqCons() && a.reqProd() == b.reqProd() && a.rspCons() == b.rspCons()
                    && a.rspProd() == b.rspProd();
        }
    }
}
