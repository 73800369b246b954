package org.xenguest.debug.ui.views;

import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.Severity;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.ui.live.LiveSession;

/**
 * The Findings view: the failure patterns seen in the newest snapshot (code, ports, message);
 * the selected one's explanation and fix below.
 */
public final class FindingsView extends LiveView {

    public static final String ID = "org.xenguest.debug.ui.views.findings";

    private TableViewer viewer;
    private StyledText details;
    private List<Finding> shown = List.of();
    private ModelNavigator.Outcome lastOutcome;

    @Override
    protected void createContent(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        Composite tableHolder = new Composite(sash, SWT.NONE);
        TableColumnLayout columns = new TableColumnLayout();
        tableHolder.setLayout(columns);
        viewer = new TableViewer(tableHolder, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        column(columns, "Code", 28, finding -> finding.code().name(), true);
        column(columns, "Ports", 10, finding -> finding.ports().isEmpty()
                ? String.join(", ", finding.structures())
                : finding.ports().stream().map(String::valueOf).collect(Collectors.joining(", ")), false);
        column(columns, "Message", 62, Finding::message, false);
        details = new StyledText(sash, SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        details.setMargins(8, 6, 8, 6);
        sash.setWeights(55, 45);
        viewer.addSelectionChangedListener(event -> showDetails(
                (Finding) ((IStructuredSelection) event.getSelection()).getFirstElement()));
        viewer.addDoubleClickListener(event -> goToModel(
                (Finding) ((IStructuredSelection) event.getSelection()).getFirstElement()));
        showDetails(null);
    }

    /**
     * Opens the session's {@code .xenguest} model at the declaration of the finding's port; the
     * status line says when there is nothing to open.
     */
    public ModelNavigator.Outcome goToModel(Finding finding) {
        if (finding == null) {
            return null;
        }
        LiveSession session = org.xenguest.debug.ui.live.LiveSessions.current();
        ModelNavigator.Outcome outcome;
        if (session == null || session.settings() == null) {
            outcome = new ModelNavigator.Outcome(false, "No guest model: a replayed recording names none.", null);
        } else {
            GuestDescriptor descriptor = session.latest() == null ? session.settings().descriptor()
                    : session.latest().snapshot().descriptor();
            outcome = ModelNavigator.open(getSite().getPage(), finding, session.settings().modelFile(), descriptor);
        }
        var statusLine = getViewSite().getActionBars().getStatusLineManager();
        if (outcome.opened()) {
            statusLine.setErrorMessage(null);
            statusLine.setMessage(outcome.message());
        } else {
            statusLine.setErrorMessage(outcome.message());
        }
        lastOutcome = outcome;
        return outcome;
    }

    /** What the last double-click did (for tests). */
    public ModelNavigator.Outcome lastOutcome() {
        return lastOutcome;
    }

    private void column(TableColumnLayout layout, String title, int weight,
            java.util.function.Function<Finding, String> text, boolean coloured) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        column.getColumn().setText(title);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60));
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Finding) element);
            }

            @Override
            public Color getForeground(Object element) {
                if (!coloured) {
                    return null;
                }
                return ((Finding) element).severity() == Severity.ERROR ? palette().finding() : palette().warning();
            }
        });
    }

    @Override
    protected void refresh(LiveSession session) {
        List<Finding> findings = session == null ? List.of() : session.findings();
        if (findings.equals(shown)) {
            return;
        }
        Finding selected = (Finding) viewer.getStructuredSelection().getFirstElement();
        shown = findings;
        viewer.setInput(findings);
        if (selected != null) {
            // keep the same pattern selected while its message (held time) changes
            findings.stream().filter(f -> f.code() == selected.code() && f.ports().equals(selected.ports())
                    && f.structures().equals(selected.structures())).findFirst()
                    .ifPresent(f -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(f)));
        }
    }

    private void showDetails(Finding finding) {
        if (finding == null) {
            details.setText(shown.isEmpty() ? "No findings in the newest snapshot."
                    : "Select a finding to see what it means and how to fix it.");
            details.setStyleRanges(new StyleRange[0]);
            return;
        }
        String title = finding.code().title() + " (" + finding.code() + ", " + finding.severity() + ")";
        String text = title + "\n" + finding.message() + "\n\nWhat it means\n" + finding.explanation()
                + "\n\nHow to fix it\n" + finding.fix();
        details.setText(text);
        int meaning = text.indexOf("What it means");
        int fix = text.indexOf("How to fix it");
        details.setStyleRanges(new StyleRange[] {
                new StyleRange(0, title.length(), finding.severity() == Severity.ERROR ? palette().finding()
                        : palette().warning(), null, SWT.BOLD),
                new StyleRange(meaning, "What it means".length(), null, null, SWT.BOLD),
                new StyleRange(fix, "How to fix it".length(), null, null, SWT.BOLD) });
    }

    @Override
    protected void paletteChanged(Palette now) {
        viewer.refresh();
        showDetails((Finding) viewer.getStructuredSelection().getFirstElement());
    }

    // ---- for tests --------------------------------------------------------------------------

    public TableViewer viewer() {
        return viewer;
    }

    public String detailsText() {
        return details.getText();
    }
}
