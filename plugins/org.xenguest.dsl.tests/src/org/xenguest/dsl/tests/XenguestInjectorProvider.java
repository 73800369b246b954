package org.xenguest.dsl.tests;

import org.eclipse.xtext.testing.GlobalRegistries;
import org.eclipse.xtext.testing.GlobalRegistries.GlobalStateMemento;
import org.eclipse.xtext.testing.IInjectorProvider;
import org.eclipse.xtext.testing.IRegistryConfigurator;
import org.xenguest.dsl.ide.XenguestIdeSetup;

import com.google.inject.Injector;

/** The language's injector (runtime + ide bindings) for Xtext's JUnit 5 InjectionExtension. */
public class XenguestInjectorProvider implements IInjectorProvider, IRegistryConfigurator {
	private GlobalStateMemento stateBeforeInjectorCreation;
	private GlobalStateMemento stateAfterInjectorCreation;
	private Injector injector;

	static {
		GlobalRegistries.initializeDefaults();
	}

	@Override
	public synchronized Injector getInjector() {
		if (injector == null) {
			stateBeforeInjectorCreation = GlobalRegistries.makeCopyOfGlobalState();
			injector = new XenguestIdeSetup().createInjectorAndDoEMFRegistration();
			// taking the copy empties the registered composite validators: put them back at once
			stateAfterInjectorCreation = GlobalRegistries.makeCopyOfGlobalState();
			stateAfterInjectorCreation.restoreGlobalState();
		}
		return injector;
	}

	@Override
	public void restoreRegistry() {
		stateBeforeInjectorCreation.restoreGlobalState();
	}

	@Override
	public void setupRegistry() {
		getInjector();
		stateAfterInjectorCreation.restoreGlobalState();
	}
}
