package org.xenguest.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.dsl.ide.server.XenguestServerLauncher;

/**
 * The language server over a pair of streams, in-process: it is initialized, gets documents,
 * publishes diagnostics, answers completion, hover, code actions, document symbols and
 * formatting, and shuts down cleanly. The same server as a separate process over stdio
 * ({@code xenguest lsp}) is tested by releng/org.xenguest.studio.tests.
 */
public class LanguageServerTest {
	static final long TIMEOUT = 60;

	static final class Client implements LanguageClient {
		final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();

		@Override
		public void publishDiagnostics(PublishDiagnosticsParams params) {
			diagnostics.add(params);
		}

		PublishDiagnosticsParams diagnosticsFor(String uri) throws InterruptedException {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT);
			while (System.nanoTime() < end) {
				PublishDiagnosticsParams p = diagnostics.poll(1, TimeUnit.SECONDS);
				if (p != null && p.getUri().equals(uri)) {
					return p;
				}
			}
			throw new AssertionError("no diagnostics for " + uri);
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

	@Test
	void serverInProcessOverPipes(@TempDir Path workspace) throws Exception {
		PipedInputStream serverIn = new PipedInputStream(1 << 16);
		PipedOutputStream toServer = new PipedOutputStream(serverIn);
		PipedInputStream fromServer = new PipedInputStream(1 << 16);
		PipedOutputStream serverOut = new PipedOutputStream(fromServer);
		XenguestServerLauncher.start(serverIn, serverOut);
		scenario(fromServer, toServer, workspace, false);
		toServer.close();
		serverOut.close();
	}

	static void scenario(InputStream fromServer, OutputStream toServer, Path workspace, boolean exit) throws Exception {
		Client client = new Client();
		Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, fromServer, toServer);
		launcher.startListening();
		LanguageServer server = launcher.getRemoteProxy();

		InitializeParams init = new InitializeParams();
		init.setProcessId((int) ProcessHandle.current().pid());
		// Xtext 2.42 needs rootUri (its WorkspaceManager throws a NullPointerException without one)
		init.setRootUri(workspace.toUri().toString());
		init.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "ws")));
		TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
		DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
		symbols.setHierarchicalDocumentSymbolSupport(true);
		text.setDocumentSymbol(symbols);
		ClientCapabilities caps = new ClientCapabilities();
		caps.setTextDocument(text);
		init.setCapabilities(caps);
		InitializeResult result = server.initialize(init).get(TIMEOUT, TimeUnit.SECONDS);
		assertNotNull(result.getCapabilities().getCompletionProvider());
		server.initialized(new InitializedParams());

		// diagnostics: the motivating guest is rejected by XG101 on its 'frames 1'
		String motivating = Ide.example("motivating.xenguest");
		String motivatingUri = workspace.resolve("motivating.xenguest").toUri().toString();
		server.getTextDocumentService()
				.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(motivatingUri, "xenguest", 1, motivating)));
		List<Diagnostic> diagnostics = client.diagnosticsFor(motivatingUri).getDiagnostics();
		assertEquals(1, diagnostics.size(), diagnostics::toString);
		Diagnostic budget = diagnostics.get(0);
		assertEquals("XG101", budget.getCode().getLeft());
		assertEquals(8, budget.getRange().getStart().getLine());
		assertEquals(motivating.split("\n")[8].indexOf("frames 1") + "frames ".length(),
				budget.getRange().getStart().getCharacter());

		// the quick fix from the issue data
		CodeActionParams actionParams = new CodeActionParams(new TextDocumentIdentifier(motivatingUri), budget.getRange(),
				new CodeActionContext(List.of(budget)));
		List<Either<Command, CodeAction>> actions = server.getTextDocumentService().codeAction(actionParams)
				.get(TIMEOUT, TimeUnit.SECONDS);
		assertEquals(1, actions.size(), actions::toString);
		CodeAction fix = actions.get(0).getRight();
		assertEquals("Set frames to 2", fix.getTitle());
		TextEdit edit = fix.getEdit().getChanges().get(motivatingUri).get(0);
		assertEquals("2", edit.getNewText());

		// completion at a VIRQ position
		String assist = "guest g {\n    port t : virq \n}\n";
		String assistUri = workspace.resolve("assist.xenguest").toUri().toString();
		server.getTextDocumentService()
				.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(assistUri, "xenguest", 1, assist)));
		Either<List<CompletionItem>, CompletionList> completion = server.getTextDocumentService()
				.completion(new CompletionParams(new TextDocumentIdentifier(assistUri), new Position(1, 18)))
				.get(TIMEOUT, TimeUnit.SECONDS);
		List<CompletionItem> items = completion.isLeft() ? completion.getLeft() : completion.getRight().getItems();
		List<String> labels = items.stream().map(CompletionItem::getLabel).collect(Collectors.toList());
		assertTrue(labels.containsAll(List.of("timer", "debug", "dom_exc", "xenpmu")), labels::toString);

		// hover on a keyword
		Hover hover = server.getTextDocumentService()
				.hover(new HoverParams(new TextDocumentIdentifier(motivatingUri), new Position(8, 6)))
				.get(TIMEOUT, TimeUnit.SECONDS);
		assertTrue(hover.getContents().getRight().getValue().contains("gnttab_max_frames"), hover.toString());

		// document symbols
		List<Either<SymbolInformation, DocumentSymbol>> symbols2 = server.getTextDocumentService()
				.documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(motivatingUri)))
				.get(TIMEOUT, TimeUnit.SECONDS);
		assertEquals("motivating", symbols2.get(0).getRight().getName());

		// formatting: the example is already formatted
		List<? extends TextEdit> edits = server.getTextDocumentService()
				.formatting(new DocumentFormattingParams(new TextDocumentIdentifier(motivatingUri),
						new FormattingOptions(4, true)))
				.get(TIMEOUT, TimeUnit.SECONDS);
		assertTrue(edits.stream().allMatch(e -> isNoOp(motivating, e)), edits::toString);

		server.shutdown().get(TIMEOUT, TimeUnit.SECONDS);
		if (exit) {
			server.exit();
		}
	}

	static boolean isNoOp(String text, TextEdit e) {
		String[] lines = text.split("\n", -1);
		int start = offset(lines, e.getRange().getStart());
		int end = offset(lines, e.getRange().getEnd());
		return text.substring(start, end).equals(e.getNewText());
	}

	static int offset(String[] lines, Position p) {
		int o = 0;
		for (int i = 0; i < p.getLine(); i++) {
			o += lines[i].length() + 1;
		}
		return o + p.getCharacter();
	}

	static String read(Path p) {
		try {
			return Files.readString(p);
		} catch (IOException e) {
			return "(unreadable: " + e + ")";
		}
	}

}
