package org.xenguest.dsl.validation;

import static org.xenguest.dsl.validation.XenguestIssueCodes.*;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.xtext.validation.Check;
import org.xenguest.abi.XenstoreLayout;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.dsl.xenguest.XenguestPackage.Literals;
import org.xenguest.dsl.xenguest.XenstoreBlock;
import org.xenguest.dsl.xenguest.XenstoreEntry;

/** Xenstore nodes and watches: the path rules of xs_wire.h and docs/misc/xenstore.txt, payload size, watch handlers. */
public class XenstoreChecks extends XenguestChecks {
	@Check
	public void checkXenstore(Guest g) {
		Map<String, XenstoreEntry> seen = new HashMap<>();
		for (XenstoreBlock block : g.getXenstore()) {
			for (XenstoreEntry e : block.getEntries()) {
				checkXenstoreEntry(e);
				if (e.getPath() != null && !e.getPath().isEmpty()) {
					XenstoreEntry first = seen.putIfAbsent(e.getPath(), e);
					if (first != null) {
						error("xenstore path \"" + e.getPath() + "\" appears twice (first at line " + line(first)
								+ "): the second write would silently replace the first. Keep one entry (a value and a"
								+ " watch can share it: \"path\" = \"value\" watch handler h).", e,
								Literals.XENSTORE_ENTRY__PATH, XENSTORE_DUPLICATE_PATH);
					}
				}
			}
		}
	}

	private void checkXenstoreEntry(XenstoreEntry e) {
		String path = e.getPath();
		if (path == null) {
			return;
		}
		if (path.isEmpty() || path.contains("//") || (path.endsWith("/") && path.length() > 0)) {
			String what = path.isEmpty() ? "is empty" : path.contains("//") ? "has an empty component (//)" : "ends with '/'";
			error("xenstore path \"" + path + "\" " + what + ": xenstored rejects such paths with EINVAL. Write it as"
					+ " components separated by single '/', e.g. \"data/ip\".", e, Literals.XENSTORE_ENTRY__PATH,
					XENSTORE_PATH_MALFORMED);
			return;
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/'
					|| c == '_' || c == '-' || (c == '@' && i == 0);
			if (!ok) {
				error("xenstore path \"" + path + "\" contains " + describe(c) + " at position " + (i + 1)
						+ ": xenstore paths use only letters, digits and - / _ @ (docs/misc/xenstore.txt), and '@' only"
						+ " to start a special watch path. Replace or remove it.", e, Literals.XENSTORE_ENTRY__PATH,
						XENSTORE_PATH_CHARS, Integer.toString(i));
				return;
			}
		}
		if (path.startsWith("@") && (e.getValue() != null || !e.isWatch())) {
			error("xenstore path \"" + path + "\" starts with '@': such paths (@introduceDomain, @releaseDomain) are"
					+ " special watch paths that cannot be written. Only watch them, or drop the '@'.", e,
					Literals.XENSTORE_ENTRY__PATH, XENSTORE_PATH_CHARS, "0");
			return;
		}
		int bytes = path.getBytes(StandardCharsets.UTF_8).length;
		boolean absolute = path.startsWith("/");
		int max = absolute ? XenstoreLayout.ABS_PATH_MAX : XenstoreLayout.REL_PATH_MAX;
		if (bytes > max) {
			error("xenstore path is " + bytes + " bytes long, more than the " + max + " allowed for "
					+ (absolute ? "absolute paths (XENSTORE_ABS_PATH_MAX)" : "relative paths (XENSTORE_REL_PATH_MAX)")
					+ ": xenstored rejects it. Shorten the path.", e, Literals.XENSTORE_ENTRY__PATH, XENSTORE_PATH_LENGTH,
					Integer.toString(max));
			return;
		}
		if (e.getValue() != null) {
			int payload = bytes + 1 + e.getValue().getBytes(StandardCharsets.UTF_8).length;
			if (payload > XenstoreLayout.PAYLOAD_MAX) {
				error("xenstore write of \"" + path + "\" carries " + payload + " bytes (path, NUL, value), more than "
						+ XenstoreLayout.PAYLOAD_MAX + " (XENSTORE_PAYLOAD_MAX): xenstored rejects it with E2BIG."
						+ " Shorten the value to at most " + (XenstoreLayout.PAYLOAD_MAX - bytes - 1) + " bytes.", e,
						Literals.XENSTORE_ENTRY__VALUE, XENSTORE_PAYLOAD, Integer.toString(XenstoreLayout.PAYLOAD_MAX - bytes - 1));
			}
		}
		if (e.isWatch() && e.getHandler() == null) {
			warning("watch on \"" + path + "\" has no handler: its events would be read and dropped. Add 'handler NAME'"
					+ " to name the C function that gets them.", e, Literals.XENSTORE_ENTRY__WATCH,
					XENSTORE_WATCH_HANDLER, "on_" + path.replaceAll("[^A-Za-z0-9]", "_").replaceAll("^_+", ""));
		}
		if (e.getHandler() != null) {
			handlerIdentifier(e, e.getHandler(), Literals.XENSTORE_ENTRY__HANDLER);
		}
	}

	private static String describe(char c) {
		if (c < 0x20 || c == 0x7f) {
			return String.format("the control character U+%04X", (int) c);
		}
		if (c == ' ') {
			return "a space";
		}
		return "'" + c + "'";
	}
}
