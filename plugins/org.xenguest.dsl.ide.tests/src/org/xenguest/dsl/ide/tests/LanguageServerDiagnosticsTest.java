package org.xenguest.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.dsl.ide.server.LiveDocuments;
import org.xenguest.dsl.ide.server.XenguestServerLauncher;

import com.google.inject.Guice;
import com.google.inject.Injector;

/**
 * The language server serves its diagnostics from the incremental analysis: after each of a
 * sequence of seeded edits sent as incremental didChange events (letters typed into and deleted
 * from words; lines, braces and stray characters typed or deleted; each then undone, so most
 * keystrokes land in a model that parsed cleanly, as in an editor), the
 * diagnostics it publishes are those of a full parse and validation of the same text, and most
 * guests' issues were reused rather than computed again.
 */
public class LanguageServerDiagnosticsTest {
	private static final String[] TYPED = { "x", " ", "\n", "}", "{", "port q : ipi\n", "0", ":", "vcpus 99\n",
			"handler h\n", "grant g[9999] to 0\n" };

	@Test
	void diagnosticsAfterEachChangeAreThoseOfAFullAnalysis(@TempDir Path workspace) throws Exception {
		Injector server = Guice.createInjector(XenguestServerLauncher.module());
		PipedInputStream serverIn = new PipedInputStream(1 << 16);
		PipedOutputStream toServer = new PipedOutputStream(serverIn);
		PipedInputStream fromServer = new PipedInputStream(1 << 16);
		PipedOutputStream serverOut = new PipedOutputStream(fromServer);
		XenguestServerLauncher.start(server, serverIn, serverOut);
		LanguageServerTest.Client client = new LanguageServerTest.Client();
		Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, fromServer, toServer);
		launcher.startListening();
		LanguageServer lsp = launcher.getRemoteProxy();
		InitializeParams init = new InitializeParams();
		init.setProcessId((int) ProcessHandle.current().pid());
		init.setRootUri(workspace.toUri().toString());
		lsp.initialize(init).get(LanguageServerTest.TIMEOUT, TimeUnit.SECONDS);
		lsp.initialized(new InitializedParams());

