package org.xenguest.debug.ui.preferences;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > Xen Guest Recording: record every session (on/off) and the folder. */
public final class RecordingPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "org.xenguest.debug.ui.preferences.recording";

    public RecordingPreferencePage() {
        super(GRID);
        setPreferenceStore(RecordingPreferences.store());
        setDescription("Every live session (a launch, the demo) records its snapshots to a file in this folder,"
                + " unless its launch names a file of its own. A recording holds only what changed; a crash loses"
                + " at most the last snapshot. Open one with a live view's \"Replay a Recording...\".");
    }

    @Override
    protected void createFieldEditors() {
        addField(new BooleanFieldEditor(RecordingPreferences.ENABLED, "&Record every session", getFieldEditorParent()));
        addField(new DirectoryFieldEditor(RecordingPreferences.FOLDER, "Recordings &folder:", getFieldEditorParent()));
    }

    @Override
    public void init(IWorkbench workbench) {
    }
}
