package org.xenguest.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;

/**
 * Robustness: at least 10,000 seeded random mutations of the examples (byte flips, deletions,
 * duplications, truncations, binary garbage, keyword insertions, line swaps) go through parse +
 * validate + format. Nothing may throw, nothing may be logged as an error (Xtext logs exceptions
 * of check methods instead of throwing them), and every diagnostic has a location (line >= 1,
 * column >= 1, inside the text). Mutants without syntax errors must format idempotently into
 * text that still parses.
 */
public class FuzzTest {
	static final int MUTANTS = 10_000;
	static final long SEED = 0x5EED_0F_7E57L;

	static final String KITCHEN_SINK = "/* every construct */\n"
			+ "guest sink {\n"
			+ "    type hvm\n"
			+ "    vcpus 4\n"
			+ "    memory 1G\n"
			+ "    event-channels 4095\n"
			+ "    grant-table version 2 frames 8\n"
			+ "\n"
			+ "    port store   : xenstore\n"
			+ "    port console : console handler on_console\n"
			+ "    port dbg     : virq debug vcpu 3\n"
			+ "    port exc     : virq dom_exc\n"
			+ "    port kick    : ipi handler on_kick shared vcpu 1 masked\n"
			+ "    port kick2   : ipi handler on_kick shared\n"
			+ "    port n0      : unbound remote 0\n"
			+ "    port n1      : unbound remote 0\n"
			+ "    port peer    : interdomain remote 3 port 12\n"
			+ "\n"
			+ "    grant ring[2] to 3\n"
			+ "    grant page to 0 readonly\n"
			+ "\n"
			+ "    xenstore {\n"
			+ "        \"/local/domain/0/x\" = \"\"\n"
			+ "        \"@releaseDomain\" watch handler on_release\n"
			+ "        \"data\" watch\n"
			+ "    }\n"
			+ "\n"
			+ "    netfront eth0 {\n"
			+ "        index 1\n"
			+ "        port n0\n"
			+ "        features split-event-channels ctrl-ring multicast-control\n"
			+ "    }\n"
			+ "    netfront eth1 {\n"
			+ "        backend 0 port n1 rx-ring 64 tx-ring 128 mac \"00:16:3e:00:00:01\"\n"
			+ "    }\n"
			+ "\n"
			+ "    debug stub console writable\n"
			+ "}\n"
			+ "guest other { }\n";

	static final String[] TOKENS = { "guest", "port", ":", "{", "}", "[", "]", "=", "virq", "timer", "unbound",
			"remote", "self", "interdomain", "ipi", "handler", "vcpu", "masked", "grant", "to", "readonly", "xenstore",
			"watch", "netfront", "features", "sg", "rx-ring", "mac", "debug", "stub", "serial", "com2", "writable",
			"grant-table", "frames", "version", "vcpus", "memory", "256M", "event-channels", "\"", "\"a/b\"", "/*",
			"*/", "//", "\n", "0", "4096", "99999999999", "^", "-", "@", "\u0000", "\uFFFF", "é" };

	static final class ErrorLog extends AppenderSkeleton {
		final List<String> errors = new ArrayList<>();

		@Override
		protected void append(LoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
				errors.add(event.getRenderedMessage()
						+ (event.getThrowableInformation() != null ? " " + event.getThrowableInformation().getThrowable() : ""));
			}
		}

		@Override
		public void close() {
		}

