package org.xenguest.debug.ui.views;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.swt.graphics.Color;
import org.xenguest.abi.GrantTableLayout;
import org.xenguest.debug.core.snapshot.GrantTableState;
import org.xenguest.debug.core.snapshot.Snapshot;

/** The Grant Table view: the entries in use with flags, peer and frame, and the budget used. */
public final class GrantTableView extends TableLiveView<GrantTableState.Entry> {

    public static final String ID = "org.xenguest.debug.ui.views.grants";

    @Override
    protected void createColumns(TableColumnLayout layout) {
        column(layout, "Ref", 10, entry -> Integer.toString(entry.ref()));
        column(layout, "Flags", 40, entry -> flags(entry.flags()));
        column(layout, "Peer", 10, entry -> "dom" + entry.domid());
        column(layout, "Frame", 20, entry -> "0x" + Long.toHexString(entry.frame()));
    }

    @Override
    protected List<GrantTableState.Entry> rows(Snapshot snapshot) {
        List<GrantTableState.Entry> used = new ArrayList<>();
        snapshot.grantTable().ifPresent(table -> table.entries().stream().filter(entry -> !entry.isFree())
                .forEach(used::add));
        return used;
    }

    @Override
    protected String summary(Snapshot snapshot) {
        return snapshot.grantTable().map(table -> String.format(
                "v%d, %d frame%s: %d of %d usable entries in use (%d%%), %d free", table.version(), table.frames(),
                table.frames() == 1 ? "" : "s", table.usedEntries(), table.usableEntries(),
                table.usableEntries() == 0 ? 0 : 100 * table.usedEntries() / table.usableEntries(),
                table.freeEntries()))
                .orElse("No grant table: the guest descriptor does not say where the guest maps its grant frames.");
    }

    @Override
    protected Color rowColour(GrantTableState.Entry entry) {
        return (entry.flags() & (GrantTableLayout.GTF_READING | GrantTableLayout.GTF_WRITING)) != 0 ? palette().good()
                : null;
    }

    /** e.g. {@code permit_access readonly reading} */
    static String flags(int flags) {
        StringBuilder text = new StringBuilder(switch (flags & GrantTableLayout.GTF_TYPE_MASK) {
            case GrantTableLayout.GTF_PERMIT_ACCESS -> "permit_access";
            case GrantTableLayout.GTF_ACCEPT_TRANSFER -> "accept_transfer";
            case GrantTableLayout.GTF_TRANSITIVE -> "transitive";
            default -> "invalid";
        });
        if ((flags & GrantTableLayout.GTF_TYPE_MASK) == GrantTableLayout.GTF_ACCEPT_TRANSFER) {
            append(text, flags, GrantTableLayout.GTF_TRANSFER_COMMITTED, "committed");
            append(text, flags, GrantTableLayout.GTF_TRANSFER_COMPLETED, "completed");
        } else {
            append(text, flags, GrantTableLayout.GTF_READONLY, "readonly");
            append(text, flags, GrantTableLayout.GTF_READING, "reading");
            append(text, flags, GrantTableLayout.GTF_WRITING, "writing");
            append(text, flags, GrantTableLayout.GTF_SUB_PAGE, "sub_page");
        }
        return text.append(String.format("  (0x%04x)", flags)).toString();
    }

    private static void append(StringBuilder text, int flags, int bit, String name) {
        if ((flags & bit) != 0) {
            text.append(' ').append(name);
        }
    }
}
