package org.xenguest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.xenguest.dsl.check.ModelChecker;
import org.xenguest.dsl.check.ModelDiagnostic;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xenguest check FILE...}: the language's diagnostics, for terminals, CI and tools. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Parse and validate guest models. One diagnostic per line in the GCC form",
            "FILE:LINE:COL: error|warning: MESSAGE [CODE].",
            "Exit 0 when no errors, 1 when errors, 2 for usage errors or unreadable files." })
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .xenguest files to check.")
    private List<Path> files;

    @Option(names = "--json", description = "Print one JSON object: files with their diagnostics, and totals.")
    private boolean json;

    @Override
    public Integer call() {
        Logging.quietLibraries();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelFiles.Checked checked = ModelFiles.check(files, err);
        List<ModelChecker.Result> results = checked.results();
        boolean unreadable = checked.unreadable();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(toJson(results)));
        } else {
            results.forEach(result -> result.diagnostics().forEach(d -> out.println(d.toGccForm())));
            long errors = count(results, "error");
            long warnings = count(results, "warning");
            if (errors + warnings > 0) {
                err.println(errors + " error(s), " + warnings + " warning(s) in " + results.size() + " file(s)");
            }
        }
        if (unreadable) {
            return Main.EXIT_USAGE;
        }
        return results.stream().anyMatch(ModelChecker.Result::hasErrors) ? Main.EXIT_FAILED : Main.EXIT_OK;
    }

    private static long count(List<ModelChecker.Result> results, String severity) {
        return results.stream().flatMap(r -> r.diagnostics().stream()).filter(d -> d.severity().equals(severity)).count();
    }

    private static JsonObject toJson(List<ModelChecker.Result> results) {
        JsonArray files = new JsonArray();
        for (ModelChecker.Result result : results) {
            JsonArray diagnostics = new JsonArray();
            for (ModelDiagnostic d : result.diagnostics()) {
                JsonObject o = new JsonObject();
                o.addProperty("line", d.line());
                o.addProperty("column", d.column());
                o.addProperty("offset", d.offset());
                o.addProperty("length", d.length());
                o.addProperty("severity", d.severity());
                o.addProperty("code", d.code());
                o.addProperty("message", d.message());
                diagnostics.add(o);
            }
            JsonObject file = new JsonObject();
            file.addProperty("file", result.file());
            file.add("diagnostics", diagnostics);
            files.add(file);
        }
        JsonObject root = new JsonObject();
        root.add("files", files);
        root.addProperty("errors", count(results, "error"));
        root.addProperty("warnings", count(results, "warning"));
        return root;
    }
}
