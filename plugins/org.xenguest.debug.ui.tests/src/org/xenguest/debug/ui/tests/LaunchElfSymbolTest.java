package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.ui.launch.LiveLaunchAttributes;
import org.xenguest.debug.ui.launch.LiveLaunchTab;
import org.xenguest.debug.ui.launch.LiveSessionProcess;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.LiveSessions;
import org.xenguest.debug.core.session.SessionSettings;
import org.xenguest.debug.ui.live.SessionState;
import org.xenguest.tests.support.ScriptedRspStub;
import org.xenguest.tests.support.ui.Ui;

/**
 * shared_info found by a symbol of the guest's ELF image: the page itself ({@code shared_info}),
 * or a pointer the guest sets while it boots ({@code HYPERVISOR_shared_info}). The image is built
 * with gcc; nm (binutils) says where its symbols are.
 */
class LaunchElfSymbolTest {

    static final String GUEST_C = """
            unsigned char shared_info[4096] __attribute__((aligned(4096)));
            void *HYPERVISOR_shared_info;
            unsigned char too_small[16];
            void _start(void) { for (;;) { } }
            """;

    @TempDir
    static Path directory;
    static Path elf;
    static Map<String, Long> symbols;

    private ScriptedRspStub stub;
    private ILaunch launch;

