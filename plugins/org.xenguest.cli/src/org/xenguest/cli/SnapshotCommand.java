package org.xenguest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.xenguest.abi.DebugInfoContract;
import org.xenguest.abi.SharedInfoLayout;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.format.SnapshotJson;
import org.xenguest.debug.core.format.SnapshotText;
import org.xenguest.debug.core.guest.DebugInfoBlock;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.guest.GuestDescriptorJson;
import org.xenguest.debug.core.guest.GuestManifest;
import org.xenguest.debug.core.guest.SharedInfoLocator;
import org.xenguest.debug.core.memory.Addresses;
import org.xenguest.debug.core.memory.ElfCoreMemory;
import org.xenguest.debug.core.memory.GuestMemory;
import org.xenguest.debug.core.memory.RawDumpMemory;
import org.xenguest.debug.core.memory.RspGuestMemory;
import org.xenguest.debug.core.memory.XenCoreMemory;
import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.probe.ProbeSource;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspClient;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.session.CoreSource;
import org.xenguest.debug.core.session.LiveSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.debug.core.snapshot.DescriptorSource;
import org.xenguest.debug.core.xen.XenDomain;

import org.xenguest.dsl.check.ModelChecker;
import org.xenguest.dsl.check.ModelDiagnostic;
import org.xenguest.dsl.generator.GuestGenerator;
import org.xenguest.dsl.xenguest.Guest;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;

import com.google.gson.GsonBuilder;

import net.fornwall.jelf.ElfFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code xenguest snapshot}: one look at a guest's event channels (shared_info), vCPUs and the
 * structures its descriptor locates, with the findings. Exit codes: 0 done, 1 target
 * unreachable or protocol failure, 2 usage.
 */
@Command(name = "snapshot",
        mixinStandardHelpOptions = true,
        description = {"Read a guest's shared_info (event channel bitmaps, vCPU upcall state) over the GDB remote"
                + " protocol, or from a dump, and print each pending or masked port as Xen's 'e' key shows it"
                + " ([p/m/s] = pending/masked/selector), the vCPUs and the findings.",
                "With --observe the guest is watched for that long first, so the findings can judge what"
                        + " persists; without it every pattern present in the one snapshot is reported."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:target unreachable or protocol failure (the reason is printed)",
                "2:usage error (bad option, unreadable file)"})
