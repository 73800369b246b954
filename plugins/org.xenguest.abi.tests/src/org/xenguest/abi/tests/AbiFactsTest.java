package org.xenguest.abi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.xenguest.abi.AbiFact;
import org.xenguest.abi.AbiFacts;
import org.xenguest.abi.EventChannels;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.abi.Hypercalls;
import org.xenguest.abi.RingLayout;
import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.abi.Virq;
import org.xenguest.abi.XenbusState;
import org.xenguest.abi.XsMessageType;

/** The fact table, its text form, the ring-size rule and the small lookups. */
class AbiFactsTest {

    @Test
    void factNamesAreUniqueAndTheTableIsLarge() {
        List<AbiFact> facts = AbiFacts.all();
        Set<String> names = new HashSet<>();
        for (AbiFact fact : facts) {
            assertTrue(names.add(fact.name()), "duplicate fact " + fact.name());
        }
        assertTrue(facts.size() >= 100, "only " + facts.size() + " facts");
        assertThrows(UnsupportedOperationException.class, () -> facts.add(facts.get(0)));
        assertEquals(SharedInfoLayout.EVTCHN_PENDING_OFFSET,
                AbiFacts.byName("shared_info.evtchn_pending").orElseThrow().value());
        assertEquals("offsetof(struct shared_info, evtchn_pending)",
                AbiFacts.byName("shared_info.evtchn_pending").orElseThrow().cExpression());
        assertTrue(AbiFacts.groups().containsAll(List.of("shared_info", "grant_table", "xenstore", "virq")));
        assertFalse(AbiFacts.group("hypercall").isEmpty());
    }

    @Test
    void onlyHypervisorInternalsAndCommentOnlyValuesLackACExpression() {
        Set<String> unchecked = AbiFacts.all().stream().filter(fact -> !fact.isCheckedAgainstHeaders())
                .map(AbiFact::name).collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (EventChannels.InternalState state : EventChannels.InternalState.values()) {
            expected.add(state.macroName());
        }
        expected.add("hypercall_page.entry_size");
        assertEquals(expected, unchecked);
        assertEquals(3, AbiFacts.byName("ECS_INTERDOMAIN").orElseThrow().value());
        assertEquals(2, AbiFacts.byName("EVTCHNSTAT_interdomain").orElseThrow().value());
    }

    @Test
    void formatTableAlignsEveryColumn() {
        String table = AbiFacts.formatTable();
        String[] lines = table.split("\n");
        List<AbiFact> facts = AbiFacts.all();
        assertEquals(facts.size() + 2, lines.length, "header, one line per fact, summary");

        String header = lines[0];
        assertTrue(header.startsWith("GROUP"), header);
        int nameColumn = header.indexOf("NAME");
        int decimalEnd = header.indexOf("DECIMAL") + "DECIMAL".length();
        int hexEnd = header.indexOf("HEX") + "HEX".length();
        int expressionColumn = header.indexOf("C EXPRESSION");
        for (int i = 0; i < facts.size(); i++) {
            AbiFact fact = facts.get(i);
            String line = lines[i + 1];
            assertTrue(line.startsWith(fact.group() + " "), line);
            assertEquals(fact.name(), line.substring(nameColumn, nameColumn + fact.name().length()), line);
            String decimal = Long.toString(fact.value());
            assertEquals(decimal, line.substring(decimalEnd - decimal.length(), decimalEnd), line);
            assertEquals(' ', line.charAt(decimalEnd - decimal.length() - 1), line);
            String expression = fact.isCheckedAgainstHeaders() ? fact.cExpression() : "(not in public headers)";
            assertEquals(expression, line.substring(expressionColumn), line);
            assertTrue(line.substring(hexEnd - 3, hexEnd).matches("[0-9a-f]{3}|x[0-9a-f]{2}|0x[0-9a-f]"), line);
            assertEquals(line.stripTrailing(), line, "trailing blanks");
        }
        assertTrue(lines[lines.length - 1].startsWith(facts.size() + " facts, "), lines[lines.length - 1]);
        assertTrue(table.contains("  0x7ff0  DOMID_SELF\n"), "DOMID_SELF in hex");
        assertTrue(table.contains("  -0x1  GNTST_general_error\n"), "negative values as -0x..");
    }

    // ---- ring size --------------------------------------------------------------------------------

    @Test
    void ringSizeFunctionGivesTheHeaderValues() {
        // The header values themselves are checked by AbiHeadersTest (__CONST_RING_SIZE facts).
        assertEquals(RingLayout.NETIF_TX_RING_SIZE, RingLayout.ringSize(4096, RingLayout.NETIF_TX_ENTRY_SIZE));
        assertEquals(RingLayout.NETIF_RX_RING_SIZE, RingLayout.ringSize(4096, RingLayout.NETIF_RX_ENTRY_SIZE));
        assertEquals(RingLayout.BLKIF_RING_SIZE, RingLayout.ringSize(4096, RingLayout.BLKIF_ENTRY_SIZE));
        assertEquals(RingLayout.NETIF_CTRL_RING_SIZE, RingLayout.ringSize(4096, RingLayout.NETIF_CTRL_ENTRY_SIZE));
        assertEquals(256, RingLayout.NETIF_TX_RING_SIZE);
        assertEquals(256, RingLayout.NETIF_RX_RING_SIZE);
        assertEquals(AbiFacts.byName("netif_tx.ring_size").orElseThrow().value(),
                RingLayout.ringSize(RingLayout.PAGE_SIZE, RingLayout.NETIF_TX_ENTRY_SIZE));
    }

