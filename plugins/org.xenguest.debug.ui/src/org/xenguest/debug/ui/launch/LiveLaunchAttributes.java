package org.xenguest.debug.ui.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.guest.ElfSymbolLookup;
import org.xenguest.debug.core.guest.GeneratedManifests;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.session.SessionSettings;

/** The attributes of a "Xen Guest (live)" launch configuration, and their reading into settings. */
public final class LiveLaunchAttributes {

    public static final String TYPE_ID = "org.xenguest.debug.ui.liveGuest";
    private static final String PREFIX = "org.xenguest.debug.ui.live.";
    /** host:port of the GDB remote stub */
    public static final String CHANNEL = PREFIX + "channel";
    /** guest address of shared_info, hex (0x...) or decimal; empty: from the descriptor */
    public static final String SHARED_INFO = PREFIX + "sharedInfo";
    /**
     * optional: a guest descriptor JSON file (docs/snapshot-json.md), a generated manifest
     * ({@code manifest/NAME.json}, a {@code "xenguest"} object) or a {@code .xenguest} model (its
     * manifest as the builder generated it)
     */
    public static final String DESCRIPTOR = PREFIX + "descriptor";
    /** snapshots per second */
    public static final String POLL_HZ = PREFIX + "pollHz";
    /** recording file (JSON lines), optional */
    public static final String RECORD_FILE = PREFIX + "recordFile";
    /** the guest's ELF image, optional: shared_info from one of its symbols */
    public static final String ELF_FILE = PREFIX + "elfFile";
    /** the symbol naming shared_info (the page, or a pointer to it); empty: the usual names */
    public static final String ELF_SYMBOL = PREFIX + "elfSymbol";

    /** true: first start the reference guest demo ({@code xenguest demo --serve}) and attach to it */
    public static final String DEMO = PREFIX + "demo";
    /** the {@code xenguest} command the demo runs; default {@code xenguest} on the PATH */
    public static final String DEMO_COMMAND = PREFIX + "demoCommand";
    /** how long the demo runs (its --for), seconds */
    public static final String DEMO_SECONDS = PREFIX + "demoSeconds";

    public static final String DEFAULT_CHANNEL = "127.0.0.1:1234";
    public static final String DEFAULT_DEMO_COMMAND = "xenguest";
    public static final int DEFAULT_DEMO_SECONDS = 600;
    /** The editor's builder's output folder: a preference of org.xenguest.dsl.ui, read by name (no dependency). */
    static final String DSL_UI_PLUGIN = "org.xenguest.dsl.ui";
    static final String OUTPUT_FOLDER_KEY = "outputFolder";
    public static final int DEFAULT_POLL_HZ = 20;

    private LiveLaunchAttributes() {
    }

    /**
     * Reads a configuration's settings.
     *
     * @throws IllegalArgumentException with a sentence naming the field and what it accepts
     */
    public static SessionSettings settings(ILaunchConfiguration configuration) throws CoreException {
        return settings(configuration.getAttribute(CHANNEL, DEFAULT_CHANNEL),
                configuration.getAttribute(SHARED_INFO, ""), configuration.getAttribute(DESCRIPTOR, ""),
                configuration.getAttribute(POLL_HZ, DEFAULT_POLL_HZ), configuration.getAttribute(RECORD_FILE, ""),
                configuration.getAttribute(ELF_FILE, ""), configuration.getAttribute(ELF_SYMBOL, ""));
    }

    /** The same from the fields' text, without an ELF image. */
    public static SessionSettings settings(String channel, String sharedInfo, String descriptorFile, int pollHz,
            String recordFile) {
        return settings(channel, sharedInfo, descriptorFile, pollHz, recordFile, "", "");
    }

