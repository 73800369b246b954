package org.xenguest.debug.core.tests.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xenguest.debug.core.guest.SharedInfoLocator;
import org.xenguest.debug.core.memory.InMemoryGuestMemory;
import org.xenguest.tests.support.TinyElf;

class SharedInfoLocatorTest {

    @TempDir
    Path dir;

    private static byte[] pointer(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    @Test
    void aPageSymbolIsTheAddress() throws IOException {
        Path elf = TinyElf.executable().symbol("shared_info", 0x1a2000, 4096).symbol("other", 5, 4)
                .write(dir.resolve("guest.elf"));
        SharedInfoLocator.Location location = SharedInfoLocator.fromElf(elf, null, SharedInfoLocator.DEFAULT_SYMBOLS);
        assertEquals(0x1a2000, location.address());
        assertTrue(location.how().contains("shared_info"), location.how());
    }

    @Test
    void aPointerSymbolIsReadFromGuestMemory() throws IOException {
        Path elf = TinyElf.executable().symbol("HYPERVISOR_shared_info", 0x3000, 8).symbol("shared_info", 0x1a2000, 4096)
                .write(dir.resolve("guest.elf"));
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x3000, pointer(0xffff_8000_0010_0000L));
        SharedInfoLocator.Location location = SharedInfoLocator.fromElf(elf, memory, SharedInfoLocator.DEFAULT_SYMBOLS);
        assertEquals(0xffff_8000_0010_0000L, location.address());
        assertTrue(location.how().contains("pointer HYPERVISOR_shared_info"), location.how());
    }

    @Test
    void aPointerStillZeroFallsThroughToThePage() throws IOException {
        Path elf = TinyElf.executable().symbol("HYPERVISOR_shared_info", 0x3000, 8).symbol("shared_info", 0x1a2000, 0)
                .write(dir.resolve("guest.elf"));
        InMemoryGuestMemory memory = new InMemoryGuestMemory().put(0x3000, pointer(0));
        assertEquals(0x1a2000, SharedInfoLocator.fromElf(elf, memory, SharedInfoLocator.DEFAULT_SYMBOLS).address());
    }

    @Test
    void noCandidateListsWhatWasTried() throws IOException {
        Path elf = TinyElf.executable().symbol("main", 0x1000, 64).symbol("HYPERVISOR_shared_info", 0x3000, 8)
                .write(dir.resolve("guest.elf"));
        IOException e = assertThrows(IOException.class,
                () -> SharedInfoLocator.fromElf(elf, null, List.of("HYPERVISOR_shared_info", "shared_info")));
        assertTrue(e.getMessage().contains("shared_info (not in the symbol table)"), e.getMessage());
        assertTrue(e.getMessage().contains("no guest memory"), e.getMessage());
        assertTrue(e.getMessage().contains("--shared-info"), e.getMessage());
    }

    @Test
    void notAnElfIsAClearError() throws IOException {
        Path junk = dir.resolve("junk.elf");
        Files.writeString(junk, "not an elf at all, just text that is long enough to be read as a header.....");
        IOException e = assertThrows(IOException.class,
                () -> SharedInfoLocator.fromElf(junk, null, SharedInfoLocator.DEFAULT_SYMBOLS));
        assertTrue(e.getMessage().contains("junk.elf"), e.getMessage());
    }
}
