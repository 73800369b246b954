package org.xenguest.dsl.ide.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;

/** XG502's quick fix: a PVH domU's serial stub becomes the PV console stub, and the model is then clean. */
class DebugStubQuickFixTest {
	private static final String URI = "test:/domu.xenguest";

	@Test
	void aSerialStubOfAPvhDomUBecomesTheConsoleStub() {
		String model = "guest g {\n    type pvh\n    role domU\n    port console : console\n"
				+ "    debug stub serial com2 writable\n}\n";
		Issue issue = Ide.validate(Ide.parse(model)).stream().filter(i -> "XG502".equals(i.getCode())).findFirst()
				.orElseThrow(() -> new AssertionError("no XG502 on a PVH domU's serial stub"));
		Diagnostic diagnostic = new Diagnostic(new Range(new Position(4, 4), new Position(4, 35)), issue.getMessage());
		diagnostic.setCode(issue.getCode());
		diagnostic.setData(issue.getData());
		ICodeActionService2.Options options = new ICodeActionService2.Options();
		options.setURI(URI);
		options.setCodeActionParams(new CodeActionParams(new TextDocumentIdentifier(URI), diagnostic.getRange(),
				new CodeActionContext(List.of(diagnostic))));
		List<Either<Command, CodeAction>> actions = Ide.injector().getInstance(ICodeActionService2.class)
				.getCodeActions(options);
		assertEquals(1, actions.size(), actions::toString);
		CodeAction fix = actions.get(0).getRight();
		assertEquals("Use 'debug stub console writable' (the PV console)", fix.getTitle());
		TextEdit edit = fix.getEdit().getChanges().get(URI).get(0);
		String fixed = model.substring(0, issue.getOffset()) + edit.getNewText()
				+ model.substring(issue.getOffset() + issue.getLength());
		assertTrue(fixed.contains("    debug stub console writable\n"), fixed);
		assertEquals(List.of(), Ide.validate(Ide.parse(fixed)), "the fixed model is clean");
	}
}
