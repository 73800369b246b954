package org.xenguest.debug.ui.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.xenguest.debug.core.xen.XenDomain;

/**
 * The probe (the local {@code xenguest host}, or an address), the domain (typed, or picked from
 * the host's domains as the probe lists them), an optional model (with the guest's ELF image) or
 * guest descriptor, poll rate and record file. The list is fetched off the UI thread ({@link DomainLister}, every wait bounded)
 * when the tab is shown and on Refresh; what went wrong shows under the list. Validation never
 * touches the network.
 */
public final class ProbeLaunchTab extends AbstractLaunchConfigurationTab {

    private Button localHost;
    private Button byAddress;
    private Text address;
    private Text domain;
    private Table domains;
    private Button refresh;
    private Label listStatus;
    private Text descriptor;
    private Text elfImage;
    private Spinner pollHz;
    private Text recordFile;
    /** Counts fetches: only the newest one's answer is shown. */
    private int generation;
    private CompletableFuture<?> lastFetch = CompletableFuture.completedFuture(null);

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(3, false));
        setControl(page);

        localHost = new Button(page, SWT.RADIO);
        localHost.setText("The local xenguest host (xenguest host start)");
        localHost.setToolTipText("The dom0 probe of the Xen host in QEMU that 'xenguest host' runs for you: no address");
        localHost.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        byAddress = new Button(page, SWT.RADIO);
        byAddress.setText("Probe address (host:port):");
        byAddress.setToolTipText("xenguest-probe --listen 127.0.0.1:PORT in dom0, reached e.g. through ssh -L");
        address = new Text(page, SWT.BORDER);
        address.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        address.addModifyListener(event -> changed());
        for (Button choice : new Button[] { localHost, byAddress }) {
            choice.addListener(SWT.Selection, event -> {
                address.setEnabled(byAddress.getSelection());
                changed();
            });
        }

        new Label(page, SWT.NONE).setText("Domain (name or id):");
        domain = new Text(page, SWT.BORDER);
        domain.setToolTipText("The domain to watch: its name (found again if it is re-created) or its id");
        domain.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 1, 1));
        domain.addModifyListener(event -> changed());
        refresh = new Button(page, SWT.PUSH);
        refresh.setText("Refresh");
        refresh.setToolTipText("Ask the probe for the host's domains again");
        refresh.addListener(SWT.Selection, event -> refreshDomains());

        new Label(page, SWT.NONE).setText("The host's domains:");
        domains = new Table(page, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        domains.setHeaderVisible(true);
        for (String title : new String[] { "Id", "Name", "Type", "vCPUs", "State" }) {
            TableColumn column = new TableColumn(domains, SWT.LEFT);
            column.setText(title);
            column.setWidth(title.equals("Name") ? 160 : 70);
        }
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        tableData.heightHint = 120;
        domains.setLayoutData(tableData);
        domains.addListener(SWT.Selection, event -> {
            if (event.item instanceof TableItem item && item.getData() instanceof XenDomain picked) {
                domain.setText(picked.name().isEmpty() ? Integer.toString(picked.id()) : picked.name());
            }
        });
        new Label(page, SWT.NONE);
        listStatus = new Label(page, SWT.WRAP);
        listStatus.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        descriptor = field(page, "Guest model or descriptor (optional):", "The guest's .xenguest model (with its ELF"
                + " image below: names, kinds and handlers of its ports), or a JSON guest descriptor"
                + " (docs/snapshot-json.md); empty: ports are named from Xen's bindings and xenstore");
        elfImage = field(page, "Guest ELF image (with a model):", "The image built from the model: its symbol"
                + " NAME_debug_info is the guest's debug info block, read through the probe (xenguest snapshot --elf)");
        new Label(page, SWT.NONE).setText("Poll rate (snapshots per second):");
        pollHz = new Spinner(page, SWT.BORDER);
        pollHz.setValues(ProbeLaunchAttributes.DEFAULT_POLL_HZ, 1, 100, 0, 1, 10);
        pollHz.addModifyListener(event -> changed());
        new Label(page, SWT.NONE);
        recordFile = field(page, "Record to (optional):", "Every snapshot is recorded to this file; when empty, to the folder of Preferences > Xen Guest Recording (unless recording is off there)");
    }

    private Text field(Composite page, String label, String tip) {
        new Label(page, SWT.NONE).setText(label);
        Text text = new Text(page, SWT.BORDER);
        text.setToolTipText(tip);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 1, 1));
        text.addModifyListener(event -> changed());
        Button button = new Button(page, SWT.PUSH);
        button.setText("Browse...");
        button.addListener(SWT.Selection, event -> {
            String chosen = new FileDialog(page.getShell(), SWT.OPEN).open();
            if (chosen != null) {
                text.setText(chosen);
            }
        });
        return text;
    }

    private void changed() {
        updateLaunchConfigurationDialog();
    }

    /**
     * Asks the probe for the host's domains on a background thread and shows them when they come
     * (on the UI thread); a failure or a timeout shows its reason under the list. Returns at once.
     *
     * @return the fetch, done once the table or the status shows its outcome (for tests)
     */
    public CompletableFuture<?> refreshDomains() {
        ProbeTarget target;
        try {
            target = ProbeTarget.of(localHost.getSelection(), address.getText());
        } catch (IllegalArgumentException e) {
            listStatus.setText(e.getMessage());
            return lastFetch = CompletableFuture.completedFuture(null);
        }
        int mine = ++generation;
        listStatus.setText("asking " + target.describe() + " for its domains...");
        Display display = domains.getDisplay();
        CompletableFuture<Void> shown = new CompletableFuture<>();
        DomainLister.fetch(target, ProbeLaunchAttributes.PROBE_TIMEOUT).whenComplete((list, failure) -> {
            if (display.isDisposed()) {
                shown.complete(null);
                return;
            }
            display.asyncExec(() -> {
                try {
                    if (mine == generation && !domains.isDisposed()) {
                        show(target, list, failure);
                    }
                } finally {
                    shown.complete(null);
                }
            });
        });
        lastFetch = shown;
        return shown;
    }

    private void show(ProbeTarget target, List<XenDomain> list, Throwable failure) {
        domains.removeAll();
        if (failure != null) {
            listStatus.setText(DomainLister.describe(failure, target));
            return;
        }
        String current = domain.getText().strip();
        for (XenDomain d : list) {
            TableItem item = new TableItem(domains, SWT.NONE);
            item.setText(new String[] { Integer.toString(d.id()), d.name(), d.type().name(),
                    d.onlineVcpus() + "/" + d.vcpus(), d.state().word() });
            item.setData(d);
            if (d.name().equals(current) || Integer.toString(d.id()).equals(current)) {
                domains.setSelection(item);
            }
        }
        long readable = list.stream().filter(d -> d.type().hasGuestPhysicalMemory()).count();
        listStatus.setText(list.size() + " domains on " + target.describe() + " (" + readable
                + " PVH/HVM, which the probe reads)");
    }

    /** Types into the model and ELF image fields as a user does (for tests). */
    public void setModel(String model, String elf) {
        descriptor.setText(model);
        elfImage.setText(elf);
    }

    /** The rows the table shows, as "id name type vcpus state" (for tests). */
    public List<String> shownDomains() {
        List<String> rows = new ArrayList<>();
        for (TableItem item : domains.getItems()) {
            rows.add(String.join(" ", item.getText(0), item.getText(1), item.getText(2), item.getText(3),
                    item.getText(4)));
        }
        return rows;
    }

    /** The line under the table: the count, the fetch in flight, or why there is no list. */
    public String domainListStatus() {
        return listStatus.getText();
    }

    /** Picks the row of domain {@code name} as a user's click does (for tests). */
    public boolean pick(String name) {
        for (TableItem item : domains.getItems()) {
            if (item.getData() instanceof XenDomain d && d.name().equals(name)) {
                domains.setSelection(item);
                org.eclipse.swt.widgets.Event event = new org.eclipse.swt.widgets.Event();
                event.item = item;
                domains.notifyListeners(SWT.Selection, event);
                return true;
            }
        }
        return false;
    }

    @Override
    public void activated(ILaunchConfigurationWorkingCopy workingCopy) {
        super.activated(workingCopy);
        refreshDomains();
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(ProbeLaunchAttributes.LOCAL_HOST, true);
        configuration.setAttribute(ProbeLaunchAttributes.ADDRESS, ProbeLaunchAttributes.DEFAULT_ADDRESS);
        configuration.setAttribute(ProbeLaunchAttributes.DOMAIN, "");
        configuration.setAttribute(ProbeLaunchAttributes.DESCRIPTOR, "");
        configuration.setAttribute(ProbeLaunchAttributes.ELF_FILE, "");
        configuration.setAttribute(ProbeLaunchAttributes.POLL_HZ, ProbeLaunchAttributes.DEFAULT_POLL_HZ);
        configuration.setAttribute(ProbeLaunchAttributes.RECORD_FILE, "");
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        try {
            boolean local = configuration.getAttribute(ProbeLaunchAttributes.LOCAL_HOST, true);
            localHost.setSelection(local);
            byAddress.setSelection(!local);
            address.setText(configuration.getAttribute(ProbeLaunchAttributes.ADDRESS, ProbeLaunchAttributes.DEFAULT_ADDRESS));
            address.setEnabled(!local);
            domain.setText(configuration.getAttribute(ProbeLaunchAttributes.DOMAIN, ""));
            descriptor.setText(configuration.getAttribute(ProbeLaunchAttributes.DESCRIPTOR, ""));
            elfImage.setText(configuration.getAttribute(ProbeLaunchAttributes.ELF_FILE, ""));
            pollHz.setSelection(configuration.getAttribute(ProbeLaunchAttributes.POLL_HZ, ProbeLaunchAttributes.DEFAULT_POLL_HZ));
            recordFile.setText(configuration.getAttribute(ProbeLaunchAttributes.RECORD_FILE, ""));
        } catch (CoreException e) {
            setErrorMessage(e.getMessage());
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(ProbeLaunchAttributes.LOCAL_HOST, localHost.getSelection());
        configuration.setAttribute(ProbeLaunchAttributes.ADDRESS, address.getText().strip());
        configuration.setAttribute(ProbeLaunchAttributes.DOMAIN, domain.getText().strip());
        configuration.setAttribute(ProbeLaunchAttributes.DESCRIPTOR, descriptor.getText().strip());
        configuration.setAttribute(ProbeLaunchAttributes.ELF_FILE, elfImage.getText().strip());
        configuration.setAttribute(ProbeLaunchAttributes.POLL_HZ, pollHz.getSelection());
        configuration.setAttribute(ProbeLaunchAttributes.RECORD_FILE, recordFile.getText().strip());
    }

    @Override
    public boolean isValid(ILaunchConfiguration configuration) {
        try {
            ProbeLaunchAttributes.read(localHost.getSelection(), address.getText(), domain.getText(),
                    descriptor.getText(), elfImage.getText(), pollHz.getSelection(), recordFile.getText());
            setErrorMessage(null);
            return true;
        } catch (IllegalArgumentException e) {
            setErrorMessage(e.getMessage());
            return false;
        }
    }

    @Override
    public String getName() {
        return "Domain";
    }
}
