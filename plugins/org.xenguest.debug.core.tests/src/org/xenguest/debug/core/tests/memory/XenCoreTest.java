package org.xenguest.debug.core.tests.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.findings.FindingCode;
import org.xenguest.debug.core.findings.RuleThresholds;
import org.xenguest.debug.core.format.SnapshotJson;
import org.xenguest.debug.core.format.SnapshotText;
import org.xenguest.debug.core.guest.GuestDescriptor;
import org.xenguest.debug.core.memory.ElfCoreMemory;
import org.xenguest.debug.core.memory.GuestMemoryException;
import org.xenguest.debug.core.memory.XenCoreMemory;
import org.xenguest.debug.core.session.CoreSource;
import org.xenguest.debug.core.session.Session;
import org.xenguest.tests.support.SharedInfoPage;
import org.xenguest.tests.support.TinyElf;
import org.xenguest.tests.support.XenCoreWriter;

import com.google.gson.JsonObject;

/** A core as xl dump-core writes it (synthesised after xc_core.c): parsed, decoded, and refused when bad. */
class XenCoreTest {

    @TempDir
    Path dir;

    /** The lost wake-up's picture: port 5 pending, unmasked, selected; the vCPU's upcall not pending. */
    private static byte[] lostWakeup() {
        return new SharedInfoPage().maskFrom(8).pending(5).selected(0, 5).bytes();
    }

    private static XenCoreWriter guest(byte[] shared) {
        return XenCoreWriter.pvh().vcpu(true, 0x10a2b3L, 0x246, 0x1ff000)
                .frame(0, "low".getBytes()).frame(0x100, "kernel".getBytes()).frame(0x101, filled(7))
                .frame(0x3ff, shared).frame(0xfeff0, "magic page".getBytes())
                .sharedInfo(shared);
    }

    private static byte[] filled(int value) {
        byte[] page = new byte[4096];
        Arrays.fill(page, (byte) value);
        return page;
    }

    @Test
    void readsFramesByPfnAndWhatTheCoreTells() throws IOException {
        Path core = guest(lostWakeup()).write(dir.resolve("guest.core"));
        assertTrue(XenCoreMemory.isXenCore(core));
        try (XenCoreMemory memory = XenCoreMemory.open(core)) {
            assertTrue(memory.header().autoTranslated());
            assertEquals(5, memory.frames());
            assertEquals(0xfeff0, memory.highestPfn());
            assertEquals("4.17.5", memory.xenVersion());
            assertArrayEquals("kernel".getBytes(), memory.read(0x100000, 6));
            // a read across two frames
            byte[] across = memory.read(0x100ffe, 4);
            assertArrayEquals(new byte[] {0, 0, 7, 7}, across);
            assertArrayEquals("magic page".getBytes(), memory.read(0xfeff0000L, 10));
            XenCoreMemory.VcpuContext vcpu = memory.vcpus().get(0);
            assertTrue(vcpu.online());
            assertTrue(vcpu.interruptsEnabled(), "RFLAGS 0x246 has IF");
            assertEquals(0x10a2b3L, vcpu.rip());
            // shared_info found at the frame equal to the section: the guest's own address
            assertTrue(memory.sharedInfoFrameFound());
            assertEquals(0x3ff000L, memory.sharedInfoAddress().getAsLong());
            GuestMemoryException hole = assertThrows(GuestMemoryException.class, () -> memory.read(0x200000, 8));
            assertTrue(hole.getMessage().contains("no frame 0x200") && hole.getMessage().contains(core.toString()),
                    hole.getMessage());
        }
    }

    @Test
    void framesInAnyOrderAreFoundByPfn() throws IOException {
        Path core = guest(lostWakeup()).descending().write(dir.resolve("descending.core"));
        try (XenCoreMemory memory = XenCoreMemory.open(core)) {
            assertArrayEquals("kernel".getBytes(), memory.read(0x100000, 6));
            assertArrayEquals(new byte[] {0, 0, 7, 7}, memory.read(0x100ffe, 4));
            assertEquals(0xfeff0, memory.highestPfn());
            assertEquals(0x3ff000L, memory.sharedInfoAddress().getAsLong());
        }
    }

    @Test
    void decodesOneSnapshotWithTheSameFindingsAsLive() throws IOException {
        Path core = guest(lostWakeup()).write(dir.resolve("hung.core"));
        try (Session session = new Session(CoreSource.of(XenCoreMemory.open(core), null), RuleThresholds.instant())) {
            Session.Update update = session.step().orElseThrow();
            assertEquals(0x3ff000L, update.snapshot().sharedInfoAddress());
            assertTrue(update.findings().stream().anyMatch(f -> f.code() == FindingCode.EVTCHN_LOST_WAKEUP),
                    update.findings().toString());
            assertTrue(session.step().isEmpty(), "a core holds one snapshot");
            JsonObject json = SnapshotJson.toJson(update.snapshot(), update.findings(), null);
            JsonObject vcpu = json.getAsJsonArray("vcpus").get(0).getAsJsonObject().getAsJsonObject("xen");
            assertTrue(vcpu.get("interrupts_enabled").getAsBoolean());
            assertEquals("0x10a2b3", vcpu.get("rip").getAsString());
            assertFalse(vcpu.has("blocked"), "a core has no run state: " + vcpu);
            JsonObject about = json.getAsJsonObject("core");
            assertEquals("hung.core", about.get("file").getAsString());
            assertEquals("pvh/hvm", about.get("type").getAsString());
            assertEquals(5, about.get("frames").getAsInt());
            String text = SnapshotText.render(update.snapshot(), update.findings(), null, false);
            assertTrue(text.contains("[1/0/1]") && text.contains("Core file hung.core: Xen 4.17.5, pvh/hvm domain, 5 frames")
                    && text.contains("vCPU 0: online, IF=1, RIP 0x10a2b3"), text);
        }
    }

