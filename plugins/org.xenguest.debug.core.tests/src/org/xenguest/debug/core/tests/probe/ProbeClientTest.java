package org.xenguest.debug.core.tests.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xenguest.abi.EventChannels;
import org.xenguest.abi.Virq;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.probe.GrantTableInfo;
import org.xenguest.debug.core.probe.HvmParams;
import org.xenguest.debug.core.probe.ProbeClient;
import org.xenguest.debug.core.probe.ProbeErrorException;
import org.xenguest.debug.core.probe.ProbeSnapshot;
import org.xenguest.debug.core.probe.ProbeSource;
import org.xenguest.debug.core.probe.ProbeStatus;
import org.xenguest.debug.core.probe.XenNames;
import org.xenguest.debug.core.probe.XenstoreNode;
import org.xenguest.debug.core.rsp.RspOptions;
import org.xenguest.debug.core.snapshot.MemoryRegion;
import org.xenguest.debug.core.snapshot.Snapshot;
import org.xenguest.debug.core.xen.PortBinding;
import org.xenguest.debug.core.xen.VcpuState;
import org.xenguest.debug.core.xen.XenDomain;
import org.xenguest.debug.core.xen.XenDomainInfo;
import org.xenguest.debug.core.xen.XenView;

/**
 * The Java client against the real probe program built over its FAKE Xen host
 * ({@code xenguest-probe-fake}, see {@link FakeProbe}): the protocol, the framing, the server
 * (loopback TCP, one client per domain) and the typed results are real; the domains and Xen's
 * answers are the fake's script (probe/src/probe_fake.h), so this proves the client and the
 * probe agree, not that Xen answers so. Dom 5 "guest" is PVH with 2 vCPUs; dom 7 "doomed" dies
 * after 50 calls that name it.
 */
class ProbeClientTest {

    private static final RspOptions OPTIONS = RspOptions.defaults().withConnectTimeout(Duration.ofSeconds(5))
            .withReplyTimeout(Duration.ofSeconds(5));
    private static FakeProbe probe;

    @BeforeAll
    static void startProbe() throws Exception {
        probe = FakeProbe.start();
    }

    @AfterAll
    static void stopProbe() throws Exception {
        if (probe != null) {
            probe.close();
        }
    }

    private static ProbeClient client() throws Exception {
        return ProbeClient.open(probe.address(), OPTIONS);
    }

    /** The fake's RAM of dom 5 (probe_fake_ram_byte). */
    private static byte ram(long address) {
        return (byte) ((address >> 12) * 7 + (address & 0xfff));
    }

    @Test
    void theFakeSaysItIsTheFake() throws Exception {
        try (ProbeClient client = client()) {
            ProbeStatus status = client.status();
            assertTrue(status.isFake(), "the test build must report xen=fake: " + status);
            assertEquals(1, status.version());
            assertEquals(OptionalInt.empty(), status.attached());
            assertTrue(client.rsp().isNoAckMode(), "the probe offers QStartNoAckMode");
            assertTrue(client.rsp().usesBinaryReads(), "the probe offers binary-upload");
        }
    }

    @Test
    void domainsAreTyped() throws Exception {
        try (ProbeClient client = client()) {
            Map<Integer, XenDomain> domains = client.domains().stream()
                    .collect(Collectors.toMap(XenDomain::id, Function.identity()));
            XenDomain dom0 = domains.get(0);
            assertEquals("Domain-0", dom0.name());
            assertEquals(XenDomain.Type.PV, dom0.type());
            assertEquals(XenDomain.State.RUNNING, dom0.state());
            XenDomain guest = domains.get(5);
            assertEquals("guest", guest.name());
            assertEquals(XenDomain.Type.PVH, guest.type());
            assertEquals(XenDomain.State.BLOCKED, guest.state());
            assertEquals(2, guest.vcpus());
            assertEquals(2, guest.onlineVcpus());
        }
    }

