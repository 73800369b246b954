package org.xenguest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.xenguest.testbed.refguest.RefguestBuild;
import org.xenguest.testbed.refguest.RefguestCounters;
import org.xenguest.testbed.refguest.RefguestSources;
import org.xenguest.testbed.refguest.XenInQemu;
import org.xenguest.testbed.refguest.RefguestDomu;
import org.xenguest.testbed.host.HostException;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.debug.core.findings.Finding;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.guest.ManifestSource;
import org.xenguest.debug.core.guest.SharedInfoLocator;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.probe.ProbeSource;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.snapshot.GuestNotReadyException;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.PortState;
import org.xenguest.debug.core.snapshot.Snapshot;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import net.fornwall.jelf.ElfFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenguest demo}: the reference guest, generated from examples/refguest.xenguest, booted as
 * the PVH dom0 of a real Xen 4.17 in QEMU, watched live through its debug stub from the first
 * instant of its boot. Output format (--json): docs/demo.md.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Boot the reference guest on a real Xen 4.17 in QEMU (TCG, no KVM needed) and watch it live:",
            "its event-channel ports as they are bound, the bits of shared_info, its event counters and the",
            "findings, read through the guest's own debug stub on COM2 from the first instant of boot.",
            "Fetches Debian's xen-hypervisor-4.17-amd64 and qemu-system-x86 when missing (into",
            "~/.cache/xenguest; QEMU with apt-get as root). QEMU is always stopped on exit, Ctrl-C included.",
            "Exit 0 when the demo ran, 1 when the guest could not be built, booted or attached,",
            "2 for usage errors, 3 when something it needs cannot be had (the message says how to get it)." })
