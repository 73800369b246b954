package org.xenguest.dsl.ui.editor;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.xenguest.dsl.ide.incremental.IncrementalHighlighter;
import org.xenguest.dsl.ide.incremental.IncrementalParser;
import org.xenguest.dsl.ide.incremental.IncrementalSymbols;
import org.xenguest.dsl.ide.incremental.IncrementalValidator;
import org.xenguest.dsl.ui.XenguestLanguage;

/**
 * Once a session, beside the first editor's first analysis: a few keystrokes' analyses on a
 * small model of its own (a typo that breaks a port kind, its repair, a letter typed into a
 * handler name and taken out again), so the paths a keystroke takes (Xtext's partial parser, the
 * incremental validator, highlighter and symbols) are loaded and compiled before the user's first
 * keystroke instead of during it. On a thread of its own at low priority, started with the first
 * analysis of the session's first editor (once the language's injector exists), so neither that
 * analysis nor a keystroke's waits for it; the user's document and its model are not touched.
 */
final class KeystrokeWarmUp {
	private static final AtomicBoolean DONE = new AtomicBoolean();
	private static final int GUESTS = 12;
	private static final int ROUNDS = 3;

	private KeystrokeWarmUp() {
	}

	/** Starts the warm-up if no editor of this session started it yet. */
	static void once() {
		if (!DONE.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(KeystrokeWarmUp::run, "Xen guest editor warm-up");
		thread.setDaemon(true);
		thread.setPriority(Thread.MIN_PRIORITY);
		thread.start();
	}

	private static void run() {
		try {
			IncrementalParser parser = XenguestLanguage.injector().getInstance(IncrementalParser.class);
			IncrementalHighlighter highlighter = XenguestLanguage.injector().getInstance(IncrementalHighlighter.class);
			IncrementalValidator validator = XenguestLanguage.injector().getInstance(IncrementalValidator.class);
			IncrementalSymbols symbols = XenguestLanguage.injector().getInstance(IncrementalSymbols.class);
			String text = model();
			int kind = text.indexOf(": unbound", text.indexOf("guest w" + GUESTS / 2 + " ")) + 2;
			int name = text.indexOf("on_ping", kind) + "on_ping".length();
			String typo = text.substring(0, kind) + "x" + text.substring(kind + 1);
			String letter = text.substring(0, name) + "x" + text.substring(name);
			analyse(text, parser, highlighter, validator, symbols);
			for (int round = 0; round < ROUNDS; round++) {
				for (String version : new String[] { typo, text, letter, text }) {
					analyse(version, parser, highlighter, validator, symbols);
				}
			}
		} catch (RuntimeException e) {
			// only a warm-up: the real analyses report their own failures
		}
	}

	private static void analyse(String text, IncrementalParser parser, IncrementalHighlighter highlighter,
			IncrementalValidator validator, IncrementalSymbols symbols) {
		XtextResource resource = parser.parse(text);
		highlighter.highlight(resource, CancelIndicator.NullImpl);
		validator.validate(resource, CancelIndicator.NullImpl);
		symbols.symbols(resource, CancelIndicator.NullImpl);
	}

	/** Guests with the elements a model usually has, each with a warning or two. */
	private static String model() {
		StringBuilder sb = new StringBuilder();
		for (int g = 0; g < GUESTS; g++) {
			sb.append("// guest ").append(g).append(" TODO\n").append("guest w").append(g).append(" {\n")
					.append("    type pvh\n    vcpus 2\n    memory 256M\n    grant-table version 1 frames 4\n")
					.append("    port store : xenstore\n    port console : console\n")
					.append("    port timer : virq timer handler on_timer\n")
					.append("    port net0 : unbound remote 0 handler on_net0\n")
					.append("    port ping : interdomain remote 0 port 7 handler on_ping masked\n")
					.append("    grant blk[8] to 0 readonly\n")
					.append("    xenstore {\n        \"data/ip\" = \"10.0.0.2\"\n        \"control/shutdown\" watch handler on_shutdown\n    }\n")
					.append("    netfront net0 {\n        backend 0\n        port net0\n        features sg rx-notify\n")
					.append("        mac \"00:16:3e:30:49:52\"\n    }\n    debug stub serial com2\n}\n\n");
		}
		return sb.toString();
	}
}
