package org.xenguest.cli;

import org.xenguest.dsl.docs.LanguageDocs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xenguest docs}: the language reference (the text the editor's hover shows), as Markdown. */
@Command(name = "docs",
        mixinStandardHelpOptions = true,
        description = "Print the guest language reference as Markdown: keywords, VIRQ names, netfront"
                + " features and diagnostic codes (docs/language.md is this output).")
final class DocsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(LanguageDocs.reference());
    }
}
