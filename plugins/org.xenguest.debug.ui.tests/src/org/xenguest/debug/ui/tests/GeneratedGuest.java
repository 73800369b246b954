package org.xenguest.debug.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.xenguest.dsl.check.ModelChecker;
import org.xenguest.dsl.check.ModelDiagnostic;
import org.xenguest.dsl.generator.GuestGenerator;

/**
 * A model's generated code (C, xl.cfg, manifest) written under a folder, as {@code xenguest
 * generate MODEL -o DIR} writes it, straight from the language's generator: the tests of the
 * live views build real guests without requiring the command line bundle, which sits above
 * this one (the generator, org.xenguest.dsl, is a layer below: it needs only the ABI).
 */
final class GeneratedGuest {

    private GeneratedGuest() {
    }

    /** Checks {@code model} and writes its generated files under {@code out}; returns {@code out}. */
    static Path generate(Path model, Path out) throws IOException {
        ModelChecker.Result result = new ModelChecker().check(model);
        List<ModelDiagnostic> errors = result.diagnostics().stream().filter(ModelDiagnostic::isError).toList();
        if (!errors.isEmpty() || result.model() == null) {
            throw new IOException(model + " does not check: " + (errors.isEmpty() ? "does not parse"
                    : String.join("\n", errors.stream().map(ModelDiagnostic::toGccForm).toList())));
        }
        for (Map.Entry<String, String> file : GuestGenerator.generate(result.model(), model.getFileName().toString())
                .entrySet()) {
            Path target = out.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        return out;
    }
}
