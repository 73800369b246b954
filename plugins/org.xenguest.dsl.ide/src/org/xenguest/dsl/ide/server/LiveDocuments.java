package org.xenguest.dsl.ide.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.ide.incremental.IncrementalValidator;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;

/**
 * The language server's diagnostics from the editor's incremental validation: each document has
 * an {@link IncrementalValidator} that keeps the issues of its last validation per guest and, for
 * the next version, checks again only the guests whose text, place or index changed (the issues
 * of the others are moved, not recomputed). Xtext's server parses every new version of a document
 * into a fresh resource; the validator's reuse depends on the guests' text, not on the resource.
 * Thread-safe: one document is validated by one thread at a time.
 */
@Singleton
public class LiveDocuments {
	@Inject
	private Provider<IncrementalValidator> validators;

	private final Map<URI, IncrementalValidator> documents = new HashMap<>();
	private long validations;
	private long reusedGuests;
	private long checkedGuests;

	/** The issues of {@code resource}, as a full validation of it, reusing those of the guests that did not change. */
	List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
		IncrementalValidator validator;
		synchronized (this) {
			validator = documents.computeIfAbsent(resource.getURI(), uri -> validators.get());
		}
		synchronized (validator) {
			List<Issue> issues = validator.validate(resource, cancel);
			synchronized (this) {
				validations++;
				reusedGuests += validator.lastReused();
				checkedGuests += validator.lastGuests();
			}
			return issues;
		}
	}

	/** What the validations so far did: for tests and the benchmark. */
	public synchronized Statistics statistics() {
		return new Statistics(validations, reusedGuests, checkedGuests);
	}

	/**
	 * @param validations documents validated
	 * @param reusedGuests guests whose issues a validation took from the one before
	 * @param guests guests validated in all, reused or checked again
	 */
	public record Statistics(long validations, long reusedGuests, long guests) {
	}
}