    @Test
    void aModelNamesThePortsAndSharedInfoWithoutItsFrameStillReads() throws IOException {
        byte[] shared = lostWakeup();
        // no frame equals the section (a live dump that moved on): served one page past the last frame
        Path core = XenCoreWriter.pv().vcpu(true, 0x1000, 0x2, 0).vcpu(false, 0, 0, 0).frame(0, filled(1))
                .frame(1, filled(2)).sharedInfo(shared).write(dir.resolve("pv.core"));
        try (XenCoreMemory memory = XenCoreMemory.open(core)) {
            assertFalse(memory.header().autoTranslated());
            assertFalse(memory.sharedInfoFrameFound());
            assertEquals(0x2000L, memory.sharedInfoAddress().getAsLong());
            assertFalse(memory.vcpus().get(0).interruptsEnabled());
            assertFalse(memory.vcpus().get(1).online());
            GuestDescriptor named = new GuestDescriptor("hung", null, 2,
                    List.of(new GuestDescriptor.Port(5, "netfront", "interdomain", null, 0)), null, List.of(), null, List.of());
            Session session = new Session(CoreSource.of(memory, named), RuleThresholds.instant());
            Session.Update update = session.step().orElseThrow();
            assertEquals("netfront", update.snapshot().port(5).name());
            String text = SnapshotText.render(update.snapshot(), update.findings(), null, false);
            assertTrue(text.contains("shared_info from the core's section (no frame equals it)")
                    && text.contains("vCPU 1: offline"), text);
        }
    }

    @Test
    void aTruncatedCoreIsRefusedNamingTheFile() throws IOException {
        byte[] whole = guest(lostWakeup()).bytes();
        Path cut = dir.resolve("cut.core");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 5000));
        assertTrue(XenCoreMemory.isXenCore(cut), "an ELF core of section headers only is taken for a Xen core");
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> XenCoreMemory.open(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Path header = dir.resolve("header.core");
        Files.write(header, Arrays.copyOf(whole, 100));
        e = assertThrows(GuestMemoryException.class, () -> XenCoreMemory.open(header));
        assertTrue(e.getMessage().contains(header.toString()), e.getMessage());
    }

    @Test
    void aMissingSectionIsNamed() throws IOException {
        byte[] bytes = guest(lostWakeup()).bytes();
        // rename .xen_pfn to .xen_pfX in the section names at the end of the file
        String tail = new String(bytes, bytes.length - 80, 80, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = bytes.length - 80 + tail.indexOf(".xen_pfn");
        bytes[at + 7] = 'X';
        Path core = Files.write(dir.resolve("nopfn.core"), bytes);
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> XenCoreMemory.open(core));
        assertTrue(e.getMessage().contains(core.toString()) && e.getMessage().contains("no .xen_pfn section"), e.getMessage());

        Path noShared = XenCoreWriter.pvh().vcpu(true, 0, 0, 0).frame(0, filled(1)).write(dir.resolve("noshared.core"));
        try (Session session = new Session(CoreSource.of(XenCoreMemory.open(noShared), null), RuleThresholds.instant())) {
            IOException missing = assertThrows(IOException.class, session::step);
            assertTrue(missing.getMessage().contains("no .xen_shared_info section") && missing.getMessage()
                    .contains("--shared-info"), missing.getMessage());
        }
    }

    @Test
    void notElfAndOtherElfCoresAreTold() throws IOException {
        Path junk = Files.write(dir.resolve("junk.core"), "not an ELF file at all, just words".getBytes());
        assertFalse(XenCoreMemory.isXenCore(junk));
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> XenCoreMemory.open(junk));
        assertTrue(e.getMessage().startsWith(junk + " is not a readable ELF file") && e.getMessage().contains("xl dump-core"),
                e.getMessage());
        // a QEMU-style core (PT_LOAD segments) is not a Xen core, and still opens as ElfCoreMemory
        Path qemu = dir.resolve("qemu.core");
        Files.write(qemu, TinyElf.core().load(0, 0x1000, filled(3), 4096).bytes());
        assertFalse(XenCoreMemory.isXenCore(qemu));
        try (ElfCoreMemory memory = new ElfCoreMemory(qemu)) {
            assertEquals(3, memory.read(0x1000, 1)[0]);
        }
        e = assertThrows(GuestMemoryException.class, () -> XenCoreMemory.open(qemu));
        assertTrue(e.getMessage().contains("no .note.Xen section"), e.getMessage());
    }
}
