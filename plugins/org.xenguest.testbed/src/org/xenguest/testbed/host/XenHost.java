package org.xenguest.testbed.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Xen 4.17 host in QEMU (TCG): a Linux PV dom0 with xl, xenstored, xenconsoled, netback and the
 * bridge {@code xenbr0}, built from Debian packages (see {@code prepare.sh} and
 * notes/xen-host.md). QEMU runs detached, so the host outlives the command that started it;
 * the state folder (0700) says how to reach it.
 *
 * <p>Only the user who started it reaches it: dom0's agent is forwarded to a loopback port and
 * answers only a client that sends the 32-byte secret kept in the state folder (and, inside the
 * initramfs, in dom0); the serial console is a unix socket in that folder.
 */
public final class XenHost {
    /** QEMU's memory by default: more makes Xen scrub for longer under TCG (notes/xen-host.md). */
    public static final int DEFAULT_MEMORY_MIB = 1024;
    /** The dom0 probe's socket in dom0 (init starts it; the agent relays to it). */
    public static final String PROBE_SOCKET_IN_DOM0 = "/run/xenguest/probe.sock";
    /** From QEMU's start to dom0's agent answering: 10 s measured, far more on a loaded machine. */
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    /** Where {@link #create} puts a guest's kernel and cfg in dom0. */
    static final String GUESTS_IN_DOM0 = "/var/lib/xenguest/guests";

    private final HostFiles files;
    private final HostState state;
    private final HostAgent agent;

    private XenHost(HostFiles files, HostState state, String secret) {
        this.files = files;
        this.state = state;
        this.agent = new HostAgent(state.agentPort(), secret);
    }

    public HostFiles files() {
        return files;
    }

    public HostState state() {
        return state;
    }

    /**
     * How to reach dom0's probe ({@code xenguest-probe}, GDB remote protocol): connect to
     * 127.0.0.1:{@code port} and send {@code preamble} first; the agent checks the secret in it
     * and relays the connection to the probe's socket. Nothing else can reach the probe.
     */
    public record ProbeEndpoint(int port, byte[] preamble) {
    }

    public ProbeEndpoint probeEndpoint() {
        return new ProbeEndpoint(state.agentPort(), agent.relayPreamble(PROBE_SOCKET_IN_DOM0));
    }

