package org.xenguest.studio.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xenguest lsp} as an editor uses it: a separate process speaking LSP over stdio. It
 * publishes the grant-budget diagnostic for the motivating guest, completes port kinds, and
 * exits cleanly on shutdown + exit.
 */
class XenguestLspTest {

    private static final long TIMEOUT_SECONDS = 60;

    /** Collects what the server pushes; answers its requests with nothing. */
    static final class Client implements LanguageClient {
        final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnostics.add(params);
        }

        @Override
        public void telemetryEvent(Object object) {}

        @Override
        public void showMessage(MessageParams message) {}

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {}
    }

    @Test
    void diagnosticsCompletionAndCleanExitOverStdio(@TempDir Path workspace) throws Exception {
        Path model = workspace.resolve("motivating.xenguest");
        Files.copy(Installation.repositoryRoot().resolve("examples/motivating.xenguest"), model);
        Process server = new ProcessBuilder("bash", Installation.repositoryRoot().resolve("xenguest").toString(), "lsp")
                .redirectError(workspace.resolve("stderr.log").toFile())
                .start();
        try {
            Client client = new Client();
            Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, server.getInputStream(),
                    server.getOutputStream());
            launcher.startListening();
            LanguageServer lsp = launcher.getRemoteProxy();

            InitializeParams init = new InitializeParams();
            init.setProcessId((int) ProcessHandle.current().pid());
            init.setRootUri(workspace.toUri().toString());
            lsp.initialize(init).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            lsp.initialized(new InitializedParams());

            String uri = model.toUri().toString();
            String text = Files.readString(model);
            lsp.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                    new TextDocumentItem(uri, "xenguest", 1, text)));
            List<Diagnostic> diagnostics = awaitDiagnostics(client, uri);
            Diagnostic budget = diagnostics.stream()
                    .filter(d -> d.getCode() != null && "XG101".equals(d.getCode().getLeft()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no XG101 diagnostic: " + diagnostics));
            assertEquals(8, budget.getRange().getStart().getLine(), "0-based line of the grant-table frames");

            // Right after "port store   : " the kinds of port are proposed.
            int line = lineOf(text, "port store");
            int column = text.lines().toList().get(line).indexOf(':') + 2;
            List<CompletionItem> items = lsp.getTextDocumentService()
                    .completion(new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, column)))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .map(list -> list, completionList -> completionList.getItems());
            List<String> labels = items.stream().map(CompletionItem::getLabel).toList();
            assertTrue(labels.containsAll(List.of("virq", "unbound", "interdomain", "ipi")), labels.toString());

            lsp.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            lsp.exit();
            assertTrue(server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the server did not exit after 'exit'");
            assertEquals(0, server.exitValue(), Files.readString(workspace.resolve("stderr.log")));
        } finally {
            server.destroyForcibly();
        }
    }

    private static List<Diagnostic> awaitDiagnostics(Client client, String uri) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            PublishDiagnosticsParams params = client.diagnostics.poll(1, TimeUnit.SECONDS);
            if (params != null && params.getUri().equals(uri) && !params.getDiagnostics().isEmpty()) {
                return params.getDiagnostics();
            }
        }
        throw new AssertionError("no diagnostics for " + uri + " within " + TIMEOUT_SECONDS + " s");
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + needle + "'");
    }
}