public final class SnapshotCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private Target target;

    @Option(names = "--json", description = "Print one JSON object (format: docs/snapshot-json.md).")
    private boolean json;

    @Option(names = "--observe", paramLabel = "MILLIS", defaultValue = "0",
            description = "Watch this long before reporting, so the rules use their persistence thresholds"
                    + " (default 0: one snapshot, every pattern present is reported).")
    private long observeMillis;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (observeMillis < 0) {
            return Target.usage(err, spec, "--observe must not be negative, was " + observeMillis);
        }
        Session session;
        try {
            session = target.open(spec, observeMillis > 0);
        } catch (Target.Failure failure) {
            return failure.report(err, spec);
        }
        try (session) {
            session.step();
            if (observeMillis > 0) {
                // the first failed read ends the observation: one look at a guest is not retried
                IOException[] failed = new IOException[1];
                session.run(Duration.ofMillis(50), System.nanoTime() + Duration.ofMillis(observeMillis).toNanos(),
                        new Session.Listener() {
                            @Override
                            public void onUpdate(Session.Update update) {
                            }

                            @Override
                            public void onFailure(IOException failure, int consecutiveFailures) {
                                failed[0] = failure;
                                session.stop(Duration.ZERO);
                            }
                        });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            Session.Update update = session.latest();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
                        .toJson(SnapshotJson.toJson(update.snapshot(), update.findings(), null)));
            } else {
                out.print(SnapshotText.render(update.snapshot(), update.findings(), null, false));
            }
            out.flush();
            return Main.EXIT_OK;
        } catch (IOException e) {
            return Target.failed(err, spec, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Target.failed(err, spec, new IOException("interrupted"));
        } catch (RuntimeException e) {
            return Target.failed(err, spec, new IOException("the data read does not decode: " + e.getMessage(), e));
        }
    }

    /**
     * The options {@code snapshot} and {@code watch} share: where the guest's memory comes from,
     * where shared_info is, the guest descriptor, and the rule thresholds.
     */
    public static final class Target {

        @Option(names = "--gdb", paramLabel = "HOST:PORT",
                description = "GDB remote stub to read from (QEMU -gdb, gdbsx, the guest's own stub).")
        String gdb;

        @Option(names = "--probe", paramLabel = "HOST:PORT",
                description = "The dom0 probe (xenguest-probe --listen HOST:PORT) of a Xen host: reads any PVH/HVM domU"
                        + " without the guest's help, with Xen's own view of its ports and vCPUs. Give --domain.")
        String probe;

        @Option(names = "--host",
                description = "The dom0 probe of the running `xenguest host` (reached through its agent, with its"
                        + " secret). Give --domain.")
        boolean host;

        @Option(names = "--domain", paramLabel = "NAME|ID",
                description = "With --probe or --host: the domain to read, by name or domid (xl list).")
        String domain;

        @Option(names = "--all-domains",
                description = "watch only, with --probe or --host: every PVH/HVM domain of the host at once, one"
                        + " session each.")
        boolean allDomains;

        @Option(names = "--core", paramLabel = "FILE",
                description = "Read from a core file instead of a live guest: one written by xl dump-core (or"
                        + " xenguest host dump-core; no other option needed, shared_info and the vCPUs' registers come from"
                        + " the core) or an ELF core of QEMU's dump-guest-memory (give --shared-info, --elf or --model).")
        Path core;

        @Option(names = "--dump", paramLabel = "FILE",
                description = "Read from a raw memory dump whose first byte is at --dump-base.")
        Path dump;

        @Option(names = "--dump-base", paramLabel = "ADDR", defaultValue = "0",
                description = "Guest address of the first byte of --dump (0x hex or decimal; default 0).")
        String dumpBase;

        @Option(names = "--shared-info", paramLabel = "ADDR",
                description = "Address of shared_info (0x hex or decimal), as the stub addresses memory.")
        String sharedInfo;

        @Option(names = "--elf", paramLabel = "FILE",
                description = "The guest's ELF image: shared_info is found from its symbols"
                        + " (HYPERVISOR_shared_info, shared_info) when --shared-info is not given.")
        Path elf;

        @Option(names = "--model", paramLabel = "FILE",
                description = "What the guest is: a JSON guest descriptor (docs/snapshot-json.md) naming ports, grant"
                        + " table, rings, xenstore page and devices; or the guest's .xenguest model (names, kinds,"
                        + " handlers, vCPUs), whose ports are numbered by the guest's debug info block, found through"
                        + " its generated stub (--gdb) or its ELF image (--elf).")
        Path model;

        @Option(names = "--vcpus", paramLabel = "N",
                description = "vCPUs to show (1..32; default: the descriptor's, else 1).")
        Integer vcpus;

        @Option(names = "--threshold", paramLabel = "KEY=VALUE",
                description = "Change a rule threshold, e.g. lost-wakeup=500ms, ring-unanswered=2s, grant-free=8."
                        + " Keys: pending-masked, lost-wakeup, upcall, grant-free, ring-unanswered, ring-event,"
                        + " xenbus, xenstore-ring.")
        Map<String, String> thresholds = new LinkedHashMap<>();

        @Option(names = "--timeout", paramLabel = "MILLIS", defaultValue = "2000",
                description = "Bound for connecting and for each reply of the stub (default 2000).")
        long timeoutMillis;

        /** Why the command cannot go on, and with which exit code. */
        static final class Failure extends Exception {
            private static final long serialVersionUID = 1L;
            final int exitCode;

            Failure(int exitCode, String message, Throwable cause) {
                super(message, cause);
                this.exitCode = exitCode;
            }

            int report(PrintWriter err, CommandSpec spec) {
                err.println("xenguest " + spec.name() + ": " + getMessage());
                err.flush();
                return exitCode;
            }
        }

        static int usage(PrintWriter err, CommandSpec spec, String message) {
            return new Failure(Main.EXIT_USAGE, message, null).report(err, spec);
        }

        static int failed(PrintWriter err, CommandSpec spec, IOException e) {
            return new Failure(Main.EXIT_FAILED, e.getMessage(), e).report(err, spec);
        }

        /**
         * Validates the options, opens the memory source, finds shared_info: a session ready to step.
         *
         * @param persistence true if the rules will see a history (watch, observe): then the
         *                    default thresholds apply, else {@link RuleThresholds#instant()}
         */
        Session open(CommandSpec spec, boolean persistence) throws Failure {
            boolean viaProbe = probe != null || host;
            int sources = (gdb != null ? 1 : 0) + (core != null ? 1 : 0) + (dump != null ? 1 : 0) + (probe != null ? 1 : 0)
                    + (host ? 1 : 0);
            if (sources != 1) {
                throw new Failure(Main.EXIT_USAGE, sources == 0
                        ? "no target: give --gdb HOST:PORT, --probe HOST:PORT --domain D, --host --domain D, --core FILE"
                                + " or --dump FILE --dump-base ADDR"
                        : "give only one of --gdb, --probe, --host, --core and --dump", null);
            }
            if (allDomains) {
                throw new Failure(Main.EXIT_USAGE, "--all-domains goes with watch", null);
            }
            if (viaProbe != (domain != null)) {
                throw new Failure(Main.EXIT_USAGE, viaProbe ? "which domain? give --domain NAME|ID (xenguest host xl list"
                        + " shows them)" : "--domain goes with --probe or --host", null);
            }
            if (timeoutMillis < 1 || timeoutMillis > 600_000) {
                throw new Failure(Main.EXIT_USAGE, "--timeout must be 1..600000 ms, was " + timeoutMillis, null);
            }
            int slots = SharedInfoLayout.XEN_LEGACY_MAX_VCPUS;
            if (vcpus != null && (vcpus < 1 || vcpus > slots)) {
                throw new Failure(Main.EXIT_USAGE, "--vcpus must be 1.." + slots + " (shared_info has " + slots
                        + " vcpu_info slots), was " + vcpus, null);
            }
            RuleThresholds ruleThresholds = persistence ? RuleThresholds.defaults() : RuleThresholds.instant();
            for (Map.Entry<String, String> entry : thresholds.entrySet()) {
                try {
                    ruleThresholds = ruleThresholds.with(entry.getKey(), entry.getValue());
                } catch (IllegalArgumentException e) {
                    throw new Failure(Main.EXIT_USAGE, "--threshold: " + e.getMessage(), e);
                }
            }
            if (viaProbe) {
                return openProbe(ruleThresholds);
            }
            if (core != null && XenCoreMemory.isXenCore(core)) {
                return openXenCore(ruleThresholds);
            }
            if (core != null) {
                // not a Xen core: an unreadable or non-ELF file is told before asking where shared_info is
                try {
                    new ElfCoreMemory(core).close();
                } catch (IOException e) {
                    throw new Failure(Main.EXIT_USAGE, e.getMessage(), e);
                }
            }
            GuestManifest fromModel = isModel() ? loadModel() : null;
            if (fromModel != null) {
                return openModelGuest(fromModel, ruleThresholds);
            }
            GuestDescriptor descriptor = loadDescriptor();
            if (vcpus != null) {
                descriptor = descriptor.withVcpus(vcpus);
            }
            Long address = null;
            if (sharedInfo != null) {
                address = parseAddress("--shared-info", sharedInfo);
            } else if (descriptor.sharedInfoAddress() != null) {
                address = descriptor.sharedInfoAddress();
            } else if (elf == null) {
                throw new Failure(Main.EXIT_USAGE, "where is shared_info? give --shared-info ADDR, --elf FILE (the"
                        + " guest's image), or a --model that names it", null);
            }
            if (elf != null && !Files.isReadable(elf)) {
                throw new Failure(Main.EXIT_USAGE, "cannot read --elf " + elf + ": no such readable file", null);
            }
            GuestMemory memory = openMemory();
            try {
                if (address == null) {
                    try {
                        address = SharedInfoLocator.fromElf(elf, memory, SharedInfoLocator.DEFAULT_SYMBOLS).address();
                    } catch (org.xenguest.debug.core.rsp.RspException e) {
                        throw new Failure(Main.EXIT_FAILED, e.getMessage(), e);
                    } catch (IOException e) {
                        throw new Failure(Main.EXIT_USAGE, e.getMessage(), e);
                    }
                }
                return new Session(LiveSource.at(memory, address, descriptor), ruleThresholds);
            } catch (Failure | RuntimeException e) {
                closeQuietly(memory);
                throw e;
            }
        }

        /**
         * A domU through the dom0 probe: named from Xen's bindings and xenstore, or by a JSON
         * descriptor given with --model.
         */
        private Session openProbe(RuleThresholds ruleThresholds) throws Failure {
            GuestManifest fromModel = isModel() ? loadModel() : null;
            if (fromModel != null && elf == null) {
                throw new Failure(Main.EXIT_USAGE, "--model " + model.getFileName() + " with --probe or --host: the ports of"
                        + " a .xenguest model are numbered in the guest's debug info block; give --elf (the image's symbol "
                        + DebugInfoContract.symbol(fromModel.name()) + "), or leave --model out to name the ports from Xen", null);
            }
            if (elf != null && !Files.isReadable(elf)) {
                throw new Failure(Main.EXIT_USAGE, "cannot read --elf " + elf + ": no such readable file", null);
            }
            GuestDescriptor descriptor = model == null || fromModel != null ? null : loadDescriptor();
            ProbeClient client = openProbeClient();
            try {
                int domid = resolveDomain(client);
                if (fromModel != null) {
                    DebugInfoBlock info = new DebugInfoBlock(blockAddress(fromModel), fromModel);
                    return new Session(ProbeSource.attachDescribedBy(client, domid, info::read), ruleThresholds);
                }
                return new Session(ProbeSource.attach(client, domid, descriptor), ruleThresholds);
            } catch (IOException e) {
                client.close();
                throw new Failure(Main.EXIT_FAILED, e.getMessage(), e);
            } catch (Failure | RuntimeException e) {
                client.close();
                throw e;
            }
        }

        /**
         * A core written by xl dump-core (or xenguest-probe --dump-core): one snapshot from its
         * frames, shared_info from its section unless told otherwise; with a .xenguest model and
         * --elf, the names from the guest's debug info block in the core; with a JSON descriptor, its names.
         */
        private Session openXenCore(RuleThresholds ruleThresholds) throws Failure {
            GuestManifest fromModel = isModel() ? loadModel() : null;
            if (fromModel != null && elf == null) {
                throw new Failure(Main.EXIT_USAGE, "--model " + model.getFileName() + " with a Xen core: the ports of a"
                        + " .xenguest model are numbered in the guest's debug info block; give --elf (the image's symbol "
                        + DebugInfoContract.symbol(fromModel.name()) + "), or leave --model out", null);
            }
            if (elf != null && !Files.isReadable(elf)) {
                throw new Failure(Main.EXIT_USAGE, "cannot read --elf " + elf + ": no such readable file", null);
            }
            GuestDescriptor descriptor = fromModel != null ? null : loadDescriptor();
            Long sharedInfoAddress = sharedInfo == null ? null : parseAddress("--shared-info", sharedInfo);
            XenCoreMemory memory;
            try {
                memory = XenCoreMemory.open(core);
            } catch (IOException e) {
                throw new Failure(Main.EXIT_USAGE, e.getMessage(), e);
            }
            try {
                DescriptorSource descriptors;
                if (fromModel != null) {
                    DebugInfoBlock info = new DebugInfoBlock(blockAddress(fromModel), fromModel);
                    descriptors = info::read;
                } else {
                    GuestDescriptor given = descriptor;
                    descriptors = guest -> given;
                }
                DescriptorSource adjusted = guest -> {
                    GuestDescriptor read = descriptors.read(guest);
                    read = vcpus == null ? read : read.withVcpus(vcpus);
                    return sharedInfoAddress == null ? read : read.withSharedInfoAddress(sharedInfoAddress);
                };
                return new Session(CoreSource.describedBy(memory, adjusted), ruleThresholds);
            } catch (Failure | RuntimeException e) {
                closeQuietly(memory);
                throw e;
            }
        }

        /** Where the guest's debug info block is, from its ELF image's symbol. */
        private long blockAddress(GuestManifest manifest) throws Failure {
            String symbol = DebugInfoContract.symbol(manifest.name());
            try {
                return SharedInfoLocator.symbol(ElfFile.from(elf.toFile()), symbol)
                        .orElseThrow(() -> new IOException("no symbol " + symbol + " in " + elf + ": is it the image built from "
                                + model.getFileName() + "?")).st_value;
            } catch (IOException | RuntimeException e) {
                throw new Failure(Main.EXIT_USAGE, "--elf: " + e.getMessage(), e);
            }
        }

        /** A connection to the probe of --probe HOST:PORT, or of the running xenguest host (--host). */
        private ProbeClient openProbeClient() throws Failure {
            Duration timeout = Duration.ofMillis(timeoutMillis);
            RspOptions options = RspOptions.defaults().withConnectTimeout(timeout).withReplyTimeout(timeout);
            try {
                if (host) {
                    XenHost running = XenHost.running(HostFiles.fromEnvironment()).orElseThrow(() -> new Failure(
                            Main.EXIT_FAILED, HostCommand.NOT_RUNNING, null));
                    XenHost.ProbeEndpoint endpoint = running.probeEndpoint();
                    return ProbeClient.open(new HostPort("127.0.0.1", endpoint.port()), options, endpoint.preamble());
                }
                HostPort address;
                try {
                    address = HostPort.parse(probe);
                } catch (IllegalArgumentException e) {
                    throw new Failure(Main.EXIT_USAGE, "--probe: " + e.getMessage(), e);
                }
                return ProbeClient.open(address, options);
            } catch (IOException e) {
                throw new Failure(Main.EXIT_FAILED, "the dom0 probe does not answer: " + e.getMessage(), e);
            }
        }

        /**
         * watch --all-domains: a session for every PVH/HVM domain the probe lists, each over a
         * connection of its own (the probe serves one client per domain), ports named from Xen.
         */
        List<Session> openAllDomains() throws Failure {
            if (probe == null && !host) {
                throw new Failure(Main.EXIT_USAGE, "--all-domains goes with --probe HOST:PORT or --host", null);
            }
            if (domain != null || model != null || gdb != null || core != null || dump != null) {
                throw new Failure(Main.EXIT_USAGE, "--all-domains names no domain and no model: give --probe or --host"
                        + " alone", null);
            }
            RuleThresholds rules = RuleThresholds.defaults();
            for (Map.Entry<String, String> entry : thresholds.entrySet()) {
                try {
                    rules = rules.with(entry.getKey(), entry.getValue());
                } catch (IllegalArgumentException e) {
                    throw new Failure(Main.EXIT_USAGE, "--threshold: " + e.getMessage(), e);
                }
            }
            List<XenDomain> domains;
            ProbeClient lister = openProbeClient();
            try {
                domains = lister.domains().stream().filter(d -> d.type().hasGuestPhysicalMemory()).toList();
            } catch (IOException e) {
                throw new Failure(Main.EXIT_FAILED, "the dom0 probe does not list its domains: " + e.getMessage(), e);
            } finally {
                lister.close();
            }
            if (domains.isEmpty()) {
                throw new Failure(Main.EXIT_FAILED, "the host runs no PVH or HVM domain to watch", null);
            }
            List<Session> sessions = new java.util.ArrayList<>();
            try {
                for (XenDomain d : domains) {
                    ProbeClient client = openProbeClient();
                    try {
                        sessions.add(new Session(ProbeSource.attach(client, d.id(), null), rules));
                    } catch (IOException e) {
                        client.close();
                        throw new Failure(Main.EXIT_FAILED, "domain " + d.id() + " (" + d.name() + "): " + e.getMessage(), e);
                    }
                }
                return sessions;
            } catch (Failure | RuntimeException e) {
                sessions.forEach(Session::close);
                throw e;
            }
        }

        private int resolveDomain(ProbeClient client) throws IOException, Failure {
            if (domain.matches("\\d+")) {
                return Integer.parseInt(domain);
            }
            List<XenDomain> domains = client.domains();
            return domains.stream().filter(d -> d.name().equals(domain)).findFirst().map(XenDomain::id)
                    .orElseThrow(() -> new Failure(Main.EXIT_FAILED, "no domain " + domain + " on that host; it has: "
                            + String.join(", ", domains.stream().map(d -> d.name() + " (" + d.id() + ")").toList()), null));
        }

        private boolean isModel() {
            return model != null && model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xenguest");
        }

        /** The guest of a .xenguest model as its generated manifest tells it, the model checked first. */
        private GuestManifest loadModel() throws Failure {
            if (!Files.isReadable(model)) {
                throw new Failure(Main.EXIT_USAGE, "cannot read --model " + model + ": no such readable file", null);
            }
            ModelChecker.Result result;
            try {
                result = new ModelChecker().check(model);
            } catch (IOException | SecurityException e) {
                throw new Failure(Main.EXIT_USAGE, "cannot read --model " + model + ": " + e.getMessage(), e);
            }
            List<ModelDiagnostic> errors = result.diagnostics().stream().filter(ModelDiagnostic::isError).toList();
            if (!errors.isEmpty() || result.model() == null) {
                throw new Failure(Main.EXIT_USAGE, (errors.isEmpty() ? model + ": does not parse" : errors.get(0).toGccForm())
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more: xenguest check " + model + ")" : "")
                        + ": fix the model first", null);
            }
            List<Guest> guests = result.model().getGuests();
            if (guests.size() != 1) {
                throw new Failure(Main.EXIT_USAGE, "--model " + model + " declares " + guests.size() + " guests; give a"
                        + " model of the one guest you look at", null);
            }
            String name = guests.get(0).getName();
            try {
                Map<String, String> generated = GuestGenerator.generate(guests.get(0), model.getFileName().toString());
                String manifest = generated.get("manifest/" + name + ".json");
                if (manifest == null) {
                    throw new IllegalArgumentException("the generator made no manifest for guest " + name);
                }
                return GuestManifest.parse(manifest);
            } catch (IllegalArgumentException e) {
                throw new Failure(Main.EXIT_USAGE, "--model " + model + ": " + e.getMessage(), e);
            }
        }

        /**
         * A generated guest: its debug info block, found through the stub's query or the ELF
         * symbol, numbers the model's ports and locates shared_info before every snapshot.
         */
        private Session openModelGuest(GuestManifest manifest, RuleThresholds ruleThresholds) throws Failure {
            String symbol = DebugInfoContract.symbol(manifest.name());
            if (gdb == null && elf == null) {
                throw new Failure(Main.EXIT_USAGE, "--model " + model.getFileName() + ": the ports of a .xenguest model"
                        + " are numbered in the guest's debug info block: give --gdb (its generated stub answers "
                        + DebugInfoBlock.QUERY + ") or --elf (the image's symbol " + symbol + ")", null);
            }
            if (elf != null && !Files.isReadable(elf)) {
                throw new Failure(Main.EXIT_USAGE, "cannot read --elf " + elf + ": no such readable file", null);
            }
            Long sharedInfoAddress = sharedInfo == null ? null : parseAddress("--shared-info", sharedInfo);
            GuestMemory memory = openMemory();
            try {
                long block;
                if (elf != null) {
                    block = blockAddress(manifest);
                } else {
                    try {
                        block = DebugInfoBlock.locate(((RspGuestMemory) memory).client());
                    } catch (IOException e) {
                        throw new Failure(Main.EXIT_FAILED, e.getMessage(), e);
                    }
                }
                DebugInfoBlock info = new DebugInfoBlock(block, manifest);
                DescriptorSource descriptors = guest -> {
                    GuestDescriptor read = info.read(guest);
                    read = vcpus == null ? read : read.withVcpus(vcpus);
                    return sharedInfoAddress == null ? read : read.withSharedInfoAddress(sharedInfoAddress);
                };
                return new Session(LiveSource.describedBy(memory, descriptors), ruleThresholds);
            } catch (Failure | RuntimeException e) {
                closeQuietly(memory);
                throw e;
            }
        }

        private GuestDescriptor loadDescriptor() throws Failure {
            if (model == null) {
                return GuestDescriptor.empty();
            }
            if (!Files.isReadable(model)) {
                throw new Failure(Main.EXIT_USAGE, "cannot read --model " + model + ": no such readable file", null);
            }
            try {
                return GuestDescriptorJson.read(model);
            } catch (IOException | IllegalArgumentException e) {
                throw new Failure(Main.EXIT_USAGE, "--model " + e.getMessage(), e);
            }
        }

        private GuestMemory openMemory() throws Failure {
            if (gdb != null) {
                HostPort hostPort;
                try {
                    hostPort = HostPort.parse(gdb);
                } catch (IllegalArgumentException e) {
                    throw new Failure(Main.EXIT_USAGE, "--gdb: " + e.getMessage(), e);
                }
                Duration timeout = Duration.ofMillis(timeoutMillis);
                RspOptions options = RspOptions.defaults().withConnectTimeout(timeout).withReplyTimeout(timeout);
                try {
                    return new RspGuestMemory(RspClient.open(hostPort, options));
                } catch (IOException e) {
                    throw new Failure(Main.EXIT_FAILED, e.getMessage(), e);
                }
            }
            try {
                if (core != null) {
                    return new ElfCoreMemory(core);
                }
                return new RawDumpMemory(dump, parseAddress("--dump-base", dumpBase));
            } catch (IOException e) {
                throw new Failure(Main.EXIT_USAGE, e.getMessage(), e);
            }
        }

        private static long parseAddress(String option, String text) throws Failure {
            try {
                return Addresses.parse(text);
            } catch (IllegalArgumentException e) {
                throw new Failure(Main.EXIT_USAGE, option + ": " + e.getMessage(), e);
            }
        }

        private static void closeQuietly(GuestMemory memory) {
            try {
                memory.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }
}
