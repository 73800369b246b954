package org.xenguest.debug.ui.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.session.SessionSettings;

/**
 * The attributes of a "Xen Domain (dom0 probe)" launch configuration, and their reading into a
 * {@link ProbeLaunch}. No SWT: the tab validates with the same code the delegate launches with.
 */
public final class ProbeLaunchAttributes {

    public static final String TYPE_ID = "org.xenguest.debug.ui.probeDomain";
    private static final String PREFIX = "org.xenguest.debug.ui.probe.";
    /** true (the default): the probe of the local {@code xenguest host}; false: {@link #ADDRESS} */
    public static final String LOCAL_HOST = PREFIX + "localHost";
    /** host:port of a dom0 probe (loopback TCP, e.g. through an ssh tunnel) */
    public static final String ADDRESS = PREFIX + "address";
    /** the domain: its name, or its id in decimal */
    public static final String DOMAIN = PREFIX + "domain";
    /** optional: a guest descriptor JSON file; empty: ports named from Xen's bindings and xenstore */
    public static final String DESCRIPTOR = PREFIX + "descriptor";
    public static final String POLL_HZ = PREFIX + "pollHz";
    public static final String RECORD_FILE = PREFIX + "recordFile";

    public static final String DEFAULT_ADDRESS = "127.0.0.1:5555";
    public static final int DEFAULT_POLL_HZ = 10;
    /** Every connect and reply of the probe is bounded by this. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private ProbeLaunchAttributes() {
    }

    /** What a configuration asks for: where the probe is, which domain, and the session's settings. */
    public record ProbeLaunch(ProbeTarget target, String domain, GuestDescriptor descriptor, SessionSettings settings) {

        /** The snapshot source of this launch: connects on the session's thread. */
        public ProbeConnection connection() {
            return new ProbeConnection(target, domain, descriptor, PROBE_TIMEOUT);
        }

        /** e.g. {@code refguest on the local xenguest host} */
        public String label() {
            return domain + " on " + target.describe();
        }
    }

    public static ProbeLaunch read(ILaunchConfiguration configuration) throws CoreException {
        return read(configuration.getAttribute(LOCAL_HOST, true), configuration.getAttribute(ADDRESS, DEFAULT_ADDRESS),
                configuration.getAttribute(DOMAIN, ""), configuration.getAttribute(DESCRIPTOR, ""),
                configuration.getAttribute(POLL_HZ, DEFAULT_POLL_HZ), configuration.getAttribute(RECORD_FILE, ""));
    }

    /**
     * The same from the fields' text. Reads the descriptor file (local), never the network.
     *
     * @throws IllegalArgumentException with a sentence naming the field and what it accepts
     */
    public static ProbeLaunch read(boolean localHost, String address, String domain, String descriptorFile,
            int pollHz, String recordFile) {
        ProbeTarget target = ProbeTarget.of(localHost, address);
        String name = domain.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Domain: give its name or id (pick one from the host's domains)");
        }
        if (pollHz < 1 || pollHz > 100) {
            throw new IllegalArgumentException("Poll rate must be 1..100 snapshots per second, was " + pollHz);
        }
        GuestDescriptor descriptor = null;
        if (!descriptorFile.isBlank()) {
            Path file = Path.of(descriptorFile.strip());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("Guest descriptor: no such file " + file);
            }
            if (file.getFileName().toString().endsWith(".xenguest")) {
                throw new IllegalArgumentException("Guest descriptor: a .xenguest model does not go with the dom0 probe"
                        + " yet; leave it empty (ports are named from Xen's bindings and xenstore) or give a JSON guest"
                        + " descriptor");
            }
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("Guest descriptor " + file + ": " + e.getMessage());
            }
            if (GuestManifest.isManifest(text)) {
                throw new IllegalArgumentException("Guest descriptor " + file + ": a generated manifest needs the"
                        + " guest's debug stub; through the probe give a JSON guest descriptor, or none");
            }
            try {
                descriptor = GuestDescriptorJson.read(file);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("Guest descriptor " + file + ": " + e.getMessage());
            }
        }
        // a probe session reads no RSP channel of its own (the target says where the probe is): for labels only
        HostPort channel = target instanceof ProbeTarget.Address a ? a.address() : new HostPort("127.0.0.1", 1);
        SessionSettings settings = SessionSettings.of(channel, 0,
                descriptor == null ? GuestDescriptor.empty() : descriptor)
                .withPollPeriod(Duration.ofMillis(1000 / pollHz)).withReplyTimeout(PROBE_TIMEOUT);
        if (!descriptorFile.isBlank()) {
            settings = settings.withModelFile(Path.of(descriptorFile.strip()).toAbsolutePath());
        }
        if (!recordFile.isBlank()) {
            settings = settings.withRecordFile(Path.of(recordFile.strip()));
        }
        return new ProbeLaunch(target, name, descriptor, settings);
    }
}
