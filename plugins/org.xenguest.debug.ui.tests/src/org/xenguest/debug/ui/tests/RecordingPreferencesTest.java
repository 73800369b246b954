package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jface.preference.IPreferenceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.record.RecordingFolder;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.ui.preferences.RecordingPreferences;

/** Sessions record by default into the preference's folder; off means no file; a launch's own file wins. */
class RecordingPreferencesTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreDefaults() {
        IPreferenceStore store = RecordingPreferences.store();
        store.setToDefault(RecordingPreferences.ENABLED);
        store.setToDefault(RecordingPreferences.FOLDER);
    }

    @Test
    void aSessionRecordsIntoThePreferredFolderUnlessItNamesAFileOrRecordingIsOff() throws Exception {
        IPreferenceStore store = RecordingPreferences.store();
        assertTrue(store.getDefaultBoolean(RecordingPreferences.ENABLED), "on by default");
        assertEquals(RecordingFolder.defaultFolder().toString(), store.getDefaultString(RecordingPreferences.FOLDER));
        SessionSettings settings = SessionSettings.of(new HostPort("127.0.0.1", 1234), 0x100000, null);

        store.setValue(RecordingPreferences.FOLDER, dir.resolve("recordings").toString());
        Path file = RecordingPreferences.withDefaultRecording(settings, "demo (live)").recordFile();
        assertEquals(dir.resolve("recordings"), file.getParent());
        assertTrue(file.getFileName().toString().matches("demo-live-\\d{8}-\\d{6}\\.jsonl"), file.toString());
        assertTrue(Files.isDirectory(file.getParent()), "the folder is made");

        Path own = dir.resolve("own.jsonl");
        assertEquals(own, RecordingPreferences.withDefaultRecording(settings.withRecordFile(own), "demo").recordFile());

        store.setValue(RecordingPreferences.ENABLED, false);
        assertNull(RecordingPreferences.withDefaultRecording(settings, "demo").recordFile(), "off: no recording");
    }
}