    /** The host of these files whose QEMU still runs, if any (its dom0 may still be booting). */
    public static Optional<XenHost> running(HostFiles files) {
        Optional<HostState> state = HostState.read(files.stateFile());
        if (state.isEmpty() || !qemuAlive(state.get().qemuPid())) {
            return Optional.empty();
        }
        try {
            String secret = Files.readString(files.secretFile(), StandardCharsets.US_ASCII).strip();
            return Optional.of(new XenHost(files, state.get(), secret));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** How {@link #start} ended: the host, whether it was already running, and how long it took. */
    public record Started(XenHost host, boolean alreadyRunning, Duration took, Duration boot) {
    }

    /**
     * Fetches what is missing into the cache, builds dom0's initramfs, boots the host and returns
     * once dom0's agent answers (xenstored, xenconsoled and xenbr0 are up by then). A host of
     * these files that already runs is returned as it is.
     *
     * @param progress one line per phase (fetch, initramfs, boot)
     */
    public static Started start(HostFiles files, int memoryMiB, Consumer<String> progress) throws HostException, IOException {
        long begin = System.nanoTime();
        Optional<XenHost> existing = running(files);
        if (existing.isPresent()) {
            existing.get().awaitReady(Duration.ofSeconds(60));
            return new Started(existing.get(), true, Duration.ofNanos(System.nanoTime() - begin), Duration.ZERO);
        }
        Path qemu = Qemu.find().orElseThrow(() -> HostException.missing(
                "QEMU is not installed (qemu-system-x86_64); run: sudo apt-get install -y qemu-system-x86"));
        HostPreparation.Prepared prepared = HostPreparation.prepare(files, progress);
        files.createState();
        String secret = newSecret();
        Path secretFile = files.secretFile();
        Files.deleteIfExists(secretFile);
        Files.writeString(Files.createFile(secretFile, OwnerOnly.FILE), secret + "\n", StandardCharsets.US_ASCII);
        Initramfs.withSecret(prepared.initramfs(), prepared.busybox(), secret, files.initramfs());
        for (Path old : List.of(files.consoleLog(), files.qemuLog(), files.qemuPidFile(), files.consoleSocket())) {
            Files.deleteIfExists(old);
        }
        int agentPort = Qemu.freeLoopbackPort();
        progress.accept("host: boot: Xen 4.17 and a Linux dom0 in QEMU (TCG), " + memoryMiB + " MiB; console "
                + files.consoleLog());
        long bootStart = System.nanoTime();
        long pid = Qemu.startDetached(qemu, prepared, files, memoryMiB, agentPort);
        HostState state = new HostState(pid, agentPort, System.currentTimeMillis());
        state.write(files.stateFile());
        XenHost host = new XenHost(files, state, secret);
        try {
            host.awaitReady(BOOT_TIMEOUT);
        } catch (HostException e) {
            host.stop();
            throw e;
        }
        long end = System.nanoTime();
        return new Started(host, false, Duration.ofNanos(end - begin), Duration.ofNanos(end - bootStart));
    }

    private void awaitReady(Duration timeout) throws HostException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "";
        while (System.nanoTime() < deadline) {
            if (!qemuAlive(state.qemuPid())) {
                throw HostException.failed("QEMU ended while the host booted (see " + files.qemuLog() + ")", consoleTail(20));
            }
            List<String> tail = consoleTail(200);
            for (String line : tail) {
                if (line.contains("xenguest-dom0: FAILED") || line.contains("Kernel panic")
                        || line.contains("Panic on CPU")) {
                    throw HostException.failed("dom0 did not come up: " + line.strip(), consoleTail(20));
                }
            }
            try {
                // Short: QEMU accepts the connection before dom0 listens, and holds it until dom0 answers.
                if (agent.run(Duration.ofSeconds(1), "true").ok()) {
                    return;
                }
            } catch (IOException e) {
                lastError = e.getMessage();
            }
            sleep(250);
        }
        throw HostException.failed("dom0 was not ready after " + timeout.toSeconds() + " s (" + lastError + ")",
                consoleTail(20));
    }

    /** The last lines of Xen's and dom0's serial console. */
    public List<String> consoleTail(int lines) {
        try {
            List<String> all = Files.readAllLines(files.consoleLog(), StandardCharsets.ISO_8859_1);
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Runs a command in dom0 as root. */
    public HostAgent.Result exec(Duration timeout, byte[] stdin, String... argv) throws IOException {
        return agent.run(timeout, stdin, argv);
    }

    public HostAgent.Result exec(String... argv) throws IOException {
        return agent.run(COMMAND_TIMEOUT, argv);
    }

    /** Runs a command in dom0, its output copied as it comes; timeout null: as long as it runs. */
    public int stream(List<String> argv, OutputStream out, OutputStream err, Duration timeout) throws IOException {
        return agent.stream(argv, new byte[0], out, err, timeout);
    }

    /** {@code xl ARGS} in dom0. */
    public HostAgent.Result xl(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("xl"));
        argv.addAll(List.of(args));
        return exec(argv.toArray(String[]::new));
    }

    /** A domain {@link #create} started. */
    public record Domain(int domid, String name) {
    }

    private static final Pattern KERNEL_LINE = Pattern.compile("(?m)^\\s*kernel\\s*=\\s*\"([^\"]*)\"\\s*$");
    private static final Pattern NAME_LINE = Pattern.compile("(?m)^\\s*name\\s*=\\s*\"([^\"]*)\"\\s*$");

    /**
     * Copies the kernel and the cfg (its {@code kernel=} line pointed at the copy) into dom0 and
     * {@code xl create}s it.
     *
     * @param kernel the kernel, or null for the cfg's {@code kernel=} file, relative to the cfg's folder
     * @throws HostException when xl refuses it (the message is xl's)
     */
    public Domain create(Path cfg, Path kernel) throws HostException, IOException {
        String text = Files.readString(cfg, StandardCharsets.UTF_8);
        Matcher name = NAME_LINE.matcher(text);
        if (!name.find()) {
            throw HostException.failed(cfg + ": no name=\"...\" line; xl needs the domain's name");
        }
        Matcher kernelLine = KERNEL_LINE.matcher(text);
        if (kernel == null) {
            if (!kernelLine.find()) {
                throw HostException.failed(cfg + ": no kernel=\"...\" line; give the kernel with --kernel FILE");
            }
            Path folder = cfg.toAbsolutePath().getParent();
            kernel = folder.resolve(kernelLine.group(1));
            kernelLine.reset();
        }
        byte[] kernelBytes = Files.readAllBytes(kernel);
        String dir = GUESTS_IN_DOM0 + "/" + name.group(1).replaceAll("[^A-Za-z0-9._-]", "_");
        String kernelInDom0 = dir + "/kernel";
        String cfgText = kernelLine.find() ? kernelLine.replaceFirst(Matcher.quoteReplacement("kernel = \"" + kernelInDom0 + "\""))
                : text + "\nkernel = \"" + kernelInDom0 + "\"\n";
        copyIn(kernelBytes, kernelInDom0);
        copyIn(cfgText.getBytes(StandardCharsets.UTF_8), dir + "/domain.cfg");
        HostAgent.Result created = xl("create", dir + "/domain.cfg");
        if (!created.ok()) {
            throw HostException.failed(xlMessage(created));
        }
        HostAgent.Result domid = xl("domid", name.group(1));
        if (!domid.ok()) {
            throw HostException.failed("xl created " + name.group(1) + " but does not know its domid: " + xlMessage(domid));
        }
        return new Domain(Integer.parseInt(domid.stdout().strip()), name.group(1));
    }

    private static String xlMessage(HostAgent.Result result) {
        String text = (result.stderr() + result.stdout()).strip();
        return text.isEmpty() ? "xl exited with " + result.exitCode() : text;
    }

    /** Writes bytes to a file in dom0 (its folder made). */
    public void copyIn(byte[] bytes, String pathInDom0) throws IOException {
        HostAgent.Result r = agent.run(COMMAND_TIMEOUT, bytes, "sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh",
                pathInDom0);
        if (!r.ok()) {
            throw new IOException("cannot write " + pathInDom0 + " in dom0: " + r.stderr().strip());
        }
    }

    /** What {@link #dumpCore} wrote: dom0's dumper's line, and how long dumping and copying took. */
    public record DumpedCore(Path file, String summary, Duration dumping, Duration copying) {
    }

    /**
     * A core of domain {@code domid} written in dom0 by {@code xenguest-dump-core} (xl dump-core's
     * format, the populated frames only, read-only and without pausing the domain), copied to
     * {@code file} (written atomically) and removed from dom0.
     *
     * @throws HostException when the dumper refuses (no such domain, a PV domain); its message
     */
    public DumpedCore dumpCore(int domid, Path file) throws HostException, IOException {
        String inDom0 = "/run/xenguest/core-" + domid + ".core";
        long t0 = System.nanoTime();
        HostAgent.Result dumped = agent.run(Duration.ofMinutes(10), new byte[0], "sh", "-c",
                "mkdir -p /run/xenguest && exec xenguest-dump-core \"$1\" \"$2\"", "sh", Integer.toString(domid), inDom0);
        long t1 = System.nanoTime();
        if (!dumped.ok()) {
            exec("rm", "-f", inDom0, inDom0 + ".tmp");
            throw HostException.failed((dumped.stderr() + dumped.stdout()).strip());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = stream(List.of("cat", inDom0), out, err, Duration.ofMinutes(10));
            if (rc != 0) {
                throw new IOException("cannot copy " + inDom0 + " out of dom0: " + err.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            exec("rm", "-f", inDom0);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new DumpedCore(file, dumped.stdout().strip().replace(inDom0, file.toString()), Duration.ofNanos(t1 - t0),
                Duration.ofNanos(System.nanoTime() - t1));
    }

    /** The domid of a domain by name, or empty when there is none. */
    public Optional<Integer> domid(String name) throws IOException {
        HostAgent.Result r = xl("domid", name);
        return r.ok() ? Optional.of(Integer.parseInt(r.stdout().strip())) : Optional.empty();
    }

    /** dom0's uptime in seconds. */
    public double uptimeSeconds() throws IOException {
        HostAgent.Result r = exec("cat", "/proc/uptime");
        return Double.parseDouble(r.stdout().strip().split("\\s+")[0]);
    }

    /** Destroys every domain, ends QEMU and removes the state file: no process of this host stays. */
    public void stop() {
        try {
            agent.run(Duration.ofSeconds(30), "sh", "-c",
                    "for d in $(xl list | awk 'NR>2 {print $2}'); do xl destroy $d; done");
        } catch (IOException e) {
            // dom0 is gone or hung: QEMU goes anyway
        }
        ProcessHandle.of(state.qemuPid()).ifPresent(qemu -> {
            qemu.destroy();
            try {
                qemu.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                qemu.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(files.stateFile());
        } catch (IOException e) {
            // the next start sees QEMU gone and starts afresh
        }
    }

    private static boolean qemuAlive(long pid) {
        return ProcessHandle.of(pid).map(p -> p.isAlive() && p.info().command().map(c -> c.contains("qemu")).orElse(true))
                .orElse(false);
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Moves a file over another atomically (for the per-start initramfs). */
    static void replace(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
