package org.xenguest.dsl.ide.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.ide.incremental.IncrementalParser;
import org.xenguest.dsl.ide.incremental.IncrementalValidator;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;

/**
 * The language server's diagnostics from the editor's incremental analysis. Xtext's server makes
 * a fresh resource for every change of a document and would validate it whole; here each
 * document has what an editor has: its own model, kept from one version to the next and brought
 * up to date by Xtext's partial parser ({@link IncrementalParser}: the element around a keystroke
 * is parsed again), and an {@link IncrementalValidator} that checks again only the guests whose
 * text changed. The server's own resource still serves the other requests (completion, hover,
 * symbols, formatting). Thread-safe: one document is analysed by one thread at a time.
 */
@Singleton
public class LiveDocuments {
	@Inject
	private Provider<IncrementalParser> parsers;
	@Inject
	private Provider<IncrementalValidator> validators;

	private final Map<URI, Document> documents = new HashMap<>();
	private long partialParses;
	private long fullParses;
	private long reusedGuests;
	private long checkedGuests;

	private record Document(IncrementalParser parser, IncrementalValidator validator) {
	}

	/** The issues of {@code resource}'s text, as a full validation of it, from the document's incremental analysis. */
	List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
		Document document;
		synchronized (this) {
			document = documents.computeIfAbsent(resource.getURI(), uri -> {
				IncrementalParser parser = parsers.get();
				parser.setUri(uri);
				return new Document(parser, validators.get());
			});
		}
		String text = resource.getParseResult() == null ? "" : resource.getParseResult().getRootNode().getText();
		synchronized (document) {
			XtextResource model = document.parser().parse(text);
			boolean partial = document.parser().lastWasPartial();
			List<Issue> issues = document.validator().validate(model, cancel);
			synchronized (this) {
				partialParses += partial ? 1 : 0;
				fullParses += partial ? 0 : 1;
				reusedGuests += document.validator().lastReused();
				checkedGuests += document.validator().lastGuests();
			}
			return issues;
		}
	}

	/** The document is closed: its model goes (the next version of it, if any, starts afresh). */
	synchronized void forget(URI uri) {
		documents.remove(uri);
	}

	/** What the analyses so far did: for tests and the benchmark. */
	public synchronized Statistics statistics() {
		return new Statistics(partialParses, fullParses, reusedGuests, checkedGuests);
	}

	/**
	 * @param partialParses analyses whose model Xtext's partial parser brought up to date (or that found the text unchanged)
	 * @param fullParses analyses that parsed the text whole
	 * @param reusedGuests guests whose issues a validation took from the one before
	 * @param guests guests validated in all, reused or checked again
	 */
	public record Statistics(long partialParses, long fullParses, long reusedGuests, long guests) {
	}
}
