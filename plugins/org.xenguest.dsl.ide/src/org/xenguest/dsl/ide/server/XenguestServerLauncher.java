package org.xenguest.dsl.ide.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Future;

import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerLauncher;
import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.impl.ResourceServiceProviderRegistryImpl;
import org.xenguest.dsl.ide.XenguestIdeSetup;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.util.Modules;

/**
 * The Xenguest language server: Xtext's language server, serving {@code .xenguest} files over
 * stdio ({@code java -cp ... org.xenguest.dsl.ide.server.XenguestServerLauncher}, or
 * {@code xenguest lsp}). The language is registered directly (not through Java's ServiceLoader
 * and {@code META-INF/services/org.eclipse.xtext.ISetup}, which an OSGi runtime does not see).
 * Arguments as Xtext's
 * {@link ServerLauncher}: {@code -log} writes a debug log, {@code -trace} traces messages,
 * {@code -noValidate} skips message validation.
 */
public final class XenguestServerLauncher {
	private XenguestServerLauncher() {
	}

	public static void main(String[] args) {
		ServerLauncher.launch(XenguestServerLauncher.class.getName(), args, module());
	}

	/** Starts a server on the given streams in this JVM (for embedding and tests); the future ends with the connection. */
	public static Future<Void> start(InputStream in, OutputStream out) {
		LanguageServerImpl server = Guice.createInjector(module()).getInstance(LanguageServerImpl.class);
		Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
		server.connect(launcher.getRemoteProxy());
		return launcher.startListening();
	}

	/** Xtext's server module with one registry (one language injector) that knows the .xenguest language. */
	public static Module module() {
		return Modules.override(new ServerModule()).with(binder -> binder.bind(IResourceServiceProvider.Registry.class)
				.toProvider(XenguestServerLauncher::registry).in(Scopes.SINGLETON));
	}

	private static IResourceServiceProvider.Registry registry() {
		Injector language = new XenguestIdeSetup().createInjectorAndDoEMFRegistration();
		IResourceServiceProvider.Registry registry = new ResourceServiceProviderRegistryImpl();
		registry.getExtensionToFactoryMap().put("xenguest", language.getInstance(IResourceServiceProvider.class));
		return registry;
	}
}
