package org.xenguest.dsl.ide.incremental;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

import com.google.inject.Inject;
import com.google.inject.Provider;

/**
 * One document's model, kept from one version of its text to the next: a new text is handed to
 * Xtext's partial parser as the one region where it differs from the last (what an Xtext editor
 * does with each document event), so a keystroke re-parses the element around it instead of the
 * whole file. Xtext parses the whole text again where it must (an edit that leaves a syntax
 * error, one across elements); should its result ever hold other text than the new one, the new
 * text is parsed from scratch.
 * Not thread-safe: one document, one thread at a time (the caller locks).
 */
public class IncrementalParser {
	@Inject
	private Provider<XtextResourceSet> resourceSets;

	private URI uri = URI.createURI("xenguest-editor:/model.xenguest");
	private XtextResource resource;
	private boolean lastPartial;

	/** The name the model's resource has (issues name their elements with it). */
	public void setUri(URI uri) {
		this.uri = uri;
	}

	/** The model of {@code newText}: the previous resource brought up to date, or a new one. */
	public XtextResource parse(String newText) {
		lastPartial = false;
		if (resource != null && resource.getParseResult() != null) {
			String text = resource.getParseResult().getRootNode().getText(); // the root keeps the whole text
			if (newText.equals(text)) {
				lastPartial = true;
				return resource;
			}
			EObject rootBefore = root(resource);
			try {
				int prefix = 0;
				int shorter = Math.min(text.length(), newText.length());
				while (prefix < shorter && text.charAt(prefix) == newText.charAt(prefix)) {
					prefix++;
				}
				int suffix = 0;
				while (suffix < shorter - prefix
						&& text.charAt(text.length() - 1 - suffix) == newText.charAt(newText.length() - 1 - suffix)) {
					suffix++;
				}
				resource.update(prefix, text.length() - prefix - suffix,
						newText.substring(prefix, newText.length() - suffix));
				IParseResult result = resource.getParseResult();
				if (result != null && newText.equals(result.getRootNode().getText())) {
					lastPartial = rootBefore != null && root(resource) == rootBefore;
					return resource;
				}
			} catch (RuntimeException e) {
				// Xtext refused the region: parse from scratch below
			}
		}
		resource = load(newText);
		return resource;
	}

	/** True if the last {@link #parse} kept the model's root (Xtext re-parsed part of the text). */
	public boolean lastWasPartial() {
		return lastPartial;
	}

	private XtextResource load(String newText) {
		XtextResourceSet set = resourceSets.get();
		XtextResource fresh = (XtextResource) set.createResource(uri);
		try {
			fresh.load(new ByteArrayInputStream(newText.getBytes(StandardCharsets.UTF_8)), set.getLoadOptions());
		} catch (IOException e) {
			throw new IllegalStateException("reading from memory cannot fail", e);
		}
		return fresh;
	}

	private static EObject root(XtextResource r) {
		return r.getContents().isEmpty() ? null : r.getContents().get(0);
	}
}
