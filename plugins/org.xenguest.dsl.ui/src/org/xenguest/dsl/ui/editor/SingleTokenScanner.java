package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.RuleBasedScanner;

/** Colours a whole partition (comment, string) with one token. */
class SingleTokenScanner extends RuleBasedScanner {
	SingleTokenScanner(IToken token) {
		setDefaultReturnToken(token);
	}
}
