package org.xenguest.debug.ui.preferences;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.xenguest.debug.core.record.RecordingFolder;
import org.xenguest.debug.core.session.SessionSettings;

/**
 * Whether Studio's sessions record to disk when their launch names no file, and where: on by
 * default, into {@link RecordingFolder#defaultFolder()}. Window > Preferences > Xen Guest Recording.
 */
public final class RecordingPreferences {

    public static final String QUALIFIER = "org.xenguest.debug.ui";
    public static final String ENABLED = "recording.enabled";
    public static final String FOLDER = "recording.folder";

    private static ScopedPreferenceStore store;

    private RecordingPreferences() {
    }

    /** The store the preference page edits, its defaults set. */
    public static synchronized IPreferenceStore store() {
        if (store == null) {
            store = new ScopedPreferenceStore(InstanceScope.INSTANCE, QUALIFIER);
            store.setDefault(ENABLED, true);
            store.setDefault(FOLDER, RecordingFolder.defaultFolder().toString());
        }
        return store;
    }

    public static boolean enabled() {
        return store().getBoolean(ENABLED);
    }

    public static Path folder() {
        String folder = store().getString(FOLDER).strip();
        return folder.isEmpty() ? RecordingFolder.defaultFolder() : Path.of(folder);
    }

    /**
     * {@code settings} with a recording file in the preferred folder when they name none and
     * recording is on; unchanged otherwise.
     *
     * @throws IOException when the folder cannot be created (the launch says so)
     */
    public static SessionSettings withDefaultRecording(SessionSettings settings, String sessionName) throws IOException {
        if (settings.recordFile() != null || !enabled()) {
            return settings;
        }
        return settings.withRecordFile(RecordingFolder.newFile(folder(), sessionName, Instant.now()));
    }
}
