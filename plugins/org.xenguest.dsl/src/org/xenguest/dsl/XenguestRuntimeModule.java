package org.xenguest.dsl;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider;
import org.xenguest.dsl.conversion.XenguestValueConverters;
import org.xenguest.dsl.linking.XenguestLinkingDiagnosticMessageProvider;
import org.xenguest.dsl.parser.XenguestSyntaxErrorMessageProvider;

/** Runtime bindings of the Xenguest language (UI-free, used by the CLI, the language server and tests). */
public class XenguestRuntimeModule extends AbstractXenguestRuntimeModule {

	@Override
	public Class<? extends IValueConverterService> bindIValueConverterService() {
		return XenguestValueConverters.class;
	}

	public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
		return XenguestLinkingDiagnosticMessageProvider.class;
	}

	public Class<? extends ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
		return XenguestSyntaxErrorMessageProvider.class;
	}

	public Class<? extends org.eclipse.xtext.generator.IGenerator2> bindIGenerator2() { return org.xenguest.dsl.generator.XenguestGenerator.class; }
}
