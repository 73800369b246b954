package org.xenguest.debug.ui.views;

import java.util.List;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.swt.graphics.Color;
import org.xenguest.debug.core.view.XenstoreMessages;
import org.xenguest.abi.XenstoreInterface;
import org.xenguest.abi.XenstoreLayout;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.snapshot.XenstoreState;

/**
 * The Xenstore view: the guest's xenstore page (xs_wire.h), one row per ring. The request ring
 * is written by the guest and read by xenstored, the response ring the other way round. Shows
 * each ring's consumer and producer indices, the bytes not consumed yet, those bytes as
 * messages, and the last message written (decoded from the ring where its header is found).
 */
public final class XenstoreView extends TableLiveView<XenstoreView.Row> {

    public static final String ID = "org.xenguest.debug.ui.views.xenstore";

    /**
     * One ring of the page.
     *
     * @param name        "request" or "response"
     * @param direction   who writes to whom
     * @param consumer    the consumer index
     * @param producer    the producer index
     * @param outstanding producer - consumer (bytes written, not consumed)
     * @param unread      the outstanding bytes as messages
     * @param last        the last message written, or a dash
     */
    public record Row(String name, String direction, long consumer, long producer, long outstanding,
            List<String> unread, String last) {

        public boolean impossible() {
            return outstanding > XenstoreLayout.RING_SIZE;
        }
    }

    @Override
    protected void createColumns(TableColumnLayout layout) {
        column(layout, "Ring", 9, Row::name);
        column(layout, "Direction", 17, Row::direction);
        column(layout, "cons", 6, row -> Long.toString(row.consumer()));
        column(layout, "prod", 6, row -> Long.toString(row.producer()));
        column(layout, "Outstanding", 12, row -> row.impossible() ? row.outstanding() + " bytes (impossible)"
                : row.outstanding() + " bytes");
        column(layout, "Unread messages", 25, row -> row.unread().isEmpty() ? "-" : String.join("; ", row.unread()));
        column(layout, "Last message", 25, Row::last);
    }

    @Override
    protected List<Row> rows(Snapshot snapshot) {
        if (snapshot.xenstore().isEmpty()) {
            return List.of();
        }
        XenstoreInterface page = snapshot.xenstore().get().page();
        byte[] requests = page.requestRing();
        byte[] responses = page.responseRing();
        return List.of(row("request", "guest -> xenstored", requests, page.reqCons(), page.reqProd()),
                row("response", "xenstored -> guest", responses, page.rspCons(), page.rspProd()));
    }

    private static Row row(String name, String direction, byte[] ring, long consumer, long producer) {
        long outstanding = producer - consumer & 0xFFFF_FFFFL;
        List<String> unread = outstanding > XenstoreLayout.RING_SIZE ? List.of()
                : XenstoreMessages.unread(ring, consumer, producer);
        return new Row(name, direction, consumer, producer, outstanding, unread,
                XenstoreMessages.lastMessage(ring, producer).orElse(producer == 0 ? "-" : "(not decodable)"));
    }

    @Override
    protected String summary(Snapshot snapshot) {
        if (snapshot.xenstore().isEmpty()) {
            return snapshot.descriptor().xenstore() == null
                    ? "No xenstore page: the guest descriptor does not locate it."
                    : "The xenstore page was not read.";
        }
        XenstoreState store = snapshot.xenstore().get();
        XenstoreInterface page = store.page();
        StringBuilder text = new StringBuilder("xenstore page at ").append(Addresses.format(store.address()));
        Integer port = snapshot.descriptor().xenstore() == null ? null : snapshot.descriptor().xenstore().port();
        if (port != null) {
            text.append(", port ").append(port);
        }
        text.append(", connection ").append(page.isReconnecting() ? "RECONNECT" : page.connection()
                == XenstoreLayout.CONNECTED ? "CONNECTED" : "unknown (" + page.connection() + ")");
        text.append(", server features ");
        List<String> features = new java.util.ArrayList<>();
        if (page.supportsReconnection()) {
            features.add("reconnection");
        }
        if (page.reportsErrors()) {
            features.add("error reporting");
        }
        text.append(features.isEmpty() ? "none" : String.join(" + ", features));
        text.append(", error ").append(errorName(page.error()));
        if (!page.isConsistent()) {
            text.append(": indices impossible (more unread bytes than the ring holds)");
        }
        return text.toString();
    }

    private static String errorName(long error) {
        return switch ((int) error) {
            case XenstoreLayout.ERROR_NONE -> "none";
            case XenstoreLayout.ERROR_COMM -> "COMM";
            case XenstoreLayout.ERROR_RINGIDX -> "RINGIDX";
            case XenstoreLayout.ERROR_PROTO -> "PROTO";
            default -> Long.toString(error);
        };
    }

    @Override
    protected Color rowColour(Row row) {
        if (row.impossible()) {
            return palette().finding();
        }
        return row.outstanding() > 0 ? palette().warning() : null;
    }
}
