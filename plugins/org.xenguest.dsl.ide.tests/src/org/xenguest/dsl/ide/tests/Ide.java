package org.xenguest.dsl.ide.tests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/** The language with its editor services: parse and fully validate .xenguest text, read the examples. */
public final class Ide {
	private static final AtomicInteger COUNTER = new AtomicInteger();

	private Ide() {
	}

	/** The language's runtime and ide bindings, as the editor, the CLI and the language server have them. */
	public static Injector injector() {
		return Holder.INJECTOR;
	}

	private static final class Holder {
		static final Injector INJECTOR = new XenguestIdeSetup().createInjectorAndDoEMFRegistration();
	}

	public static XtextResource parse(String text) {
		XtextResourceSet set = injector().getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) set
				.createResource(URI.createURI("test/model" + COUNTER.incrementAndGet() + ".xenguest"));
		try {
			resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return resource;
	}

	/** Every issue of a full (non-incremental) validation: what the incremental analysis must equal. */
	public static List<Issue> validate(XtextResource resource) {
		return injector().getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
	}

	/** The examples folder (-Dxenguest.examples, set by the pom). */
	public static Path examples() {
		String configured = System.getProperty("xenguest.examples");
		return configured != null ? Path.of(configured) : Path.of("../../examples");
	}

	public static String example(String name) {
		try {
			return Files.readString(examples().resolve(name), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
