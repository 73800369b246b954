package org.xenguest.dsl.ide.highlighting;

import org.eclipse.xtext.ide.editor.syntaxcoloring.HighlightingStyles;

/** Style ids of the semantic highlighting; an editor maps each to a colour and font. */
public interface XenguestHighlightingStyles extends HighlightingStyles {
	/** Names being declared: guest, port, grant, netfront. */
	String DECLARATION_ID = "xenguest.declaration";
	/** A reference to a declared port. */
	String REFERENCE_ID = "xenguest.reference";
	/** Handler names (C functions). */
	String HANDLER_ID = "xenguest.handler";
	/** A VIRQ name Xen knows. */
	String VIRQ_ID = "xenguest.virq";
	/** A netfront feature netif.h knows. */
	String FEATURE_ID = "xenguest.feature";
	/** A xenstore path. */
	String XENSTORE_PATH_ID = "xenguest.xenstorePath";
	/** Sizes and numbers with units (256M). */
	String SIZE_ID = "xenguest.size";
	/** The port kind keywords (xenstore, console, virq, unbound, interdomain, ipi). */
	String PORT_KIND_ID = "xenguest.portKind";

	String[] ALL = { DECLARATION_ID, REFERENCE_ID, HANDLER_ID, VIRQ_ID, FEATURE_ID, XENSTORE_PATH_ID, SIZE_ID,
			PORT_KIND_ID };
}
