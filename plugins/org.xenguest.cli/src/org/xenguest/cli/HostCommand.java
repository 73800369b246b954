package org.xenguest.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.xenguest.testbed.host.HostAgent;
import org.xenguest.testbed.host.HostException;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.testbed.host.XlList;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code xenguest host}: a real Xen 4.17 host in QEMU (a Linux PV dom0 with xl, xenstored,
 * xenconsoled and netback) on which guests run as PVH domUs. The machinery is
 * {@link XenHost} in the test bed; this class only parses and prints.
 */
@Command(name = "host",
        mixinStandardHelpOptions = true,
        description = {"A Xen 4.17 host in QEMU (TCG, no KVM and no Xen install needed): a Linux PV dom0 with xl,",
            "xenstored, xenconsoled, netback and the bridge xenbr0 (dom0 is 10.0.3.1/24 on it), all from Debian",
            "packages fetched once into ~/.cache/xenguest/host ($XENGUEST_CACHE/host). Only the user who started",
            "it can reach it: its agent answers on a loopback port only to holders of the secret in its 0700",
            "state folder."},
        subcommands = { HostCommand.Start.class, HostCommand.Status.class, HostCommand.Create.class, HostCommand.Xl.class,
            HostCommand.Exec.class, HostCommand.Console.class, HostCommand.DumpCore.class, HostCommand.Stop.class })
