package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;

/** The modification stamp that tells whether an analysis still matches the document. */
final class DocumentStamps {
	private DocumentStamps() {
	}

	static long stamp(IDocument document) {
		return document instanceof IDocumentExtension4 d ? d.getModificationStamp()
				: IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP;
	}
}
