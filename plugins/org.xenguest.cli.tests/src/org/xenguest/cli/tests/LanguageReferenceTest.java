package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.xenguest.cli.Main;
import org.xenguest.dsl.validation.XenguestIssueCodes;

/** docs/language.md is what {@code xenguest docs} prints: the reference cannot drift from the hover text. */
class LanguageReferenceTest {

    @Test
    void docsLanguageMdIsUpToDate() throws IOException {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "docs"));
        String generated = out.toString();
        for (XenguestIssueCodes code : XenguestIssueCodes.values()) {
            assertTrue(generated.contains("| " + code.code() + " | " + code.shortName() + " |"), code.code());
        }
        assertTrue(generated.contains("| `timer` |"), "VIRQ table");
        Path committed = Path.of(System.getProperty("xenguest.examples")).resolveSibling("docs/language.md");
        assertEquals(generated, Files.exists(committed) ? Files.readString(committed) : "",
                "docs/language.md is out of date: regenerate it with ./xenguest docs > docs/language.md");
    }
}
