package org.xenguest.dsl.ui.editor;

import org.eclipse.core.filebuffers.IDocumentSetupParticipant;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension3;
import org.eclipse.jface.text.IDocumentPartitioner;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.FastPartitioner;
import org.eclipse.jface.text.rules.IPredicateRule;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.RuleBasedPartitionScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;

/**
 * Splits a model into comments, strings and the rest, so that a change inside a block comment
 * recolours the whole comment and brackets in comments or strings are not matched.
 */
public class XenguestDocumentSetup implements IDocumentSetupParticipant {
	public static final String PARTITIONING = "__xenguest_partitioning";
	public static final String COMMENT = "__xenguest_comment";
	public static final String STRING = "__xenguest_string";
	public static final String[] CONTENT_TYPES = { COMMENT, STRING };

	@Override
	public void setup(IDocument document) {
		if (document instanceof IDocumentExtension3 ext && ext.getDocumentPartitioner(PARTITIONING) == null) {
			IDocumentPartitioner partitioner = createPartitioner();
			ext.setDocumentPartitioner(PARTITIONING, partitioner);
			partitioner.connect(document);
		}
	}

	public static IDocumentPartitioner createPartitioner() {
		RuleBasedPartitionScanner scanner = new RuleBasedPartitionScanner();
		Token comment = new Token(COMMENT);
		Token string = new Token(STRING);
		scanner.setPredicateRules(new IPredicateRule[] { new EndOfLineRule("//", comment),
				new MultiLineRule("/*", "*/", comment, (char) 0, true), new SingleLineRule("\"", "\"", string, '\\'),
				new SingleLineRule("'", "'", string, '\\') });
		return new FastPartitioner(scanner, CONTENT_TYPES);
	}
}
