package org.xenguest.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.DocumentCommand;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.ui.editor.FormatHandler;
import org.xenguest.dsl.ui.editor.IndentingTemplateContext;
import org.xenguest.dsl.ui.editor.XenguestTemplates;
import org.xenguest.dsl.ui.editor.ToggleCommentHandler;
import org.xenguest.dsl.ui.editor.XenguestAutoEditStrategy;
import org.xenguest.dsl.ui.editor.XenguestBracketMatcher;
import org.xenguest.dsl.ui.editor.XenguestContentAssistProcessor;
import org.xenguest.dsl.ui.editor.XenguestDocumentSetup;
import org.xenguest.dsl.ui.quickfix.QuickFixes;

/** The editing helpers on plain documents: toggle comment, format, auto-edit, brackets, quick fixes. */
public class EditingTest {

	private static IDocument document(String text) {
		Document d = new Document(text);
		new XenguestDocumentSetup().setup(d);
		return d;
	}

	@Test
	void toggleCommentCommentsThenUncommentsTheSelectedLines() throws Exception {
		String text = "guest g {\n    vcpus 1\n    memory 64M\n}\n";
		IDocument d = document(text);
		int from = text.indexOf("    vcpus");
		int to = text.indexOf("}");
		ToggleCommentHandler.toggle(d, from, to - from);
		assertEquals("guest g {\n//    vcpus 1\n//    memory 64M\n}\n", d.get());
		ToggleCommentHandler.toggle(d, d.get().indexOf("//"), 3);
		assertEquals("guest g {\n    vcpus 1\n//    memory 64M\n}\n", d.get());
	}

	@Test
	void formatIndentsAndLeavesBrokenModelsAlone() throws Exception {
		IDocument d = document("guest g {\nvcpus 1\n      memory 64M\n}\n");
		List<FormatHandler.Edit> edits = FormatHandler.edits(d.get());
		FormatHandler.apply(null, d, edits);
		assertEquals("guest g {\n    vcpus 1\n    memory 64M\n}\n", d.get());
		assertNull(FormatHandler.edits("guest g {\n vcpus \n"), "a model with syntax errors is not formatted");
	}

	/** A document command as the viewer makes it for typing {@code typed} at {@code offset}. */
	private static String type(IDocument d, int offset, String typed) throws Exception {
		DocumentCommand c = new DocumentCommand() {
		};
		c.doit = true;
		c.offset = offset;
		c.length = 0;
		c.text = typed;
		c.caretOffset = -1;
		c.shiftsCaret = true;
		new XenguestAutoEditStrategy().customizeDocumentCommand(d, c);
		d.replace(c.offset, c.length, c.text);
		return d.get();
	}

	@Test
	void bracesGetClosedAndIndented() throws Exception {
		IDocument d = document("guest g ");
		assertEquals("guest g {}", type(d, 8, "{"));
		assertEquals("guest g {\n    \n}", type(d, 9, "\n"));
		IDocument nested = document("guest g {\n    netfront n {\n        ");
		assertEquals("guest g {\n    netfront n {\n    }", type(nested, nested.getLength(), "}"));
	}

	@Test
	void bracketsMatchOutsideCommentsAndStrings() {
		String text = "guest g {\n    xenstore { \"a{\" }\n}\n";
		IDocument d = document(text);
		DefaultCharacterPairMatcher matcher = new XenguestBracketMatcher();
		IRegion outer = matcher.match(d, text.indexOf('{') + 1);
		assertEquals(text.indexOf('{'), outer.getOffset());
		assertEquals(text.lastIndexOf('}') + 1, outer.getOffset() + outer.getLength());
	}

	@Test
	void contentAssistEntriesComeFromTheIdeProvider() {
		String text = "guest g {\n    port t : virq ti\n}\n";
		List<ContentAssistEntry> entries = XenguestContentAssistProcessor.entries(text, text.indexOf("ti\n") + 2);
		assertTrue(entries.stream().anyMatch(e -> e.getProposal().equals("timer")), entries.toString());
	}

	@Test
	void quickFixesComeFromTheIdeCodeActions() throws Exception {
		String text = "guest g {\n    port t : virq timr\n}\n";
		IDocument d = document(text);
		int at = text.indexOf("timr");
		List<QuickFixes.Fix> fixes = QuickFixes.fixes(d, "XG208", new String[] { "timer" }, "unknown", at, 4);
		assertEquals(1, fixes.size(), fixes.toString());
		assertEquals("Change to 'timer'", fixes.get(0).label());
		fixes.get(0).apply(d);
		assertEquals("guest g {\n    port t : virq timer\n}\n", d.get());
		List<QuickFixes.Fix> watch = QuickFixes.fixes(document("x"), "XG305", new String[] { "on_x" }, "", 0, 1);
		assertEquals("watch handler on_x", watch.get(0).text());
	}

	@Test
	void multiLineTemplatesTakeTheIndentOfTheirLine() throws Exception {
		String text = "guest g {\n    vcpus 1\n    net\n}\n";
		IDocument d = document(text);
		int at = text.indexOf("net\n");
		var guest = XenguestTemplates.ALL.stream().filter(e -> e.template().getName().equals("guest")).findFirst().orElseThrow();
		var buffer = new IndentingTemplateContext(XenguestTemplates.contextType(), d, at, 3).evaluate(guest.template());
		String[] lines = buffer.getString().split("\n", -1);
		assertEquals("guest name {", lines[0], "the first line goes where the caret is");
		assertEquals("        type pvh", lines[1]);
		assertEquals("", lines[6], "empty lines stay empty");
		assertEquals("        port store   : xenstore", lines[7]);
		assertEquals("    }", lines[10], "the closing brace lines up with the insertion line");
		var cursor = java.util.Arrays.stream(buffer.getVariables()).filter(v -> v.getType().equals("cursor")).findFirst().orElseThrow();
		int cursorAt = cursor.getOffsets()[0];
		assertEquals("        ", buffer.getString().substring(buffer.getString().lastIndexOf('\n', cursorAt - 1) + 1, cursorAt),
				"the cursor moved with its indented line");
		var name = java.util.Arrays.stream(buffer.getVariables()).filter(v -> v.getName().equals("name")).findFirst().orElseThrow();
		assertEquals("name", buffer.getString().substring(name.getOffsets()[0], name.getOffsets()[0] + 4));
		// at column 0 nothing changes
		IDocument top = document("\n");
		var plain = new IndentingTemplateContext(XenguestTemplates.contextType(), top, 0, 0).evaluate(guest.template());
		assertTrue(plain.getString().startsWith("guest name {\n    type pvh\n"), plain.getString());
	}
}
