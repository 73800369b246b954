package org.xenguest.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.xenguest.testbed.hello.HelloGuest;
import org.xenguest.testbed.host.HostAgent;
import org.xenguest.testbed.host.HostFiles;
import org.xenguest.testbed.host.HostState;
import org.xenguest.testbed.host.XenHost;
import org.xenguest.tests.support.ExternalTools;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code xenguest host} on the real thing: Xen 4.17 with a Linux dom0 in QEMU, booted once for
 * the class in a state folder of its own (a user's host is never touched), a small PVH domU
 * ({@link HelloGuest}) created on it, every subcommand and its errors, then stop.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostCommandTest {
    private static Path work;
    private static Path helloCfg;

    @BeforeAll
    static void bootHost() throws Exception {
        work = Files.createTempDirectory("xg-host");   // short: QEMU's console socket lives in it
        System.setProperty("xenguest.host.state", work.resolve("state").toString());
        helloCfg = HelloGuest.build(work.resolve("hello"));
    }

    @AfterAll
    static void stopHost() {
        Cli.run("host", "stop");
        System.clearProperty("xenguest.host.state");
    }

    private static XenHost host() {
        return XenHost.running(HostFiles.fromEnvironment()).orElseThrow(() -> new AssertionError("no host runs"));
    }

    @Test
    @Order(1)
    void createWithNoHostRunningSaysSo() {
        Cli.Result result = Cli.run("host", "create", helloCfg.toString());
        assertEquals(1, result.code(), result.err());
        assertTrue(result.err().contains("no host running: xenguest host start"), result.err());
        Cli.Result status = Cli.run("host", "status", "--json");
        assertEquals(1, status.code());
        assertFalse(JsonParser.parseString(status.out()).getAsJsonObject().get("running").getAsBoolean());
    }

    @Test
    @Order(2)
    void startsOnceAndSaysWhenAlreadyRunning() throws IOException {
        ExternalTools.require("qemu-system-x86_64", "qemu-system-x86");
        Cli.Result started = Cli.run("host", "start");
        assertEquals(0, started.code(), started.out() + started.err());
        assertTrue(started.out().matches("(?s)xenguest host: ready in [0-9.]+ s \\(boot [0-9.]+ s\\); state and logs in .*"),
                started.out());
        assertTrue(started.err().contains("host: boot:"), "a progress line for the boot: " + started.err());

        Cli.Result again = Cli.run("host", "start", "--json");
        assertEquals(0, again.code(), again.err());
        JsonObject json = JsonParser.parseString(again.out()).getAsJsonObject();
        assertTrue(json.get("already_running").getAsBoolean(), again.out());
        assertTrue(json.get("ready").getAsBoolean());

        // Reachable by this user alone: a 0700 folder, a 0600 secret, loopback ports only.
        HostFiles files = HostFiles.fromEnvironment();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.state())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.secretFile())));
        HostState state = host().state();
        assertEquals(List.of("0100007F"), listeners(state.agentPort()), "the agent's port listens on loopback only");
    }

    /** The local addresses (hex, as /proc/net/tcp writes them) listening on a TCP port. */
    private static List<String> listeners(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        List<String> found = new java.util.ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {   // 0A: LISTEN
                    found.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return found;
    }

    @Test
    @Order(3)
    void theAgentAnswersOnlyTheSecret() {
        HostState state = host().state();
        HostAgent stranger = new HostAgent(state.agentPort(), "0".repeat(64));
        assertThrows(IOException.class, () -> stranger.run(Duration.ofSeconds(10), "true"));
    }

    @Test
    @Order(4)
    void statusListsDom0() {
        Cli.Result status = Cli.run("host", "status", "--json");
        assertEquals(0, status.code(), status.err());
        JsonObject json = JsonParser.parseString(status.out()).getAsJsonObject();
        assertTrue(json.get("running").getAsBoolean());
        assertTrue(json.get("dom0_uptime_seconds").getAsDouble() > 0);
        JsonObject dom0 = json.getAsJsonArray("domains").get(0).getAsJsonObject();
        assertEquals("Domain-0", dom0.get("name").getAsString());
        assertEquals(0, dom0.get("id").getAsInt());
        Cli.Result text = Cli.run("host", "status");
        assertTrue(text.out().contains("xenguest host: running, dom0 up"), text.out());
        assertTrue(text.out().contains("Domain-0"), text.out());
    }

    @Test
    @Order(5)
    void createsADomainAndShowsItsConsole() throws Exception {
        Cli.Result created = Cli.run("host", "create", helloCfg.toString());
        assertEquals(0, created.code(), created.err());
        Matcher m = Pattern.compile("domid (\\d+) name hello\\s*").matcher(created.out());
        assertTrue(m.matches(), created.out());
        int domid = Integer.parseInt(m.group(1));

        Cli.Result list = Cli.run("host", "xl", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().matches("(?s).*\\nhello\\s+" + domid + "\\s.*"), list.out());

        String console = "";
        for (int i = 0; i < 40 && !console.contains(HelloGuest.GREETING); i++) {
            Thread.sleep(250);
            Cli.Result c = Cli.run("host", "console", "hello");
            assertEquals(0, c.code(), c.err());
            console = c.out();
        }
        assertTrue(console.contains("(d" + domid + ")") && console.contains(HelloGuest.GREETING), console);

        Cli.Result destroyed = Cli.run("host", "xl", "destroy", "hello");
        assertEquals(0, destroyed.code(), destroyed.err());
        Cli.Result json = Cli.run("host", "create", helloCfg.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals("hello", o.get("name").getAsString());
        assertNotEquals(domid, o.get("domid").getAsInt(), "a new domain");
    }

    @Test
    @Order(6)
    void xlAndExecPassOnOutputAndExitCode() {
        Cli.Result name = Cli.run("host", "exec", "--", "xenstore-read", "/local/domain/0/name");
        assertEquals(0, name.code(), name.err());
        assertEquals("Domain-0", name.out().strip());
        assertEquals(7, Cli.run("host", "exec", "--", "sh", "-c", "exit 7").code());
        Cli.Result missing = Cli.run("host", "xl", "domid", "no-such-domain");
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("no-such-domain"), missing.err());
        Cli.Result address = Cli.run("host", "exec", "--", "ip", "addr", "show", "xenbr0");
        assertTrue(address.out().contains("inet 10.0.3.1/24"), "dom0 has an address on xenbr0: " + address.out());
    }

    @Test
    @Order(7)
    void aVifWithNoBridgeJoinsXenbr0() throws Exception {
        Path cfg = helloCfg.resolveSibling("hellonet.cfg");
        Files.writeString(cfg, Files.readString(helloCfg).replace("name = \"hello\"", "name = \"hellonet\"")
                + "vif = [ 'mac=00:16:3e:00:00:01' ]\n", StandardCharsets.UTF_8);
        Cli.Result created = Cli.run("host", "create", cfg.toString(), "--json");
        assertEquals(0, created.code(), created.err());
        int domid = JsonParser.parseString(created.out()).getAsJsonObject().get("domid").getAsInt();
        String backend = "/local/domain/0/backend/vif/" + domid + "/0/";
        assertEquals("connected", host().exec("xenstore-read", backend + "hotplug-status").stdout().strip());
        assertEquals("xenbr0", host().exec("xenstore-read", backend + "bridge").stdout().strip());
        HostAgent.Result ports = host().exec("ls", "/sys/class/net/xenbr0/brif");
        assertTrue(ports.stdout().contains("vif" + domid + ".0"), ports.stdout());
    }

    @Test
    @Order(8)
    void badInputGetsItsMessageAndExitCode() throws IOException {
        Cli.Result noFile = Cli.run("host", "create", work.resolve("nope.cfg").toString());
        assertEquals(2, noFile.code());
        assertTrue(noFile.err().contains("nope.cfg: cannot read the xl config"), noFile.err());

        Cli.Result noKernel = Cli.run("host", "create", helloCfg.toString(), "--kernel", work.resolve("no-kernel").toString());
        assertEquals(2, noKernel.code());
        assertTrue(noKernel.err().contains("no-kernel: cannot read the guest's kernel"), noKernel.err());

        Path rejected = helloCfg.resolveSibling("rejected.cfg");
        Files.writeString(rejected, Files.readString(helloCfg).replace("name = \"hello\"", "name = \"rejected\"")
                .replace("type = \"pvh\"", "type = \"no-such-type\""), StandardCharsets.UTF_8);
        Cli.Result refused = Cli.run("host", "create", rejected.toString());
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("no-such-type"), "xl's own message: " + refused.err());
    }

    @Test
    @Order(9)
    void stopLeavesNoQemu() {
        long pid = host().state().qemuPid();
        Cli.Result stopped = Cli.run("host", "stop");
        assertEquals(0, stopped.code(), stopped.err());
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "QEMU " + pid + " still runs");
        assertEquals(1, Cli.run("host", "status").code());
        assertEquals(0, Cli.run("host", "stop").code(), "stop with none running is not an error");
    }
}
