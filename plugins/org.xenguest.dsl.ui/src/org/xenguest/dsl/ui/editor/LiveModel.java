package org.xenguest.dsl.ui.editor;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.xenguest.dsl.ide.incremental.IncrementalHighlighter;
import org.xenguest.dsl.ide.incremental.IncrementalParser;
import org.xenguest.dsl.ide.incremental.IncrementalSymbols;
import org.xenguest.dsl.ide.incremental.IncrementalValidator;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * One editor's model and what its analyses keep from one keystroke to the next: the parsed
 * resource (re-parsed only around an edit), and each guest's colours, issues and symbols. The
 * reconciler brings it up to date; hover, content assist and outline read it. EMF models are not
 * thread-safe (even reading resolves links and fills caches), so one thread at a time holds it.
 */
public final class LiveModel {
	private static final long NONE = Long.MIN_VALUE;
	private static final AtomicInteger COUNTER = new AtomicInteger();

	private final ReentrantLock lock = new ReentrantLock();
	private final IncrementalParser parser = XenguestLanguage.injector().getInstance(IncrementalParser.class);
	private final IncrementalHighlighter highlighter = XenguestLanguage.injector().getInstance(IncrementalHighlighter.class);
	private final IncrementalValidator validator = XenguestLanguage.injector().getInstance(IncrementalValidator.class);
	private final IncrementalSymbols symbols = XenguestLanguage.injector().getInstance(IncrementalSymbols.class);
	private XtextResource resource;
	/** The document stamp the resource was parsed at; NONE while it changes. */
	private volatile long stamp = NONE;

	LiveModel() {
		parser.setUri(URI.createURI("xenguest-editor:/model" + COUNTER.incrementAndGet() + ".xenguest"));
	}

	/** What an analysis of one version of the text works with, while it holds the model. */
	record Tools(XtextResource resource, boolean partial, IncrementalHighlighter highlighter,
			IncrementalValidator validator) {
	}

	/**
	 * Reconciler thread: the outline's symbols of the model at {@code stamp} (unchanged guests'
	 * from the last call), or null if the model has moved on.
	 */
	List<DocumentSymbol> symbols(long stamp, CancelIndicator cancel) {
		lock.lock();
		try {
			return this.stamp == stamp ? symbols.symbols(resource, cancel) : null;
		} finally {
			lock.unlock();
		}
	}

	/** Reconciler thread: brings the model to {@code text} (at {@code stamp}) and runs {@code analysis} on it. */
	<T> T update(long stamp, String text, Function<Tools, T> analysis) {
		lock.lock();
		try {
			this.stamp = NONE;
			resource = parser.parse(text);
			this.stamp = stamp;
			return analysis.apply(new Tools(resource, parser.lastWasPartial(), highlighter, validator));
		} finally {
			lock.unlock();
		}
	}

	/**
	 * Any thread: {@code reader} applied to the model of {@code text} (at {@code stamp}); to a
	 * model parsed for the purpose if this one has moved on to newer text.
	 */
	<T> T read(long stamp, String text, Function<XtextResource, T> reader) {
		if (this.stamp == stamp) {
			lock.lock();
			try {
				if (this.stamp == stamp) {
					return reader.apply(resource);
				}
			} finally {
				lock.unlock();
			}
		}
		return reader.apply(XenguestLanguage.parse(null, text));
	}
}