    @BeforeAll
    static void buildGuestImage() throws Exception {
        Path source = directory.resolve("guest.c");
        Files.writeString(source, GUEST_C);
        elf = directory.resolve("guest.elf");
        run("gcc (Debian package gcc)", "gcc", "-nostdlib", "-static", "-fno-pie", "-no-pie", "-O0", "-o",
                elf.toString(), source.toString());
        symbols = new HashMap<>();
        for (String line : run("nm (Debian package binutils)", "nm", elf.toString()).split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3) {
                symbols.put(parts[2], Long.parseUnsignedLong(parts[0], 16));
            }
        }
        assertTrue(symbols.keySet().containsAll(java.util.List.of("shared_info", "HYPERVISOR_shared_info", "too_small")),
                symbols.toString());
    }

    private static String run(String tool, String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail(tool + " is needed by this test and is not installed: " + e.getMessage());
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), tool + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    @AfterEach
    void stop() throws Exception {
        Launches.endAndRemove(launch);
        LiveSessions.show(null);
        if (stub != null) {
            stub.close();
        }
    }

    private ILaunchConfigurationWorkingCopy configuration(String symbol) throws CoreException {
        ILaunchConfigurationWorkingCopy configuration = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LiveLaunchAttributes.TYPE_ID).newInstance(null, "elf " + symbol);
        configuration.setAttribute(LiveLaunchAttributes.CHANNEL, stub.address().toString());
        configuration.setAttribute(LiveLaunchAttributes.ELF_FILE, elf.toString());
        configuration.setAttribute(LiveLaunchAttributes.ELF_SYMBOL, symbol);
        return configuration;
    }

    private static LiveSession session(ILaunch launch) {
        return ((LiveSessionProcess) launch.getProcesses()[0]).session();
    }

    @Test
    void thePageSymbolGivesTheAddress() throws Exception {
        long page = symbols.get("shared_info");
        SessionSettings settings = LiveLaunchAttributes.settings("127.0.0.1:1", "", "", 20, "", elf.toString(),
                "shared_info");
        assertEquals(page, settings.sharedInfoAddress());
        assertNull(settings.sharedInfoPointer());
        // an address typed in wins over the symbol
        assertEquals(0x5000, LiveLaunchAttributes.settings("127.0.0.1:1", "0x5000", "", 20, "", elf.toString(),
                "shared_info").sharedInfoAddress());

        stub = ScriptedRspStub.serving(page, LiveViewsTest.bootPage().bytes());
        launch = configuration("shared_info").launch(ILaunchManager.DEBUG_MODE, null);
        LiveSession session = session(launch);
        Ui.waitUntil(LiveViewsTest.WAIT, () -> session.latest() != null, () -> session.status().text());
        assertEquals(page, session.latest().snapshot().sharedInfoAddress());
        assertTrue(session.latest().snapshot().isPending(3), "the boot page's bits were read from the symbol's page");
    }

    @Test
    void aPointerSymbolIsFollowedOnceTheGuestHasSetIt() throws Exception {
        long pointer = symbols.get("HYPERVISOR_shared_info");
        // no symbol named: the usual names are tried, HYPERVISOR_shared_info first
        SessionSettings settings = LiveLaunchAttributes.settings("127.0.0.1:1", "", "", 20, "", elf.toString(), "");
        assertEquals(pointer, settings.sharedInfoPointer());

        stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes());
        stub.region(pointer, new byte[8]); // the guest has not mapped shared_info yet
        launch = configuration("").launch(ILaunchManager.DEBUG_MODE, null);
        LiveSession session = session(launch);
        Ui.waitUntil(LiveViewsTest.WAIT, () -> session.status().text().contains("is still 0"),
                () -> session.status().text());
        assertEquals(SessionState.CONNECTING, session.status().state());
        assertNull(session.latest());

        stub.region(pointer, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(LiveViewsTest.SHARED_INFO)
                .array());
        Ui.waitUntil(LiveViewsTest.WAIT, () -> session.status().state() == SessionState.LIVE,
                () -> session.status().text());
        assertEquals(LiveViewsTest.SHARED_INFO, session.latest().snapshot().sharedInfoAddress());
        assertTrue(session.latest().snapshot().isPending(3));
    }

    @Test
    void wrongSymbolsAndFilesAreRefusedWithTheReason() throws Exception {
        assertEquals("shared_info symbol: too_small at 0x" + Long.toHexString(symbols.get("too_small"))
                + " in guest.elf is 16 bytes: neither the shared_info page nor a pointer to it",
                refusal(elf.toString(), "too_small"));
        assertEquals("shared_info symbol: nope is not in the symbol table of guest.elf; name the guest's symbol, or"
                + " give the address", refusal(elf.toString(), "nope"));
        assertEquals("shared_info symbol: give the guest's ELF image it is a symbol of", refusal("", "shared_info"));
        assertEquals("Guest ELF image: no such file " + directory.resolve("missing.elf"),
                refusal(directory.resolve("missing.elf").toString(), ""));
        Path notElf = Files.writeString(directory.resolve("notes.txt"), "not an ELF file");
        assertTrue(refusal(notElf.toString(), "").startsWith("Guest ELF image " + notElf + " is not a readable ELF file"),
                refusal(notElf.toString(), ""));
    }

    private static String refusal(String elfFile, String symbol) {
        return assertThrows(IllegalArgumentException.class,
                () -> LiveLaunchAttributes.settings("127.0.0.1:1", "", "", 20, "", elfFile, symbol)).getMessage();
    }

    @Test
    void theTabHasTheFieldsAndValidatesThem() throws Exception {
        stub = ScriptedRspStub.serving(LiveViewsTest.SHARED_INFO, LiveViewsTest.bootPage().bytes());
        Shell shell = new Shell();
        try {
            LiveLaunchTab tab = new LiveLaunchTab();
            tab.createControl(shell);
            ILaunchConfigurationWorkingCopy configuration = configuration("shared_info");
            tab.initializeFrom(configuration);
            Text image = textAfter(tab.getControl(), "Guest ELF image (optional):");
            Text symbol = textAfter(tab.getControl(), "shared_info symbol:");
            assertEquals(elf.toString(), image.getText());
            assertEquals("shared_info", symbol.getText());
            assertTrue(tab.isValid(configuration), tab.getErrorMessage());
            assertNull(tab.getErrorMessage());

            symbol.setText("nope");
            assertFalse(tab.isValid(configuration));
            assertTrue(tab.getErrorMessage().contains("nope is not in the symbol table"), tab.getErrorMessage());

            symbol.setText("HYPERVISOR_shared_info");
            assertTrue(tab.isValid(configuration), tab.getErrorMessage());
            ILaunchConfigurationWorkingCopy applied = configuration("");
            tab.performApply(applied);
            assertEquals("HYPERVISOR_shared_info", applied.getAttribute(LiveLaunchAttributes.ELF_SYMBOL, ""));
            assertEquals(elf.toString(), applied.getAttribute(LiveLaunchAttributes.ELF_FILE, ""));
            assertEquals(stub.address().toString(), applied.getAttribute(LiveLaunchAttributes.CHANNEL, ""));
        } finally {
            shell.dispose();
        }
    }

    private static Text textAfter(Control page, String label) {
        Control[] children = ((Composite) page).getChildren();
        for (int i = 0; i + 1 < children.length; i++) {
            if (children[i] instanceof Label found && label.equals(found.getText()) && children[i + 1] instanceof Text text) {
                return text;
            }
        }
        fail("no field labelled " + label);
        return null;
    }
}
