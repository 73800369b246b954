package org.xenguest.dsl.ide.formatting;

import java.util.Collections;
import java.util.List;

import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.formatting.FormattingService;
import org.eclipse.xtext.resource.XtextResource;
import org.xenguest.dsl.formatting2.XenguestFormatting;

/** LSP formatting: no edits while the model has syntax errors (see {@link XenguestFormatting}). */
public class XenguestFormattingService extends FormattingService {
	@Override
	public List<TextEdit> format(XtextResource resource, Document document, int offset, int length,
			FormattingOptions options) {
		if (!XenguestFormatting.canFormat(resource)) {
			return Collections.emptyList();
		}
		return super.format(resource, document, offset, length, options);
	}
}
