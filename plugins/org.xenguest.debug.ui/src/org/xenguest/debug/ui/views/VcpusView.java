package org.xenguest.debug.ui.views;

import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.ui.live.LiveSession;

/** The vCPUs view: each vCPU's upcall flags and evtchn_pending_sel, bit by bit. */
public final class VcpusView extends LiveView {

    public static final String ID = "org.xenguest.debug.ui.views.vcpus";

    private VcpuBitsCanvas bits;

    @Override
    protected void createContent(Composite parent) {
        bits = new VcpuBitsCanvas(parent);
    }

    @Override
    protected void sessionReplaced() {
        bits.update(null, null);
    }

    @Override
    protected void refresh(LiveSession session) {
        Session.Update update = session == null ? null : session.latest();
        if (update != null) {
            bits.update(update.snapshot(), update.diff());
        }
    }

    @Override
    protected void paletteChanged(Palette now) {
        bits.setPalette(now);
    }

    public VcpuBitsCanvas bits() {
        return bits;
    }
}
