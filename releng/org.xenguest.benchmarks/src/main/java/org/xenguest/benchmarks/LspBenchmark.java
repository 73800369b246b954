package org.xenguest.benchmarks;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.xenguest.dsl.ide.server.XenguestServerLauncher;

import com.google.inject.Guice;

/**
 * What an LSP client gets for a keystroke in the 5,000-line model: the time from sending a
 * didChange (one letter typed into, then deleted from, a handler name of a guest in turn) to the
 * publishDiagnostics for it, through the language server in this JVM over pipes (JSON-RPC, as
 * {@code xenguest lsp} over stdio). A benchmark run on demand ({@code releng/benchmarks.sh lsp}),
 * never a test. Arguments: {@code incremental} (the server as shipped) or {@code xtext} (Xtext's
 * own analysis: every change parsed and validated whole), then optionally the number of measured
 * keystrokes (default 60, after 20 unmeasured). Run each in its own JVM: the first keystrokes
 * after the open are the JIT-cold ones and are reported apart.
 */
public final class LspBenchmark {
    private static final long TIMEOUT_S = 120;

    private LspBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean incremental = args.length == 0 || !args[0].equals("xtext");
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmUp = 20;
        Path workspace = Files.createTempDirectory("xenguest-lsp-bench");
        String text = ModelText.guests(5000);
        long lines = text.chars().filter(c -> c == '\n').count();

        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedInputStream fromServer = new PipedInputStream(1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        XenguestServerLauncher.start(Guice.createInjector(XenguestServerLauncher.module(incremental)), serverIn, serverOut);
        Client client = new Client();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, fromServer, toServer);
        launcher.startListening();
        LanguageServer server = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setProcessId((int) ProcessHandle.current().pid());
        init.setRootUri(workspace.toUri().toString());
        server.initialize(init).get(TIMEOUT_S, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());

        String uri = workspace.resolve("big.xenguest").toUri().toString();
        long open = System.nanoTime();
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "xenguest", 1, text)));
        int diagnostics = client.next(uri).getDiagnostics().size();
        double openMs = (System.nanoTime() - open) / 1e6;

        // keystrokes: 'x' typed after a guest's "on_timer", then deleted, the guests in turn
        List<Integer> places = new ArrayList<>();
        for (int at = text.indexOf("on_timer"); at >= 0; at = text.indexOf("on_timer", at + 1)) {
            places.add(at + "on_timer".length());
        }
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        int version = 1;
        for (int k = 0; k < warmUp + measured; k++) {
            int at = places.get((k / 2 * 7) % places.size());
            boolean type = k % 2 == 0;
            Position p = position(text, at);
            TextDocumentContentChangeEvent change = type
                    ? new TextDocumentContentChangeEvent(new Range(p, p), "x")
                    : new TextDocumentContentChangeEvent(new Range(p, new Position(p.getLine(), p.getCharacter() + 1)), "");
            text = type ? text.substring(0, at) + "x" + text.substring(at) : text.substring(0, at) + text.substring(at + 1);
            long sent = System.nanoTime();
            server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, ++version), List.of(change)));
            client.next(uri);
            double ms = (System.nanoTime() - sent) / 1e6;
            if (k < 2) {
                cold.add(ms);
            }
            if (k >= warmUp) {
                warm.add(ms);
            }
        }
        server.shutdown().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<Double> sorted = new ArrayList<>(warm);
        sorted.sort(null);
        System.out.printf(Locale.ROOT,
                "LspBenchmark %s: %d-line model, %d diagnostics; open to diagnostics %.0f ms; first 2 keystrokes %.0f / %.0f ms;"
                        + " %d keystrokes after %d: median %.1f ms, p90 %.1f ms, max %.1f ms (didChange to publishDiagnostics)%n",
                incremental ? "incremental" : "xtext", lines, diagnostics, openMs, cold.get(0), cold.get(1), measured, warmUp,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.get(sorted.size() - 1));
        System.exit(0);
    }

    private static Position position(String text, int offset) {
        int line = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart);
    }

    private static final class Client implements LanguageClient {
        final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();

        PublishDiagnosticsParams next(String uri) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (System.nanoTime() < end) {
                PublishDiagnosticsParams p = published.poll(1, TimeUnit.SECONDS);
                if (p != null && p.getUri().equals(uri)) {
                    return p;
                }
            }
            throw new IllegalStateException("no diagnostics for " + uri + " within " + TIMEOUT_S + " s");
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            published.add(params);
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }
}
