package org.xenguest.debug.ui.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IProcess;
import org.xenguest.debug.ui.live.LiveSession;
import org.xenguest.debug.ui.live.SessionState;

/**
 * The reference guest demo as part of a launch: {@code xenguest demo --serve PORT --for SECONDS
 * --work DIR} as an external process (its output in the launch's console), started on a thread
 * of its own; the session waits for {@code DIR/generated/manifest/refguest.json} and the stub.
 * The session ending destroys the demo, whose shutdown hook stops QEMU.
 */
final class DemoLauncher {

    /** Where the demo writes the reference guest's manifest under its --work folder. */
    static final String MANIFEST = "generated/manifest/refguest.json";

    final int port;
    final Path workDir;
    private volatile Process process;

    private DemoLauncher(int port, Path workDir) {
        this.port = port;
        this.workDir = workDir;
    }

    static DemoLauncher prepare() throws IOException {
        return new DemoLauncher(freeLoopbackPort(), Files.createTempDirectory("xenguest-demo"));
    }

    Path manifestFile() {
        return workDir.resolve(MANIFEST);
    }

    List<String> commandLine(String command, int seconds) {
        return List.of(command, "demo", "--serve", Integer.toString(port), "--for", Integer.toString(seconds),
                "--work", workDir.toString());
    }

    /** Starts the demo off the caller's thread; a failure to start ends the session with the reason. */
    void start(ILaunch launch, List<String> commandLine, LiveSession session) {
        session.addListener(changed -> {
            if (changed.status().state() == SessionState.DISCONNECTED) {
                destroy();
            }
        });
        Thread starter = new Thread(() -> {
            try {
                Process started = DebugPlugin.exec(commandLine.toArray(String[]::new), workDir.toFile());
                process = started;
                if (session.isDisconnected()) {
                    destroy();
                    return;
                }
                IProcess shown = DebugPlugin.newProcess(launch, started, "xenguest demo --serve " + port);
                shown.setAttribute(IProcess.ATTR_CMDLINE, String.join(" ", commandLine));
                started.onExit().thenAccept(ended -> session.disconnect("the demo ended (exit " + ended.exitValue()
                        + "; its output is in the console)"));
            } catch (CoreException e) {
                session.disconnect("cannot start '" + commandLine.get(0) + "' (set the xenguest command in the launch"
                        + " configuration, or put xenguest on the PATH): " + e.getStatus().getMessage());
            }
        }, "xenguest-demo-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Asks the demo to end (SIGTERM: its shutdown hook stops QEMU), then forces it after 10 s; never blocks. */
    void destroy() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        CompletableFuture.runAsync(() -> {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
