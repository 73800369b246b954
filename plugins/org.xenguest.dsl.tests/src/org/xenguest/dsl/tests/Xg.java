package org.xenguest.dsl.tests;

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
import org.xenguest.dsl.XenguestStandaloneSetup;
import org.xenguest.dsl.formatting2.XenguestFormatting;
import org.xenguest.dsl.xenguest.Model;

import com.google.inject.Injector;

/** Parse, validate and format .xenguest text with the language's injector. */
public final class Xg {
	private static final AtomicInteger COUNTER = new AtomicInteger();

	private Xg() {
	}

	/** The language's runtime injector (no editor services: those are tested in org.xenguest.dsl.ide.tests). */
	public static Injector injector() {
		return Holder.INJECTOR;
	}

	private static final class Holder {
		static final Injector INJECTOR = new XenguestStandaloneSetup().createInjectorAndDoEMFRegistration();
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

	public static Model model(XtextResource resource) {
		return (Model) resource.getContents().get(0);
	}

	public static List<Issue> validate(XtextResource resource) {
		return injector().getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
	}

	public static List<Issue> validate(String text) {
		return validate(parse(text));
	}

	/** The formatted text; the text unchanged if it has syntax errors (see XenguestFormatting). */
	public static String format(XtextResource resource) {
		return injector().getInstance(XenguestFormatting.class).format(resource)
				.orElse(resource.getParseResult() == null ? "" : resource.getParseResult().getRootNode().getText());
	}

	public static String format(String text) {
		return format(parse(text));
	}

	/** The examples folder: -Dxenguest.examples, else ../examples (spike) or ../../examples (bundle in plugins/). */
	public static Path examples() {
		String configured = System.getProperty("xenguest.examples");
		if (configured != null) {
			return Path.of(configured);
		}
		for (String candidate : new String[] { "../examples", "../../examples", "examples" }) {
			if (Files.isRegularFile(Path.of(candidate, "web.xenguest"))) {
				return Path.of(candidate);
			}
		}
		return Path.of("../../examples");
	}

	public static String example(String name) {
		try {
			return Files.readString(examples().resolve(name), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static String describe(List<Issue> issues) {
		StringBuilder sb = new StringBuilder();
		for (Issue i : issues) {
			sb.append(i.getLineNumber()).append(':').append(i.getColumn()).append(' ').append(i.getSeverity()).append(' ')
					.append(i.getCode()).append(' ').append(i.getMessage()).append('\n');
		}
		return sb.toString();
	}
}
