package org.xenguest.dsl.ui.editor;

import java.util.Optional;

import org.eclipse.jface.text.DefaultInformationControl;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextHoverExtension;
import org.eclipse.jface.text.ITextHoverExtension2;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.xenguest.dsl.ide.hover.XenguestDocumentation;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * Documentation of the keyword, VIRQ, feature or port under the mouse, from the same source as
 * the language server's hover and the README. JFace computes hovers off the UI thread.
 */
public class XenguestTextHover implements ITextHover, ITextHoverExtension, ITextHoverExtension2 {

	@Override
	public IRegion getHoverRegion(ITextViewer viewer, int offset) {
		return new Region(offset, 0);
	}

	@Override
	public Object getHoverInfo2(ITextViewer viewer, IRegion region) {
		return documentation(viewer, region.getOffset()).orElse(null);
	}

	@Override
	@Deprecated
	public String getHoverInfo(ITextViewer viewer, IRegion region) {
		return documentation(viewer, region.getOffset()).orElse(null);
	}

	/** Plain text documentation at {@code offset}; reuses the editor's latest analysis when it is current. */
	public static Optional<String> documentation(ITextViewer viewer, int offset) {
		XenguestDocumentation docs = XenguestLanguage.injector().getInstance(XenguestDocumentation.class);
		ModelState state = EditorSession.of(viewer).state();
		Optional<XenguestDocumentation.Documentation> doc;
		if (state != null && state.stamp() == DocumentStamps.stamp(viewer.getDocument())) {
			doc = state.read(resource -> docs.at(resource, offset));
		} else {
			doc = docs.at(XenguestLanguage.parse(null, viewer.getDocument().get()), offset);
		}
		return doc.map(d -> XenguestContentAssistProcessor.plain(d.markdown()));
	}

	@Override
	public IInformationControlCreator getHoverControlCreator() {
		return parent -> new DefaultInformationControl(parent, "Xen guest model");
	}
}
