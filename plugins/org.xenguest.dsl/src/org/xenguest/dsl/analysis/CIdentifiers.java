package org.xenguest.dsl.analysis;

import java.util.Set;
import java.util.regex.Pattern;

/** Names in a model become C identifiers in generated code: what C (C11) accepts. */
public final class CIdentifiers {
	private CIdentifiers() {
	}

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/** C11 keywords (6.4.1) plus the C23 ones a newer compiler rejects as identifiers. */
	public static final Set<String> KEYWORDS = Set.of("auto", "break", "case", "char", "const", "continue",
			"default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int",
			"long", "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
			"typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic",
			"_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
			"alignas", "alignof", "bool", "constexpr", "false", "nullptr", "static_assert", "thread_local",
			"true", "typeof", "typeof_unqual");

	/** Null if {@code name} is a usable C identifier, else the reason it is not. */
	public static String problem(String name) {
		if (name == null || name.isEmpty()) {
			return "it is empty";
		}
		if (!IDENTIFIER.matcher(name).matches()) {
			return "a C identifier is a letter or '_' followed by letters, digits or '_'";
		}
		if (KEYWORDS.contains(name)) {
			return "'" + name + "' is a C keyword";
		}
		if (name.startsWith("__") || (name.length() > 1 && name.charAt(0) == '_' && Character.isUpperCase(name.charAt(1)))) {
			return "identifiers starting with '__' or '_' and a capital letter are reserved for the C implementation";
		}
		if (name.length() > 63) {
			return "it is longer than the 63 significant characters C guarantees for identifiers";
		}
		return null;
	}
}
