package org.xenguest.dsl.ide.incremental;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EValidator;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.AbstractInjectableValidator;
import org.eclipse.xtext.validation.CancelableDiagnostician;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IDiagnosticConverter;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.impl.ConcreteSyntaxEValidator;
import org.xenguest.dsl.xenguest.Model;

import com.google.inject.Inject;

/**
 * Validates a model as Xtext's {@code ResourceValidatorImpl} does (syntax and linking errors, then
 * every check, same issues in the same order) but, from the second call on, reuses the issues of
 * each guest whose text, place and index are those of the previous call (see
 * {@link GuestRegion}): a keystroke in one guest of a 5,000-line file re-checks that guest only.
 * One instance per document, called from one thread at a time (the editor's reconciler).
 */
public class IncrementalValidator {
	@Inject
	private Diagnostician diagnostician;
	@Inject
	private IDiagnosticConverter converter;
	@Inject
	private OperationCanceledManager cancelManager;
	@Inject
	private EValidator.Registry validators;

	/** The previous call's issues per guest, offsets relative to the guest's start. */
	private Map<GuestRegion.Key, List<Issue>> previous = Map.of();
	private int lastReused;
	private int lastGuests;

	/** All issues of {@code resource}, as {@code IResourceValidator.validate(resource, CheckMode.ALL, cancel)}. */
	public List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
		EcoreUtil2.resolveLazyCrossReferences(resource, cancel);
		cancelManager.checkCanceled(cancel);
		List<Issue> result = new ArrayList<>();
		resource.getErrors().forEach(d -> converter.convertResourceDiagnostic(d, Severity.ERROR, result::add));
		resource.getWarnings().forEach(d -> converter.convertResourceDiagnostic(d, Severity.WARNING, result::add));
		Map<Object, Object> options = options(resource, cancel);
		Map<GuestRegion.Key, List<Issue>> now = new HashMap<>();
		int reused = 0;
		int guests = 0;
		for (EObject root : resource.getContents()) {
			cancelManager.checkCanceled(cancel);
			if (!(root instanceof Model model)) {
				convert(diagnostician.validate(root, options), result);
				continue;
			}
			// the model's own checks (guest names), then each guest with everything below it
			BasicDiagnostic own = new BasicDiagnostic();
			EValidator validator = validators.getEValidator(model.eClass().getEPackage());
			if (validator != null) {
				validator.validate(model.eClass(), model, own, options);
			}
			convert(own, result);
			URI uri = resource.getURI();
			for (GuestRegion region : GuestRegion.of(resource)) {
				cancelManager.checkCanceled(cancel);
				guests++;
				GuestRegion.Key key = region.reusable() ? region.key() : null;
				List<Issue> relative = key == null ? null : previous.get(key);
				if (relative == null) {
					BasicDiagnostic chain = new BasicDiagnostic();
					diagnostician.validate(region.guest(), chain, options);
					List<Issue> fresh = new ArrayList<>();
					convert(chain, fresh);
					result.addAll(fresh);
					relative = fresh.stream().map(i -> moved(i, -region.offset(), uri)).toList();
				} else {
					reused++;
					relative.forEach(i -> result.add(moved(i, region.offset(), uri)));
				}
				if (key != null) {
					now.put(key, relative);
				}
			}
		}
		cancelManager.checkCanceled(cancel);
		previous = now;
		lastReused = reused;
		lastGuests = guests;
		return result;
	}

	/** How many guests the last call took from the previous one (for tests and the benchmark). */
	public int lastReused() {
		return lastReused;
	}

	/** How many guests the last call validated, reused or not. */
	public int lastGuests() {
		return lastGuests;
	}

	/** The options ResourceValidatorImpl validates with. */
	private Map<Object, Object> options(XtextResource resource, CancelIndicator cancel) {
		Map<Object, Object> options = new HashMap<>();
		options.put(CheckMode.KEY, CheckMode.ALL);
		options.put(CancelableDiagnostician.CANCEL_INDICATOR, cancel);
		// a model parsed from text complies with its concrete syntax, or it has syntax errors
		options.put(ConcreteSyntaxEValidator.DISABLE_CONCRETE_SYNTAX_EVALIDATOR, Boolean.TRUE);
		options.put(EValidator.class, diagnostician);
		options.put(AbstractInjectableValidator.CURRENT_LANGUAGE_NAME, resource.getLanguageName());
		return options;
	}

	private void convert(Diagnostic diagnostic, List<Issue> into) {
		if (diagnostic.getChildren().isEmpty()) {
			converter.convertValidatorDiagnostic(diagnostic, into::add);
		} else {
			diagnostic.getChildren().forEach(child -> converter.convertValidatorDiagnostic(child, into::add));
		}
	}

	/** A copy of {@code issue} moved by {@code delta} characters, naming its element in {@code uri}. */
	private static Issue moved(Issue issue, int delta, URI uri) {
		Issue.IssueImpl copy = new Issue.IssueImpl();
		copy.setCode(issue.getCode());
		copy.setData(issue.getData());
		copy.setMessage(issue.getMessage());
		copy.setSeverity(issue.getSeverity());
		copy.setType(issue.getType());
		copy.setSyntaxError(issue.isSyntaxError());
		copy.setLineNumber(issue.getLineNumber());
		copy.setColumn(issue.getColumn());
		copy.setLineNumberEnd(issue.getLineNumberEnd());
		copy.setColumnEnd(issue.getColumnEnd());
		copy.setLength(issue.getLength());
		copy.setOffset(issue.getOffset() == null ? null : issue.getOffset() + delta);
		URI at = issue.getUriToProblem();
		copy.setUriToProblem(at == null || uri == null ? at : uri.appendFragment(at.fragment()));
		return copy;
	}
}
