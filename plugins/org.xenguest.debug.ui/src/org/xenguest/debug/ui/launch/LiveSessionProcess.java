package org.xenguest.debug.ui.launch;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.ISuspendResume;
import org.eclipse.debug.core.model.IStreamsProxy;
import org.eclipse.core.runtime.PlatformObject;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.SessionState;

/**
 * A live session as the Debug view's entry: its label carries the session's state; terminate
 * disconnects; suspend and resume pause and resume polling. No OS process and no streams: the
 * standard debug model (threads, frames) does not fit a bitmap watcher.
 */
public final class LiveSessionProcess extends PlatformObject implements IProcess, ISuspendResume {

    private final ILaunch launch;
    private final LiveSession session;
    private final String name;
    private final Map<String, String> attributes = new HashMap<>();
    private volatile SessionState shownState;

    public LiveSessionProcess(ILaunch launch, LiveSession session, String name) {
        this.launch = launch;
        this.session = session;
        this.name = name;
        attributes.put(IProcess.ATTR_PROCESS_TYPE, "xenguest.live");
        shownState = session.status().state();
        session.addListener(changed -> {
            SessionState state = changed.status().state();
            if (state != shownState) {
                shownState = state;
                fire(state == SessionState.DISCONNECTED ? DebugEvent.TERMINATE : DebugEvent.CHANGE);
            }
        });
        fire(DebugEvent.CREATE);
    }

    private void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] { new DebugEvent(this, kind) });
        }
    }

    public LiveSession session() {
        return session;
    }

    @Override
    public String getLabel() {
        return name + " \u2013 " + session.name() + " [" + session.status().state().label() + "]";
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IStreamsProxy getStreamsProxy() {
        return null;
    }

    @Override
    public void setAttribute(String key, String value) {
        attributes.put(key, value);
    }

    @Override
    public String getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public int getExitValue() throws DebugException {
        if (!isTerminated()) {
            throw new DebugException(new Status(IStatus.ERROR, LiveLaunchDelegate.PLUGIN_ID, "still connected"));
        }
        return 0;
    }

    @Override
    public boolean canTerminate() {
        return !isTerminated();
    }

    @Override
    public boolean isTerminated() {
        return session.isDisconnected();
    }

    /** Disconnects; waits at most a few seconds for a read in flight (never on the UI thread: the Debug view calls it from a job). */
    @Override
    public void terminate() {
        session.disconnect();
    }

    @Override
    public boolean canResume() {
        return session.isPaused();
    }

    @Override
    public boolean canSuspend() {
        return !session.isPaused() && session.status().state().isActive();
    }

    @Override
    public boolean isSuspended() {
        return session.isPaused();
    }

    @Override
    public void resume() {
        CompletableFuture.runAsync(session::resume);
    }

    @Override
    public void suspend() {
        CompletableFuture.runAsync(session::pause);
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter.isInstance(this)) {
            return adapter.cast(this);
        }
        if (adapter == ILaunch.class) {
            return adapter.cast(launch);
        }
        return super.getAdapter(adapter);
    }
}
