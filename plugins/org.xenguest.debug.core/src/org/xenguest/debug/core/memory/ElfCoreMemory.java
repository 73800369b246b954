package org.xenguest.debug.core.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfSegment;

/**
 * Guest memory from an ELF core file (QEMU's {@code dump-guest-memory}, a crash dump): its
 * PT_LOAD segments, by physical address ({@code p_paddr}) or virtual address ({@code p_vaddr}).
 * Bytes a segment reserves beyond its file contents ({@code p_memsz > p_filesz}) read as zero.
 */
public final class ElfCoreMemory implements GuestMemory {

    /** Which address of the PT_LOAD headers the reads use. */
    public enum AddressKind {
        PHYSICAL, VIRTUAL;

        /** Physical if every segment's virtual address is 0 (QEMU's paging-less dumps), else virtual. */
        static AddressKind guess(List<ElfSegment> loads) {
            return loads.stream().allMatch(segment -> segment.p_vaddr == 0) ? PHYSICAL : VIRTUAL;
        }
    }

    private record Segment(long address, long memorySize, long fileOffset, long fileSize) {
        boolean holds(long at) {
            return Long.compareUnsigned(at, address) >= 0 && Long.compareUnsigned(at - address, memorySize) < 0;
        }
    }

    private final Path file;
    private final AddressKind addressKind;
    private final List<Segment> segments = new ArrayList<>();
    private final FileChannel channel;

    /** Opens a core file, guessing whether its segments are addressed physically or virtually. */
    public ElfCoreMemory(Path file) throws IOException {
        this(file, null);
    }

    public ElfCoreMemory(Path file, AddressKind addressKind) throws IOException {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new GuestMemoryException("cannot read ELF core " + file + ": " + e.getMessage(), e);
        }
        try {
            List<ElfSegment> loads;
            try {
                loads = ElfFiles.parse(file, channel, "Give an ELF core (QEMU dump-guest-memory, xl dump-core)")
                        .segmentsOfType(ElfSegment.PT_LOAD);
            } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new GuestMemoryException(file + " is not a readable ELF file: " + e.getMessage(), e);
            }
            if (loads.isEmpty()) {
                throw new GuestMemoryException(file + " has no PT_LOAD segments, so it holds no memory to read");
            }
            this.addressKind = addressKind != null ? addressKind : AddressKind.guess(loads);
            for (ElfSegment load : loads) {
                long address = this.addressKind == AddressKind.PHYSICAL ? load.p_paddr : load.p_vaddr;
                segments.add(new Segment(address, load.p_memsz, load.p_offset, load.p_filesz));
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public AddressKind addressKind() {
        return addressKind;
    }

    @Override
    public synchronized byte[] read(long address, int length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = address + done;
            Segment segment = segmentHolding(at);
            if (segment == null) {
                throw new GuestMemoryException("guest " + addressKind.name().toLowerCase() + " range "
                        + GuestMemoryException.range(address, length) + " is not in the ELF core " + file
                        + " (no PT_LOAD segment holds 0x" + Long.toHexString(at) + ")");
            }
            long inSegment = at - segment.address;
            int count = (int) Math.min(length - done, segment.memorySize - inSegment);
            long fromFile = Math.max(0, Math.min(count, segment.fileSize - inSegment));
            if (fromFile > 0) {
                ByteBuffer buffer = ByteBuffer.wrap(out, done, (int) fromFile);
                long position = segment.fileOffset + inSegment;
                while (buffer.hasRemaining()) {
                    int n = channel.read(buffer, position + (buffer.position() - done));
                    if (n < 0) {
                        throw new GuestMemoryException("ELF core " + file + " is truncated: segment at 0x"
                                + Long.toHexString(segment.address) + " ends beyond the file");
                    }
                }
            }
            done += count; // bytes past p_filesz stay zero
        }
        return out;
    }

    private Segment segmentHolding(long address) {
        for (Segment segment : segments) {
            if (segment.holds(address)) {
                return segment;
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "ELF core " + file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