    /**
     * The same from the fields' text (the tab validates with it). shared_info is the address
     * given, else the ELF image's symbol, else the descriptor's.
     */
    public static SessionSettings settings(String channel, String sharedInfo, String descriptorFile, int pollHz,
            String recordFile, String elfFile, String elfSymbol) {
        HostPort target;
        try {
            target = HostPort.parse(channel.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Debug channel: " + e.getMessage());
        }
        GuestDescriptor descriptor = GuestDescriptor.empty();
        Path manifest = null;
        if (!descriptorFile.isBlank()) {
            Path file = Path.of(descriptorFile.strip());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("Guest descriptor: no such file " + file);
            }
            if (file.getFileName().toString().endsWith(".xenguest")) {
                manifest = GeneratedManifests.forModel(file, outputFolder());
            } else {
                try {
                    String text = Files.readString(file);
                    if (GuestManifest.isManifest(text)) {
                        GuestManifest.parse(text); // a broken manifest is refused here, not while attaching
                        manifest = file;
                    } else {
                        descriptor = GuestDescriptorJson.read(file);
                    }
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("Guest descriptor " + file + ": " + e.getMessage());
                }
            }
        }
        if (pollHz < 1 || pollHz > 100) {
            throw new IllegalArgumentException("Poll rate must be 1..100 snapshots per second, was " + pollHz);
        }
        if (manifest != null) {
            // the generated stub tells where its debug info block is, and the block where shared_info is
            SessionSettings settings = SessionSettings.of(target, 0, GuestDescriptor.empty())
                    .withPollPeriod(Duration.ofMillis(1000 / pollHz)).withManifestFile(manifest.toAbsolutePath())
                    .withModelFile(Path.of(descriptorFile.strip()).toAbsolutePath());
            return recordFile.isBlank() ? settings : settings.withRecordFile(Path.of(recordFile.strip()));
        }
        Long address = parseAddress(sharedInfo);
        Long pointer = null;
        if (!elfSymbol.isBlank() && elfFile.isBlank()) {
            throw new IllegalArgumentException("shared_info symbol: give the guest's ELF image it is a symbol of");
        }
        if (address == null && !elfFile.isBlank()) {
            ElfSymbolLookup.Found found = ElfSymbolLookup.find(Path.of(elfFile.strip()), elfSymbol.strip());
            if (found.pointer()) {
                pointer = found.address();
                address = 0L; // not used: the session reads it from the pointer
            } else {
                address = found.address();
            }
        }
        if (address == null) {
            address = descriptor.sharedInfoAddress();
        }
        if (address == null) {
            throw new IllegalArgumentException("shared_info address: give it (e.g. 0x1000000), the guest's ELF image"
                    + " (its shared_info symbol), or a guest descriptor that has sharedInfoAddress");
        }
        SessionSettings settings = SessionSettings.of(target, address, descriptor)
                .withPollPeriod(Duration.ofMillis(1000 / pollHz));
        if (pointer != null) {
            settings = settings.withSharedInfoPointer(pointer);
        }
        if (!descriptorFile.isBlank()) {
            settings = settings.withModelFile(Path.of(descriptorFile.strip()).toAbsolutePath());
        }
        return recordFile.isBlank() ? settings : settings.withRecordFile(Path.of(recordFile.strip()));
    }

    /**
     * Settings for the reference guest demo: its stub on 127.0.0.1:{@code port}, its manifest at
     * {@code manifestFile}, which the demo writes while it builds (so it need not exist yet).
     */
    public static SessionSettings demoSettings(int port, Path manifestFile, int pollHz, String recordFile) {
        if (pollHz < 1 || pollHz > 100) {
            throw new IllegalArgumentException("Poll rate must be 1..100 snapshots per second, was " + pollHz);
        }
        SessionSettings settings = SessionSettings.of(new HostPort("127.0.0.1", port), 0, GuestDescriptor.empty())
                .withPollPeriod(Duration.ofMillis(1000 / pollHz)).withManifestFile(manifestFile.toAbsolutePath());
        return recordFile.isBlank() ? settings : settings.withRecordFile(Path.of(recordFile.strip()));
    }

    /** The builder's output folder (project-relative), as org.xenguest.dsl.ui's preference says; default src-gen. */
    static String outputFolder() {
        try {
            String folder = org.eclipse.core.runtime.Platform.getPreferencesService().getString(DSL_UI_PLUGIN,
                    OUTPUT_FOLDER_KEY, "src-gen", null);
            return folder == null || folder.isBlank() ? "src-gen" : folder.strip();
        } catch (RuntimeException e) {
            return "src-gen"; // no platform (plain tests)
        }
    }

    private static Long parseAddress(String text) {
        String value = text.strip().replace("_", "");
        if (value.isEmpty()) {
            return null;
        }
        try {
            return value.startsWith("0x") || value.startsWith("0X") ? Long.parseUnsignedLong(value.substring(2), 16)
                    : Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shared_info address: '" + text
                    + "' is not an address (hex with 0x, or decimal)");
        }
    }
}
