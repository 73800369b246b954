package org.xenguest.dsl.ide.hover;

import java.util.Optional;

import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import com.google.inject.Inject;

/** LSP hover: {@link XenguestDocumentation} first, Xtext's element hover otherwise. */
public class XenguestHoverService extends HoverService {
	@Inject
	private XenguestDocumentation documentation;

	@Override
	public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancelIndicator) {
		int offset = document.getOffSet(params.getPosition());
		Optional<XenguestDocumentation.Documentation> doc = documentation.at(resource, offset);
		if (doc.isPresent()) {
			XenguestDocumentation.Documentation d = doc.get();
			Range range = new Range(document.getPosition(d.offset()), document.getPosition(d.offset() + d.length()));
			return new Hover(new MarkupContent(MarkupKind.MARKDOWN, d.markdown()), range);
		}
		return super.hover(document, resource, params, cancelIndicator);
	}
}
