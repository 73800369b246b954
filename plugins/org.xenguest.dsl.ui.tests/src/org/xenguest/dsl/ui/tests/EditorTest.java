package org.xenguest.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.resource.StringConverter;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xenguest.dsl.ide.highlighting.XenguestHighlightingStyles;
import org.xenguest.dsl.ui.builder.XenguestBuilder;
import org.xenguest.dsl.ui.editor.EditorSession;
import org.xenguest.dsl.ui.editor.FormatHandler;
import org.xenguest.dsl.ui.editor.XenguestDiagnosticAnnotation;
import org.xenguest.dsl.ui.editor.XenguestTextHover;
import org.xenguest.dsl.ui.outline.XenguestOutlinePage;
import org.xenguest.dsl.ui.preferences.XenguestPreferences;
import org.xenguest.dsl.ui.preferences.XenguestStyles;

/** The editor on an example model, driven through SWT and the workbench API. */
public class EditorTest {
	private static final long WAIT_MS = 30_000;
	private static IProject project;
	private static int counter;

	@BeforeAll
	static void createProject() throws CoreException {
		project = Ui.project("editor-tests");
	}

	@AfterEach
	void closeEditors() {
		Ui.page().closeAllEditors(false);
		Ui.pump(50);
	}

	private static ITextEditor openExample() throws Exception {
		// each copy of the example in a project of its own: two models of one project may not declare the same guest
		IFile file = Ui.file(Ui.project("editor-tests-" + (++counter)), "web.xenguest", Ui.example("web.xenguest"));
		ITextEditor editor = Ui.open(file);
		EditorSession session = EditorSession.of(Ui.viewer(editor));
		Ui.waitUntil("the first analysis of " + file.getName(), WAIT_MS, () -> session.state() != null);
		return editor;
	}

	private static RGB color(String styleId) {
		return StringConverter.asRGB(XenguestPreferences.store().getString(XenguestStyles.colorKey(styleId)));
	}

	private static RGB colorAt(StyledText text, int offset) {
		StyleRange r = text.getStyleRangeAtOffset(offset);
		return r == null || r.foreground == null ? null : r.foreground.getRGB();
	}

	@Test
	void keywordsNamesStringsAndCommentsHaveTheirColours() throws Exception {
		ITextEditor editor = openExample();
		StyledText text = Ui.styledText(editor);
		String s = text.getText();
		assertEquals(color(XenguestStyles.KEYWORD), colorAt(text, s.indexOf("guest web")), "keyword 'guest'");
		assertEquals(color(XenguestStyles.KEYWORD), colorAt(text, s.indexOf("memory")), "keyword 'memory'");
		assertEquals(color(XenguestStyles.STRING), colorAt(text, s.indexOf("\"10.0.0.2\"") + 1), "string value");
		assertEquals(color(XenguestStyles.COMMENT), colorAt(text, s.indexOf("// web") + 4), "comment");
		assertEquals(color(XenguestStyles.NUMBER), colorAt(text, s.indexOf("1023")), "number");
		// semantic layer: the guest's name is a declaration, the VIRQ name and a handler get their styles
		int name = s.indexOf("guest web") + "guest ".length();
		Ui.waitUntil("the semantic colour of the guest's name", WAIT_MS,
				() -> color(XenguestHighlightingStyles.DECLARATION_ID).equals(colorAt(text, name)));
		assertEquals(color(XenguestHighlightingStyles.VIRQ_ID), colorAt(text, s.indexOf("virq timer") + 5), "VIRQ name");
		assertEquals(color(XenguestHighlightingStyles.HANDLER_ID), colorAt(text, s.indexOf("on_timer")), "handler");
		assertEquals(color(XenguestHighlightingStyles.XENSTORE_PATH_ID), colorAt(text, s.indexOf("\"data/ip\"") + 1),
				"xenstore path");
	}

