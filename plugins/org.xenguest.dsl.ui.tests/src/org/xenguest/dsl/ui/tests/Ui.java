package org.xenguest.dsl.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Widget;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.xenguest.dsl.ui.builder.XenguestNature;
import org.xenguest.dsl.ui.editor.Editors;

/** Driving the workbench from tests that run on the UI thread: bounded waits that keep the event loop going. */
final class Ui {
	private Ui() {
	}

	static Display display() {
		return PlatformUI.getWorkbench().getDisplay();
	}

	/** A window as big as the virtual screen, so screenshots show the editor and its views. */
	static void maximizeWindow() {
		Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		Rectangle screen = display().getBounds();
		if (!shell.getBounds().equals(screen)) {
			shell.setBounds(screen);
			pump(50);
		}
	}

	static IWorkbenchPage page() {
		return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
	}

	/** Runs the event loop until {@code condition} holds; fails naming {@code what} after {@code millis}. */
	static void waitUntil(String what, long millis, BooleanSupplier condition) {
		long deadline = System.currentTimeMillis() + millis;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > deadline) {
				fail("timed out after " + millis + " ms waiting for " + what);
			}
			pump(10);
		}
	}

	/** Like {@link #waitUntil} but returns the first non-null value. */
	static <T> T waitFor(String what, long millis, Supplier<T> value) {
		Object[] holder = new Object[1];
		waitUntil(what, millis, () -> (holder[0] = value.get()) != null);
		@SuppressWarnings("unchecked")
		T t = (T) holder[0];
		return t;
	}

	/** Processes events for about {@code millis} ms. */
	static void pump(long millis) {
		Display display = display();
		long end = System.currentTimeMillis() + millis;
		do {
			// bounded drain: a busy queue (a repeating timer, repaints) must not starve the caller's checks
			long drainEnd = System.currentTimeMillis() + Math.max(1, millis);
			while (display.readAndDispatch() && System.currentTimeMillis() < drainEnd) {
				// drain
			}
			if (System.currentTimeMillis() < end) {
				try {
					Thread.sleep(5);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		} while (System.currentTimeMillis() < end);
	}

	static IProject project(String name) throws CoreException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		XenguestNature.addTo(project, null);
		return project;
	}

	static IFile file(IProject project, String name, String text) throws CoreException {
		IFile file = project.getFile(name);
		ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
		if (file.exists()) {
			file.setContents(in, IResource.FORCE, null);
		} else {
			file.create(in, IResource.FORCE, null);
		}
		return file;
	}

	static String example(String name) throws IOException {
		String dir = System.getProperty("xenguest.examples", "../../examples");
		return Files.readString(Path.of(dir, name), StandardCharsets.UTF_8);
	}

	static ITextEditor open(IFile file) throws CoreException {
		maximizeWindow();
		ITextEditor editor = Editors.textEditor(IDE.openEditor(page(), file, true));
		if (editor == null) {
			fail(file + " did not open in a text editor");
		}
		return editor;
	}

	static ITextViewer viewer(ITextEditor editor) {
		return Editors.viewer(editor);
	}

	static StyledText styledText(ITextEditor editor) {
		return viewer(editor).getTextWidget();
	}

	static IDocument document(ITextEditor editor) {
		return Editors.document(editor);
	}

	/** Saves a PNG of the workbench window (the whole screen area it covers) under target/screenshots. */
	static Path screenshot(String name) {
		pump(100);
		Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
		Display display = display();
		Rectangle bounds = shell.getBounds();
		Rectangle screen = display.getBounds();
		Rectangle area = bounds.intersection(screen);
		Image image = new Image(display, area.width, area.height);
		GC gc = new GC(display);
		try {
			gc.copyArea(image, area.x, area.y);
		} finally {
			gc.dispose();
		}
		try {
			Path dir = Path.of(System.getProperty("xenguest.screenshots", "target/screenshots"));
			Files.createDirectories(dir);
			Path file = dir.resolve(name);
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { image.getImageData() };
			loader.save(file.toString(), SWT.IMAGE_PNG);
			return file;
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		} finally {
			image.dispose();
		}
	}

	/** All widgets of type {@code type} under {@code root}, depth first. */
	static <T extends Widget> java.util.List<T> find(Control root, Class<T> type) {
		java.util.List<T> found = new java.util.ArrayList<>();
		collect(root, type, found);
		return found;
	}

	private static <T extends Widget> void collect(Control c, Class<T> type, java.util.List<T> found) {
		if (type.isInstance(c)) {
			found.add(type.cast(c));
		}
		if (c instanceof org.eclipse.swt.widgets.Composite composite) {
			for (Control child : composite.getChildren()) {
				collect(child, type, found);
			}
		}
	}
}
