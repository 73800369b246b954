package org.xenguest.debug.ui.launch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.xen.XenDomain;

/**
 * Lists a host's domains through its dom0 probe off the caller's thread (the tab's Refresh, never
 * on the UI thread), every wait bounded: the probe's connect and reply by {@code timeout}, the
 * whole fetch by twice that and a second, after which the future fails with a sentence saying so
 * even if a read still hangs. No SWT.
 */
public final class DomainLister {

    private static final Executor THREADS = command -> {
        Thread thread = new Thread(command, "xenguest probe domains");
        thread.setDaemon(true);
        thread.start();
    };

    private DomainLister() {
    }

    /** The domains {@code target}'s probe lists, or a failure whose message says why there are none. */
    public static CompletableFuture<List<XenDomain>> fetch(ProbeTarget target, Duration timeout) {
        long limitMillis = timeout.toMillis() * 2 + 1000;
        return CompletableFuture.supplyAsync(() -> {
            try (ProbeClient client = target.open(timeout)) {
                return client.domains();
            } catch (java.io.IOException e) {
                throw new CompletionException(e);
            }
        }, THREADS).orTimeout(limitMillis, TimeUnit.MILLISECONDS);
    }

    /** The sentence a failed fetch shows: what went wrong, where. */
    public static String describe(Throwable failure, ProbeTarget target) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return "the dom0 probe of " + target.describe() + " did not answer in time";
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return "cannot list the domains of " + target.describe() + ": " + message;
    }
}
