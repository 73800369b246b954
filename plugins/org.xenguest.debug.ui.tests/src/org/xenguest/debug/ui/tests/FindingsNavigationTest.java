package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;
import org.xenguest.debug.ui.views.FindingsView;

/**
 * Double-clicking a finding opens the guest's .xenguest model (from the workspace, in the editor
 * of its content type) with the concerned port's declaration selected.
 */
class FindingsNavigationTest {

    static final String MODEL = """
            guest demo {
                type pvh
                vcpus 2
                port xenstore    : xenstore
                port console     : console
                port netfront_tx : unbound remote 0 handler netfront_tx_interrupt
                port netfront_rx : unbound remote 0 handler netfront_rx_interrupt
                port netfront_rx2 : unbound remote 0 handler netfront_rx_interrupt
                port timer       : virq timer handler timer_handler
            }
            """;

    /** LiveViewsTest's guest with the model's names (port 4, pending while masked, is netfront_rx). */
    static final GuestDescriptor GUEST = new GuestDescriptor("demo", LiveViewsTest.SHARED_INFO, 2,
            LiveViewsTest.GUEST.ports().stream().map(port -> new GuestDescriptor.Port(port.port(),
                    port.name().replace('-', '_'), port.kind(), port.handler(), port.vcpu())).toList(),
            null, List.of(), null, List.of());

    private IProject project;
    private LiveSession session;

    @AfterEach
    void cleanUp() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.closeAllEditors(false);
        if (session != null) {
            CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
            Ui.waitUntil("disconnect", LiveViewsTest.WAIT, done::isDone);
        }
        LiveSessions.show(null);
        if (project != null) {
            project.delete(true, true, null);
        }
    }

    private IFile modelInWorkspace() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("navigation-guest");
        project.create(null);
        project.open(null);
        IFile file = project.getFile("demo.xenguest");
        file.create(new ByteArrayInputStream(MODEL.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
        return file;
    }

    private FindingsView showFindings(ScriptedRspStub stub, Path modelFile) throws Exception {
        session = LiveSession.connect(SessionSettings.of(stub.address(), LiveViewsTest.SHARED_INFO, GUEST)
                .withThresholds(RuleThresholds.instant()).withModelFile(modelFile));
        LiveSessions.show(session);
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        FindingsView view = (FindingsView) page.showView(FindingsView.ID);
        Ui.waitUntil(LiveViewsTest.WAIT, () -> pendingMasked(view) != null,
                () -> "a pending-while-masked finding on port 4: " + session.findings());
        return view;
    }

    private static Finding pendingMasked(FindingsView view) {
        Table table = view.viewer().getTable();
        for (int row = 0; row < table.getItemCount(); row++) {
            Finding finding = (Finding) view.viewer().getElementAt(row);
            if (finding.code() == FindingCode.EVTCHN_PENDING_MASKED && finding.ports().equals(List.of(4))) {
                return finding;
            }
        }
        return null;
    }

    /** Selects the finding's row and double-clicks it (SWT's DefaultSelection, as a real double-click). */
    private static void doubleClick(FindingsView view, Finding finding) {
        view.viewer().setSelection(new StructuredSelection(finding), true);
        Table table = view.viewer().getTable();
        Event event = new Event();
        event.item = table.getSelection()[0];
        table.notifyListeners(SWT.DefaultSelection, event);
        Ui.pump(Duration.ofMillis(200));
    }

    @Test
    void doubleClickOpensTheModelAtThePortsDeclaration() throws Exception {
        IFile file = modelInWorkspace();
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
            FindingsView view = showFindings(stub, Path.of(file.getLocationURI()));
            doubleClick(view, pendingMasked(view));

            assertNotNull(view.lastOutcome(), "the double-click went to the model");
            assertTrue(view.lastOutcome().opened(), view.lastOutcome().message());
            IEditorPart editor = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor();
            assertNotNull(editor, "an editor is open");
            assertEquals("org.eclipse.ui.genericeditor.GenericEditor", editor.getSite().getId(),
                    "the editor the *.xenguest content type is bound to");
            assertEquals(file, editor.getEditorInput().getAdapter(IFile.class));
            ITextSelection selection = (ITextSelection) editor.getAdapter(ITextEditor.class).getSelectionProvider()
                    .getSelection();
            assertEquals("netfront_rx", selection.getText());
            assertEquals(MODEL.indexOf("port netfront_rx ") + "port ".length(), selection.getOffset(),
                    "the declaration of netfront_rx, not netfront_rx2");
            assertEquals("port netfront_rx in /navigation-guest/demo.xenguest", view.lastOutcome().message());
        }
    }

    @Test
    void aModelOutsideTheWorkspaceOrAJsonDescriptorSaysWhyNothingOpens() throws Exception {
        Path outside = Files.createTempFile("outside", ".xenguest");
        Files.writeString(outside, MODEL);
        try (ScriptedRspStub stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes())) {
            FindingsView view = showFindings(stub, outside);
            doubleClick(view, pendingMasked(view));
            assertFalse(view.lastOutcome().opened());
            assertEquals(outside + " is not in the workspace: import its project to go to the model.",
                    view.lastOutcome().message());
            assertEquals(null, PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor());

            CompletableFuture<Void> done = CompletableFuture.runAsync(session::disconnect);
            Ui.waitUntil("disconnect", LiveViewsTest.WAIT, done::isDone);
            view = showFindings(stub, Path.of("/tmp/guest.json"));
            doubleClick(view, pendingMasked(view));
            assertFalse(view.lastOutcome().opened());
            assertEquals("The guest description guest.json is not a .xenguest model: nothing to open.",
                    view.lastOutcome().message());
        } finally {
            Files.deleteIfExists(outside);
        }
    }
}
