package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.xenguest.abi.XenstoreLayout;
import org.xenguest.abi.XsMessageType;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.XenstoreView;

/** The Xenstore view against a xenstore page served by the stub, changed while it is shown. */
class XenstoreViewTest {

    static final long XENSTORE = 0x40_0000L;

    static final GuestDescriptor GUEST = new GuestDescriptor("xenstore-guest", LiveViewsTest.SHARED_INFO, 1,
            LiveViewsTest.GUEST.ports(), null, List.of(), new GuestDescriptor.Xenstore(XENSTORE, 1), List.of());

    /** A xenstore page: the two rings as written so far, and the four indices. */
    static final class Page {
        final ByteBuffer bytes = ByteBuffer.allocate(XenstoreLayout.INTERFACE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int reqProd;
        int rspProd;
        int reqCons;
        int rspCons;

        Page() {
            bytes.putInt(XenstoreLayout.SERVER_FEATURES_OFFSET, XenstoreLayout.SERVER_FEATURE_RECONNECTION
                    | XenstoreLayout.SERVER_FEATURE_ERROR);
        }

        Page request(XsMessageType type, int reqId, String payload) {
            reqProd = write(XenstoreLayout.REQ_OFFSET, reqProd, type, reqId, payload);
            return this;
        }

        Page response(XsMessageType type, int reqId, String payload) {
            rspProd = write(XenstoreLayout.RSP_OFFSET, rspProd, type, reqId, payload);
            return this;
        }

        private int write(int ringOffset, int producer, XsMessageType type, int reqId, String payload) {
            byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer message = ByteBuffer.allocate(XenstoreLayout.SOCKMSG_SIZE + body.length)
                    .order(ByteOrder.LITTLE_ENDIAN).putInt(type.number()).putInt(reqId).putInt(0).putInt(body.length)
                    .put(body);
            for (byte b : message.array()) {
                bytes.put(ringOffset + (producer++ & XenstoreLayout.RING_SIZE - 1), b);
            }
            return producer;
        }

        byte[] bytes() {
            bytes.putInt(XenstoreLayout.REQ_CONS_OFFSET, reqCons).putInt(XenstoreLayout.REQ_PROD_OFFSET, reqProd)
                    .putInt(XenstoreLayout.RSP_CONS_OFFSET, rspCons).putInt(XenstoreLayout.RSP_PROD_OFFSET, rspProd);
            return bytes.array().clone();
        }
    }

    @Test
    void showsBothRingsWithTheirIndicesAndMessages() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        // the guest asked for its vif's state, xenstored consumed it and answered; the answer is unread
        Page store = new Page().request(XsMessageType.READ, 7, "device/vif/0/state\0")
                .response(XsMessageType.READ, 7, "4");
        store.reqCons = store.reqProd;
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
            stub.region(XENSTORE, store.bytes());
            LiveSession session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO, GUEST)
                    .withThresholds(RuleThresholds.instant()));
            LiveSessions.show(session);
            try {
                XenstoreView view = (XenstoreView) maximize(page, XenstoreView.ID);
                Table table = view.viewer().getTable();
                Ui.waitUntil(LiveViewsTest.WAIT, () -> table.getItemCount() == 2,
                        () -> "two rings: " + view.summaryText() + " / " + session.status().text());
                assertEquals("xenstore page at 0x400000, port 1, connection CONNECTED, server features reconnection"
                        + " + error reporting, error none", view.summaryText());
                assertEquals(List.of("request", "guest -> xenstored", "35", "35", "0 bytes", "-",
                        "XS_READ #7 \"device/vif/0/state\""), row(table, 0));
                assertEquals(List.of("response", "xenstored -> guest", "0", "17", "17 bytes", "XS_READ #7 \"4\"",
                        "XS_READ #7 \"4\""), row(table, 1));
                assertEquals(table.getForeground().getRGB(), table.getItem(0).getForeground(0).getRGB(),
                        "a ring with nothing outstanding is drawn in the default colour");
                assertEquals(view.palette().warning().getRGB(), table.getItem(1).getForeground(0).getRGB(),
                        "unread bytes are drawn in the warning colour");

                // the guest reads the answer and writes its own state; xenstored has not read it yet
                store.rspCons = store.rspProd;
                store.request(XsMessageType.WRITE, 8, "device/vif/0/state\0" + "4");
                stub.region(XENSTORE, store.bytes());
                Ui.waitUntil(LiveViewsTest.WAIT, () -> row(table, 0).get(3).equals("71"), () -> row(table, 0).toString());
                assertEquals(List.of("request", "guest -> xenstored", "35", "71", "36 bytes",
                        "XS_WRITE #8 \"device/vif/0/state\" \"4\"", "XS_WRITE #8 \"device/vif/0/state\" \"4\""),
                        row(table, 0));
                assertEquals(List.of("response", "xenstored -> guest", "17", "17", "0 bytes", "-",
                        "XS_READ #7 \"4\""), row(table, 1));
                assertEquals(view.palette().warning().getRGB(), table.getItem(0).getForeground(0).getRGB());
                Path shot = Ui.savePng(Ui.captureShell(page.getWorkbenchWindow().getShell()), "workbench-xenstore");
                assertTrue(Files.size(shot) > 10_000, shot + " is too small to show anything");

                // a corrupted page: more unread request bytes than the ring holds
                store.reqCons = store.reqProd - 2000;
                stub.region(XENSTORE, store.bytes());
                Ui.waitUntil(LiveViewsTest.WAIT, () -> row(table, 0).get(4).equals("2000 bytes (impossible)"),
                        () -> row(table, 0).toString());
                assertEquals(view.palette().finding().getRGB(), table.getItem(0).getForeground(0).getRGB());
                assertTrue(view.summaryText().endsWith("indices impossible (more unread bytes than the ring holds)"),
                        view.summaryText());
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

    @Test
    void withoutAXenstorePageTheViewSaysWhy() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
            LiveSession session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO,
                    LiveViewsTest.GUEST));
            LiveSessions.show(session);
            try {
                XenstoreView view = (XenstoreView) maximize(page, XenstoreView.ID);
                Ui.waitUntil(LiveViewsTest.WAIT, () -> !view.summaryText().isEmpty(), session.status()::text);
                assertEquals("No xenstore page: the guest descriptor does not locate it.", view.summaryText());
                assertEquals(0, view.viewer().getTable().getItemCount());
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

    static List<String> row(Table table, int index) {
        List<String> cells = new ArrayList<>();
        if (index >= table.getItemCount()) {
            return cells;
        }
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
