package org.xenguest.dsl.ui.editor;

import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;

/** Matches { } and [ ] outside comments and strings. */
public class XenguestBracketMatcher extends DefaultCharacterPairMatcher {
	public XenguestBracketMatcher() {
		super(new char[] { '{', '}', '[', ']' }, XenguestDocumentSetup.PARTITIONING, true);
	}
}
