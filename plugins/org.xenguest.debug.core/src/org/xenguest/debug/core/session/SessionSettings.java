package org.xenguest.debug.core.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.rsp.HostPort;

/**
 * What a live session needs: where the debug channel is, where shared_info is, what is known
 * about the guest, how often to poll, and where to record (optional).
 *
 * @param channel           the GDB remote stub, e.g. {@code 127.0.0.1:1234}
 * @param sharedInfoAddress guest address of shared_info
 * @param descriptor        names, kinds and structures of the guest (never null)
 * @param pollPeriod        time between two snapshots
 * @param recordFile        where to record the snapshots, or null
 * @param thresholds        when a pattern becomes a finding
 * @param replyTimeout      the longest wait for one reply of the stub (a stall shows after it)
 * @param modelFile         the guest model ({@code .xenguest}) or descriptor file the descriptor came
 *                          from, or null; the Findings view opens a model at the element concerned
 * @param sharedInfoPointer guest address of a pointer to shared_info (an ELF symbol such as
 *                          {@code HYPERVISOR_shared_info}), or null; when set, shared_info is where it
 *                          points once the guest has set it, and {@code sharedInfoAddress} is not used
 * @param manifestFile      the guest's generated manifest ({@code manifest/NAME.json}), or null; when set,
 *                          the session asks the generated stub where its debug info block is and reads
 *                          the ports, shared_info and the rest from it before every snapshot, and
 *                          {@code sharedInfoAddress} and {@code descriptor} are not used. The file may
 *                          appear only after the session started (the demo writes it while it builds).
 */
public record SessionSettings(HostPort channel, long sharedInfoAddress, GuestDescriptor descriptor, Duration pollPeriod,
        Path recordFile, RuleThresholds thresholds, Duration replyTimeout, Path modelFile, Long sharedInfoPointer, Path manifestFile) {

    /** Polling faster than this gains nothing a person can see and loads the stub. */
    public static final Duration FASTEST_POLL = Duration.ofMillis(10);

    public SessionSettings {
        Objects.requireNonNull(channel, "channel");
        descriptor = descriptor == null ? GuestDescriptor.empty() : descriptor;
        Objects.requireNonNull(pollPeriod, "pollPeriod");
        if (pollPeriod.compareTo(FASTEST_POLL) < 0) {
            throw new IllegalArgumentException("poll period must be at least " + FASTEST_POLL.toMillis()
                    + " ms (at most 100 Hz), was " + pollPeriod.toMillis() + " ms");
        }
        thresholds = thresholds == null ? RuleThresholds.defaults() : thresholds;
        replyTimeout = replyTimeout == null ? Duration.ofSeconds(2) : replyTimeout;
    }

    /** Settings with the defaults: 20 Hz, no recording, default thresholds, 2 s reply timeout. */
    public static SessionSettings of(HostPort channel, long sharedInfoAddress, GuestDescriptor descriptor) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, Duration.ofMillis(50), null, null, null,
                null, null, null);
    }

    public SessionSettings withPollPeriod(Duration period) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, period, recordFile, thresholds, replyTimeout,
                modelFile, sharedInfoPointer, manifestFile);
    }

    public SessionSettings withRecordFile(Path file) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, pollPeriod, file, thresholds, replyTimeout,
                modelFile, sharedInfoPointer, manifestFile);
    }

    public SessionSettings withThresholds(RuleThresholds value) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, pollPeriod, recordFile, value, replyTimeout,
                modelFile, sharedInfoPointer, manifestFile);
    }

    public SessionSettings withReplyTimeout(Duration value) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, pollPeriod, recordFile, thresholds, value,
                modelFile, sharedInfoPointer, manifestFile);
    }

    public SessionSettings withModelFile(Path file) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, pollPeriod, recordFile, thresholds, replyTimeout,
                file, sharedInfoPointer, manifestFile);
    }

    /** Settings that find shared_info through the pointer at {@code pointerAddress} (see {@link #sharedInfoPointer}). */
    public SessionSettings withSharedInfoPointer(Long pointerAddress) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, pollPeriod, recordFile, thresholds, replyTimeout,
                modelFile, pointerAddress, manifestFile);
    }

    /** Settings that read the guest through its generated manifest and debug info block (see {@link #manifestFile}). */
    public SessionSettings withManifestFile(Path file) {
        return new SessionSettings(channel, sharedInfoAddress, descriptor, pollPeriod, recordFile, thresholds, replyTimeout,
                modelFile, sharedInfoPointer, file);
    }
}