		@Override
		public boolean requiresLayout() {
			return false;
		}
	}

	static String mutate(String text, Random r) {
		StringBuilder sb = new StringBuilder(text);
		int rounds = 1 + r.nextInt(4);
		for (int k = 0; k < rounds; k++) {
			int len = sb.length();
			int pos = len == 0 ? 0 : r.nextInt(len + 1);
			switch (r.nextInt(8)) {
			case 0: // byte flip
				if (len > 0) {
					int p = Math.min(pos, len - 1);
					sb.setCharAt(p, (char) (sb.charAt(p) ^ (1 << r.nextInt(8))));
				}
				break;
			case 1: // deletion
				sb.delete(pos, Math.min(len, pos + 1 + r.nextInt(20)));
				break;
			case 2: { // duplication
				int end = Math.min(len, pos + 1 + r.nextInt(60));
				String piece = sb.substring(pos, end);
				sb.insert(len == 0 ? 0 : r.nextInt(len + 1), piece);
				break;
			}
			case 3: // truncation
				sb.setLength(pos);
				break;
			case 4: { // binary garbage
				int n = 1 + r.nextInt(64);
				StringBuilder g = new StringBuilder();
				for (int i = 0; i < n; i++) {
					g.append((char) r.nextInt(256));
				}
				sb.insert(pos, g);
				break;
			}
			case 5: // a token where it does not belong
				sb.insert(pos, " " + TOKENS[r.nextInt(TOKENS.length)] + " ");
				break;
			case 6: { // swap two lines
				List<String> lines = new ArrayList<>(List.of(sb.toString().split("\n", -1)));
				if (lines.size() > 1) {
					int a = r.nextInt(lines.size());
					int b = r.nextInt(lines.size());
					String t = lines.get(a);
					lines.set(a, lines.get(b));
					lines.set(b, t);
				}
				sb.setLength(0);
				sb.append(String.join("\n", lines));
				break;
			}
			default: { // replace a number by a random one
				int d = sb.indexOf(String.valueOf(r.nextInt(10)), pos);
				if (d >= 0) {
					sb.replace(d, d + 1, String.valueOf(r.nextInt(1 << r.nextInt(31))));
				}
			}
			}
		}
		return sb.toString();
	}

	@Test
	void tenThousandMutantsNeverCrashAndEveryDiagnosticIsLocated() {
		List<String> seeds = List.of(Xg.example("web.xenguest"), Xg.example("console-only.xenguest"),
				Xg.example("motivating.xenguest"), KITCHEN_SINK);
		// the seeds themselves: the kitchen sink parses (its diagnostics are deliberate)
		assertTrue(Xg.parse(KITCHEN_SINK).getErrors().isEmpty(), () -> Xg.parse(KITCHEN_SINK).getErrors().toString());

		ErrorLog log = new ErrorLog();
		Logger.getRootLogger().addAppender(log);
		Random random = new Random(SEED);
		int withSyntaxErrors = 0;
		int diagnostics = 0;
		try {
			for (int n = 0; n < MUTANTS; n++) {
				String text = mutate(seeds.get(n % seeds.size()), random);
				try {
					XtextResource resource = Xg.parse(text);
					List<Issue> issues = Xg.validate(resource);
					for (Issue i : issues) {
						diagnostics++;
						if (i.getLineNumber() == null || i.getLineNumber() < 1 || i.getColumn() == null || i.getColumn() < 1
								|| i.getOffset() == null || i.getOffset() < 0 || i.getOffset() > text.length()
								|| i.getCode() == null) {
							fail("unlocated or uncoded diagnostic " + i + " in mutant #" + n + ":\n" + text);
						}
					}
					String formatted = Xg.format(resource);
					if (resource.getErrors().isEmpty()) {
						XtextResource again = Xg.parse(formatted);
						assertTrue(again.getErrors().isEmpty(),
								() -> "formatting broke mutant #" + "\n" + text + "\n---\n" + formatted + "\n" + again.getErrors());
						assertEquals(formatted, Xg.format(again), "formatting is not idempotent on:\n" + text);
					} else {
						withSyntaxErrors++;
					}
				} catch (RuntimeException | StackOverflowError e) {
					throw new AssertionError("mutant #" + n + " crashed:\n" + text, e);
				}
				if (!log.errors.isEmpty()) {
					fail("mutant #" + n + " logged errors " + log.errors + ":\n" + text);
				}
			}
		} finally {
			Logger.getRootLogger().removeAppender(log);
		}
		System.out.println("fuzz: " + MUTANTS + " mutants, " + withSyntaxErrors + " with syntax errors, " + diagnostics
				+ " diagnostics, all located");
		assertTrue(withSyntaxErrors > MUTANTS / 10, "the mutations reach the parser's error paths");
		assertTrue(withSyntaxErrors < MUTANTS, "some mutants are well-formed and reach validation and formatting");
	}

	@Test
	void edgeInputs() {
		for (String text : List.of("", " ", "\n\n", "\u0000\u0001\u0002", "guest", "guest {", "}", "/*", "//",
				"guest g {" .repeat(2000), "\"".repeat(5000), "guest g { memory 99999999999G }",
				"guest g { vcpus 99999999999999 }")) {
			XtextResource r = Xg.parse(text);
			for (Issue i : Xg.validate(r)) {
				assertTrue(i.getLineNumber() >= 1 && i.getColumn() >= 1, i.toString());
			}
			Xg.format(r);
		}
		assertTrue(Xg.validate("").isEmpty(), "an empty file is a valid (empty) model");
	}
}
