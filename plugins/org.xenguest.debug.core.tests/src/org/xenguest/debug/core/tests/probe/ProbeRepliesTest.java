package org.xenguest.debug.core.tests.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.probe.ProbeReplies;
import org.xenguest.debug.core.probe.ProbeReplyException;

/** The reply format of docs/probe-protocol.md, read strictly: what does not fit is an error that shows the reply. */
class ProbeRepliesTest {

    @Test
    void recordsAndFields() {
        List<ProbeReplies.Fields> records = ProbeReplies.records("id=5,name=6775657374,irr=f3:30;next=7");
        assertEquals(2, records.size());
        ProbeReplies.Fields first = records.get(0);
        assertEquals(5, first.hexInt("id"));
        assertEquals("guest", first.hexText("name"));
        assertEquals(List.of(0xf3, 0x30), first.vectors("irr"));
        assertEquals(7L, records.get(1).hex("next"));
        assertEquals(List.of(), ProbeReplies.records(""));
        assertEquals(List.of(), ProbeReplies.record("isr=").vectors("isr"));
        assertEquals(-1L, ProbeReplies.record("x=ffffffffffffffff").hex("x"), "unsigned 64-bit");
    }

    @Test
    void whatDoesNotFitIsAnError() {
        for (String bad : List.of("id", "=5", "id=5,,x=1", "id=zz", "id=11111111111111111")) {
            ProbeReplyException e = assertThrows(ProbeReplyException.class,
                    () -> ProbeReplies.record(bad).hex("id"), bad);
            assertTrue(e.getMessage().contains("malformed reply from the dom0 probe"), e.getMessage());
        }
        assertThrows(ProbeReplyException.class, () -> ProbeReplies.record("name=abc").hexText("name"));
        assertThrows(ProbeReplyException.class, () -> ProbeReplies.record("irr=100").vectors("irr"));
        assertThrows(ProbeReplyException.class, () -> ProbeReplies.record("if=2").flag("if"));
        assertThrows(ProbeReplyException.class, () -> ProbeReplies.record("a=1;b=2"));
        assertThrows(ProbeReplyException.class, () -> ProbeReplies.record("a=1").text("b"));
    }
}
