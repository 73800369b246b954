package org.xenguest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.xenguest.dsl.check.ModelChecker;
import org.xenguest.dsl.check.ModelDiagnostic;
import org.xenguest.dsl.generator.GeneratorVersion;
import org.xenguest.dsl.generator.GuestGenerator;
import org.xenguest.dsl.xenguest.Guest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xenguest generate FILE... -o DIR}: the C, Java descriptor, xl.cfg and manifest of every
 * guest in the model files (layout in docs/generated-code.md), from {@link GuestGenerator}, the
 * generator the Eclipse builder runs too. Nothing is written unless every file parses and validates
 * without errors; diagnostics are printed as {@code xenguest check} prints them.
 */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Generate C (c/), the Java guest descriptor (java/), xl.cfg (xl/) and a Solo5-style manifest",
            "(manifest/) for the guests of FILE... into DIR; files whose content is unchanged are left alone.",
            "Models with errors are reported in the GCC form FILE:LINE:COL: error: MESSAGE [CODE] and nothing",
            "is generated. Exit 0 when done, 1 when a model has errors or DIR cannot be written,",
            "2 for usage errors or unreadable files." })
final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .xenguest files.")
    private List<Path> files;

    @Option(names = { "-o", "--output" }, required = true, paramLabel = "DIR",
            description = "Where to write; created if missing.")
    private Path output;

    @Override
    public Integer call() {
        Logging.quietLibraries();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelFiles.Checked checked = ModelFiles.check(files, err);
        List<ModelChecker.Result> results = checked.results();
        boolean unreadable = checked.unreadable();
        if (unreadable) {
            return Main.EXIT_USAGE;
        }
        long errors = 0;
        for (ModelChecker.Result result : results) {
            for (ModelDiagnostic d : result.diagnostics()) {
                err.println(d.toGccForm());
                errors += d.isError() ? 1 : 0;
            }
        }
        if (errors > 0) {
            err.println(errors + " error(s): nothing generated. Fix the model and run again.");
            return Main.EXIT_FAILED;
        }

        SortedMap<String, String> generated = new TreeMap<>();
        Map<String, String> guestFile = new TreeMap<>();
        for (int i = 0; i < results.size(); i++) {
            ModelChecker.Result result = results.get(i);
            if (result.model() == null) {
                continue;
            }
            for (Guest guest : result.model().getGuests()) {
                String first = guestFile.putIfAbsent(guest.getName(), result.file());
                if (first != null) {
                    err.println(result.file() + ": error: guest '" + guest.getName() + "' is also defined in " + first
                            + ": their generated files would collide; rename one");
                    return Main.EXIT_FAILED;
                }
            }
            try {
                // The bare file name: headers do not depend on where the model sits.
                generated.putAll(GuestGenerator.generate(result.model(), files.get(i).getFileName().toString()));
            } catch (IllegalArgumentException e) {
                err.println(result.file() + ": error: " + e.getMessage());
                return Main.EXIT_FAILED;
            }
        }

        int written = 0;
        for (Map.Entry<String, String> entry : generated.entrySet()) {
            Path target = output.resolve(entry.getKey());
            byte[] content = entry.getValue().getBytes(StandardCharsets.UTF_8);
            try {
                if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                writeWhole(target, content);
                written++;
            } catch (IOException | SecurityException e) {
                err.println("xenguest: cannot write " + target + ": " + e.getMessage());
                return Main.EXIT_FAILED;
            }
        }
        out.println("xenguest generate " + GeneratorVersion.VERSION + ": " + guestFile.size()
                + (guestFile.size() == 1 ? " guest, " : " guests, ") + generated.size() + " files in " + output + " ("
                + written + " written, " + (generated.size() - written) + " unchanged)");
        return Main.EXIT_OK;
    }

    /**
     * Writes through a temporary file and a rename, so that whoever watches the folder (the
     * Studio's live launch waits for the demo's manifest) never reads a file half written.
     */
    private static void writeWhole(Path target, byte[] content) throws IOException {
        // not Files.createTempFile: that one is readable by its owner only
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
