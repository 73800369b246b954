package org.xenguest.cli;

import java.util.List;

import org.xenguest.abi.AbiFact;
import org.xenguest.abi.AbiFacts;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xenguest abi}: the layout and constant table of the Xen ABI that Studio works from. */
@Command(name = "abi",
        mixinStandardHelpOptions = true,
        description = "Print the Xen ABI facts (x86-64 layouts, offsets, sizes, constants) Studio uses;"
                + " each is checked against Xen's public headers by the build.")
final class AbiCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of {group, name, value, c} objects.")
    private boolean json;

    @Option(names = "--group", paramLabel = "GROUP", description = "Only the facts of this group (e.g. shared_info).")
    private String group;

    @Override
    public void run() {
        List<AbiFact> facts = AbiFacts.all().stream()
                .filter(fact -> group == null || fact.group().equals(group))
                .toList();
        if (facts.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "No ABI facts in group '" + group + "'. Groups: " + String.join(", ", groups()));
        }
        if (json) {
            JsonArray array = new JsonArray();
            for (AbiFact fact : facts) {
                JsonObject object = new JsonObject();
                object.addProperty("group", fact.group());
                object.addProperty("name", fact.name());
                object.addProperty("value", fact.value());
                object.addProperty("c", fact.cExpression());
                array.add(object);
            }
            spec.commandLine().getOut().println(new GsonBuilder().setPrettyPrinting().create().toJson(array));
        } else {
            spec.commandLine().getOut().print(AbiFacts.formatTable(facts));
        }
    }

    private static List<String> groups() {
        return AbiFacts.all().stream().map(AbiFact::group).distinct().toList();
    }
}
