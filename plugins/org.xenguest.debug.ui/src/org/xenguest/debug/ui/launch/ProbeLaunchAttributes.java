package org.xenguest.debug.ui.launch;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.core.snapshot.DescriptorSource;

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
    /**
     * optional: a guest descriptor JSON file, or a {@code .xenguest} model (or its generated
     * manifest) with {@link #ELF_FILE}; empty: ports named from Xen's bindings and xenstore
     */
    public static final String DESCRIPTOR = PREFIX + "descriptor";
    /** optional, with a {@code .xenguest} model: the guest's ELF image (where its debug info block is) */
    public static final String ELF_FILE = PREFIX + "elfFile";
    public static final String POLL_HZ = PREFIX + "pollHz";
    public static final String RECORD_FILE = PREFIX + "recordFile";

    public static final String DEFAULT_ADDRESS = "127.0.0.1:5555";
    public static final int DEFAULT_POLL_HZ = 10;
    /** Every connect and reply of the probe is bounded by this. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private ProbeLaunchAttributes() {
    }

    /**
     * What a configuration asks for: where the probe is, which domain, how its ports are named
     * and the session's settings.
     *
     * @param descriptors the guest's description read before each snapshot (a model's debug
     *                    info block through the probe, or a fixed JSON descriptor); null: ports
     *                    named from Xen's bindings and xenstore
     */
    public record ProbeLaunch(ProbeTarget target, String domain, DescriptorSource descriptors,
            SessionSettings settings) {

        /** The snapshot source of this launch: connects on the session's thread. */
        public ProbeConnection connection() {
            return new ProbeConnection(target, domain, descriptors, PROBE_TIMEOUT);
        }

        /** e.g. {@code refguest on the local xenguest host} */
        public String label() {
            return domain + " on " + target.describe();
        }
    }

    public static ProbeLaunch read(ILaunchConfiguration configuration) throws CoreException {
        return read(configuration.getAttribute(LOCAL_HOST, true), configuration.getAttribute(ADDRESS, DEFAULT_ADDRESS),
                configuration.getAttribute(DOMAIN, ""), configuration.getAttribute(DESCRIPTOR, ""),
                configuration.getAttribute(ELF_FILE, ""), configuration.getAttribute(POLL_HZ, DEFAULT_POLL_HZ),
                configuration.getAttribute(RECORD_FILE, ""));
    }

    /** The same from the fields' text, without an ELF image. */
    public static ProbeLaunch read(boolean localHost, String address, String domain, String descriptorFile,
            int pollHz, String recordFile) {
        return read(localHost, address, domain, descriptorFile, "", pollHz, recordFile);
    }

    /**
     * The same from the fields' text. Reads local files only (the descriptor, the model's
     * generated manifest, the ELF image's symbol table), never the network.
     *
     * @param descriptorFile a JSON guest descriptor, a {@code .xenguest} model or its generated
     *                       manifest (these two with {@code elfFile}), or empty
     * @param elfFile        the guest's ELF image, where the model's debug info block is
     *                       ({@code NAME_debug_info}), as {@code xenguest snapshot --elf}
     * @throws IllegalArgumentException with a sentence naming the field and what it accepts
     */
    public static ProbeLaunch read(boolean localHost, String address, String domain, String descriptorFile,
            String elfFile, int pollHz, String recordFile) {
        ProbeTarget target = ProbeTarget.of(localHost, address);
        String name = domain.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Domain: give its name or id (pick one from the host's domains)");
        }
        if (pollHz < 1 || pollHz > 100) {
            throw new IllegalArgumentException("Poll rate must be 1..100 snapshots per second, was " + pollHz);
        }
        DescriptorSource descriptors = descriptorFile.isBlank() ? null
                : ProbeGuestModels.describe(Path.of(descriptorFile.strip()), elfFile.strip());
        if (descriptorFile.isBlank() && !elfFile.isBlank()) {
            throw new IllegalArgumentException("Guest ELF image: it goes with a .xenguest model (its debug info block"
                    + " names the ports); give the model too, or leave the image empty");
        }
        // a probe session reads no RSP channel of its own (the target says where the probe is): for labels only
        HostPort channel = target instanceof ProbeTarget.Address a ? a.address() : new HostPort("127.0.0.1", 1);
        SessionSettings settings = SessionSettings.of(channel, 0, GuestDescriptor.empty())
                .withPollPeriod(Duration.ofMillis(1000 / pollHz)).withReplyTimeout(PROBE_TIMEOUT);
        if (!descriptorFile.isBlank()) {
            settings = settings.withModelFile(Path.of(descriptorFile.strip()).toAbsolutePath());
        }
        if (!recordFile.isBlank()) {
            settings = settings.withRecordFile(Path.of(recordFile.strip()));
        }
        return new ProbeLaunch(target, name, descriptors, settings);
    }
}
