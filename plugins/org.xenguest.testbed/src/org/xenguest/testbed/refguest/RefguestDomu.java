package org.xenguest.testbed.refguest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xenguest.testbed.host.HostAgent;
import org.xenguest.testbed.host.XenHost;

/**
 * The reference guest as a PVH domU on a {@link XenHost}, seen from dom0: started, timed to its
 * netfront Connected, driven through its xenstore node {@code data/cmd} ({@code stats},
 * {@code send N}, {@code tx}; releng/refguest/domu.c) and read back from {@code data/stats}. What
 * its host test and the host benchmark share.
 */
public final class RefguestDomu {
    /** Its address on xenbr0, from its model's {@code data/ip} node. */
    public static final String IP = "10.0.3.2";
    public static final String NAME = "refguest";
    private static final Pattern STATS = Pattern.compile(
            "rx (\\d+) tx (\\d+) .* free-grants (\\d+) watch (\\d+) commands (\\d+)");

    /** The guest's counters as its stats line gives them. */
    public record Stats(long rx, long tx, long freeGrants, long watchFirings, long commands) {
        public static Stats parse(String line) {
            Matcher m = STATS.matcher(line);
            if (!m.find()) {
                throw new IllegalArgumentException("not a refguest stats line: " + line);
            }
            return new Stats(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
        }
    }

    private final XenHost host;
    private final int domid;

    private RefguestDomu(XenHost host, int domid) {
        this.host = host;
        this.domid = domid;
    }

    public int domid() {
        return domid;
    }

    /** The result of {@link #createTimed}: the domain and how long from xl create to both states 4. */
    public record Started(RefguestDomu guest, Duration toConnected) {
    }

    /**
     * Starts the guest with its generated xl cfg (only the kernel path changes) and waits in dom0
     * until its netfront and netback are both Connected (4), timing it there, from {@code xl create}.
     */
    public static Started createTimed(XenHost host, Path cfg, Path kernel) throws IOException {
        host.xl("destroy", NAME);   // an earlier one, if any
        host.copyIn(Files.readAllBytes(kernel), "/root/domu/refguest.elf");
        host.copyIn(Files.readString(cfg).replaceFirst("(?m)^kernel = .*$", "kernel = \"/root/domu/refguest.elf\"")
                .getBytes(StandardCharsets.UTF_8), "/root/domu/refguest.cfg");
        String timed = sh(host, "rm -f /var/log/xen/console/guest-refguest.log; a=$(cut -d' ' -f1 /proc/uptime); "
                + "xl create /root/domu/refguest.cfg >/dev/null 2>&1 || exit 1; d=$(xl domid refguest); i=0; "
                + "until [ \"$(xenstore-read /local/domain/$d/device/vif/0/state 2>/dev/null)\" = 4 ] && "
                + "[ \"$(xenstore-read /local/domain/0/backend/vif/$d/0/state 2>/dev/null)\" = 4 ]; do "
                + "i=$((i+1)); [ $i -lt 3000 ] || exit 2; sleep 0.01; done; echo $d $a $(cut -d' ' -f1 /proc/uptime)");
        String[] f = timed.split("\\s+");
        return new Started(new RefguestDomu(host, Integer.parseInt(f[0])),
                Duration.ofMillis(Math.round(1000 * (Double.parseDouble(f[2]) - Double.parseDouble(f[1])))));
    }

    /** A guest already running as {@code domid}. */
    public static RefguestDomu of(XenHost host, int domid) {
        return new RefguestDomu(host, domid);
    }

    /** Runs a shell script in dom0; its output, or an IOException with it when it fails. */
    public static String sh(XenHost host, String script) throws IOException {
        HostAgent.Result r = host.exec(Duration.ofMinutes(3), new byte[0], "sh", "-c", script);
        if (r.exitCode() != 0) {
            throw new IOException("in dom0 (exit " + r.exitCode() + "): " + script + "\n" + r.stdout() + r.stderr());
        }
        return r.stdout().strip();
    }

    /** Its PV console as xenconsoled logged it. */
    public String console() throws IOException {
        return sh(host, "cat /var/log/xen/console/guest-refguest.log 2>/dev/null; true");
    }

    public String read(String relative) throws IOException {
        return sh(host, "xenstore-read /local/domain/" + domid + "/" + relative);
    }

    /** A counter of {@code vifD.0} in dom0 (its rx is the guest's tx). */
    public long vif(String counter) throws IOException {
        return Long.parseLong(sh(host, "cat /sys/class/net/vif" + domid + ".0/statistics/" + counter));
    }

    /** Writes {@code data/cmd}, waits until the guest has handled it ({@code data/done}) and returns its stats. */
    public Stats command(String cmd, Duration timeout) throws IOException, InterruptedException {
        long done = Long.parseLong(read("data/done"));
        sh(host, "xenstore-write /local/domain/" + domid + "/data/cmd '" + cmd + "'");
        long end = System.nanoTime() + timeout.toNanos();
        while (Long.parseLong(read("data/done")) == done) {
            if (System.nanoTime() > end) {
                throw new IOException("the guest did not handle \"" + cmd + "\" within " + timeout + ":\n" + console());
            }
            Thread.sleep(100);
        }
        return Stats.parse(read("data/stats"));
    }
}