final class DemoCommand implements Callable<Integer> {
    static final int EXIT_MISSING = 3;
    private static final String PREFIX = "xenguest demo: ";
    /** The reference guest's counters, read with every snapshot (region extra:refguest_counters). */
    private static final String COUNTERS_REGION = "refguest_counters";
    /** How long the guest holds its boot (shared_info mapped, no port bound) for the debugger. */
    private static final int DEBUG_WAIT_MS = 20_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "generated",
            description = "generated (the code xenguest generates; default) or lost-wakeup (the motivating guest's"
                    + " bugs: the mask tested instead of the pending bit on unmask, check-then-hlt: it hangs).")
    private String variant;

    @Option(names = "--for", paramLabel = "SECONDS", defaultValue = "60",
            description = "Stop QEMU after this many seconds (default 60), or when the guest ends its run.")
    private double seconds;

    @Option(names = "--json", description = "One JSON object a line: status, console, snapshot, finding, summary"
            + " (docs/demo.md).")
    private boolean json;

    @Option(names = "--hz", paramLabel = "N", defaultValue = "10",
            description = "Snapshots per second to ask for (0.5..100, default 10); the serial line sets the limit.")
    private double hz;

    @Option(names = "--cc", paramLabel = "COMPILER", defaultValue = "gcc", description = "gcc (default) or clang.")
    private String cc;

    @Option(names = "--guest-arg", paramLabel = "WORD",
            description = "A word for the guest's command line: events=N (stop after N events), exit=reboot (end"
                    + " the run when done), seed=N, debug-wait=MS (hold the boot until the debugger looks; the"
                    + " demo passes debug-wait=20000, 0 turns it off). Repeatable.")
    private List<String> guestArgs = new ArrayList<>();

    @Option(names = "--serve", paramLabel = "PORT",
            description = "Do not watch: leave the guest's debug stub on 127.0.0.1:PORT to another debugger (the"
                    + " Studio's \"Xen Guest (live)\" launch) and say where the generated manifest is.")
    private Integer serve;

    @Option(names = "--host",
            description = "Run the guest as a PVH domU of the Xen host (xenguest host; started if none runs, and then"
                    + " stopped at the end) beside the real xenstored and netback, built from"
                    + " examples/refguest-domu.xenguest, and watch it through the dom0 probe: no stub, no UART.")
    private boolean onHost;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Build and log here (kept); default: a temporary folder, removed afterwards.")
    private Path work;

    private PrintWriter out;
    private PrintWriter err;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    private long qemuStart;
    private int portsInModel;

    @Override
    public Integer call() {
        Logging.quietLibraries();
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (!variant.equals("generated") && !variant.equals("lost-wakeup")) {
            return usage("--variant must be generated or lost-wakeup, was '" + variant + "'");
        }
        if (!(seconds > 0 && seconds <= 86_400)) {
            return usage("--for must be 0 < SECONDS <= 86400, was " + seconds);
        }
        if (!(hz >= 0.5 && hz <= 100)) {
            return usage("--hz must be 0.5..100, was " + hz);
        }
        if (!cc.equals("gcc") && !cc.equals("clang")) {
            return usage("--cc must be gcc or clang, was '" + cc + "'");
        }
        if (onHost && serve != null) {
            return usage("--serve is for the guest as dom0 (its stub); with --host the Studio attaches through the probe");
        }
        if (serve != null && (serve < 1024 || serve > 65535)) {
            return usage("--serve takes a port 1024..65535, was " + serve);
        }
        for (String word : guestArgs) {
            if (!word.matches("[a-z][a-z0-9_-]*=[A-Za-z0-9_.-]+")) {
                return usage("--guest-arg takes KEY=VALUE words (e.g. events=100000), was '" + word + "'");
            }
        }
        Path dir = work;
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("xenguest-demo");
            }
            return onHost ? runOnHost(dir) : run(dir);
        } catch (IOException e) {
            err.println(PREFIX + e.getMessage());
            return Main.EXIT_FAILED;
        } catch (RefguestBuild.Missing e) {
            err.println(PREFIX + e.getMessage());
            return EXIT_MISSING;
        } finally {
            if (work == null && dir != null) {
                deleteTree(dir);
            }
        }
    }

    private int usage(String message) {
        err.println(PREFIX + message);
        err.println(spec.commandLine().getUsageMessage());
        return Main.EXIT_USAGE;
    }

    private int run(Path dir) throws IOException, RefguestBuild.Missing {
        Path sources = dir.resolve("refguest");
        Path model = RefguestSources.extract(sources);
        status("preparing: Xen 4.17, its headers and QEMU");
        RefguestBuild.Tools tools = RefguestBuild.fetch(sources, err);
        Path generated = dir.resolve("generated");
        java.io.StringWriter generateOut = new java.io.StringWriter();
        java.io.StringWriter generateErr = new java.io.StringWriter();
        int generatedExit = Main.run(new PrintWriter(generateOut), new PrintWriter(generateErr), "generate",
                model.toString(), "-o", generated.toString());
        if (generatedExit != Main.EXIT_OK) {
            throw new IOException("generating the reference guest's code failed:\n" + generateErr);
        }
        status("building the reference guest (" + variant + ", " + cc + ") from the code generated from "
                + "examples/refguest.xenguest");
        Path kernel = RefguestBuild.make(sources, generated, variant, cc, tools);
        GuestManifest manifest = GuestManifest.read(generated.resolve("manifest/refguest.json"));
        portsInModel = manifest.ports().size();
        long countersAddress = symbol(kernel, RefguestCounters.SYMBOL);

        int port = serve != null ? serve : XenInQemu.freeLoopbackPort();
        Path console = dir.resolve("console.log");
        Files.deleteIfExists(console);
        Files.createFile(console);
        status("booting Xen 4.17 with the guest as its PVH dom0; its debug stub on 127.0.0.1:" + port);
        List<String> words = new ArrayList<>(guestArgs);
        if (words.stream().noneMatch(w -> w.startsWith("debug-wait="))) {
            words.add("debug-wait=" + DEBUG_WAIT_MS); // the guest holds its boot until we look
        }
        try (XenInQemu qemu = XenInQemu.start(tools.qemu(), tools.xenImage(), kernel, String.join(" ", words),
                console, port, dir.resolve("qemu.err"))) {
            qemuStart = qemu.startNanos();
            if (serve != null) {
                return serveOnly(qemu, port, generated.resolve("manifest/refguest.json"), kernel, console);
            }
            return watch(qemu, new HostPort("127.0.0.1", port), manifest, countersAddress, console, dir);
        }
    }

    /**
     * --host: the guest as a PVH domU of the Xen host, watched through the dom0 probe; its
     * counters are read from its memory like any other guest-physical bytes.
     */
    private int runOnHost(Path dir) throws IOException, RefguestBuild.Missing {
        Path sources = dir.resolve("refguest");
        Path model = RefguestSources.extractDomu(sources);
        if (!Files.isDirectory(Path.of("/usr/include/xen"))) {
            throw new RefguestBuild.Missing("Xen's public headers are missing; run: sudo apt-get install -y libxen-dev");
        }
        status("starting the Xen host (as xenguest host start)");
        XenHost.Started started;
        try {
            started = XenHost.start(HostFiles.fromEnvironment(), XenHost.DEFAULT_MEMORY_MIB,
                    line -> status(line.replaceFirst("^host: ", "")));
        } catch (HostException e) {
            if (e.missing()) {
                throw new RefguestBuild.Missing(e.getMessage());
            }
            throw new IOException("the Xen host did not start: " + e.getMessage()
                    + (e.consoleTail().isEmpty() ? "" : "\n  " + String.join("\n  ", e.consoleTail())));
        }
        XenHost host = started.host();
        try {
            Path generated = dir.resolve("generated");
            java.io.StringWriter generateErr = new java.io.StringWriter();
            if (Main.run(new PrintWriter(new java.io.StringWriter()), new PrintWriter(generateErr), "generate",
                    model.toString(), "-o", generated.toString()) != Main.EXIT_OK) {
                throw new IOException("generating the reference guest's code failed:\n" + generateErr);
            }
            status("building the reference guest (" + variant + ", " + cc + ") as a PVH domU from the code generated"
                    + " from examples/" + RefguestSources.DOMU_MODEL);
            Path kernel = RefguestBuild.make(sources, generated, variant, cc,
                    new RefguestBuild.Tools(null, Path.of("/usr/include"), null));
            long countersAddress = symbol(kernel, RefguestCounters.SYMBOL);
            qemuStart = System.nanoTime();   // times are from the domain's creation here
            XenHost.Domain domain;
            try {
                domain = host.create(generated.resolve("xl/refguest.cfg"), kernel);
            } catch (HostException e) {
                throw new IOException("xl create refused the guest: " + e.getMessage());
            }
            status("the guest is domain " + domain.domid() + " of the host; watching it through the dom0 probe");
            XenHost.ProbeEndpoint endpoint = host.probeEndpoint();
            RspOptions options = RspOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))
                    .withReplyTimeout(Duration.ofSeconds(5));
            ProbeClient client = ProbeClient.open(new HostPort("127.0.0.1", endpoint.port()), options, endpoint.preamble());
            HostWatch watch = new HostWatch(RefguestDomu.of(host, domain.domid()), client, countersAddress);
            try (Session session = new Session(ProbeSource.attach(client, domain.domid(), null), RuleThresholds.defaults())) {
                watch.session = session;
                session.run(Duration.ofNanos((long) (1e9 / hz)), qemuStart + (long) (seconds * 1e9), watch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watch.keepGoing();   // the console's last lines
            status(watch.snapshots + " snapshots through the probe" + (watch.lastCounters == null ? ""
                    : "; the guest handled " + watch.lastCounters.handled() + " events, lost " + watch.lastCounters.lost()
                            + ", doubled " + watch.lastCounters.doubled()));
            return watch.snapshots == 0 ? Main.EXIT_FAILED : Main.EXIT_OK;
        } finally {
            if (started.alreadyRunning()) {
                host.xl("destroy", RefguestDomu.NAME);
            } else {
                status("stopping the Xen host");
                host.stop();
            }
        }
    }

    /** The demo's session on the host: the guest's PV console, its counters, the snapshots, the findings. */
    private final class HostWatch implements Session.Listener {
        private final RefguestDomu guest;
        private final ProbeClient client;
        private final long countersAddress;
        private final Set<String> findingsShown = new HashSet<>();
        private int consoleLength;
        private String lastLine;
        private String waiting;
        Session session;
        long snapshots;
        RefguestCounters lastCounters;

        HostWatch(RefguestDomu guest, ProbeClient client, long countersAddress) {
            this.guest = guest;
            this.client = client;
            this.countersAddress = countersAddress;
        }

        @Override
        public boolean keepGoing() {
            try {
                String text = guest.console();
                if (text.length() > consoleLength) {
                    text.substring(Math.min(consoleLength, text.length())).lines().forEach(DemoCommand.this::console);
                    consoleLength = text.length();
                }
            } catch (IOException e) {
                status("cannot read the guest's console: " + e.getMessage());
            }
            return true;
        }

        @Override
        public void onUpdate(Session.Update update) {
            snapshots++;
            try {
                lastCounters = RefguestCounters.decode(client.readMemory(countersAddress, RefguestCounters.SIZE));
            } catch (IOException | RuntimeException e) {
                status("cannot read the guest's counters: " + e.getMessage());
                return;
            }
            lastLine = snapshot(update, lastCounters, lastLine);
            for (Finding f : update.findings()) {
                if (findingsShown.add(f.code() + " " + f.ports() + " " + f.structures())) {
                    finding(f);
                }
            }
            waiting = null;
            if (lastCounters.phase() > RefguestCounters.WORKLOAD) {
                status("the guest ended its run (" + lastCounters.phaseName() + ")");
                session.stop(Duration.ZERO);
            }
        }

        @Override
        public void onFailure(IOException e, int consecutiveFailures) {
            if (!e.getMessage().equals(waiting)) {
                status(e.getMessage());
                waiting = e.getMessage();
            }
        }
    }

    /** --serve: the stub is left to another debugger; show the console until the end. */
    private int serveOnly(XenInQemu qemu, int port, Path manifestFile, Path kernel, Path console) throws IOException {
        status("serving: debug stub 127.0.0.1:" + port + ", manifest " + manifestFile + ", kernel " + kernel);
        long end = qemuStart + (long) (seconds * 1e9);
        ConsoleTail tail = new ConsoleTail(console);
        try {
            while (System.nanoTime() < end && qemu.isAlive()) {
                for (String line : tail.newLines()) {
                    console(line);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String line : tail.newLines()) {
            console(line);
        }
        status(qemu.isAlive() ? "stopping QEMU" : "QEMU exited (" + qemu.exitCode() + ")");
        return Main.EXIT_OK;
    }

    private static long symbol(Path elf, String name) throws IOException {
        try {
            return SharedInfoLocator.symbol(ElfFile.from(elf.toFile()), name)
                    .orElseThrow(() -> new IOException(elf + " has no symbol " + name)).st_value;
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("cannot read " + elf + ": " + e.getMessage(), e);
        }
    }

    /** Attaches (retrying until the stub answers), then polls until --for ends or QEMU exits. */
    private int watch(XenInQemu qemu, HostPort stub, GuestManifest manifest, long countersAddress, Path console,
            Path dir) throws IOException {
        long end = qemuStart + (long) (seconds * 1e9);
        RspOptions options = RspOptions.defaults().withConnectTimeout(Duration.ofSeconds(1))
                .withReplyTimeout(Duration.ofSeconds(2)).withMaxRetries(1);
        RspClient client = new RspClient(stub, options); // connects, and reconnects, on the session's reads
        RspGuestMemory memory = new RspGuestMemory(client);
        ManifestSource descriptors = new ManifestSource(manifest, client);
        DemoWatch watch = new DemoWatch(qemu, descriptors, new ConsoleTail(console));
        LiveSource source = LiveSource.describedBy(memory, descriptors);
        // the counters come with each snapshot: one exchange with the stub for both
        source.reader().alsoRead(COUNTERS_REGION, countersAddress, RefguestCounters.SIZE);
        try (Session session = new Session(source, RuleThresholds.defaults())) {
            watch.session = session;
            session.run(Duration.ofNanos((long) (1e9 / hz)), end, watch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Thread.sleep(300); // the guest's last lines reach the console file just after its counters
            for (String line : watch.tail.newLines()) {
                console(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        summary(watch.firstSnapshot, watch.firstPhase, watch.snapshots, watch.lastCounters, watch.workloadStartNanos,
                watch.workloadStartEvents, dir);
        if (watch.snapshots == 0) {
            err.println(PREFIX + "no snapshot: the guest's stub never answered; Xen's and the guest's console: "
                    + (work != null ? console : "run again with --work DIR to keep it"));
            return Main.EXIT_FAILED;
        }
        return watch.guestFailed && variant.equals("generated") ? Main.EXIT_FAILED : Main.EXIT_OK;
    }

    /** What the demo does at each step of its session: the console, the counters, the findings. */
    private final class DemoWatch implements Session.Listener {
        private final XenInQemu qemu;
        private final ManifestSource descriptors;
        final ConsoleTail tail;
        private final Set<String> findingsShown = new HashSet<>();
        Session session;
        long snapshots;
        Long firstSnapshot;
        String firstPhase;
        RefguestCounters lastCounters;
        long workloadStartNanos;
        long workloadStartEvents;
        boolean guestFailed;
        private boolean attached;
        private String lastLine;
        private String waiting;

        DemoWatch(XenInQemu qemu, ManifestSource descriptors, ConsoleTail tail) {
            this.qemu = qemu;
            this.descriptors = descriptors;
            this.tail = tail;
        }

        @Override
        public boolean keepGoing() {
            try {
                for (String line : tail.newLines()) {
                    console(line);
                    guestFailed |= line.startsWith("refguest: FAIL") || line.contains("Panic on CPU");
                }
                if (!qemu.isAlive()) {
                    for (String line : tail.newLines()) {
                        console(line);
                    }
                    status("QEMU exited (" + qemu.exitCode() + ")");
                    return false;
                }
            } catch (IOException e) {
                status("cannot read the console: " + e.getMessage());
            }
            return true;
        }

        private void attached() {
            Long block = descriptors.blockAddress();
            if (!attached && block != null) {
                attached = true;
                status(String.format("attached to the debug stub %.2f s after QEMU started; debug info at 0x%x",
                        since(System.nanoTime()), block));
            }
        }

        @Override
        public void onUpdate(Session.Update update) {
            attached();
            RefguestCounters counters;
            try {
                counters = RefguestCounters.decode(
                        update.snapshot().region(MemoryRegion.EXTRA + COUNTERS_REGION).orElseThrow().bytes());
            } catch (RuntimeException e) {
                onFailure(new IOException(e.getMessage(), e), 1);
                return;
            }
            long now = System.nanoTime();
            snapshots++;
            if (firstSnapshot == null) {
                firstSnapshot = now;
                firstPhase = counters.phaseName();
            }
            if (counters.phase() >= RefguestCounters.WORKLOAD && workloadStartNanos == 0) {
                workloadStartNanos = now;
                workloadStartEvents = counters.handled();
            }
            lastCounters = counters;
            lastLine = snapshot(update, counters, lastLine);
            for (Finding f : update.findings()) {
                if (findingsShown.add(f.code() + " " + f.ports() + " " + f.structures())) {
                    finding(f);
                }
            }
            waiting = null;
            if (counters.phase() > RefguestCounters.WORKLOAD) {
                status("the guest ended its run (" + counters.phaseName() + ")");
                session.stop(Duration.ZERO);
            }
        }

        @Override
        public void onFailure(IOException e, int consecutiveFailures) {
            if (e instanceof GuestNotReadyException) {
                attached();
                if (!e.getMessage().equals(waiting)) {
                    status(e.getMessage());
                    waiting = e.getMessage();
                }
                return;
            }
            // not answering yet (booting), or the line broke: the next read connects again
            String message = "waiting for the guest's debug stub: " + e.getMessage();
            if (snapshots > 0 || waiting == null) {
                status(message);
            }
            waiting = message;
            attached = false;
        }
    }

    private double since(long nanos) {
        return (nanos - qemuStart) / 1e9;
    }

    private void status(String message) {
        if (json) {
            JsonObject o = event("status");
            o.addProperty("message", message);
            emit(o);
        } else {
            err.println(PREFIX + message);
            err.flush();
        }
    }

    private void console(String line) {
        if (json) {
            JsonObject o = event("console");
            o.addProperty("line", line);
            emit(o);
        } else {
            out.println("  | " + line);
            out.flush();
        }
    }

    /** Prints the snapshot when its one-line form changed; returns that line. */
    private String snapshot(Session.Update update, RefguestCounters counters, String previous) {
        Snapshot s = update.snapshot();
        GuestDescriptor d = s.descriptor();
        List<String> ports = new ArrayList<>();
        for (GuestDescriptor.Port p : d.ports()) {
            ports.add(p.name() + "=" + p.port() + s.port(p.port()).flags());
        }
        String vcpu = "vcpu0 upcall " + s.vcpu(0).evtchnUpcallPending() + "/" + s.vcpu(0).evtchnUpcallMask() + " sel 0x"
                + Long.toHexString(s.vcpu(0).evtchnPendingSel());
        if (json) {
            JsonObject o = event("snapshot");
            o.addProperty("sequence", s.sequence());
            o.addProperty("phase", counters.phaseName());
            o.addProperty("ports_bound", d.ports().size());
            o.addProperty("ports_in_model", portsInModel);
            JsonArray bound = new JsonArray();
            for (GuestDescriptor.Port p : d.ports()) {
                PortState state = s.port(p.port());
                JsonObject port = new JsonObject();
                port.addProperty("name", p.name());
                port.addProperty("port", p.port());
                port.addProperty("kind", p.kind());
                port.addProperty("pending", state.pending());
                port.addProperty("masked", state.masked());
                port.addProperty("selector", state.selector());
                bound.add(port);
            }
            o.add("ports", bound);
            JsonObject v = new JsonObject();
            v.addProperty("upcall_pending", s.vcpu(0).evtchnUpcallPending());
            v.addProperty("upcall_mask", s.vcpu(0).evtchnUpcallMask());
            v.addProperty("pending_sel", "0x" + Long.toHexString(s.vcpu(0).evtchnPendingSel()));
            o.add("vcpu0", v);
            o.add("counters", gson.toJsonTree(counters));
            emit(o);
            return null;
        }
        String line = counters.phaseName() + ": " + (ports.isEmpty() ? "no port bound yet" : String.join(" ", ports))
                + "; " + vcpu;
        String counts = String.format("; sent %d handled %d doubled %d", counters.sent(), counters.handled(),
                counters.doubled());
        if (!line.equals(previous)) {
            out.printf("%7.2fs %s%s%n", since(System.nanoTime()), line, counts);
            out.flush();
        }
        return line;
    }

    private void finding(Finding f) {
        if (json) {
            JsonObject o = event("finding");
            o.addProperty("code", f.code().name());
            o.addProperty("severity", f.severity().name());
            o.add("ports", gson.toJsonTree(f.ports()));
            o.addProperty("message", f.message());
            o.addProperty("explanation", f.explanation());
            o.addProperty("fix", f.fix());
            emit(o);
        } else {
            out.printf("%7.2fs %s %s: %s%n          %s%n          Fix: %s%n", since(System.nanoTime()), f.severity(),
                    f.code(), f.message(), f.explanation(), f.fix());
            out.flush();
        }
    }

    private void summary(Long firstSnapshot, String firstPhase, long snapshots, RefguestCounters counters,
            long workloadStart, long workloadEvents, Path dir) {
        long now = System.nanoTime();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("variant", variant);
        s.put("qemu_to_first_snapshot_s", firstSnapshot == null ? null : round(since(firstSnapshot)));
        s.put("first_snapshot_phase", firstPhase);
        s.put("snapshots", snapshots);
        double watched = firstSnapshot == null ? 0 : (now - firstSnapshot) / 1e9;
        s.put("snapshots_per_s", watched > 0 ? round(snapshots / watched) : null);
        s.put("guest_events_per_s", counters != null && workloadStart != 0 && now > workloadStart
                ? round((counters.handled() - workloadEvents) / ((now - workloadStart) / 1e9)) : null);
        s.put("counters", counters);
        if (json) {
            JsonObject o = event("summary");
            for (Map.Entry<String, Object> e : s.entrySet()) {
                o.add(e.getKey(), gson.toJsonTree(e.getValue()));
            }
            emit(o);
        } else {
            err.println(PREFIX + "summary: " + gson.toJson(s));
        }
    }

    private static Double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private JsonObject event(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        o.addProperty("t", round(since(System.nanoTime())));
        return o;
    }

    private void emit(JsonObject o) {
        out.println(gson.toJson(o));
        out.flush();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** New whole lines of the console log (Xen's and the guest's), guest lines and Xen's alarms only. */
    private static final class ConsoleTail {
        private final Path file;
        private long position;
        private final StringBuilder partial = new StringBuilder();

        ConsoleTail(Path file) {
            this.file = file;
        }

        List<String> newLines() throws IOException {
            List<String> lines = new ArrayList<>();
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                if (f.length() <= position) {
                    return lines;
                }
                byte[] bytes = new byte[(int) Math.min(1 << 20, f.length() - position)];
                f.seek(position);
                f.readFully(bytes);
                position += bytes.length;
                partial.append(new String(bytes, StandardCharsets.ISO_8859_1));
            }
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, nl).replace("\r", "");
                partial.delete(0, nl + 1);
                if (line.startsWith("refguest") || line.contains("Panic") || line.contains("(XEN) ***")) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
