package org.xenguest.debug.ui.tests;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.xenguest.tests.support.ui.Ui;

/** Ending the launches a test started: off the UI thread (terminating waits for a read in flight), bounded. */
final class Launches {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Launches() {
    }

    /** Terminates {@code launch} and waits until it has ended and terminate has returned. */
    static void terminate(ILaunch launch) {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                launch.terminate();
            } catch (CoreException e) {
                throw new IllegalStateException(e);
            }
        });
        Ui.waitUntil("the launch to end", WAIT, launch::isTerminated);
        Ui.waitUntil("terminate to return", WAIT, done::isDone);
    }

    /** Terminates {@code launch} if it still runs, and removes it from the Debug view; null: nothing. */
    static void endAndRemove(ILaunch launch) {
        if (launch == null) {
            return;
        }
        if (!launch.isTerminated()) {
            terminate(launch);
        }
        DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
    }
}
