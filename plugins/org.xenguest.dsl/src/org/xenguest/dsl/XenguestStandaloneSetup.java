package org.xenguest.dsl;


/**
 * Initialization support for running Xtext languages without Equinox extension registry.
 */
public class XenguestStandaloneSetup extends XenguestStandaloneSetupGenerated {

	public static void doSetup() {
		new XenguestStandaloneSetup().createInjectorAndDoEMFRegistration();
	}
}
