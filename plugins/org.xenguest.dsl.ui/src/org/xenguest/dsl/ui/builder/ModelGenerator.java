package org.xenguest.dsl.ui.builder;

import java.util.SortedMap;

import org.xenguest.dsl.xenguest.Model;

/** What the builder needs of a code generator: the files (output-relative path to content) a model yields. */
@FunctionalInterface
public interface ModelGenerator {
	SortedMap<String, String> generate(Model model, String fileName);
}
