package org.xenguest.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.xenguest.cli.Main;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.probe.ProbeSource;
import org.xenguest.debug.core.rsp.HostPort;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.session.Session;
import org.xenguest.testbed.host.HostException;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.testbed.refguest.RefguestDomu;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Snapshots a second from this machine through the dom0 probe of the Xen host (the reference
 * guest as a domU: shared_info, every bound port's binding, the vCPU state from Xen, each step of
 * the one session: read, store, diff, rules), then, as the anchor in the same run, through the
 * reference guest's own stub on QEMU's COM2 ({@code xenguest demo --hz 100}, the guest as dom0).
 * releng/benchmarks.sh probe, from the repository's root. Prints figures; asserts nothing.
 *
 * <p>{@code ProbeBenchmark domains N [lost-wakeup|generated]} (releng/benchmarks.sh probe-domains):
 * N reference guests as domUs of one host, watched at once as {@code xenguest watch --host --all-domains} does (a
 * session and a connection each), at 10 Hz and then as fast as they go; the rate of each domain.
 */
public final class ProbeBenchmark {
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("seconds", 10));

    private ProbeBenchmark() {
    }

    public static void main(String[] args) throws IOException, HostException, InterruptedException {
        if (args.length >= 2 && args[0].equals("domains")) {
            ProbeDomainsBenchmark.run(Integer.parseInt(args[1]), args.length > 2 ? args[2] : "lost-wakeup");
            return;
        }
        Path work = Files.createTempDirectory("xg-probebench");
        BenchmarkHost.ReferenceGuest reference = BenchmarkHost.buildReferenceGuest(work, "generated");
        HostFiles files = BenchmarkHost.files(work.resolve("state"));
        XenHost host = XenHost.start(files, XenHost.DEFAULT_MEMORY_MIB, System.err::println).host();
        try {
            RefguestDomu guest = RefguestDomu.createTimed(host, reference.cfg(), reference.kernel())
                    .guest();
            XenHost.ProbeEndpoint endpoint = host.probeEndpoint();
            ProbeClient client = ProbeClient.open(new HostPort("127.0.0.1", endpoint.port()), RspOptions.defaults(),
                    endpoint.preamble());
            try (Session session = new Session(ProbeSource.attach(client, guest.domid(), null), RuleThresholds.defaults())) {
                for (int i = 0; i < 20; i++) {
                    session.step();   // warm-up: the JIT, the probe's mappings
                }
                long start = System.nanoTime();
                long end = start + MEASURE.toNanos();
                long steps = 0;
                while (System.nanoTime() < end) {
                    session.step();
                    steps++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("through the dom0 probe of xenguest host (loopback, the agent's relay, QEMU user"
                        + " networking into dom0): %.0f snapshots/s (%d in %.1f s; shared_info, %d bindings and the vCPU"
                        + " state from Xen each)%n", steps / seconds, steps, seconds,
                        session.latest().snapshot().xen().map(v -> v.ports().size()).orElse(0));
            }
        } finally {
            host.stop();
        }
        StringWriter demo = new StringWriter();
        Main.run(new PrintWriter(demo), new PrintWriter(new StringWriter()), "demo", "--hz", "100", "--for", "20", "--json");
        demo.toString().lines().filter(l -> l.contains("\"summary\"")).findFirst().ifPresentOrElse(line -> {
            JsonObject summary = JsonParser.parseString(line).getAsJsonObject();
            System.out.println("anchor, the guest's own stub on QEMU's COM2 (xenguest demo --hz 100): "
                    + summary.get("snapshots_per_s") + " snapshots/s");
        }, () -> System.out.println("anchor: xenguest demo gave no summary:\n" + demo));
    }
}
