package org.xenguest.dsl.ide.server;

import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

import com.google.inject.Inject;

/**
 * The language server's validation: what {@link ResourceValidatorImpl} finds for
 * {@link CheckMode#ALL}, from the editor's incremental validator (one per document), which checks
 * again only the guests whose text changed since the document's last validation.
 */
public class LiveResourceValidator extends ResourceValidatorImpl {
	@Inject
	private LiveDocuments documents;

	@Override
	public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator cancel) {
		if (mode == CheckMode.ALL && resource instanceof XtextResource model && model.getURI() != null) {
			return documents.validate(model, cancel == null ? CancelIndicator.NullImpl : cancel);
		}
		return super.validate(resource, mode, cancel);
	}
}
