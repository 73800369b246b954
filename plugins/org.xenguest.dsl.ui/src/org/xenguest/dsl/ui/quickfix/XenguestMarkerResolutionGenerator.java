package org.xenguest.dsl.ui.quickfix;

import java.util.List;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.xenguest.dsl.ui.XenguestUiPlugin;
import org.xenguest.dsl.ui.builder.XenguestBuilder;

/**
 * Quick fixes on Problems-view markers (and marker annotations in the editor): the marker's code,
 * data and range go to {@link QuickFixes}. The edit goes through the file buffer, so an open
 * editor shows it (unsaved); a file no editor has open is saved.
 */
public class XenguestMarkerResolutionGenerator implements IMarkerResolutionGenerator2 {

	@Override
	public boolean hasResolutions(IMarker marker) {
		return marker.getAttribute(XenguestBuilder.CODE, null) != null
				&& !marker.getAttribute(XenguestBuilder.DATA, "").isEmpty();
	}

	@Override
	public IMarkerResolution[] getResolutions(IMarker marker) {
		if (!(marker.getResource() instanceof IFile file)) {
			return new IMarkerResolution[0];
		}
		ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
		IPath path = file.getFullPath();
		try {
			manager.connect(path, LocationKind.IFILE, null);
			try {
				ITextFileBuffer buffer = manager.getTextFileBuffer(path, LocationKind.IFILE);
				List<QuickFixes.Fix> fixes = fixes(marker, buffer);
				return fixes.stream().map(f -> new Resolution(file, f)).toArray(IMarkerResolution[]::new);
			} finally {
				manager.disconnect(path, LocationKind.IFILE, null);
			}
		} catch (CoreException e) {
			XenguestUiPlugin.log("quick fixes for " + path, e);
			return new IMarkerResolution[0];
		}
	}

	static List<QuickFixes.Fix> fixes(IMarker marker, ITextFileBuffer buffer) {
		int start = marker.getAttribute(IMarker.CHAR_START, -1);
		int end = marker.getAttribute(IMarker.CHAR_END, start);
		String data = marker.getAttribute(XenguestBuilder.DATA, "");
		return QuickFixes.fixes(buffer.getDocument(), marker.getAttribute(XenguestBuilder.CODE, null),
				data.isEmpty() ? new String[0] : data.split("\n"), marker.getAttribute(IMarker.MESSAGE, ""), start,
				end - start);
	}

	private static final class Resolution implements IMarkerResolution2 {
		private final IFile file;
		private final QuickFixes.Fix fix;

		Resolution(IFile file, QuickFixes.Fix fix) {
			this.file = file;
			this.fix = fix;
		}

		@Override
		public String getLabel() {
			return fix.label();
		}

		@Override
		public String getDescription() {
			return fix.label() + " (replaces '" + fix.text() + "' at offset " + fix.offset() + ")";
		}

		@Override
		public org.eclipse.swt.graphics.Image getImage() {
			return null;
		}

		@Override
		public void run(IMarker marker) {
			ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
			IPath path = file.getFullPath();
			try {
				manager.connect(path, LocationKind.IFILE, null);
				try {
					ITextFileBuffer buffer = manager.getTextFileBuffer(path, LocationKind.IFILE);
					boolean openElsewhere = buffer.isShared();
					fix.apply(buffer.getDocument());
					if (!openElsewhere) {
						buffer.commit(null, true);
					}
				} finally {
					manager.disconnect(path, LocationKind.IFILE, null);
				}
			} catch (CoreException | BadLocationException e) {
				XenguestUiPlugin.log("applying '" + fix.label() + "' to " + path, e);
			}
		}
	}
}