	@Test
	void formattingABigModelIsOneChangeOneUndoRevertsAndTheColoursComeBack() throws Exception {
		String messy = EditorBenchmark.bigModel().replaceAll("(?m)^ +", "");
		IFile file = Ui.file(Ui.project("format-tests"), "messy.xenguest", messy);
		try {
			formatTheBigModel(file, messy);
		} finally {
			// a rebuild of every project (e.g. the generator preferences test) would generate it too
			Ui.page().closeAllEditors(false);
			file.delete(true, null);
		}
	}

	private static void formatTheBigModel(IFile file, String messy) throws Exception {
		ITextEditor editor = Ui.open(file);
		EditorSession session = EditorSession.of(Ui.viewer(editor));
		Ui.waitUntil("the first analysis", 120_000, () -> session.state() != null);
		IDocument document = Ui.document(editor);
		org.eclipse.jface.text.Document expected = new org.eclipse.jface.text.Document(messy);
		FormatHandler.apply(null, expected, FormatHandler.edits(messy));
		assertNotEquals(messy, expected.get(), "the model needs formatting");

		long start = System.nanoTime();
		PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.xenguest.dsl.ui.format", null);
		Ui.waitUntil("the formatted text", WAIT_MS, () -> document.get().equals(expected.get()));
		System.out.printf(Locale.ROOT, "formatting a %d-line model in the editor: %.0f ms%n", document.getNumberOfLines(),
				(System.nanoTime() - start) / 1e6);
		// the colours of the new text: lexical at once, semantic after the next analysis
		StyledText text = Ui.styledText(editor);
		int name = document.get().indexOf("guest g0") + "guest ".length();
		assertEquals(color(XenguestStyles.KEYWORD), colorAt(text, name - "guest ".length()), "keyword 'guest'");
		Ui.waitUntil("the semantic colour of a guest's name after formatting", WAIT_MS,
				() -> color(XenguestHighlightingStyles.DECLARATION_ID).equals(colorAt(text, name)));

		editor.getAdapter(ITextOperationTarget.class).doOperation(ITextOperationTarget.UNDO);
		assertEquals(messy, document.get(), "one undo takes the whole format back");
	}

	@Test
	void aColourChangedInThePreferencesRepaintsOpenEditors() throws Exception {
		ITextEditor editor = openExample();
		StyledText text = Ui.styledText(editor);
		int keyword = text.getText().indexOf("memory");
		IPreferenceStore store = XenguestPreferences.store();
		String key = XenguestStyles.colorKey(XenguestStyles.KEYWORD);
		try {
			store.setValue(key, "200,30,30");
			Ui.waitUntil("the keyword in the new colour", WAIT_MS, () -> new RGB(200, 30, 30).equals(colorAt(text, keyword)));
		} finally {
			store.setToDefault(key);
		}
		Ui.waitUntil("the default keyword colour back", WAIT_MS,
				() -> color(XenguestStyles.KEYWORD).equals(colorAt(text, keyword)));
	}

	@Test
	void contentAssistAtAPortKindProposesTheKinds() throws Exception {
		ITextEditor editor = openExample();
		IDocument document = Ui.document(editor);
		int at = document.get().indexOf("    grant blk");
		document.replace(at, 0, "    port extra : \n");
		int caret = at + "    port extra : ".length();
		// proposals from the editor's own model once it has analysed the edit (EditingTest covers
		// the parse content assist does for itself when the model is behind)
		EditorSession session = EditorSession.of(Ui.viewer(editor));
		Ui.waitUntil("the analysis of the edit", WAIT_MS,
				() -> session.state() != null && session.state().text().equals(document.get()));
		editor.selectAndReveal(caret, 0);
		Ui.styledText(editor).setFocus();
		editor.getAdapter(ITextOperationTarget.class).doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
		Table table = Ui.waitFor("the content assist pop-up with proposals", WAIT_MS, EditorTest::proposalTable);
		List<String> items = new ArrayList<>();
		for (TableItem item : table.getItems()) {
			items.add(item.getText());
		}
		for (String kind : List.of("xenstore", "console", "virq", "unbound", "interdomain", "ipi")) {
			assertTrue(items.stream().anyMatch(i -> i.startsWith(kind)), kind + " not proposed: " + items);
		}
		assertTrue(items.stream().noneMatch(i -> i.startsWith("guest")), "'guest' proposed after 'port x :': " + items);
		Ui.screenshot("editor-content-assist.png");
		table.getShell().close();
	}

