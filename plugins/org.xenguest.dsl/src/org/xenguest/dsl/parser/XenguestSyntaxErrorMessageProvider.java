package org.xenguest.dsl.parser;

import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;
import org.xenguest.dsl.validation.XenguestIssueCodes;

/**
 * Syntax errors carry the stable code XG900 and read in the language's words ("a number", not
 * "RULE_INT"). Value-converter errors with a text range keep Xtext's ranged code.
 */
public class XenguestSyntaxErrorMessageProvider extends SyntaxErrorMessageProvider {

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
		return new SyntaxErrorMessage("syntax error: " + readable(context.getDefaultMessage())
				+ ". See the language reference for what may stand here.", XenguestIssueCodes.SYNTAX);
	}

	@Override
	public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
		SyntaxErrorMessage m = super.getSyntaxErrorMessage(context);
		if (Diagnostic.SYNTAX_DIAGNOSTIC.equals(m.getIssueCode())) {
			return new SyntaxErrorMessage(m.getMessage(), XenguestIssueCodes.SYNTAX);
		}
		return m;
	}

	static String readable(String antlrMessage) {
		if (antlrMessage == null) {
			return "unexpected text";
		}
		return antlrMessage.replace("RULE_INT", "a number").replace("RULE_ID", "a name")
				.replace("RULE_STRING", "a quoted string").replace("RULE_MEMSIZE", "a size (e.g. 256M)")
				.replace("RULE_HYPHENATED", "a feature name").replace("<EOF>", "the end of the file")
				.replace("EOF", "the end of the file");
	}
}
