package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.GrantTableView;
import org.xenguest.debug.ui.views.RingsView;

/** The Grant Table and Rings views against grant frames and ring pages served by the stub. */
class StructuresViewsTest {

    static final long GRANTS = 0x20_0000L;
    static final long TX_RING = 0x30_0000L;
    static final long RX_RING = 0x30_1000L;

    static final GuestDescriptor GUEST = new GuestDescriptor("netfront-guest", LiveViewsTest.SHARED_INFO, 1,
            LiveViewsTest.GUEST.ports(), new GuestDescriptor.GrantTable(GRANTS, 1, 1),
            List.of(new GuestDescriptor.Ring("vif0-tx", TX_RING, null, 256, GuestDescriptor.RingKind.REQUEST_RESPONSE, 3),
                    new GuestDescriptor.Ring("vif0-rx", RX_RING, null, 256, GuestDescriptor.RingKind.BUFFER_POSTING, 4)),
            null, List.of());

    private static byte[] grantFrame(int usedFrom, int usedTo) {
        ByteBuffer frame = ByteBuffer.allocate(GrantTableLayout.FRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int ref = usedFrom; ref < usedTo; ref++) {
            int flags = GrantTableLayout.GTF_PERMIT_ACCESS | (ref == 9 ? GrantTableLayout.GTF_READONLY
                    | GrantTableLayout.GTF_READING : 0);
            frame.putShort(ref * 8, (short) flags).putShort(ref * 8 + 2, (short) 0).putInt(ref * 8 + 4, 0x4000 + ref);
        }
        return frame.array();
    }

    private static byte[] ring(int reqProd, int reqEvent, int rspProd, int rspEvent) {
        return ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN).putInt(reqProd).putInt(reqEvent)
                .putInt(rspProd).putInt(rspEvent).array();
    }

    @Test
    void grantsAndRingsFollowTheGuestsMemory() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
            stub.region(GRANTS, grantFrame(8, 13));
            stub.region(TX_RING, ring(10, 11, 7, 8));
            stub.region(RX_RING, ring(256, 1, 0, 1));
            LiveSession session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO, GUEST)
                    .withThresholds(RuleThresholds.instant()));
            LiveSessions.show(session);
            try {
                GrantTableView grants = (GrantTableView) maximize(page, GrantTableView.ID);
                Table grantTable = grants.viewer().getTable();
                Ui.waitUntil(LiveViewsTest.WAIT, () -> grantTable.getItemCount() == 5,
                        () -> "5 grants in use: " + grants.summaryText() + " / " + session.status().text());
                assertEquals("v1, 1 frame: 5 of 504 usable entries in use (0%), 499 free", grants.summaryText());
                assertEquals("9", grantTable.getItem(1).getText(0));
                assertEquals("permit_access readonly reading  (0x000d)", grantTable.getItem(1).getText(1));
                assertEquals("dom0", grantTable.getItem(1).getText(2));
                assertEquals("0x4009", grantTable.getItem(1).getText(3));
                assertEquals(grants.palette().good().getRGB(), grantTable.getItem(1).getForeground(0).getRGB());
                Ui.savePng(Ui.captureShell(page.getWorkbenchWindow().getShell()), "workbench-grant-table");

                // the guest runs out of grants: every usable entry in use
                stub.region(GRANTS, grantFrame(8, 512));
                Ui.waitUntil(LiveViewsTest.WAIT, () -> grantTable.getItemCount() == 504, grants::summaryText);
                assertTrue(grants.summaryText().contains("504 of 504 usable entries in use (100%), 0 free"),
                        grants.summaryText());
                Ui.waitUntil(LiveViewsTest.WAIT, () -> session.findings().stream()
                        .anyMatch(f -> f.code().name().equals("GRANT_TABLE_EXHAUSTED")), () -> session.findings().toString());

                RingsView rings = (RingsView) maximize(page, RingsView.ID);
                Table ringTable = rings.viewer().getTable();
                Ui.waitUntil("two rings", LiveViewsTest.WAIT, () -> ringTable.getItemCount() == 2);
                assertEquals("2 of 2 rings read", rings.summaryText());
                assertEquals(List.of("vif0-tx", "10", "11", "7", "8", "?", "3 / 256", "armed", "3"), row(ringTable, 0));
                assertEquals(ringTable.getForeground().getRGB(), ringTable.getItem(0).getForeground(0).getRGB(),
                        "an armed ring is drawn in the default colour");
                // the frontend consumed responses and did not re-arm rsp_event
                stub.region(TX_RING, ring(10, 11, 7, 7));
                Ui.waitUntil(LiveViewsTest.WAIT, () -> ringTable.getItem(0).getText(7).equals("NOT armed"),
                        () -> row(ringTable, 0).toString());
                assertEquals(rings.palette().warning().getRGB(), ringTable.getItem(0).getForeground(0).getRGB());
                Ui.savePng(Ui.captureShell(page.getWorkbenchWindow().getShell()), "workbench-rings");
            } finally {
                CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
                Ui.waitUntil("disconnect", LiveViewsTest.WAIT, done::isDone);
                LiveSessions.show(null);
                for (var reference : page.getViewReferences()) {
                    page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
                }
            }
        }
    }

    private static List<String> row(Table table, int index) {
        List<String> cells = new java.util.ArrayList<>();
        for (int column = 0; column < table.getColumnCount(); column++) {
            cells.add(table.getItem(index).getText(column));
        }
        return cells;
    }

    private static IViewPart maximize(IWorkbenchPage page, String id) throws Exception {
        IViewPart part = page.showView(id);
        page.setPartState(page.getReference(part), IWorkbenchPage.STATE_MAXIMIZED);
        Ui.pump(Duration.ofMillis(300));
        return part;
    }
}