    @Test
    void xenFactsOfTheAttachedDomain() throws Exception {
        try (ProbeClient client = client()) {
            client.attach(5);
            XenDomainInfo info = client.domainInfo();
            assertEquals(0x80000L, info.sharedInfoAddress().getAsLong());

            Map<Integer, PortBinding> ports = client.ports().stream()
                    .collect(Collectors.toMap(PortBinding::port, Function.identity()));
            assertEquals(List.of(1, 2, 3, 4, 5, 7), ports.keySet().stream().sorted().toList());
            PortBinding xenstore = ports.get(1);
            assertEquals(EventChannels.Status.INTERDOMAIN, xenstore.status());
            assertEquals(OptionalInt.of(0), xenstore.remoteDomain());
            assertEquals(OptionalInt.of(0xa), xenstore.remotePort());
            assertEquals(Virq.TIMER, ports.get(3).virqKind().orElseThrow());
            assertEquals(EventChannels.Status.UNBOUND, ports.get(4).status());
            assertEquals(EventChannels.Status.IPI, ports.get(5).status());
            assertEquals(1, ports.get(5).vcpu());
            assertEquals(List.of(3, 4), client.ports(3, 2).stream().map(PortBinding::port).toList());

            List<VcpuState> vcpus = client.vcpus();
            assertEquals(2, vcpus.size());
            VcpuState v0 = vcpus.get(0);
            assertTrue(v0.online() && v0.blocked() && !v0.running());
            VcpuState.Hvm hvm = v0.hvm().orElseThrow();
            assertEquals(true, hvm.interruptsEnabled().orElseThrow());
            assertEquals(0x100000L, hvm.rip().orElseThrow());
            assertEquals(List.of(0xf3), hvm.lapicIrr());
            assertEquals(List.of(0xf3), hvm.lapicIsr());
            assertTrue(v0.blockedWithInterruptsEnabled());
            VcpuState v1 = vcpus.get(1);
            assertTrue(v1.running() && !v1.blocked());
            assertEquals(List.of(), v1.hvm().orElseThrow().lapicIsr());

            HvmParams params = client.hvmParams();
            assertEquals(OptionalInt.of(0xf3), params.callbackVector());
            assertEquals(0xfeffcL, params.storePfn().getAsLong());
            assertEquals(1L, params.storeEvtchn().getAsLong());
            assertEquals(0xfeffdL, params.consolePfn().getAsLong());
            assertEquals(2L, params.consoleEvtchn().getAsLong());

            assertEquals(new GrantTableInfo(1, 1, 4), client.grantTable());
            byte[] entry8 = client.readGrantTable(64, 8);
            assertArrayEquals(new byte[] {1, 0, 0, 0, 0x10, 0, 0, 0}, entry8, "v1 entry 8: permit_access, dom 0, frame 10");

            Map<String, String> nodes = client.xenstore().stream()
                    .collect(Collectors.toMap(XenstoreNode::path, XenstoreNode::value));
            assertEquals("4", nodes.get("/local/domain/5/device/vif/0/state"));
            assertEquals("7", nodes.get("/local/domain/5/device/vif/0/event-channel"));
            assertEquals("/local/domain/5/device/vif/0", nodes.get("/local/domain/0/backend/vif/5/0/frontend"));
            assertEquals("4", nodes.get("/local/domain/0/backend/vif/5/0/state"));
            assertEquals(0, client.status().pauses(), "no query may pause the domain");
        }
    }

