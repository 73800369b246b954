package org.xenguest.dsl.ui.editor;

import java.util.Set;
import java.util.TreeSet;

import org.eclipse.jface.text.rules.ICharacterScanner;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WhitespaceRule;
import org.xenguest.dsl.docs.LanguageDocs;
import org.xenguest.dsl.ui.preferences.XenguestColors;
import org.xenguest.dsl.ui.preferences.XenguestStyles;

/**
 * Lexical colouring of code outside comments and strings: keywords, names, numbers. Cheap and
 * synchronous (it runs on the UI thread on every keystroke); the semantic layer refines it.
 * The keyword list is the documented keywords, which a dsl test proves to be all of the grammar's.
 */
public class XenguestTokenScanner extends RuleBasedScanner {
	static final Set<String> KEYWORDS = new TreeSet<>(LanguageDocs.keywords().keySet());

	public XenguestTokenScanner() {
		setRules(new IRule[] { new WhitespaceRule(Character::isWhitespace), new WordOrNumberRule() });
	}

	/** Words (identifiers and hyphenated keywords such as grant-table) and numbers (42, 0x1f, 256M). */
	private static final class WordOrNumberRule implements IRule {
		private final IToken keyword = XenguestColors.token(XenguestStyles.KEYWORD);
		private final IToken name = XenguestColors.token(XenguestStyles.NAME);
		private final IToken number = XenguestColors.token(XenguestStyles.NUMBER);
		private final StringBuilder word = new StringBuilder();

		@Override
		public IToken evaluate(ICharacterScanner scanner) {
			int c = scanner.read();
			if (Character.isDigit(c)) {
				// digits and what follows them: 0x1f, 256M
				do {
					c = scanner.read();
				} while (Character.isLetterOrDigit(c) || c == '_');
				scanner.unread();
				return number;
			}
			if (!(Character.isLetter(c) || c == '_' || c == '^')) {
				scanner.unread();
				return Token.UNDEFINED;
			}
			word.setLength(0);
			word.append((char) c);
			while (true) {
				c = scanner.read();
				if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
					word.append((char) c);
				} else {
					scanner.unread();
					break;
				}
			}
			// a trailing '-' is not part of the word (e.g. "a-" while typing)
			while (word.charAt(word.length() - 1) == '-') {
				word.setLength(word.length() - 1);
				scanner.unread();
			}
			return KEYWORDS.contains(word.toString()) ? keyword : name;
		}
	}
}
