package org.xenguest.debug.core.tests.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.memory.ElfCoreMemory;
import org.xenguest.debug.core.memory.GuestMemoryException;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.debug.core.memory.RawDumpMemory;
import org.xenguest.tests.support.TinyElf;

class GuestMemoryTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i * 13 + seed);
        }
        return out;
    }

    @Test
    void rawDumpReadsRelativeToItsBase() throws IOException {
        Path file = dir.resolve("mem.bin");
        Files.write(file, bytes(8192, 1));
        try (RawDumpMemory memory = new RawDumpMemory(file, 0x100000)) {
            assertArrayEquals(Arrays.copyOfRange(bytes(8192, 1), 4096, 8192), memory.read(0x101000, 4096));
            GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> memory.read(0x101800, 4096));
            assertTrue(e.getMessage().contains("0x101800") && e.getMessage().contains("mem.bin"), e.getMessage());
            assertThrows(GuestMemoryException.class, () -> memory.read(0xff000, 16));
        }
    }

    @Test
    void missingDumpIsAClearError() {
        GuestMemoryException e = assertThrows(GuestMemoryException.class,
                () -> new RawDumpMemory(dir.resolve("nope.bin"), 0));
        assertTrue(e.getMessage().contains("nope.bin"), e.getMessage());
    }

    @Test
    void elfCoreReadsPhysicalSegmentsAndZeroFillsBss() throws IOException {
        Path core = TinyElf.core()
                .load(0, 0x100000, bytes(4096, 2), 8192) // second page only in memory: zero
                .load(0, 0x200000, bytes(100, 3), 100)
                .write(dir.resolve("guest.core"));
        try (ElfCoreMemory memory = new ElfCoreMemory(core)) {
            assertEquals(ElfCoreMemory.AddressKind.PHYSICAL, memory.addressKind());
            assertArrayEquals(bytes(4096, 2), memory.read(0x100000, 4096));
            byte[] across = memory.read(0x100ff0, 32); // 16 file bytes then 16 zero bytes
            assertArrayEquals(Arrays.copyOfRange(bytes(4096, 2), 4080, 4096), Arrays.copyOfRange(across, 0, 16));
            assertArrayEquals(new byte[16], Arrays.copyOfRange(across, 16, 32));
            assertArrayEquals(Arrays.copyOfRange(bytes(100, 3), 50, 100), memory.read(0x200032, 50));
            GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> memory.read(0x200050, 100));
            assertTrue(e.getMessage().contains("0x200064"), e.getMessage());
        }
    }

    @Test
    void elfCoreUsesVirtualAddressesWhenPresent() throws IOException {
        Path core = TinyElf.core().load(0xffff800000100000L, 0x100000, bytes(64, 4), 64).write(dir.resolve("v.core"));
        try (ElfCoreMemory memory = new ElfCoreMemory(core)) {
            assertEquals(ElfCoreMemory.AddressKind.VIRTUAL, memory.addressKind());
            assertArrayEquals(bytes(64, 4), memory.read(0xffff800000100000L, 64));
        }
        try (ElfCoreMemory memory = new ElfCoreMemory(core, ElfCoreMemory.AddressKind.PHYSICAL)) {
            assertArrayEquals(bytes(64, 4), memory.read(0x100000, 64));
        }
    }

    @Test
    void notAnElfIsAClearError() throws IOException {
        Path junk = dir.resolve("junk.core");
        Files.write(junk, bytes(100, 5));
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> new ElfCoreMemory(junk));
        assertTrue(e.getMessage().contains("junk.core"), e.getMessage());
    }

    @Test
    void inMemoryRegionsAreCopiedAndWritable() throws IOException {
        byte[] page = bytes(64, 6);
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x1000, page);
        page[0] = 42; // the memory holds its own copy
        assertEquals(bytes(64, 6)[0], memory.read(0x1000, 1)[0]);
        memory.write(0x1010, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, memory.read(0x1010, 2));
        assertThrows(GuestMemoryException.class, () -> memory.read(0x1030, 32));
        assertThrows(GuestMemoryException.class, () -> memory.read(0x0fff, 2));
    }
}
