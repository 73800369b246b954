package org.xenguest.dsl.tests.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.xtext.generator.GeneratorContext;
import org.eclipse.xtext.generator.IFileSystemAccess;
import org.eclipse.xtext.generator.IGenerator2;
import org.eclipse.xtext.generator.InMemoryFileSystemAccess;
import org.eclipse.xtext.resource.XtextResource;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.generator.GuestGenerator;
import org.xenguest.dsl.generator.XenguestGenerator;
import org.xenguest.dsl.tests.Xg;

/** The language's IGenerator2 (what the Eclipse builder runs) writes exactly what GuestGenerator gives the CLI. */
class XenguestGeneratorTest {

	@Test
	void theBoundXtextGeneratorWritesTheFilesOfTheApi() {
		IGenerator2 generator = Xg.injector().getInstance(IGenerator2.class);
		assertInstanceOf(XenguestGenerator.class, generator);
		XtextResource r = Xg.parse(Xg.example("web.xenguest"));
		InMemoryFileSystemAccess fsa = new InMemoryFileSystemAccess();
		generator.doGenerate(r, fsa, new GeneratorContext());
		SortedMap<String, String> written = new TreeMap<>();
		String prefix = IFileSystemAccess.DEFAULT_OUTPUT;
		for (Map.Entry<String, CharSequence> f : fsa.getTextFiles().entrySet()) {
			written.put(f.getKey().substring(prefix.length()), f.getValue().toString());
		}
		assertEquals(GuestGenerator.generate(Xg.model(r), r.getURI().lastSegment()), written);
	}
}
