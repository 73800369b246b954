package org.xenguest.debug.ui.views;

import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.ui.live.LiveSession;

/** A live view that is one table of rows taken from each snapshot, with a summary line above. */
abstract class TableLiveView<R> extends LiveView {

    private Label summary;
    private TableViewer viewer;
    private Snapshot shown;

    @Override
    protected void createContent(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        body.setLayout(layout);
        summary = new Label(body, SWT.NONE);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Composite tableHolder = new Composite(body, SWT.NONE);
        tableHolder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        TableColumnLayout columns = new TableColumnLayout();
        tableHolder.setLayout(columns);
        viewer = new TableViewer(tableHolder, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        createColumns(columns);
    }

    protected abstract void createColumns(TableColumnLayout layout);

    /** The rows of a snapshot. */
    protected abstract List<R> rows(Snapshot snapshot);

    /** The line above the table for a snapshot. */
    protected abstract String summary(Snapshot snapshot);

    /** A row's colour, or null for the default. */
    protected Color rowColour(R row) {
        return null;
    }

    @SuppressWarnings("unchecked")
    protected void column(TableColumnLayout layout, String title, int weight, Function<R, String> text) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        column.getColumn().setText(title);
        layout.setColumnData(column.getColumn(), new ColumnWeightData(weight, 50));
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((R) element);
            }

            @Override
            public Color getForeground(Object element) {
                return rowColour((R) element);
            }
        });
    }

    @Override
    protected void sessionReplaced() {
        shown = null;
        viewer.setInput(List.of());
        summary.setText("");
    }

    @Override
    protected void refresh(LiveSession session) {
        Snapshot snapshot = session == null || session.latest() == null ? null : session.latest().snapshot();
        if (snapshot == null || snapshot == shown) {
            return;
        }
        shown = snapshot;
        summary.setText(summary(snapshot));
        viewer.setInput(rows(snapshot));
    }

    @Override
    protected void paletteChanged(Palette now) {
        viewer.refresh(); // row colours come from the palette
    }

    public TableViewer viewer() {
        return viewer;
    }

    public String summaryText() {
        return summary.getText();
    }
}
