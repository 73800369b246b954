package org.xenguest.debug.ui.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

/**
 * Debug channel, shared_info (address, or a symbol of the guest's ELF image), guest descriptor,
 * poll rate and record file. Validation reads the ELF image (a local file), never the network.
 */
public final class LiveLaunchTab extends AbstractLaunchConfigurationTab {

    private Text channel;
    private Text sharedInfo;
    private Text elfFile;
    private Text elfSymbol;
    private Text descriptor;
    private Spinner pollHz;
    private Text recordFile;
    private Button demo;
    private Text demoCommand;

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(3, false));
        setControl(page);
        channel = field(page, "Debug channel (host:port):", "The GDB remote stub: the guest's own stub, QEMU's gdbstub, gdbsx or the dom0 probe", false);
        sharedInfo = field(page, "shared_info address:", "Guest address of shared_info (0x...); empty: from the ELF symbol, else the descriptor's", false);
        elfFile = field(page, "Guest ELF image (optional):", "The guest's kernel image with symbols: shared_info is found by a symbol of it", true);
        elfSymbol = field(page, "shared_info symbol:", "The page (shared_info) or a pointer to it (HYPERVISOR_shared_info); empty: "
                + String.join(", ", org.xenguest.debug.core.guest.SharedInfoLocator.DEFAULT_SYMBOLS), false);
        descriptor = field(page, "Guest descriptor, manifest or model (optional):", "A guest descriptor (JSON), a generated"
                + " manifest (manifest/NAME.json) or a .xenguest model (its manifest from the builder): with a manifest or"
                + " model, the generated stub tells where shared_info is and which port each named port got", true);
        new Label(page, SWT.NONE).setText("Poll rate (snapshots per second):");
        pollHz = new Spinner(page, SWT.BORDER);
        pollHz.setValues(LiveLaunchAttributes.DEFAULT_POLL_HZ, 1, 100, 0, 1, 10);
        pollHz.addModifyListener(event -> changed());
        new Label(page, SWT.NONE);
        recordFile = field(page, "Record to (optional):", "Every snapshot is recorded to this file; when empty, to the folder of Preferences > Xen Guest Recording (unless recording is off there)", true);
        demo = new Button(page, SWT.CHECK);
        demo.setText("Start the reference guest demo (Xen 4.17 in QEMU)");
        demo.setToolTipText("Runs 'xenguest demo --serve PORT' first and attaches to its guest while it boots;"
                + " the channel, shared_info and descriptor above are not used. Terminating the launch stops QEMU.");
        demo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        demo.addListener(SWT.Selection, event -> changed());
        demoCommand = field(page, "xenguest command:", "The xenguest command line tool the demo runs; empty: "
                + LiveLaunchAttributes.DEFAULT_DEMO_COMMAND + " on the PATH", true);
    }

    private Text field(Composite page, String label, String tip, boolean browse) {
        new Label(page, SWT.NONE).setText(label);
        Text text = new Text(page, SWT.BORDER);
        text.setToolTipText(tip);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, browse ? 1 : 2, 1));
        text.addModifyListener(event -> changed());
        if (browse) {
            Button button = new Button(page, SWT.PUSH);
            button.setText("Browse...");
            button.addListener(SWT.Selection, event -> {
                FileDialog dialog = new FileDialog(page.getShell(), SWT.OPEN);
                String chosen = dialog.open();
                if (chosen != null) {
                    text.setText(chosen);
                }
            });
        }
        return text;
    }

    private void changed() {
        updateLaunchConfigurationDialog();
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, LiveLaunchAttributes.DEFAULT_CHANNEL);
        configuration.setAttribute(LiveLaunchAttributes.SHARED_INFO, "");
        configuration.setAttribute(LiveLaunchAttributes.DESCRIPTOR, "");
        configuration.setAttribute(LiveLaunchAttributes.POLL_HZ, LiveLaunchAttributes.DEFAULT_POLL_HZ);
        configuration.setAttribute(LiveLaunchAttributes.RECORD_FILE, "");
        configuration.setAttribute(LiveLaunchAttributes.ELF_FILE, "");
        configuration.setAttribute(LiveLaunchAttributes.ELF_SYMBOL, "");
        configuration.setAttribute(LiveLaunchAttributes.DEMO, false);
        configuration.setAttribute(LiveLaunchAttributes.DEMO_COMMAND, "");
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        try {
            channel.setText(configuration.getAttribute(LiveLaunchAttributes.CHANNEL, LiveLaunchAttributes.DEFAULT_CHANNEL));
            sharedInfo.setText(configuration.getAttribute(LiveLaunchAttributes.SHARED_INFO, ""));
            descriptor.setText(configuration.getAttribute(LiveLaunchAttributes.DESCRIPTOR, ""));
            pollHz.setSelection(configuration.getAttribute(LiveLaunchAttributes.POLL_HZ, LiveLaunchAttributes.DEFAULT_POLL_HZ));
            recordFile.setText(configuration.getAttribute(LiveLaunchAttributes.RECORD_FILE, ""));
            elfFile.setText(configuration.getAttribute(LiveLaunchAttributes.ELF_FILE, ""));
            elfSymbol.setText(configuration.getAttribute(LiveLaunchAttributes.ELF_SYMBOL, ""));
            demo.setSelection(configuration.getAttribute(LiveLaunchAttributes.DEMO, false));
            demoCommand.setText(configuration.getAttribute(LiveLaunchAttributes.DEMO_COMMAND, ""));
        } catch (CoreException e) {
            setErrorMessage(e.getMessage());
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, channel.getText().strip());
        configuration.setAttribute(LiveLaunchAttributes.SHARED_INFO, sharedInfo.getText().strip());
        configuration.setAttribute(LiveLaunchAttributes.DESCRIPTOR, descriptor.getText().strip());
        configuration.setAttribute(LiveLaunchAttributes.POLL_HZ, pollHz.getSelection());
        configuration.setAttribute(LiveLaunchAttributes.RECORD_FILE, recordFile.getText().strip());
        configuration.setAttribute(LiveLaunchAttributes.ELF_FILE, elfFile.getText().strip());
        configuration.setAttribute(LiveLaunchAttributes.ELF_SYMBOL, elfSymbol.getText().strip());
        configuration.setAttribute(LiveLaunchAttributes.DEMO, demo.getSelection());
        configuration.setAttribute(LiveLaunchAttributes.DEMO_COMMAND, demoCommand.getText().strip());
    }

    @Override
    public boolean isValid(ILaunchConfiguration configuration) {
        try {
            if (demo.getSelection()) {
                // the demo picks the port and writes the manifest at launch
                LiveLaunchAttributes.demoSettings(1234, java.nio.file.Path.of("refguest.json"), pollHz.getSelection(),
                        recordFile.getText());
                setErrorMessage(null);
                return true;
            }
            LiveLaunchAttributes.settings(channel.getText(), sharedInfo.getText(), descriptor.getText(),
                    pollHz.getSelection(), recordFile.getText(), elfFile.getText(), elfSymbol.getText());
            setErrorMessage(null);
            return true;
        } catch (IllegalArgumentException e) {
            setErrorMessage(e.getMessage());
            return false;
        }
    }

    @Override
    public String getName() {
        return "Debug channel";
    }
}