final class HostCommand implements Runnable {
    static final int EXIT_MISSING = 3;
    static final String NOT_RUNNING = "no host running: xenguest host start";
    private static final String PREFIX = "xenguest host: ";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (start, status, create,"
                + " xl, exec, console, dump-core, stop).");
    }

    private static Optional<XenHost> running() {
        return XenHost.running(HostFiles.fromEnvironment());
    }

    /** A failure of the host, printed with its console's last lines; 3 when something is missing. */
    private static int report(PrintWriter err, HostException e) {
        err.println(PREFIX + e.getMessage());
        if (!e.consoleTail().isEmpty()) {
            err.println(PREFIX + "the console's last lines:");
            e.consoleTail().forEach(line -> err.println("  " + line));
        }
        return e.missing() ? EXIT_MISSING : Main.EXIT_FAILED;
    }

    /** What a subcommand does with the running host; an IOException means dom0 did not answer. */
    private interface HostAction {
        int run(XenHost host) throws IOException;
    }

    /** Runs {@code action} on this user's host: exit 1 with the way to start one when none runs. */
    private static int onRunningHost(CommandSpec spec, HostAction action) {
        Optional<XenHost> host = running();
        if (host.isEmpty()) {
            spec.commandLine().getErr().println(PREFIX + NOT_RUNNING);
            return Main.EXIT_FAILED;
        }
        try {
            return action.run(host.get());
        } catch (IOException e) {
            spec.commandLine().getErr().println(PREFIX + "dom0 does not answer: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
    }

    private static int relay(CommandSpec spec, HostAgent.Result result) {
        spec.commandLine().getOut().print(result.stdout());
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(result.stderr());
        spec.commandLine().getErr().flush();
        return result.exitCode();
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Fetch what is missing (once), build dom0's initramfs, boot the host in the background and",
                "return once dom0 has xenstored, xenconsoled and xenbr0 up."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ready (also when this user's host was already running)",
                "1:the boot failed (the console's last lines and the log's path are printed)",
                "3:a package or QEMU cannot be had (the command that gets it is printed)"})
    static final class Start implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--memory", paramLabel = "MIB", defaultValue = "" + XenHost.DEFAULT_MEMORY_MIB,
                description = "QEMU's memory in MiB (default ${DEFAULT-VALUE}; dom0 has 384 of it, guests the rest).")
        private int memoryMiB;

        @Option(names = "--json", description = "Print the result as a JSON object.")
        private boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (memoryMiB < 768 || memoryMiB > 16384) {
                err.println(PREFIX + "--memory " + memoryMiB + " is out of range: give 768 to 16384 MiB (dom0 alone has 384)");
                return Main.EXIT_USAGE;
            }
            HostFiles files = HostFiles.fromEnvironment();
            XenHost.Started started;
            try {
                started = XenHost.start(files, memoryMiB, line -> {
                    err.println("xenguest " + line);
                    err.flush();
                });
            } catch (HostException e) {
                return report(err, e);
            } catch (IOException e) {
                err.println(PREFIX + "cannot start the host: " + e.getMessage());
                return Main.EXIT_FAILED;
            }
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("ready", true);
                o.put("already_running", started.alreadyRunning());
                o.put("seconds", started.took().toMillis() / 1000.0);
                o.put("boot_seconds", started.boot().toMillis() / 1000.0);
                o.put("state", files.state().toString());
                o.put("console_log", files.consoleLog().toString());
                out.println(GSON.toJson(o));
            } else if (started.alreadyRunning()) {
                out.printf("xenguest host: already running (state and logs in %s)%n", files.state());
            } else {
                out.printf("xenguest host: ready in %.1f s (boot %.1f s); state and logs in %s, console %s%n",
                        started.took().toMillis() / 1000.0, started.boot().toMillis() / 1000.0, files.state(),
                        files.consoleLog());
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether the host runs, dom0's uptime, and the domains as xl list shows them.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the host runs", "1:no host runs (or dom0 does not answer)"})
    static final class Status implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print the status as a JSON object.")
        private boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<XenHost> host = running();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("running", host.isPresent());
            if (host.isEmpty()) {
                if (json) {
                    out.println(GSON.toJson(o));
                } else {
                    out.println(PREFIX + "not running (start it with: xenguest host start)");
                }
                return Main.EXIT_FAILED;
            }
            try {
                double uptime = host.get().uptimeSeconds();
                HostAgent.Result list = host.get().xl("list");
                if (json) {
                    o.put("dom0_uptime_seconds", uptime);
                    o.put("state", host.get().files().state().toString());
                    o.put("domains", XlList.parse(list.stdout()));
                    out.println(GSON.toJson(o));
                } else {
                    out.printf("xenguest host: running, dom0 up %.0f s; state and logs in %s%n", uptime,
                            host.get().files().state());
                    out.print(list.stdout());
                }
                return Main.EXIT_OK;
            } catch (IOException e) {
                spec.commandLine().getErr().println(PREFIX + "QEMU runs but dom0 does not answer (" + e.getMessage()
                        + "); console: " + host.get().files().consoleLog());
                return Main.EXIT_FAILED;
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Copy a guest's kernel and xl config into dom0 and xl create it (the cfg's kernel= file,",
                "resolved against the cfg's folder, unless --kernel names another). Prints: domid N name NAME."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:created", "1:xl refused it (its message is printed), or no host runs",
                "2:the cfg or the kernel cannot be read"})
    static final class Create implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CONFIG.cfg", description = "An xl config, e.g. a generated xl/NAME.cfg.")
        private Path cfg;

        @Option(names = "--kernel", paramLabel = "FILE", description = "The guest's kernel (default: the cfg's kernel=).")
        private Path kernel;

        @Option(names = "--json", description = "Print {\"domid\": N, \"name\": \"NAME\"}.")
        private boolean json;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isReadable(cfg) || Files.isDirectory(cfg)) {
                err.println(cfg + ": cannot read the xl config (no such file, or not readable)");
                return Main.EXIT_USAGE;
            }
            Optional<XenHost> host = running();
            if (host.isEmpty()) {
                err.println(PREFIX + NOT_RUNNING);
                return Main.EXIT_FAILED;
            }
            try {
                XenHost.Domain domain = host.get().create(cfg, kernel);
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("domid", domain.domid());
                    o.put("name", domain.name());
                    spec.commandLine().getOut().println(GSON.toJson(o));
                } else {
                    spec.commandLine().getOut().println("domid " + domain.domid() + " name " + domain.name());
                }
                return Main.EXIT_OK;
            } catch (NoSuchFileException e) {
                err.println(e.getFile() + ": cannot read the guest's kernel (no such file); give it with --kernel FILE");
                return Main.EXIT_USAGE;
            } catch (HostException e) {
                return report(err, e);
            } catch (IOException e) {
                err.println(PREFIX + "create failed: " + e.getMessage());
                return e.getMessage() != null && e.getMessage().contains("dom0") ? Main.EXIT_FAILED : Main.EXIT_USAGE;
            }
        }
    }

    @Command(name = "xl", description = "Run xl ARGS in dom0: its output, its exit code (e.g. xenguest host xl debug-keys e).")
    static final class Xl implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Unmatched
        private List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return onRunningHost(spec, host -> relay(spec, host.xl(args.toArray(String[]::new))));
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true,
            description = {"Run a command in dom0 as root: xenguest host exec -- CMD [ARGS...]. busybox and Xen's tools",
                "are there (xenstore-ls, xenstore-read, xenstore-write, lsevtchn, ip, ping, ...). Its output, its exit",
                "code."})
    static final class Exec implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
        private List<String> command;

        @Override
        public Integer call() {
            return onRunningHost(spec,
                    host -> relay(spec, host.exec(Duration.ofMinutes(10), new byte[0], command.toArray(String[]::new))));
        }
    }

    @Command(name = "console", mixinStandardHelpOptions = true,
            description = {"What a domain wrote to its PV console (xenconsoled's log) and to port 0xE9 (its xl dmesg",
                "lines). NAME dom0: Xen's and dom0's serial console."})
    static final class Console implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The domain's name (as in xl list), or dom0.")
        private String name;

        @Option(names = "--follow", description = "Keep printing what the PV console gets until interrupted.")
        private boolean follow;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return onRunningHost(spec, host -> {
                if (name.equals("dom0") || name.equals("Domain-0")) {
                    out.print(Files.readString(host.files().consoleLog(), StandardCharsets.ISO_8859_1));
                    return Main.EXIT_OK;
                }
                Optional<Integer> domid = host.domid(name);
                if (domid.isEmpty()) {
                    err.println(PREFIX + "no domain " + name + " (xenguest host xl list shows them)");
                    return Main.EXIT_FAILED;
                }
                HostAgent.Result dmesg = host.xl("dmesg");
                String tag = "(d" + domid.get() + ")";
                dmesg.stdout().lines().filter(line -> line.contains(tag)).forEach(out::println);
                out.flush();
                String log = "/var/log/xen/console/guest-" + name + ".log";
                List<String> argv = follow ? List.of("tail", "-n", "+1", "-F", log)
                        : List.of("sh", "-c", "cat \"$1\" 2>/dev/null; true", "sh", log);
                return host.stream(argv, new WriterStream(out), new WriterStream(err), follow ? null : Duration.ofSeconds(60));
            });
        }
    }

    @Command(name = "dump-core", mixinStandardHelpOptions = true,
            description = {"Write a core of a PVH/HVM domain to FILE, in the format of xl dump-core (open it with",
                "xenguest snapshot --core FILE), of its populated frames only: made in dom0 by xenguest-dump-core",
                "with read-only mappings, the domain not paused, then copied out. (xl dump-core maps every pfn up to",
                "the magic pages below 4 GiB one by one: minutes under TCG for a 64 MiB domU.)"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:written", "1:no host, no such domain, a PV domain, or dom0 failed (the reason is printed)",
                "2:FILE's folder does not exist"})
    static final class DumpCore implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain's name (as in xl list) or domid.")
        private String domain;

        @Parameters(index = "1", paramLabel = "FILE", description = "Where to write the core (replaced if it exists).")
        private Path file;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path folder = file.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder) || Files.isDirectory(file)) {
                err.println(file + ": cannot write the core there (its folder does not exist, or it is a folder)");
                return Main.EXIT_USAGE;
            }
            return onRunningHost(spec, host -> {
                Optional<Integer> domid = domain.matches("\\d+") ? Optional.of(Integer.parseInt(domain)) : host.domid(domain);
                if (domid.isEmpty()) {
                    err.println(PREFIX + "no domain " + domain + " (xenguest host xl list shows them)");
                    return Main.EXIT_FAILED;
                }
                try {
                    XenHost.DumpedCore core = host.dumpCore(domid.get(), file.toAbsolutePath());
                    spec.commandLine().getOut().println(core.summary() + String.format(" (dumped in %.1f s, copied in %.1f s)",
                            core.dumping().toMillis() / 1000.0, core.copying().toMillis() / 1000.0));
                    return Main.EXIT_OK;
                } catch (HostException e) {
                    return report(err, e);
                }
            });
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Destroy the domains and end QEMU; no process of the host stays.")
    static final class Stop implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            Optional<XenHost> host = running();
            if (host.isEmpty()) {
                spec.commandLine().getOut().println(PREFIX + "no host running");
                return Main.EXIT_OK;
            }
            host.get().stop();
            spec.commandLine().getOut().println(PREFIX + "stopped");
            return Main.EXIT_OK;
        }
    }

    /** Bytes from dom0 into one of picocli's writers (UTF-8). */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter writer;

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writer.write(new String(b, off, len, StandardCharsets.UTF_8));
            writer.flush();
        }
    }
}
