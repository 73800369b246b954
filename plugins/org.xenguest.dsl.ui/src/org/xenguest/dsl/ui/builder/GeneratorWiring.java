package org.xenguest.dsl.ui.builder;

import java.util.Optional;

import org.xenguest.dsl.generator.GuestGenerator;

/**
 * The one place the builder's generator is chosen: the language's {@link GuestGenerator}, the
 * same one {@code xenguest generate} runs, unless a test installs another.
 */
public final class GeneratorWiring {
	private static volatile ModelGenerator override;

	private GeneratorWiring() {
	}

	public static Optional<ModelGenerator> generator() {
		ModelGenerator g = override;
		return Optional.of(g != null ? g : GuestGenerator::generate);
	}

	/** For tests; null restores the default. */
	public static void setGenerator(ModelGenerator generator) {
		override = generator;
	}
}