    @Test
    void memoryIsReadThroughTheProbe() throws Exception {
        try (ProbeClient client = client()) {
            client.attach(5);
            byte[] bytes = client.memory().read(0x1ff0, 0x2020); // three pages, more than one packet
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != ram(0x1ff0 + i)) {
                    fail("byte " + i + " differs: " + bytes[i] + " != " + ram(0x1ff0 + i));
                }
            }
            ProbeErrorException refused = assertThrows(ProbeErrorException.class, () -> client.readMemory(0x100000, 4));
            assertTrue(refused.getMessage().contains("cannot map guest frame"), refused.getMessage());
        }
    }

    @Test
    void snapshotsOfADomainWithoutItsHelp() throws Exception {
        try (ProbeSource source = ProbeSource.attach(client(), 5, null)) {
            Snapshot snapshot = source.next().orElseThrow();
            assertEquals(0x80000L, snapshot.sharedInfoAddress());
            assertTrue(snapshot.vcpu(0).isUpcallPending());
            assertTrue(snapshot.isPending(3), "port 3 pending in the fake's shared_info");
            assertTrue(snapshot.isMasked(5));
            XenView xen = source.lastXenView().orElseThrow();
            assertEquals(5, xen.domain().domain().id());
            assertEquals(6, xen.ports().size());
            assertTrue(xen.vcpus().get(0).blockedWithInterruptsEnabled());
            assertTrue(source.describe().contains("domain 5"), source.describe());
            assertTrue(source.isLive());
        }
    }

    @Test
    void theVectoredSnapshotAnswersWhatTheSingleQueriesDo() throws Exception {
        try (ProbeClient client = client()) {
            client.attach(5);
            assertEquals(OptionalInt.of(0x4000), client.snapshotBytes(), "the probe offers qXenguest.Snapshot=4000");
            ProbeSnapshot.Range sharedInfo = new ProbeSnapshot.Range(0x80000, 0x1000);
            ProbeSnapshot.Range acrossPages = new ProbeSnapshot.Range(0x1ff0, 0x20);
            ProbeSnapshot.Range outsideRam = new ProbeSnapshot.Range(0x100000, 4);
            ProbeSnapshot taken = client.snapshot(List.of(sharedInfo, acrossPages, outsideRam));
            assertEquals(client.domainInfo(), taken.domain());
            assertEquals(client.ports(), taken.ports());
            assertEquals(client.vcpus(), taken.vcpus());
            assertArrayEquals(client.readMemory(0x80000, 0x1000), taken.memory().get(sharedInfo));
            assertArrayEquals(client.readMemory(0x1ff0, 0x20), taken.memory().get(acrossPages));
            assertFalse(taken.memory().containsKey(outsideRam), "a range the probe could not map has no bytes");
            assertEquals(0, client.status().pauses(), "a snapshot may not pause the domain");

            List<ProbeSnapshot.Range> tooMany = new java.util.ArrayList<>();
            for (int i = 0; i <= ProbeClient.SNAPSHOT_MAX_RANGES; i++) {
                tooMany.add(new ProbeSnapshot.Range(i * 0x100L, 1));
            }
            assertThrows(IllegalArgumentException.class, () -> client.snapshot(tooMany));
            ProbeErrorException refused = assertThrows(ProbeErrorException.class, () -> client.snapshot(List.of(
                    new ProbeSnapshot.Range(0, 0x2000), new ProbeSnapshot.Range(0x2000, 0x2000),
                    new ProbeSnapshot.Range(0x4000, 1))));
            assertTrue(refused.getMessage().contains("too many bytes"), refused.getMessage());
            assertEquals(OptionalInt.of(5), client.attachedDomain(), "a refused request leaves the attach");
        }
    }

    /** Xen's view of the fake's guest named from Xen, with its xenstore page, as a descriptor. */
    private static GuestDescriptor describedFromXen(ProbeClient client) throws Exception {
        return XenNames.describe(client.domainInfo().domain(), client.ports(), client.hvmParams(), client.xenstore());
    }

    @Test
    void fromTheSecondSnapshotOnOneExchangeBringsIt() throws Exception {
        try (ProbeTap tap = ProbeTap.in(probe.address(), false);
                ProbeClient client = ProbeClient.open(tap.address(), OPTIONS)) {
            client.attach(5);
            GuestDescriptor descriptor = describedFromXen(client);
            assertTrue(descriptor.xenstore() != null, "the fake names its xenstore page");
            try (ProbeSource source = ProbeSource.attach(client, 5, descriptor)) {
                source.next();
                int before = tap.packets().size();
                Snapshot second = source.next().orElseThrow();
                List<String> sent = tap.packets().subList(before, tap.packets().size());
                assertEquals(1, sent.size(), "packets for one snapshot: " + sent);
                assertTrue(sent.get(0).startsWith("qXenguest.Snapshot:80000,"), sent.get(0));
                assertTrue(second.xenstore().isPresent(), "the xenstore page came with it");
                assertTrue(second.isPending(3));
                assertEquals(6, second.xen().orElseThrow().ports().size());
                assertTrue(second.xen().orElseThrow().vcpus().get(0).blockedWithInterruptsEnabled());
            }
        }
    }

    @Test
    void xenstoreIsReadAgainOnlyWhenTheBoundPortsChange() throws Exception {
        try (ProbeTap tap = ProbeTap.in(probe.address(), false);
                ProbeSource source = ProbeSource.attach(ProbeClient.open(tap.address(), OPTIONS), 5, null)) {
            assertEquals("vif/0 event-channel", source.next().orElseThrow().descriptor().portName(7));
            Thread.sleep(2200);   // one more read a little after the ports changed (from none to these)
            source.next();
            Thread.sleep(2200);   // then none while they stay as they are
            source.next();
            source.next();
            long walks = tap.packets().stream().filter(p -> p.startsWith("qXenguest.Xenstore")).count();
            assertEquals(2, walks, "xenstore walks: " + tap.packets());
        }
    }

    @Test
    void aProbeWithoutTheVectoredQueryGivesTheSameSnapshots() throws Exception {
        Snapshot vectored;
        try (ProbeClient client = client()) {
            client.attach(5);
            GuestDescriptor descriptor = describedFromXen(client);
            try (ProbeSource source = ProbeSource.attach(client, 5, descriptor)) {
                source.next();
                vectored = source.next().orElseThrow();
            }
        }
        try (ProbeTap older = ProbeTap.in(probe.address(), true);
                ProbeClient client = ProbeClient.open(older.address(), OPTIONS)) {
            assertEquals(OptionalInt.empty(), client.snapshotBytes(), "the tap hides the offer");
            client.attach(5);
            GuestDescriptor descriptor = describedFromXen(client);
            try (ProbeSource source = ProbeSource.attach(client, 5, descriptor)) {
                source.next();
                Snapshot single = source.next().orElseThrow();
                assertTrue(older.packets().stream().noneMatch(p -> p.startsWith(ProbeClient.SNAPSHOT_QUERY)),
                        "the client asked an older probe for a snapshot: " + older.packets());
                assertEquals(vectored.regions().size(), single.regions().size());
                for (int i = 0; i < single.regions().size(); i++) {
                    MemoryRegion a = vectored.regions().get(i);
                    MemoryRegion b = single.regions().get(i);
                    assertEquals(a.role(), b.role());
                    assertEquals(a.address(), b.address());
                    assertArrayEquals(a.bytes(), b.bytes(), a.role());
                }
                XenView x = vectored.xen().orElseThrow();
                XenView y = single.xen().orElseThrow();
                assertEquals(x.domain(), y.domain());
                assertEquals(x.ports(), y.ports());
                assertEquals(x.vcpus(), y.vcpus());
            }
        }
    }

    @Test
    void aDomainThatDiesBetweenSnapshots() throws Exception {
        // a fake of its own: its dom 7 dies once per process, and the other test of death may have had it
        try (FakeProbe own = FakeProbe.start(); ProbeClient client = ProbeClient.open(own.address(), OPTIONS)) {
            try (ProbeSource source = ProbeSource.attach(ProbeClient.open(own.address(), OPTIONS), 7, null)) {
                ProbeErrorException gone = null;
                for (int i = 0; i < 100 && gone == null; i++) {
                    try {
                        source.next();
                    } catch (ProbeErrorException e) {
                        gone = e;
                    } catch (java.io.IOException notReady) {
                        // dom 7 never places shared_info: not ready until it dies
                    }
                }
                assertTrue(gone != null, "dom 7 of the fake never died");
                assertEquals(ProbeErrorException.Kind.DOMAIN_GONE, gone.kind(), gone.getMessage());
                assertTrue(gone.getMessage().startsWith("domain 7 (doomed) is gone: destroyed or dying;"), gone.getMessage());
                assertTrue(gone.getMessage().contains("it said: domain 7 is gone"), gone.getMessage());
                ProbeErrorException again = assertThrows(ProbeErrorException.class, source::next);
                assertEquals(gone.getMessage(), again.getMessage(), "the next snapshot says the same, not 'not attached'");
                assertEquals(gone, source.gone().orElseThrow());
            }
            client.attach(5); // the probe serves on
            assertEquals(6, client.snapshot(List.of()).ports().size());
        }
    }

    @Test
    void aPvDomainIsNoSnapshotSource() throws Exception {
        try (ProbeClient client = client()) {
            Exception e = assertThrows(java.io.IOException.class, () -> ProbeSource.attach(client, 0, null));
            assertTrue(e.getMessage().contains("is PV"), e.getMessage());
        }
    }

    @Test
    void oneClientPerDomain() throws Exception {
        try (ProbeClient first = client(); ProbeClient second = client()) {
            first.attach(5);
            ProbeErrorException busy = assertThrows(ProbeErrorException.class, () -> second.attach(5));
            assertEquals(ProbeErrorException.Kind.BUSY, busy.kind());
            first.close();
            second.attach(5); // released as soon as the first client went
            assertEquals(OptionalInt.of(5), second.attachedDomain());
            assertEquals(OptionalInt.of(5), second.status().attached());
        }
    }

    @Test
    void aClientThatVanishesMidPacketReleasesItsDomain() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", probe.address().port())) {
            OutputStream out = raw.getOutputStream();
            out.write(frame("vAttach;5"));
            out.flush();
            byte[] reply = new byte[16];
            int got = raw.getInputStream().read(reply); // '+' and $S05#b8
            assertTrue(got > 0);
            out.write("$m0,4".getBytes(StandardCharsets.ISO_8859_1)); // half a packet, then gone
            out.flush();
        }
        try (ProbeClient client = client()) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (true) {
                try {
                    client.attach(5);
                    break;
                } catch (ProbeErrorException e) {
                    if (e.kind() != ProbeErrorException.Kind.BUSY || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(20);
                }
            }
            assertEquals(4, client.readMemory(0, 4).length);
        }
        assertTrue(probe.isAlive());
    }

    @Test
    void garbageFromClientsDoesNotHurtTheProbe() throws Exception {
        java.util.Random random = new java.util.Random(14);
        byte[] alphabet = "$#+-}*0123456789abcdefmxqvS;:,.gkDH?\u0003".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 40; round++) {
            try (Socket raw = new Socket("127.0.0.1", probe.address().port())) {
                raw.setSoTimeout(200);
                OutputStream out = raw.getOutputStream();
                if (round % 5 == 0) {
                    out.write(frame("vAttach;5"));
                }
                int length = round % 10 == 3 ? 40_000 : random.nextInt(600); // sometimes past PacketSize
                byte[] noise = new byte[length];
                for (int i = 0; i < length; i++) {
                    noise[i] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
                }
                out.write(noise);
                out.flush();
                if (round % 2 == 0) {
                    raw.getInputStream().read(new byte[4096]); // read some, or none: both must be fine
                }
            } catch (java.net.SocketException | java.net.SocketTimeoutException ignored) {
                // the probe may have closed the connection after a 'k' in the noise
            }
        }
        assertTrue(probe.isAlive(), "the probe died of garbage");
        try (ProbeClient client = client()) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (true) {
                try {
                    client.attach(5);
                    break;
                } catch (ProbeErrorException e) {
                    if (e.kind() != ProbeErrorException.Kind.BUSY || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(20);
                }
            }
            assertEquals(6, client.ports().size());
        }
    }

    @Test
    void aDomainThatDiesWhileAttached() throws Exception {
        try (ProbeClient client = client()) {
            client.attach(7);
            ProbeErrorException gone = null;
            for (int i = 0; i < 100 && gone == null; i++) {
                try {
                    client.readMemory(0, 8);
                } catch (ProbeErrorException e) {
                    gone = e;
                }
            }
            assertTrue(gone != null, "dom 7 of the fake never died");
            assertEquals(ProbeErrorException.Kind.DOMAIN_GONE, gone.kind(), gone.getMessage());
            assertFalse(client.attachedDomain().isPresent(), "still attached to a dead domain");
            assertTrue(client.domains().stream().noneMatch(d -> d.id() == 7), "the dead domain is still listed");
            ProbeErrorException none = assertThrows(ProbeErrorException.class, () -> client.attach(7));
            assertEquals(ProbeErrorException.Kind.NO_DOMAIN, none.kind());
            client.attach(5); // the connection goes on
            assertEquals(6, client.ports().size());
        }
    }

    @Test
    void theAttachSurvivesAReconnect() throws Exception {
        try (ProbeClient client = client()) {
            client.attach(5);
            int before = client.rsp().connectionCount();
            client.rsp().disconnect();
            assertEquals(2, client.vcpus().size());
            assertTrue(client.rsp().connectionCount() > before);
            assertEquals(OptionalInt.of(5), client.status().attached());
        }
    }

    @Test
    void requestsThatNeedADomainSaySo() throws Exception {
        try (ProbeClient client = client()) {
            ProbeErrorException e = assertThrows(ProbeErrorException.class, client::ports);
            assertEquals(ProbeErrorException.Kind.NOT_ATTACHED, e.kind());
            client.attach(5);
            String write = client.rsp().request("M0,1:00");
            assertTrue(write.startsWith("E.read-only"), "a write was not refused: " + write);
            String resume = client.rsp().request("c");
            assertTrue(resume.startsWith("E.read-only"), "continue was not refused: " + resume);
        }
    }

    private static byte[] frame(String data) {
        int sum = 0;
        for (byte b : data.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xff;
        }
        return String.format("$%s#%02x", data, sum & 0xff).getBytes(StandardCharsets.ISO_8859_1);
    }
}
