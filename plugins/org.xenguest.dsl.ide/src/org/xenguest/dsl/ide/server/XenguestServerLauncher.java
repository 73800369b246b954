package org.xenguest.dsl.ide.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Future;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceFactoryRegistryImpl;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerLauncher;
import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.resource.impl.ResourceServiceProviderRegistryImpl;
import org.eclipse.xtext.util.Modules2;
import org.eclipse.xtext.validation.IResourceValidator;
import org.xenguest.dsl.XenguestRuntimeModule;
import org.xenguest.dsl.ide.XenguestIdeModule;
import org.xenguest.dsl.ide.XenguestIdeSetup;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.MembersInjector;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import com.google.inject.util.Modules;

/**
 * The Xenguest language server: Xtext's language server, serving {@code .xenguest} files over
 * stdio ({@code java -cp ... org.xenguest.dsl.ide.server.XenguestServerLauncher}, or
 * {@code xenguest lsp}). Its diagnostics come from the editor's incremental validation: a change
 * re-validates only the guests whose text changed ({@link LiveDocuments}); Xtext's server still
 * parses each new version of a document whole. The language is registered directly (not through Java's
 * ServiceLoader and {@code META-INF/services/org.eclipse.xtext.ISetup}, which an OSGi runtime does
 * not see). Arguments as Xtext's
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
		return start(Guice.createInjector(module()), in, out);
	}

	/** Starts the server that {@code server} (an injector of {@link #module()}) makes. */
	public static Future<Void> start(Injector server, InputStream in, OutputStream out) {
		LanguageServerImpl impl = server.getInstance(LanguageServerImpl.class);
		Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(impl, in, out);
		impl.connect(launcher.getRemoteProxy());
		return launcher.startListening();
	}

	/** Xtext's server module with one registry (one language injector, its incremental analysis) that knows the .xenguest language. */
	public static Module module() {
		return module(true);
	}

	/**
	 * The server module; {@code incremental} false gives Xtext's own validation (every change
	 * validated whole), for the benchmark's comparison.
	 */
	public static Module module(boolean incremental) {
		return Modules.override(new ServerModule()).with(binder -> {
			binder.bind(IResourceServiceProvider.Registry.class).toProvider(() -> registry(incremental))
					.in(Scopes.SINGLETON);
			binder.bind(XtextResourceSet.class).toProvider(ResourceSets.class);
		});
	}

	/** The language (runtime and ide bindings; with {@code incremental}, the incremental validation). */
	public static Injector language(boolean incremental) {
		XenguestIdeSetup setup = new XenguestIdeSetup() {
			@Override
			public Injector createInjector() {
				Module language = Modules2.mixin(new XenguestRuntimeModule(), new XenguestIdeModule());
				return Guice.createInjector(!incremental ? language
						: Modules.override(language).with(binder -> binder.bind(IResourceValidator.class)
								.to(LiveResourceValidator.class)));
			}
		};
		return setup.createInjectorAndDoEMFRegistration();
	}

	private static IResourceServiceProvider.Registry registry(boolean incremental) {
		Injector language = language(incremental);
		IResourceServiceProvider.Registry registry = new ResourceServiceProviderRegistryImpl();
		registry.getExtensionToFactoryMap().put("xenguest", language.getInstance(IResourceServiceProvider.class));
		return registry;
	}

	/**
	 * The server's resource sets make .xenguest resources with the server's language, whatever
	 * EMF's global registry holds (in a JVM with more than one injector of the language, the last
	 * registered wins there).
	 */
	static final class ResourceSets implements Provider<XtextResourceSet> {
		@Inject
		private MembersInjector<XtextResourceSet> members;
		@Inject
		private IResourceServiceProvider.Registry languages;

		@Override
		public XtextResourceSet get() {
			XtextResourceSet set = new XtextResourceSet();
			members.injectMembers(set);
			Resource.Factory.Registry factories = new ResourceFactoryRegistryImpl();
			IResourceServiceProvider language = languages.getResourceServiceProvider(URI.createURI("model.xenguest"));
			factories.getExtensionToFactoryMap().put("xenguest", language.get(IResourceFactory.class));
			set.setResourceFactoryRegistry(factories);
			return set;
		}
	}
}