		String text = IncrementalAnalysisTest.manyGuests(20);
		String uri = workspace.resolve("many.xenguest").toUri().toString();
		lsp.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "xenguest", 1, text)));
		assertEquals(full(text), published(client.diagnosticsFor(uri).getDiagnostics()));

		Random random = new Random(0x15_0dd_5eedL);
		int version = 1;
		String undo = null; // the text before the last edit: the next change restores it
		for (int edit = 0; edit < 80; edit++) {
			int at;
			int removed;
			String inserted;
			if (undo != null) { // the undo of the last edit, as an editor sends it: one range, the old text
				int prefix = 0;
				while (prefix < Math.min(text.length(), undo.length()) && text.charAt(prefix) == undo.charAt(prefix)) {
					prefix++;
				}
				int suffix = 0;
				while (suffix < Math.min(text.length(), undo.length()) - prefix
						&& text.charAt(text.length() - 1 - suffix) == undo.charAt(undo.length() - 1 - suffix)) {
					suffix++;
				}
				at = prefix;
				removed = text.length() - prefix - suffix;
				inserted = undo.substring(prefix, undo.length() - suffix);
				undo = null;
			} else if (random.nextInt(3) == 0) { // a structural edit: a line, a brace, a stray character, a deletion
				at = random.nextInt(text.length());
				removed = random.nextInt(4) == 0 ? Math.min(text.length() - at, 1 + random.nextInt(3)) : 0;
				inserted = removed > 0 && random.nextBoolean() ? "" : TYPED[random.nextInt(TYPED.length)];
				undo = text;
			} else { // a keystroke in a word: a letter typed or deleted
				at = random.nextInt(text.length());
				while (at > 0 && !Character.isLetterOrDigit(text.charAt(at))) {
					at--;
				}
				boolean delete = random.nextBoolean() && Character.isLetterOrDigit(text.charAt(at));
				removed = delete ? 1 : 0;
				inserted = delete ? "" : String.valueOf((char) ('a' + random.nextInt(26)));
				undo = text;
			}
			TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(
					new Range(position(text, at), position(text, at + removed)), inserted);
			text = text.substring(0, at) + inserted + text.substring(at + removed);
			lsp.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
					new VersionedTextDocumentIdentifier(uri, ++version), List.of(change)));
			List<String> expected = full(text);
			List<String> got = publishedFor(client, uri, version, expected);
			int number = edit;
			assertEquals(expected, got, () -> "diagnostics after edit " + number + " (" + change + "): missing "
					+ expected.stream().filter(d -> !got.contains(d)).toList() + ", not expected "
					+ got.stream().filter(d -> !expected.contains(d)).toList());
		}

		LiveDocuments live = server.getInstance(IResourceServiceProvider.Registry.class)
				.getResourceServiceProvider(org.eclipse.emf.common.util.URI.createURI(uri)).get(LiveDocuments.class);
		LiveDocuments.Statistics stats = live.statistics();
		System.out.println("LanguageServerDiagnosticsTest: " + stats);
		assertTrue(stats.validations() >= 81, "the open and each change validated: " + stats);
		assertTrue(stats.reusedGuests() > stats.guests() / 2, "the guests' issues were hardly reused: " + stats);
		lsp.shutdown().get(LanguageServerTest.TIMEOUT, TimeUnit.SECONDS);
		toServer.close();
		serverOut.close();
	}

	/**
	 * The diagnostics published for {@code version}: the first publication equal to
	 * {@code expected}, or the first that names this version, or (publications without a version)
	 * the last one before the timeout.
	 */
	private static List<String> publishedFor(LanguageServerTest.Client client, String uri, int version,
			List<String> expected) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LanguageServerTest.TIMEOUT);
		List<String> last = null;
		while (System.nanoTime() < end) {
			PublishDiagnosticsParams p = client.diagnostics.poll(1, TimeUnit.SECONDS);
			if (p == null || !p.getUri().equals(uri) || (p.getVersion() != null && p.getVersion() < version)) {
				continue;
			}
			last = published(p.getDiagnostics());
			if (last.equals(expected) || p.getVersion() != null) {
				return last;
			}
		}
		if (last == null) {
			throw new AssertionError("no diagnostics for version " + version + " of " + uri);
		}
		return last;
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

	/** The diagnostics a full parse and validation of {@code text} gives, as Xtext's server turns issues into them. */
	private static List<String> full(String text) {
		List<String> out = new ArrayList<>();
		for (Issue i : Ide.validate(Ide.parse(text))) {
			if (i.getSeverity() == Severity.IGNORE) {
				continue;
			}
			out.add(i.getSeverity().name().charAt(0) + " " + i.getCode() + " " + (Math.max(1, i.getLineNumber()) - 1) + ":"
					+ (Math.max(1, i.getColumn()) - 1) + "-" + (Math.max(1, i.getLineNumberEnd()) - 1) + ":"
					+ (Math.max(1, i.getColumnEnd()) - 1) + " " + i.getMessage());
		}
		out.sort(null);
		return out;
	}

	private static List<String> published(List<Diagnostic> diagnostics) {
		List<String> out = new ArrayList<>();
		for (Diagnostic d : diagnostics) {
			out.add(d.getSeverity().name().charAt(0) + " " + (d.getCode() == null ? null : d.getCode().getLeft()) + " " + d.getRange().getStart().getLine()
					+ ":" + d.getRange().getStart().getCharacter() + "-" + d.getRange().getEnd().getLine() + ":"
					+ d.getRange().getEnd().getCharacter() + " " + d.getMessage().getLeft());
		}
		out.sort(null);
		return out;
	}
}
