package org.xenguest.dsl.ui;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.xenguest.dsl.ide.XenguestIdeSetup;

import com.google.inject.Injector;

/**
 * The language's injector (runtime + ide modules) and the two things every part of the editor
 * does with it: parse a snapshot of text, validate it. Thread-safe: each parse gets its own
 * resource set, so the reconciler, hover and content assist threads never share a model.
 */
public final class XenguestLanguage {
	private static final AtomicInteger COUNTER = new AtomicInteger();
	private static volatile Injector injector;
	/** Content assist's parser runs its follow-element computation in a pool. */
	private static final ExecutorService ASSIST_POOL = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "xenguest content assist");
		t.setDaemon(true);
		return t;
	});

	private XenguestLanguage() {
	}

	/** Creating the injector takes a second: callers are background threads, or accept that once. */
	public static Injector injector() {
		Injector i = injector;
		if (i == null) {
			synchronized (XenguestLanguage.class) {
				i = injector;
				if (i == null) {
					i = new XenguestIdeSetup().createInjectorAndDoEMFRegistration();
					injector = i;
				}
			}
		}
		return i;
	}

	public static ExecutorService assistPool() {
		return ASSIST_POOL;
	}

	/** Parses {@code text}; {@code name} only names the resource (diagnostics, generated headers). */
	public static XtextResource parse(String name, String text) {
		XtextResourceSet set = injector().getInstance(XtextResourceSet.class);
		// the URI only names the resource; keep it a valid single segment whatever the file is called
		String file = name == null ? "model" + COUNTER.incrementAndGet() + ".xenguest"
				: name.replaceAll("[^A-Za-z0-9._-]", "_");
		XtextResource resource = (XtextResource) set.createResource(URI.createURI("xenguest-editor:/" + file));
		try {
			resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), set.getLoadOptions());
		} catch (IOException e) {
			throw new IllegalStateException("reading from memory cannot fail", e);
		}
		return resource;
	}

	/** All issues (syntax, linking, validator) with their codes and quick-fix data. */
	public static List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
		return injector().getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, cancel);
	}
}