	/** The proposal pop-up's table once it shows real proposals (it may say "Computing..." first). */
	private static Table proposalTable() {
		for (Shell shell : Ui.display().getShells()) {
			for (Shell popup : shell.getShells()) {
				for (Table t : Ui.find(popup, Table.class)) {
					// the pop-up fills in asynchronously: wait for the rows of the finished computation
					if (popup.isVisible() && Arrays.stream(t.getItems()).anyMatch(i -> i.getText().startsWith("xenstore"))
							&& Arrays.stream(t.getItems()).noneMatch(i -> i.getText().startsWith("Computing"))) {
						return t;
					}
				}
			}
		}
		return null;
	}

	@Test
	void templatesAreProposedWhereTheirKeywordIsLegal() throws Exception {
		ITextEditor editor = openExample();
		IDocument document = Ui.document(editor);
		int body = document.get().indexOf("    grant blk");
		document.replace(body, 0, "    po\n");
		int caret = body + "    po".length();
		List<String> inBody = new ArrayList<>();
		for (var p : new org.xenguest.dsl.ui.editor.XenguestContentAssistProcessor().computeCompletionProposals(Ui.viewer(editor), caret)) {
			if (p instanceof org.eclipse.jface.text.templates.TemplateProposal) {
				inBody.add(p.getDisplayString());
			}
		}
		for (String kind : List.of("xenstore", "console", "virq", "unbound", "interdomain", "ipi")) {
			assertTrue(inBody.stream().anyMatch(d -> d.startsWith("port " + kind)), "no 'port " + kind + "' template: " + inBody);
		}
		assertTrue(inBody.stream().noneMatch(d -> d.startsWith("guest")), "guest template inside a guest: " + inBody);
		var portVirq = Arrays.stream(new org.xenguest.dsl.ui.editor.XenguestContentAssistProcessor()
				.computeCompletionProposals(Ui.viewer(editor), caret))
				.filter(p -> p.getDisplayString().startsWith("port virq")).findFirst().orElseThrow();
		((org.eclipse.jface.text.contentassist.ICompletionProposalExtension2) portVirq).apply(Ui.viewer(editor), '\0', 0, caret);
		assertTrue(document.get().contains("    port name : virq timer handler on_name\n"), document.get());
	}

	@Test
	void aMultiLineTemplateIsIndentedToItsInsertionLine() throws Exception {
		ITextEditor editor = openExample();
		IDocument document = Ui.document(editor);
		int body = document.get().indexOf("    grant blk");
		document.replace(body, 0, "    netf\n");
		int caret = body + "    netf".length();
		var netfront = Arrays.stream(new org.xenguest.dsl.ui.editor.XenguestContentAssistProcessor()
				.computeCompletionProposals(Ui.viewer(editor), caret))
				.filter(p -> p instanceof org.eclipse.jface.text.templates.TemplateProposal && p.getDisplayString().startsWith("netfront"))
				.findFirst().orElseThrow(() -> new AssertionError("no netfront template at " + caret));
		((org.eclipse.jface.text.contentassist.ICompletionProposalExtension2) netfront).apply(Ui.viewer(editor), '\0', 0, caret);
		String expected = "    netfront name {\n        backend 0\n        port port\n        rx-ring 256\n        tx-ring 256\n"
				+ "        features sg rx-notify\n    }\n    grant blk";
		assertTrue(document.get().contains(expected), document.get());
	}

