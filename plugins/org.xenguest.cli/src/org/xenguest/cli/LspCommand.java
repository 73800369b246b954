package org.xenguest.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import org.xenguest.dsl.ide.server.XenguestServerLauncher;

import picocli.CommandLine.Command;

/** {@code xenguest lsp}: the language server over stdio, for any LSP editor (VS Code, Neovim, Emacs...). */
@Command(name = "lsp",
        mixinStandardHelpOptions = true,
        description = "Serve the .xenguest language over stdio with the Language Server Protocol"
                + " (diagnostics, completion, hover, symbols, formatting, quick fixes).")
final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        Logging.quietLibraries();
        // stdout belongs to the protocol: anything else printed by a library goes to stderr.
        InputStream in = System.in;
        PrintStream protocolOut = System.out;
        System.setOut(System.err);
        try {
            XenguestServerLauncher.start(in, protocolOut).get();
            return Main.EXIT_OK;
        } catch (ExecutionException e) {
            System.err.println("xenguest lsp: the connection failed: " + e.getCause());
            return Main.EXIT_FAILED;
        }
    }
}
