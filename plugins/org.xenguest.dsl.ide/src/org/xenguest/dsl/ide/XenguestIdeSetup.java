package org.xenguest.dsl.ide;

import com.google.inject.Guice;
import com.google.inject.Injector;
import org.eclipse.xtext.util.Modules2;
import org.xenguest.dsl.XenguestRuntimeModule;
import org.xenguest.dsl.XenguestStandaloneSetup;

/**
 * Initialization support for running Xtext languages as language servers.
 */
public class XenguestIdeSetup extends XenguestStandaloneSetup {

	@Override
	public Injector createInjector() {
		return Guice.createInjector(Modules2.mixin(new XenguestRuntimeModule(), new XenguestIdeModule()));
	}
	
}
