package org.xenguest.debug.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingsEngine;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.format.SnapshotJson;
import org.xenguest.debug.core.format.SnapshotText;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.debug.core.tests.support.Snapshots;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The JSON contract of issue 5 and the 'e'-key text. */
class FormatTest {

    private static final GuestDescriptor GUEST = new GuestDescriptor("g", null, 2,
            List.of(new GuestDescriptor.Port(3, "netfront", "interdomain", null, 0)), null, List.of(), null, List.of());

    @Test
    void jsonHasTheContractFields() {
        Snapshot snapshot = Snapshots.at(0, GUEST, SharedInfoPage.reference());
        List<Finding> findings = new FindingsEngine(RuleThresholds.instant()).evaluate(List.of(snapshot));
        JsonObject json = SnapshotJson.toJson(snapshot, findings, null);

        JsonArray ports = json.getAsJsonArray("ports");
        assertEquals(5, ports.size(), "every port pending or masked: 3, 5, 7, 70, 4095");
        JsonObject port3 = ports.get(0).getAsJsonObject();
        assertEquals(3, port3.get("port").getAsInt());
        assertTrue(port3.get("pending").getAsBoolean());
        assertFalse(port3.get("masked").getAsBoolean());
        assertTrue(port3.get("selector").getAsBoolean());
        assertEquals("netfront", port3.get("name").getAsString());
        assertFalse(ports.get(1).getAsJsonObject().has("name"), "name only when known");

        JsonArray pendingWords = json.getAsJsonArray("pending_words");
        JsonArray maskWords = json.getAsJsonArray("mask_words");
        assertEquals(64, pendingWords.size());
        assertEquals(64, maskWords.size());
        assertEquals("0x0000000000000028", pendingWords.get(0).getAsString());
        assertEquals("0x0000000000000040", pendingWords.get(1).getAsString());
        assertEquals("0x8000000000000000", maskWords.get(63).getAsString());

        JsonArray vcpus = json.getAsJsonArray("vcpus");
        assertEquals(2, vcpus.size());
        JsonObject vcpu0 = vcpus.get(0).getAsJsonObject();
        assertEquals(0, vcpu0.get("id").getAsInt());
        assertEquals(1, vcpu0.get("upcall_pending").getAsInt());
        assertEquals(0, vcpu0.get("upcall_mask").getAsInt());
        assertEquals("0x0000000000000001", vcpu0.get("pending_sel").getAsString());
        assertEquals("0x8000000000000002", vcpus.get(1).getAsJsonObject().get("pending_sel").getAsString());

        JsonArray findingArray = json.getAsJsonArray("findings");
        assertFalse(findingArray.isEmpty());
        for (var element : findingArray) {
            JsonObject finding = element.getAsJsonObject();
            assertTrue(finding.has("code") && finding.has("message") && finding.has("explanation") && finding.has("fix"));
        }
        assertFalse(json.has("changed"));
    }

    @Test
    void jsonTellsWhatChanged() {
        Snapshot before = Snapshots.at(0, GUEST, SharedInfoPage.reference());
        Snapshot after = Snapshots.at(100, GUEST, SharedInfoPage.reference().clearPending(3));
        JsonObject changed = SnapshotJson.toJson(after, List.of(), after.diff(before)).getAsJsonObject("changed");
        assertEquals(3, changed.getAsJsonArray("pending").get(0).getAsInt());
        assertTrue(changed.getAsJsonArray("mask").isEmpty());
    }

    @Test
    void textShowsPortsLikeTheEKeyAndSummarizesMaskedOnlyPorts() {
        Snapshot before = Snapshots.at(0, GUEST, new SharedInfoPage().maskAll().pending(3).unmasked(3).selected(0, 3));
        Snapshot after = Snapshots.at(100, GUEST, new SharedInfoPage().maskAll().pending(3, 5).unmasked(3).selected(0, 3));
        String text = SnapshotText.render(after, List.of(), after.diff(before), false);
        assertTrue(text.contains("     3 [1/0/1]     0  netfront"), text);
        assertTrue(text.contains("     5 [1/1/1]     0  * pending"), text);
        // the one 'e'-style listing (PortListing, as the Event Channels view's list): short runs of plainly
        // masked ports port by port, longer runs on one line
        assertTrue(text.contains("\n       1 [0/1/1]     0\n"), text);
        assertTrue(text.contains("\n       4 [0/1/1]     0\n"), text);
        assertTrue(text.contains("       6..4095 [0/1/x]  masked (4090 ports)"), text);
        assertFalse(text.contains("       7 ["), text);
        assertTrue(text.contains("vCPU 1: upcall_pending=0"), text);
        assertTrue(text.contains("Findings\n  (none)"), text);
        assertFalse(text.contains("\u001b["), "no escapes unless asked");
        assertTrue(SnapshotText.render(after, List.of(), after.diff(before), true).contains("\u001b[1m"));
    }
}