	@Test
	void hoverDocumentsKeywordsAndVirqs() throws Exception {
		ITextEditor editor = openExample();
		String s = Ui.document(editor).get();
		String grantTable = XenguestTextHover.documentation(Ui.viewer(editor), s.indexOf("grant-table") + 2).orElseThrow();
		assertTrue(grantTable.contains("512 entries"), grantTable);
		String timer = XenguestTextHover.documentation(Ui.viewer(editor), s.indexOf("virq timer") + 6).orElseThrow();
		assertTrue(timer.contains("VIRQ_TIMER"), timer);
	}

	@Test
	void outlineViewShowsTheGuestsElements() throws Exception {
		ITextEditor editor = openExample();
		IContentOutlinePage page = editor.getAdapter(IContentOutlinePage.class);
		assertTrue(page instanceof XenguestOutlinePage, "outline page: " + page);
		IViewPart outline = Ui.page().showView(IPageLayout.ID_OUTLINE);
		Ui.page().activate(editor);
		Tree tree = Ui.waitFor("the outline tree with the guest", WAIT_MS, () -> {
			for (Tree t : Ui.find(outline.getSite().getShell(), Tree.class)) {
				if (t.isVisible() && t.getItemCount() == 1 && t.getItem(0).getText().startsWith("web")) {
					return t;
				}
			}
			return null;
		});
		TreeItem web = tree.getItem(0);
		List<String> children = new ArrayList<>();
		for (TreeItem child : web.getItems()) {
			children.add(child.getText());
		}
		assertTrue(children.stream().anyMatch(c -> c.startsWith("timer")) && children.stream().anyMatch(c -> c.startsWith("blk")),
				children.toString());
		List<DocumentSymbol> symbols = ((XenguestOutlinePage) page).symbols();
		assertEquals("web", symbols.get(0).getName());
	}

	@Test
	void anEditThatKeepsTheSymbolsKeepsTheOutlineTreeAndSelectingRevealsTheMovedName() throws Exception {
		ITextEditor editor = openExample();
		IViewPart outline = Ui.page().showView(IPageLayout.ID_OUTLINE);
		Ui.page().activate(editor);
		Tree tree = Ui.waitFor("the outline tree with the guest", WAIT_MS, () -> {
			for (Tree t : Ui.find(outline.getSite().getShell(), Tree.class)) {
				if (t.isVisible() && t.getItemCount() == 1 && t.getItem(0).getText().startsWith("web")) {
					return t;
				}
			}
			return null;
		});
		TreeItem timerItem = Arrays.stream(tree.getItem(0).getItems()).filter(i -> i.getText().startsWith("timer")).findFirst()
				.orElseThrow();
		EditorSession session = EditorSession.of(Ui.viewer(editor));
		var before = session.state();
		IDocument document = Ui.document(editor);
		document.replace(0, 0, "// a comment line moves every symbol down\n");
		Ui.waitUntil("the analysis of the edit", WAIT_MS, () -> session.state() != before && session.state() != null
				&& session.state().text().equals(document.get()));
		Ui.pump(100);
		assertTrue(!timerItem.isDisposed(), "the tree was rebuilt for an edit that changed no symbol");
		Ui.page().activate(outline);
		tree.setFocus();
		Ui.pump(50);
		assertTrue(tree.isFocusControl(), "the outline tree has no focus: selecting in it would not reveal");
		// a click on the item, as the tree reports it
		tree.setSelection(timerItem);
		Event click = new Event();
		click.item = timerItem;
		tree.notifyListeners(SWT.Selection, click);
		int timer = document.get().indexOf("port timer") + "port ".length();
		Ui.pump(200);
		var selected = (org.eclipse.jface.text.ITextSelection) editor.getSelectionProvider().getSelection();
		assertEquals(timer + ":timer", selected.getOffset() + ":" + selected.getText(), "the editor's selection after selecting 'timer' in the outline");
		Ui.page().activate(editor);
	}

