package org.xenguest.debug.ui.views;

import java.util.List;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.swt.graphics.Color;
import org.xenguest.debug.core.snapshot.RingState;
import org.xenguest.debug.core.snapshot.Snapshot;

/**
 * The Rings view: each shared ring the descriptor names (netfront TX/RX, blkfront...) with its
 * producer and consumer indices, outstanding requests and event thresholds.
 */
public final class RingsView extends TableLiveView<RingState> {

    public static final String ID = "org.xenguest.debug.ui.views.rings";

    @Override
    protected void createColumns(TableColumnLayout layout) {
        column(layout, "Ring", 16, RingState::name);
        column(layout, "req_prod", 9, ring -> Long.toString(ring.header().reqProd()));
        column(layout, "req_event", 9, ring -> Long.toString(ring.header().reqEvent()));
        column(layout, "rsp_prod", 9, ring -> Long.toString(ring.header().rspProd()));
        column(layout, "rsp_event", 9, ring -> Long.toString(ring.header().rspEvent()));
        column(layout, "rsp_cons", 9, ring -> ring.rspConsumer() == null ? "?" : Long.toString(ring.rspConsumer()));
        column(layout, "Unanswered", 9, ring -> ring.unansweredRequests() + " / " + ring.ring().size());
        column(layout, "Response event", 14, ring -> ring.isInconsistent() ? "indices impossible"
                : ring.responseEventArmed() ? "armed" : "NOT armed");
        column(layout, "Port", 6, ring -> ring.ring().port() == null ? "" : Integer.toString(ring.ring().port()));
    }

    @Override
    protected List<RingState> rows(Snapshot snapshot) {
        return snapshot.rings();
    }

    @Override
    protected String summary(Snapshot snapshot) {
        if (snapshot.descriptor().rings().isEmpty()) {
            return "No rings: the guest descriptor names none.";
        }
        return snapshot.rings().size() + " of " + snapshot.descriptor().rings().size() + " rings read";
    }

    @Override
    protected Color rowColour(RingState ring) {
        if (ring.isInconsistent()) {
            return palette().finding();
        }
        return ring.unansweredRequests() > 0 && !ring.responseEventArmed() ? palette().warning() : null;
    }
}
