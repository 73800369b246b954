package org.xenguest.debug.ui.launch;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.probe.ProbeSource;
import org.xenguest.debug.core.session.SnapshotSource;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.xen.XenDomain;

/**
 * A domain read through a dom0 probe, connecting lazily: the first {@link #next()} (on the
 * session's thread, never the UI's) opens the probe, finds the domain by name or id and attaches;
 * a failure closes the connection and the next poll tries again, so a launch may start before
 * the host or the domain is up, and a domain that is destroyed and created again (a new id, the
 * same name) is found again.
 */
public final class ProbeConnection implements SnapshotSource {

    private final ProbeTarget target;
    private final String domain;
    private final DescriptorSource descriptors;
    private final Duration timeout;
    private ProbeSource source;
    private volatile boolean closed;

    /**
     * @param domain     a domain name, or its id in decimal
     * @param descriptors the guest's description, read before each snapshot (a model's debug info
     *                    block), or null: ports named from Xen's bindings and xenstore
     */
    public ProbeConnection(ProbeTarget target, String domain, DescriptorSource descriptors, Duration timeout) {
        this.target = target;
        this.domain = domain.strip();
        this.descriptors = descriptors;
        this.timeout = timeout;
    }

    @Override
    public synchronized Optional<Snapshot> next() throws IOException {
        if (closed) {
            throw new IOException("disconnected");
        }
        if (source == null) {
            ProbeClient client = target.open(timeout);
            try {
                source = ProbeSource.attachDescribedBy(client, resolve(client, domain), descriptors);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
        }
        try {
            return source.next();
        } catch (org.xenguest.debug.core.snapshot.GuestNotReadyException e) {
            throw e; // attached; the guest has not placed shared_info yet
        } catch (IOException | RuntimeException e) {
            source.close();
            source = null; // the domain may have died: look it up again on the next poll
            throw e;
        }
    }

    /** The domain id of {@code domain} (a name, or an id in decimal) on the client's host. */
    public static int resolve(ProbeClient client, String domain) throws IOException {
        if (domain.matches("\\d+")) {
            return Integer.parseInt(domain);
        }
        List<XenDomain> domains = client.domains();
        return domains.stream().filter(d -> d.name().equals(domain)).findFirst().map(XenDomain::id)
                .orElseThrow(() -> new IOException("no domain " + domain + " on " + client.target() + "; it has: "
                        + String.join(", ", domains.stream().map(d -> d.name() + " (" + d.id() + ")").toList())));
    }

    @Override
    public String describe() {
        return "domain " + domain + " through the dom0 probe of " + target.describe();
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        ProbeSource open;
        synchronized (this) {
            open = source;
            source = null;
        }
        if (open != null) {
            open.close();
        }
    }
}