	@Test
	void aTypedErrorBecomesAnAnnotationThenAMarkerThatTheQuickFixRepairs() throws Exception {
		ITextEditor editor = openExample();
		IDocument document = Ui.document(editor);
		IFile file = editor.getEditorInput().getAdapter(IFile.class);
		String s = document.get();
		// 4000 grant entries do not fit in 4 frames: XG101 on the frames value
		document.replace(s.indexOf("blk[8]") + 4, 1, "4000");
		ISourceViewer viewer = (ISourceViewer) Ui.viewer(editor);
		XenguestDiagnosticAnnotation live = Ui.waitFor("the live XG101 annotation", WAIT_MS,
				() -> annotation(viewer.getAnnotationModel(), "XG101"));
		int framesValue = document.get().indexOf("frames 4") + "frames ".length();
		assertEquals(framesValue, viewer.getAnnotationModel().getPosition(live).getOffset());

		editor.doSave(null);
		IMarker marker = Ui.waitFor("the XG101 marker after saving", WAIT_MS, () -> marker(file, "XG101"));
		assertEquals(7, marker.getAttribute(IMarker.LINE_NUMBER, -1), "marker line");
		int lineStart = document.getLineOffset(6);
		assertEquals(framesValue - lineStart + 1, marker.getAttribute(XenguestBuilder.COLUMN, -1), "marker column");
		assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));

		IViewPart problems = Ui.page().showView(IPageLayout.ID_PROBLEM_VIEW);
		String message = marker.getAttribute(IMarker.MESSAGE, "");
		TreeItem row = Ui.waitFor("the marker's row in the Problems view", WAIT_MS,
				() -> problemRow(problems, message.substring(0, Math.min(30, message.length()))));
		assertTrue(row.getText(3).contains("line 7"), "Location column: " + row.getText(3));
		Ui.page().activate(editor);
		editor.selectAndReveal(framesValue, 0); // caret only: the squiggle stays visible
		Ui.screenshot("editor-error-marker.png");

		IMarkerResolution[] resolutions = IDE.getMarkerHelpRegistry().getResolutions(marker);
		String frames = marker.getAttribute(XenguestBuilder.DATA, "").split("\n")[0];
		IMarkerResolution setFrames = Arrays.stream(resolutions).filter(r -> r.getLabel().equals("Set frames to " + frames))
				.findFirst().orElseThrow(() -> new AssertionError("no 'Set frames to " + frames + "' among "
						+ Arrays.stream(resolutions).map(IMarkerResolution::getLabel).toList()));
		setFrames.run(marker);
		assertTrue(document.get().contains("grant-table version 1 frames " + frames + "\n"), document.get());
		editor.doSave(null);
		Ui.waitUntil("the XG101 marker gone after the fix", WAIT_MS, () -> marker(file, "XG101") == null);
		Ui.waitUntil("the live annotation gone", WAIT_MS, () -> annotation(viewer.getAnnotationModel(), "XG101") == null);
	}

	@Test
	void afterASaveEachDiagnosticShowsOnceInTheEditor() throws Exception {
		ITextEditor editor = openExample();
		IDocument document = Ui.document(editor);
		IFile file = editor.getEditorInput().getAdapter(IFile.class);
		String s = document.get();
		document.replace(s.indexOf("blk[8]") + 4, 1, "4000"); // XG101
		document.replace(document.get().indexOf("virq timer") + "virq ".length(), "timer".length(), "timr"); // XG208
		IAnnotationModel model = ((ISourceViewer) Ui.viewer(editor)).getAnnotationModel();
		Ui.waitUntil("the live XG101 and XG208 annotations", WAIT_MS,
				() -> annotation(model, "XG101") != null && annotation(model, "XG208") != null);
		editor.doSave(null);
		Ui.waitUntil("the XG101 and XG208 markers", WAIT_MS, () -> marker(file, "XG101") != null && marker(file, "XG208") != null);
		IMarker[] markers = file.findMarkers(XenguestBuilder.MARKER, false, IResource.DEPTH_ZERO);
		Ui.waitUntil("an annotation for each of the " + markers.length + " markers in the editor", WAIT_MS,
				() -> markerAnnotations(model).size() == markers.length);
		Ui.pump(500); // whatever the builder's events set off has run
		assertOneVisibleAnnotationPerMarker(model, markers);

		// reopened: the markers load first, then the live analysis takes over
		Ui.page().closeAllEditors(false);
		ITextEditor reopened = Ui.open(file);
		EditorSession session = EditorSession.of(Ui.viewer(reopened));
		Ui.waitUntil("the first analysis after reopening", WAIT_MS, () -> session.state() != null);
		IAnnotationModel model2 = ((ISourceViewer) Ui.viewer(reopened)).getAnnotationModel();
		Ui.waitUntil("the live annotations after reopening", WAIT_MS,
				() -> annotation(model2, "XG101") != null && annotation(model2, "XG208") != null);
		Ui.pump(300);
		assertOneVisibleAnnotationPerMarker(model2, markers);
	}

	/** What the rulers and the text paint: the problem annotations not marked deleted, one per marker's diagnostic. */
	private static void assertOneVisibleAnnotationPerMarker(IAnnotationModel model, IMarker[] markers) {
		List<String> visible = new ArrayList<>();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation a = it.next();
			if (!a.isMarkedDeleted() && a.getType() != null && a.getType().startsWith("org.eclipse.ui.workbench.texteditor.")
					&& (a.getType().endsWith("error") || a.getType().endsWith("warning") || a.getType().endsWith("info"))) {
				visible.add(model.getPosition(a).getOffset() + ": " + a.getText());
			}
		}
		assertEquals(markers.length, visible.size(), "problem annotations shown: " + visible);
		for (IMarker m : markers) {
			String at = m.getAttribute(IMarker.CHAR_START, -1) + ": " + m.getAttribute(IMarker.MESSAGE, "");
			assertEquals(1, visible.stream().filter(v -> v.startsWith(at)).count(), at + " among " + visible);
		}
	}

	private static List<org.eclipse.ui.texteditor.MarkerAnnotation> markerAnnotations(IAnnotationModel model) {
		List<org.eclipse.ui.texteditor.MarkerAnnotation> found = new ArrayList<>();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof org.eclipse.ui.texteditor.MarkerAnnotation m) {
				found.add(m);
			}
		}
		return found;
	}

	static XenguestDiagnosticAnnotation annotation(IAnnotationModel model, String code) {
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			if (it.next() instanceof XenguestDiagnosticAnnotation a && code.equals(a.issue().getCode())) {
				return a;
			}
		}
		return null;
	}

	static IMarker marker(IFile file, String code) {
		try {
			for (IMarker m : file.findMarkers(XenguestBuilder.MARKER, false, IResource.DEPTH_ZERO)) {
				if (code.equals(m.getAttribute(XenguestBuilder.CODE, null))) {
					return m;
				}
			}
			return null;
		} catch (CoreException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The Problems view's row whose description starts with {@code message}; expands the severity groups. */
	private static TreeItem problemRow(IViewPart problems, String message) {
		for (Tree tree : Ui.find(problems.getSite().getShell(), Tree.class)) {
			if (!tree.isVisible() || tree.getColumnCount() < 4) {
				continue;
			}
			for (TreeItem group : tree.getItems()) {
				if (!group.getExpanded()) {
					Event e = new Event();
					e.item = group;
					tree.notifyListeners(SWT.Expand, e);
					group.setExpanded(true);
				}
				for (TreeItem row : group.getItems()) {
					if (row.getText(0).startsWith(message)) {
						return row;
					}
				}
				if (group.getText(0).startsWith(message)) {
					return group;
				}
			}
		}
		return null;
	}

	@Test
	void openModelsHaveThePartsThatMakeTheEditor() throws Exception {
		ITextEditor editor = openExample();
		assertEquals("org.eclipse.ui.genericeditor.GenericEditor", editor.getSite().getId());
		assertNotNull(EditorSession.of(Ui.viewer(editor)).state().symbols());
	}

	/**
	 * On a long model the semantic colours are painted only near the visible lines; scrolling (by
	 * the viewer or straight on the widget) brings them to the lines that come into view.
	 */
	@Test
	void scrollingBringsSemanticColoursToNewlyVisibleLines() throws Exception {
		IFile file = Ui.file(project, "long" + (++counter) + ".xenguest", EditorBenchmark.bigModel());
		try {
			ITextEditor editor = Ui.open(file);
			EditorSession session = EditorSession.of(Ui.viewer(editor));
			Ui.waitUntil("the first analysis of " + file.getName(), 120_000, () -> session.state() != null);
			StyledText text = Ui.styledText(editor);
			String s = text.getText();
			RGB declaration = color(XenguestHighlightingStyles.DECLARATION_ID);
			int first = s.indexOf("guest g0 {") + "guest ".length();
			Ui.waitUntil("the semantic colour of the first guest's name", WAIT_MS,
					() -> declaration.equals(colorAt(text, first)));
			int last = s.indexOf("guest g50 {") + "guest ".length();
			int middle = s.indexOf("guest g25 {") + "guest ".length();
			// rename two guests far below the view: the next analysis gives the new names their
			// colour, but the screen is repainted only near the visible lines
			Object before = session.state();
			IDocument document = Ui.viewer(editor).getDocument();
			document.replace(last, 1, "h");
			document.replace(middle, 1, "h");
			Ui.waitUntil("the analysis of the renamed guests", WAIT_MS,
					() -> session.state() != before && session.state().text().contains("guest h50 {")
							&& session.state().text().contains("guest h25 {"));
			Ui.pump(200);
			assertTrue(!declaration.equals(colorAt(text, last)), "far below the view: not painted yet");
			assertTrue(!declaration.equals(colorAt(text, middle)), "far below the view: not painted yet");
			// through the viewer (its viewport listeners)
			editor.selectAndReveal(last, 0);
			Ui.waitUntil("the semantic colour of the last guest's name once revealed", WAIT_MS,
					() -> declaration.equals(colorAt(text, last)));
			// straight on the widget: caught up after the paint
			text.setTopIndex(text.getLineAtOffset(middle));
			text.redraw();
			Ui.waitUntil("the semantic colour of the middle guest's name once scrolled to", WAIT_MS,
					() -> declaration.equals(colorAt(text, middle)));
			assertEquals(declaration, colorAt(text, first), "the first guest keeps its colour");
		} finally {
			// a rebuild of every project (e.g. the generator preferences test) would generate it too
			Ui.page().closeAllEditors(false);
			file.delete(true, null);
		}
	}

	/** The occurrences of the name under the caret are marked; a keyword's are not (thousands in a long model). */
	@Test
	void occurrencesOfTheNameUnderTheCaretAreMarkedButNotOfKeywords() throws Exception {
		ITextEditor editor = openExample();
		IAnnotationModel model = ((ISourceViewer) Ui.viewer(editor)).getAnnotationModel();
		String s = Ui.styledText(editor).getText();
		editor.selectAndReveal(s.indexOf("port net0") + "port ne".length(), 0);
		Ui.waitUntil("three marks for net0 (not on_net0)", WAIT_MS, () -> occurrences(model).size() == 3);
		for (int offset : occurrences(model)) {
			assertEquals("net0", s.substring(offset, offset + 4));
		}
		editor.selectAndReveal(s.indexOf("port store") + 1, 0);
		Ui.waitUntil("no marks for the keyword port", WAIT_MS, () -> occurrences(model).isEmpty());
	}

	private static List<Integer> occurrences(IAnnotationModel model) {
		List<Integer> offsets = new ArrayList<>();
		for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
			Annotation a = it.next();
			if ("org.eclipse.ui.genericeditor.text".equals(a.getType())) {
				offsets.add(model.getPosition(a).getOffset());
			}
		}
		return offsets;
	}
}
