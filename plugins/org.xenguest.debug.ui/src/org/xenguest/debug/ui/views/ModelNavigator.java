package org.xenguest.debug.ui.views;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorDescriptor;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.FileEditorInput;
import org.eclipse.ui.texteditor.ITextEditor;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.guest.GuestDescriptor;

/**
 * Goes from a finding to the model element concerned: when the session's guest came from a
 * {@code .xenguest} model in the workspace, opens it in the editor its content type names and
 * selects the declaration ({@code port NAME}) of the first named port of the finding. Textual on
 * purpose: debug.ui does not depend on the language bundles.
 */
public final class ModelNavigator {

    /** What happened, for the status line and tests. */
    public record Outcome(boolean opened, String message, IEditorPart editor) {
    }

    private ModelNavigator() {
    }

    /**
     * @param modelFile  the session's model/descriptor file, or null
     * @param descriptor names the finding's ports
     */
    public static Outcome open(IWorkbenchPage page, Finding finding, Path modelFile, GuestDescriptor descriptor) {
        if (modelFile == null) {
            return new Outcome(false, "No guest model: the session was not started from a .xenguest model.", null);
        }
        if (!modelFile.getFileName().toString().endsWith(".xenguest")) {
            return new Outcome(false, "The guest description " + modelFile.getFileName()
                    + " is not a .xenguest model: nothing to open.", null);
        }
        Optional<IFile> file = workspaceFile(modelFile);
        if (file.isEmpty()) {
            return new Outcome(false, modelFile + " is not in the workspace: import its project to go to the model.",
                    null);
        }
        IEditorPart editor;
        try {
            IEditorDescriptor editorDescriptor = IDE.getEditorDescriptor(file.get(), true, true);
            editor = page.openEditor(new FileEditorInput(file.get()), editorDescriptor.getId(), true);
        } catch (PartInitException e) {
            return new Outcome(false, "Cannot open " + file.get().getFullPath() + ": " + e.getMessage(), null);
        }
        List<String> names = names(finding, descriptor);
        ITextEditor text = editor == null ? null : editor.getAdapter(ITextEditor.class);
        if (names.isEmpty() || text == null) {
            return new Outcome(true, "Opened " + file.get().getFullPath() + " (the finding names no port).", editor);
        }
        IDocument document = text.getDocumentProvider().getDocument(text.getEditorInput());
        String content = document == null ? "" : document.get();
        for (String name : names) {
            Matcher declaration = Pattern.compile("\\bport\\s+(" + Pattern.quote(name) + ")(?![\\w-])").matcher(content);
            if (declaration.find()) {
                text.selectAndReveal(declaration.start(1), name.length());
                return new Outcome(true, "port " + name + " in " + file.get().getFullPath(), editor);
            }
        }
        return new Outcome(true, "No declaration 'port " + String.join("' or 'port ", names) + "' in "
                + file.get().getFullPath() + ".", editor);
    }

    /** The names of the finding's ports the descriptor knows, in the finding's order. */
    static List<String> names(Finding finding, GuestDescriptor descriptor) {
        List<String> names = new ArrayList<>();
        if (descriptor != null) {
            for (int port : finding.ports()) {
                descriptor.port(port).map(GuestDescriptor.Port::name).ifPresent(names::add);
            }
        }
        return names;
    }

    private static Optional<IFile> workspaceFile(Path file) {
        URI uri = file.toAbsolutePath().normalize().toUri();
        for (IFile candidate : ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(uri)) {
            if (candidate.isAccessible()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
