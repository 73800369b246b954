package org.xenguest.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xenguest.cli.Main;
import org.xenguest.testbed.host.HostException;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.testbed.refguest.RefguestDomu;

/**
 * N reference guests as domUs of one Xen host, watched at once through the dom0 probe as
 * {@code xenguest watch --host --all-domains} does it (a session, a thread and a connection
 * each): first at 10 Hz (the goal: each domain 10 snapshots a second), then as fast as each goes.
 * Prints each domain's rate; asserts nothing. {@code releng/benchmarks.sh probe-domains}
 * ({@code DOMAINS=N}, 8 by default).
 */
final class ProbeDomainsBenchmark {
    private static final Pattern RATE = Pattern.compile(
            "xenguest watch: dom0 probe \\S+ domain (\\d+): (\\d+) snapshots in ([0-9.]+) s \\([0-9.]+/s; ([0-9.]+)/s from its first");
    private static final int SECONDS = Integer.getInteger("seconds", 15);

    private ProbeDomainsBenchmark() {
    }

    /**
     * @param variant {@code lost-wakeup}: guests that hang blocked in their set-up (idle, their
     *                ports bound, shared_info placed): what the probe and dom0 manage; or
     *                {@code generated}: the working guest, whose loop wakes 200 times a second,
     *                which under TCG takes half a CPU each
     */
    static void run(int domains, String variant) throws IOException, HostException, InterruptedException {
        Path work = Files.createTempDirectory("xg-probedomains");
        BenchmarkHost.ReferenceGuest reference = BenchmarkHost.buildReferenceGuest(work, variant);
        Path state = work.resolve("state");
        HostFiles files = BenchmarkHost.files(state);
        // dom0 keeps its 384 MiB; each guest has 64 MiB
        XenHost host = XenHost.start(files, XenHost.DEFAULT_MEMORY_MIB + 64 * Math.max(0, domains - 6), System.err::println)
                .host();
        try {
            createGuests(host, domains, reference.cfg(), reference.kernel(), variant);
            System.setProperty("xenguest.host.state", state.toString());   // watch --host finds this host
            System.setProperty("xenguest.cache", files.cache().getParent().toString());
            System.out.println(domains + " reference guests (" + variant + ") as domUs, watched at once through the dom0"
                    + " probe (xenguest watch --host --all-domains, a connection each):");
            report("at --hz 10", watch("10"));
            report("as fast as they go", watch("1000"));
            System.out.println("dom0 during the last run: " + RefguestDomu.sh(host, "top -b -n 1 | head -15"));
        } finally {
            host.stop();
        }
    }

    /** N guests named refguest-1.., each from the generated cfg with a MAC of its own, all running their variant. */
    private static void createGuests(XenHost host, int count, Path cfg, Path kernel, String variant) throws IOException {
        String ready = variant.equals("generated")   // netfront Connected; else the hang announced on its console
                ? "[ \"$(xenstore-read /local/domain/$d/device/vif/0/state 2>/dev/null)\" = 4 ]"
                : "grep -q 'variant " + variant + "' /var/log/xen/console/guest-refguest-$i.log 2>/dev/null";
        host.copyIn(Files.readAllBytes(kernel), "/root/domu/refguest.elf");
        String text = Files.readString(cfg);
        for (int i = 1; i <= count; i++) {
            String one = text.replaceFirst("(?m)^kernel = .*$", "kernel = \"/root/domu/refguest.elf\"")
                    .replaceFirst("(?m)^name = .*$", "name = \"refguest-" + i + "\"")
                    .replaceAll("mac=[0-9a-f:]+", String.format("mac=00:16:3e:0a:01:%02x", i));
            host.copyIn(one.getBytes(StandardCharsets.UTF_8), "/root/domu/refguest-" + i + ".cfg");
        }
        long start = System.nanoTime();
        for (int i = 1; i <= count; i++) {   // one at a time: each exchange with the agent has its timeout
            RefguestDomu.sh(host, "i=" + i + "; xl create /root/domu/refguest-$i.cfg >/dev/null 2>&1 || exit 1; d=$(xl domid"
                    + " refguest-$i); n=0; until " + ready + "; do n=$((n+1)); [ $n -lt 3000 ] || exit 2; sleep 0.05; done");
            System.err.printf("refguest-%d ready, %.1f s after the first xl create%n", i, (System.nanoTime() - start) / 1e9);
        }
    }

    /** A domain's snapshots a second from its first snapshot on (the first attaches and names its ports). */
    private record Rate(int domid, double perSecond) {
    }

    private static List<Rate> watch(String hz) {
        StringWriter err = new StringWriter();
        // --timeout 20000: the probe answers one request at a time, and each domain's first
        // snapshot walks its xenstore nodes (seconds under TCG): with 2 s, replies that waited
        // behind the others' walks time out, reconnect and walk again
        int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "watch", "--host",
                "--all-domains", "--hz", hz, "--for", Integer.toString(SECONDS), "--json", "--timeout", "20000");
        List<Rate> rates = new ArrayList<>();
        Matcher m = RATE.matcher(err.toString());
        while (m.find()) {
            rates.add(new Rate(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(4))));
        }
        if (exit != 0 || rates.isEmpty()) {
            System.out.println("  watch --hz " + hz + " failed (exit " + exit + "):\n" + err);
        } else if (err.toString().lines().anyMatch(l -> !RATE.matcher(l).find())) {
            System.out.println("  what watch said besides its rates:\n" + err.toString().lines()
                    .filter(l -> !RATE.matcher(l).find()).limit(10).reduce("", (a, b) -> a + "    " + b + "\n"));
        }
        return rates;
    }

    private static void report(String how, List<Rate> rates) {
        if (rates.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("  " + how + ": ");
        double min = Double.MAX_VALUE;
        double sum = 0;
        for (Rate r : rates) {
            line.append(String.format("d%d %.1f/s  ", r.domid(), r.perSecond()));
            min = Math.min(min, r.perSecond());
            sum += r.perSecond();
        }
        System.out.println(line.append(String.format("(%d domains; slowest %.1f/s; %.0f snapshots/s in all)",
                rates.size(), min, sum)));
    }
}
