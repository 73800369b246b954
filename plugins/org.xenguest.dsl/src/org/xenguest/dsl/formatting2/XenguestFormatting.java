package org.xenguest.dsl.formatting2;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * The one way the CLI, the language server and tests format a model. A model with syntax errors
 * is left as it is: the formatter works on a complete syntax tree (Xtext's region access cannot
 * be built from a broken one), so the user fixes the syntax first.
 */
public class XenguestFormatting {
	@Inject
	private Provider<TextRegionAccessBuilder> regionAccessBuilder;
	@Inject
	private Provider<FormatterRequest> requests;
	@Inject
	private Provider<IFormatter2> formatter;

	/** True if {@code resource} parsed without syntax errors, so it can be formatted. */
	public static boolean canFormat(XtextResource resource) {
		IParseResult result = resource.getParseResult();
		return result != null && result.getRootNode() != null && result.getRootASTElement() != null
				&& !result.hasSyntaxErrors();
	}

	/** The edits that format the whole model; none if it cannot be formatted. */
	public List<ITextReplacement> replacements(XtextResource resource) {
		if (!canFormat(resource)) {
			return Collections.emptyList();
		}
		ITextRegionAccess regions = regionAccessBuilder.get().forNodeModel(resource).create();
		FormatterRequest request = requests.get();
		request.setTextRegionAccess(regions);
		return formatter.get().format(request);
	}

	/** The formatted text, or empty if the model has syntax errors. */
	public Optional<String> format(XtextResource resource) {
		if (!canFormat(resource)) {
			return Optional.empty();
		}
		ITextRegionAccess regions = regionAccessBuilder.get().forNodeModel(resource).create();
		FormatterRequest request = requests.get();
		request.setTextRegionAccess(regions);
		return Optional.of(regions.getRewriter().renderToString(formatter.get().format(request)));
	}
}