    @Test
    void ringSizeRoundsDownToAPowerOfTwo() {
        for (int bytes = 64 + 1; bytes <= 70_000; bytes += 97) {
            for (int entry : new int[] {1, 4, 8, 12, 16, 112}) {
                if (bytes < 64 + entry) {
                    continue;
                }
                int fitting = (bytes - 64) / entry;
                int size = RingLayout.ringSize(bytes, entry);
                assertEquals(0, size & (size - 1), "power of two");
                assertTrue(size <= fitting && 2L * size > fitting, bytes + "/" + entry + " -> " + size);
            }
        }
        assertEquals(1, RingLayout.ringSize(64 + 12, 12));
        assertThrows(IllegalArgumentException.class, () -> RingLayout.ringSize(64 + 11, 12));
        assertThrows(IllegalArgumentException.class, () -> RingLayout.ringSize(4096, 0));
    }

    // ---- lookups ------------------------------------------------------------------------------------

    @Test
    void virqsAreFoundByDslNameAliasOrCName() {
        assertEquals(Optional.of(Virq.TIMER), Virq.byName("timer"));
        assertEquals(Optional.of(Virq.DOM_EXC), Virq.byName("dom_exc"));
        assertEquals(Optional.of(Virq.DEBUG), Virq.byName("VIRQ_DEBUG"));
        assertEquals(Optional.of(Virq.MEM_EVENT), Virq.byName("vm_event"));
        assertEquals(Optional.of(Virq.MEM_EVENT), Virq.byName("mem_event"));
        assertTrue(Virq.byName("Timer").isEmpty());
        assertTrue(Virq.byName("nope").isEmpty());
        assertTrue(Virq.byName(null).isEmpty());
        assertTrue(Virq.byNumber(5).isEmpty(), "5 is unassigned in xen.h");
        assertEquals(Optional.of(Virq.XENPMU), Virq.byNumber(13));
        assertTrue(Virq.TIMER.isPerVcpu());
        assertFalse(Virq.CONSOLE.isPerVcpu());
        List<String> names = Virq.dslNames();
        assertEquals(Virq.values().length, new HashSet<>(names).size());
        for (String name : names) {
            assertTrue(name.matches("[a-z][a-z0-9_]*"), name);
        }
        for (Virq virq : Virq.values()) {
            assertTrue(virq.number() < Virq.NR_VIRQS);
        }
    }

    @Test
    void xenbusStatesParseFromXenstoreValues() {
        assertEquals(Optional.of(XenbusState.CONNECTED), XenbusState.parse("4"));
        assertEquals(Optional.of(XenbusState.CLOSED), XenbusState.parse(" 6\n"));
        assertEquals(Optional.of(XenbusState.INIT_WAIT), XenbusState.parse("2\0"));
        assertTrue(XenbusState.parse("9").isEmpty());
        assertTrue(XenbusState.parse("-1").isEmpty());
        assertTrue(XenbusState.parse("Connected").isEmpty());
        assertTrue(XenbusState.parse("").isEmpty());
        assertTrue(XenbusState.parse(null).isEmpty());
        assertEquals("XenbusStateInitWait", XenbusState.INIT_WAIT.cName());
        assertEquals("8", XenbusState.RECONFIGURED.xenstoreValue());
    }

    @Test
    void eventChannelPortArithmetic() {
        assertEquals(4096, EventChannels.NR_CHANNELS_2L);
        assertEquals(64, EventChannels.WORDS_2L);
        assertEquals(4095, EventChannels.USABLE_PORTS_2L);
        assertEquals(63, EventChannels.wordIndex(4095));
        assertEquals(63, EventChannels.bitIndex(4095));
        assertEquals(1, EventChannels.wordIndex(70));
        assertEquals(6, EventChannels.bitIndex(70));
        assertFalse(EventChannels.isValidPort2L(0));
        assertTrue(EventChannels.isValidPort2L(1));
        assertTrue(EventChannels.isValidPort2L(4095));
        assertFalse(EventChannels.isValidPort2L(4096));
        assertThrows(IllegalArgumentException.class, () -> EventChannels.wordIndex(4096));

        // the 'e' debug key's numbering is shifted against EVTCHNOP_status
        assertEquals(EventChannels.Status.UNBOUND, EventChannels.InternalState.UNBOUND.publicStatus());
        assertNotEquals(EventChannels.Status.UNBOUND.number(), EventChannels.InternalState.UNBOUND.number());
        assertEquals(EventChannels.Status.CLOSED, EventChannels.InternalState.RESERVED.publicStatus());
        assertEquals(Optional.of(EventChannels.InternalState.IPI), EventChannels.InternalState.byNumber(6));
        assertEquals(Optional.of(EventChannels.Status.IPI), EventChannels.Status.byNumber(5));
    }

    @Test
    void grantBudgetAndCallbackHelpers() {
        assertEquals(504, GrantTableLayout.usableEntries(1, 1));
        assertEquals(2040, GrantTableLayout.usableEntries(4, 1));
        assertEquals(248, GrantTableLayout.usableEntries(1, 2));
        assertThrows(IllegalArgumentException.class, () -> GrantTableLayout.usableEntries(0, 1));
        assertThrows(IllegalArgumentException.class, () -> GrantTableLayout.entriesPerFrame(3));

        assertEquals(0x0200_0000_0000_00F3L, Hypercalls.callbackIrqForVector(0xF3));
        assertThrows(IllegalArgumentException.class, () -> Hypercalls.callbackIrqForVector(0x0E));
        assertEquals("-D__XEN_INTERFACE_VERSION__=0x00040e00", Hypercalls.interfaceVersionDefine());

        assertTrue(XsMessageType.byNumber(20).isEmpty(), "20 was XS_RESTRICT, removed");
        assertEquals(Optional.of(XsMessageType.INVALID), XsMessageType.byNumber(0xFFFF));
        assertEquals("XS_TRANSACTION_START", XsMessageType.TRANSACTION_START.cName());
    }
}
