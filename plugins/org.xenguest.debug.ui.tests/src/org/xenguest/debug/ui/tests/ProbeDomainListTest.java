package org.xenguest.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xenguest.debug.core.xen.XenDomain;
import org.xenguest.debug.ui.launch.DomainLister;
import org.xenguest.debug.ui.launch.ProbeLaunchAttributes;
import org.xenguest.debug.ui.launch.ProbeLaunchTab;
import org.xenguest.tests.support.ui.Ui;

/**
 * The probe launch's tab and fields without a host: a probe that accepts and never answers, one
 * that is not there, and fields a launch refuses. Every wait bounded, the UI thread never blocked.
 */
class ProbeDomainListTest {

    private ServerSocket silent;
    private final List<Socket> accepted = new ArrayList<>();
    private Path noHostState;

    @BeforeEach
    void aProbeThatNeverAnswers() throws Exception {
        silent = new ServerSocket();
        silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // held open, never answered
                }
            } catch (Exception e) {
                // closed
            }
        }, "silent probe");
        acceptor.setDaemon(true);
        acceptor.start();
        noHostState = Files.createTempDirectory("xg-no-host");
    }

    @AfterEach
    void close() throws Exception {
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private String silentAddress() {
        return "127.0.0.1:" + silent.getLocalPort();
    }

    @Test
    void aSilentProbeFailsTheFetchWithinItsBoundAndSaysSo() {
        var target = ProbeLaunchAttributes.read(false, silentAddress(), "x", "", 10, "").target();
        long t0 = System.nanoTime();
        CompletableFuture<List<XenDomain>> fetch = DomainLister.fetch(target, Duration.ofMillis(500));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 300, "fetch must return at once");
        ExecutionException failed = assertThrows(ExecutionException.class, fetch::get);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMillis < 2_500, "bounded by twice the timeout and a second, took " + tookMillis + " ms");
        String said = DomainLister.describe(failed, target);
        assertTrue(said.contains(silentAddress()), said);
    }

    @Test
    void theTabShowsWhyThereIsNoListAndStaysResponsive() throws Exception {
        ILaunchConfigurationWorkingCopy configuration = ProbeLaunchOnHostTest.type().newInstance(null, "silent");
        configuration.setAttribute(ProbeLaunchAttributes.LOCAL_HOST, false);
        configuration.setAttribute(ProbeLaunchAttributes.ADDRESS, silentAddress());
        configuration.setAttribute(ProbeLaunchAttributes.DOMAIN, "refguest");
        Shell shell = new Shell(Display.getCurrent(), SWT.SHELL_TRIM);
        shell.setLayout(new FillLayout());
        try {
            ProbeLaunchTab tab = new ProbeLaunchTab();
            tab.createControl(shell);
            tab.initializeFrom(configuration);
            shell.open();
            long t0 = System.nanoTime();
            CompletableFuture<?> fetch = tab.refreshDomains();
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 500, "Refresh must not wait on the UI thread");
            assertTrue(tab.domainListStatus().startsWith("asking " + silentAddress()), tab.domainListStatus());
            // the UI thread keeps dispatching while the probe says nothing
            int[] ticks = { 0 };
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                ticks[0]++;
                if (!fetch.isDone()) {
                    Display.getCurrent().timerExec(50, tick[0]);
                }
            };
            Display.getCurrent().timerExec(50, tick[0]);
            Ui.waitUntil(Duration.ofSeconds(15), fetch::isDone, tab::domainListStatus);
            assertTrue(ticks[0] > 10, "the event loop ran " + ticks[0] + " ticks during the fetch");
            assertTrue(tab.shownDomains().isEmpty());
            assertTrue(tab.domainListStatus().contains(silentAddress()), tab.domainListStatus());
            assertTrue(tab.isValid(configuration), tab.getErrorMessage()); // validation asks no network
        } finally {
            shell.dispose();
        }
    }

    @Test
    void noLocalHostIsSaidInTheTabWithTheCommandThatStartsOne() throws Exception {
        String before = System.getProperty("xenguest.host.state");
        System.setProperty("xenguest.host.state", noHostState.toString());
        Shell shell = new Shell(Display.getCurrent(), SWT.SHELL_TRIM);
        try {
            ProbeLaunchTab tab = new ProbeLaunchTab();
            tab.createControl(shell);
            ILaunchConfigurationWorkingCopy configuration = ProbeLaunchOnHostTest.type().newInstance(null, "no host");
            tab.setDefaults(configuration);
            tab.initializeFrom(configuration);
            CompletableFuture<?> fetch = tab.refreshDomains();
            Ui.waitUntil(Duration.ofSeconds(15), fetch::isDone, tab::domainListStatus);
            assertTrue(tab.domainListStatus().contains("xenguest host start"), tab.domainListStatus());
            assertFalse(tab.isValid(configuration), "no domain given");
            assertTrue(tab.getErrorMessage().startsWith("Domain:"), tab.getErrorMessage());
        } finally {
            shell.dispose();
            if (before == null) {
                System.clearProperty("xenguest.host.state");
            } else {
                System.setProperty("xenguest.host.state", before);
            }
        }
    }

    @Test
    void fieldsALaunchRefusesSayWhich() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ProbeLaunchAttributes.read(false, "nohost", "d", "", 10, ""));
        assertThrows(IllegalArgumentException.class, () -> ProbeLaunchAttributes.read(true, "", "d", "", 0, ""));
        var read = ProbeLaunchAttributes.read(true, "", " refguest ", "", 20, "");
        assertEquals("refguest", read.domain());
        assertEquals(Duration.ofMillis(50), read.settings().pollPeriod());
        assertEquals("refguest on the local xenguest host", read.label());

        ILaunchConfigurationWorkingCopy configuration = ProbeLaunchOnHostTest.type().newInstance(null, "no domain");
        CoreException launchRefused = assertThrows(CoreException.class,
                () -> configuration.launch(ILaunchManager.DEBUG_MODE, null));
        assertTrue(launchRefused.getMessage().contains("Domain: give its name or id"), launchRefused.getMessage());
    }
}
