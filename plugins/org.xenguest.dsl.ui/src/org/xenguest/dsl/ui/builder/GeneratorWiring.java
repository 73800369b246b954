package org.xenguest.dsl.ui.builder;

import java.util.Optional;

/**
 * The one place the builder's generator is chosen. The language's GuestGenerator
 * (org.xenguest.dsl.generator) is not on this branch yet; once it is, {@link #generator()}
 * returns {@code Optional.of((model, file) -> new GuestGenerator().generate(model, file))}.
 * Until then the builder validates only, unless a test installs a generator.
 */
public final class GeneratorWiring {
	private static volatile ModelGenerator override;

	private GeneratorWiring() {
	}

	public static Optional<ModelGenerator> generator() {
		ModelGenerator g = override;
		return Optional.ofNullable(g);
	}

	/** For tests (and for trying the builder before the generator is merged); null restores the default. */
	public static void setGenerator(ModelGenerator generator) {
		override = generator;
	}
}
