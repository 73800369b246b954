package org.xenguest.dsl.generator;

import java.util.Map;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.generator.AbstractGenerator;
import org.eclipse.xtext.generator.IFileSystemAccess2;
import org.eclipse.xtext.generator.IGeneratorContext;
import org.xenguest.dsl.xenguest.Model;

/**
 * The Xtext generator (IGenerator2) of the language: writes what {@link GuestGenerator} produces
 * into the output configuration's folder (src-gen by default, so C lands in src-gen/c, Java in
 * src-gen/java). Bind it in XenguestRuntimeModule:
 * {@code public Class<? extends IGenerator2> bindIGenerator2() { return XenguestGenerator.class; }}
 */
public class XenguestGenerator extends AbstractGenerator {

	@Override
	public void doGenerate(Resource input, IFileSystemAccess2 fsa, IGeneratorContext context) {
		if (input.getContents().isEmpty() || !(input.getContents().get(0) instanceof Model model)) {
			return;
		}
		String fileName = input.getURI() == null ? null : input.getURI().lastSegment();
		for (Map.Entry<String, String> file : GuestGenerator.generate(model, fileName).entrySet()) {
			if (context != null && context.getCancelIndicator() != null && context.getCancelIndicator().isCanceled()) {
				return;
			}
			fsa.generateFile(file.getKey(), file.getValue());
		}
	}
}
