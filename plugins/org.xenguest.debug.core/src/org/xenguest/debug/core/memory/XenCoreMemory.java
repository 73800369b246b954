package org.xenguest.debug.core.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.xenguest.abi.VcpuGuestContextLayout;
import org.xenguest.abi.XenCoreFormat;

import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSection;
import net.fornwall.jelf.ElfSectionHeader;

/**
 * Guest-physical memory of a domain from the ELF core file {@code xl dump-core} writes (or
 * {@code xenguest-probe --dump-core}, the same format): frames by pfn from {@code .xen_pages}
 * through {@code .xen_pfn} (PVH, HVM) or {@code .xen_p2m} (PV: the pseudo-physical pfn), plus
 * what the core tells beyond memory: its header note, each vCPU's context from
 * {@code .xen_prstatus}, and the shared_info page from {@code .xen_shared_info}.
 *
 * <p>Read lazily: only the headers, notes, contexts and the pfn table are read at opening, the
 * frames when asked for, so a core of gigabytes opens at once.
 */
public final class XenCoreMemory implements GuestMemory {

    /** What the header note says. */
    public record Header(long magic, int vcpus, long pages, int pageSize) {
        /** True for a PVH or HVM domain (pfns are guest-physical frames, the memory map is Xen's). */
        public boolean autoTranslated() {
            return magic == XenCoreFormat.MAGIC_HVM;
        }
    }

    /**
     * One vCPU's context as Xen returned it (XEN_DOMCTL_getvcpucontext): for a PVH/HVM vCPU the
     * registers at the moment of the dump.
     */
    public record VcpuContext(int vcpu, boolean online, long rip, long rflags, long rsp, long cr3) {
        public boolean interruptsEnabled() {
            return (rflags & VcpuGuestContextLayout.RFLAGS_IF) != 0;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Header header;
    private final String xenVersion;
    private final List<VcpuContext> vcpus;
    private final Optional<byte[]> sharedInfo;
    /** pfns in ascending order, and the index of each one's frame in .xen_pages. */
    private final long[] pfns;
    private final int[] frameOf;
    private final long pagesOffset;
    private long sharedInfoPfn = -1;
    private boolean sharedInfoFound;

    private XenCoreMemory(Path file, FileChannel channel, Header header, String xenVersion, List<VcpuContext> vcpus,
            Optional<byte[]> sharedInfo, long[] pfns, int[] frameOf, long pagesOffset) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.xenVersion = xenVersion;
        this.vcpus = List.copyOf(vcpus);
        this.sharedInfo = sharedInfo;
        this.pfns = pfns;
        this.frameOf = frameOf;
        this.pagesOffset = pagesOffset;
    }

    /** True if {@code elf} is a Xen dump-core file (it has a {@code .note.Xen} section). */
    public static boolean isXenCore(ElfFile elf) {
        if (elf.e_phnum == 0 && elf.e_shnum > 0 && elf.e_type == ElfFile.ET_CORE) {
            return true;   // xc_core's shape (section headers only); its names may be cut off with a truncated tail
        }
        try {
            return elf.firstSectionByName(XenCoreFormat.SECTION_NOTE) != null;
        } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * Opens a Xen core file.
     *
     * @throws GuestMemoryException naming the file and what is wrong: not ELF, not a Xen core, a
     *                              section missing, or the file shorter than its sections say
     */
    public static XenCoreMemory open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new GuestMemoryException("cannot read core file " + file + ": " + e.getMessage(), e);
        }
        try {
            return read(file, ElfFiles.parse(file, channel, "Give a core written by xl dump-core"), channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * True if {@code file} is an ELF file with a {@code .note.Xen} section: a Xen core, not a
     * QEMU dump ({@link ElfCoreMemory}). False for anything else, readable or not.
     */
    public static boolean isXenCore(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return isXenCore(ElfFiles.parse(file, channel, ""));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static XenCoreMemory read(Path file, ElfFile elf, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (elf.ei_class != ElfFile.CLASS_64 || elf.ei_data != ElfFile.DATA_LSB) {
            throw bad(file, "is a 32-bit or big-endian ELF file; Xen cores of x86-64 tools are 64-bit little-endian");
        }
        long lastByte = 0;
        try {
            for (int i = 1; i < (elf.e_shnum & 0xffff); i++) {
                ElfSectionHeader h = elf.getSection(i).header;
                lastByte = Math.max(lastByte, h.sh_offset + h.sh_size);
            }
        } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw bad(file, "has unreadable section headers (" + e.getMessage() + "): is it truncated?");
        }
        if (lastByte > fileSize) {
            throw bad(file, "is truncated: its sections end at byte " + lastByte + ", the file has " + fileSize
                    + " (was the dump or the copy cut short?)");
        }
        ElfSectionHeader note = section(file, elf, XenCoreFormat.SECTION_NOTE, true);
        if (note == null) {
            throw bad(file, "has no " + XenCoreFormat.SECTION_NOTE + " section: it is an ELF file but not a core written"
                    + " by xl dump-core");
        }
        ByteBuffer notes = slice(file, channel, fileSize, note);
        Header header = null;
        String xenVersion = "";
        while (notes.remaining() >= 12) {
            int nameSize = notes.getInt();
            int descSize = notes.getInt();
            int type = notes.getInt();
            int nameBytes = align4(nameSize);
            int descBytes = align4(descSize);
            if (nameSize < 0 || descSize < 0 || nameBytes + (long) descBytes > notes.remaining()) {
                throw bad(file, "has a malformed note in " + XenCoreFormat.SECTION_NOTE + " (sizes " + nameSize + ", "
                        + descSize + " past the section's end)");
            }
            notes.position(notes.position() + nameBytes);
            ByteBuffer desc = notes.slice(notes.position(), descSize).order(ByteOrder.LITTLE_ENDIAN);
            notes.position(notes.position() + descBytes);
            if (type == XenCoreFormat.XEN_ELFNOTE_DUMPCORE_HEADER && descSize >= 32) {
                long magic = desc.getLong(0);
                long vcpus = desc.getLong(8);
                long pages = desc.getLong(16);
                long pageSize = desc.getLong(24);
                if (vcpus < 0 || vcpus > 4096 || pageSize != 4096 || pages < 0) {
                    throw bad(file, "has an implausible header note (vcpus " + vcpus + ", page size " + pageSize
                            + ", pages " + pages + ")");
                }
                header = new Header(magic, (int) vcpus, pages, (int) pageSize);
            } else if (type == XenCoreFormat.XEN_ELFNOTE_DUMPCORE_XEN_VERSION && descSize >= 32) {
                byte[] extra = new byte[16];
                desc.get(16, extra);
                int end = 0;
                while (end < extra.length && extra[end] != 0) {
                    end++;
                }
                xenVersion = desc.getLong(0) + "." + desc.getLong(8) + new String(extra, 0, end, StandardCharsets.US_ASCII);
            }
        }
        if (header == null) {
            throw bad(file, "has no header note (XEN_ELFNOTE_DUMPCORE_HEADER) in " + XenCoreFormat.SECTION_NOTE);
        }
        if (header.magic() != XenCoreFormat.MAGIC_HVM && header.magic() != XenCoreFormat.MAGIC_PV) {
            throw bad(file, "has an unknown magic 0x" + Long.toHexString(header.magic()) + " in its header note");
        }

        List<VcpuContext> vcpus = new ArrayList<>();
        ElfSectionHeader prstatus = section(file, elf, XenCoreFormat.SECTION_PRSTATUS, false);
        long entry = prstatus.sh_entsize != 0 ? prstatus.sh_entsize : VcpuGuestContextLayout.SIZE;
        if (entry < VcpuGuestContextLayout.SIZE) {
            throw bad(file, "has vCPU contexts of " + entry + " bytes in " + XenCoreFormat.SECTION_PRSTATUS
                    + "; an x86-64 vcpu_guest_context is " + VcpuGuestContextLayout.SIZE + " (a 32-bit guest's core?)");
        }
        ByteBuffer contexts = slice(file, channel, fileSize, prstatus);
        for (int i = 0; (long) (i + 1) * entry <= contexts.capacity(); i++) {
            int at = (int) (i * entry);
            vcpus.add(new VcpuContext(i,
                    (contexts.getLong(at + VcpuGuestContextLayout.FLAGS_OFFSET) & VcpuGuestContextLayout.VGCF_ONLINE) != 0,
                    contexts.getLong(at + VcpuGuestContextLayout.RIP_OFFSET),
                    contexts.getLong(at + VcpuGuestContextLayout.RFLAGS_OFFSET),
                    contexts.getLong(at + VcpuGuestContextLayout.RSP_OFFSET),
                    contexts.getLong(at + VcpuGuestContextLayout.CR3_OFFSET)));
        }

        ElfSectionHeader shared = section(file, elf, XenCoreFormat.SECTION_SHARED_INFO, true);
        Optional<byte[]> sharedInfo = Optional.empty();
        if (shared != null) {
            ByteBuffer page = slice(file, channel, fileSize, shared);
            if (page.remaining() != header.pageSize()) {
                throw bad(file, "has a " + XenCoreFormat.SECTION_SHARED_INFO + " section of " + page.remaining()
                        + " bytes; shared_info is one page of " + header.pageSize());
            }
            byte[] bytes = new byte[page.remaining()];
            page.get(bytes);
            sharedInfo = Optional.of(bytes);
        }

        ElfSectionHeader pages = section(file, elf, XenCoreFormat.SECTION_PAGES, false);
        ElfSectionHeader table = section(file, elf, header.autoTranslated() ? XenCoreFormat.SECTION_PFN
                : XenCoreFormat.SECTION_P2M, true);
        if (table == null) {
            throw bad(file, "has no " + (header.autoTranslated() ? XenCoreFormat.SECTION_PFN : XenCoreFormat.SECTION_P2M)
                    + " section, which the header's magic (" + (header.autoTranslated() ? "PVH/HVM" : "PV")
                    + ") calls for: which frame is which pfn is unknown");
        }
        int stride = header.autoTranslated() ? 8 : XenCoreFormat.P2M_ENTRY_SIZE;
        long frames = Math.min(pages.sh_size / header.pageSize(), table.sh_size / stride);
        if (frames > Integer.MAX_VALUE / 2) {
            throw bad(file, "holds " + frames + " frames, more than this reader indexes");
        }
        if (pages.sh_offset + frames * header.pageSize() > fileSize) {
            throw bad(file, "is truncated: " + XenCoreFormat.SECTION_PAGES + " needs " + (pages.sh_offset
                    + frames * header.pageSize()) + " bytes, the file has " + fileSize
                    + " (was the dump cut short, or the copy?)");
        }
        ByteBuffer pfnTable = slice(file, channel, fileSize, table);
        // the tools write the pfns ascending, INVALID_PFN padding at the end; sort only if not
        long[] pfns = new long[(int) frames];
        int[] frameOf = new int[(int) frames];
        int valid = 0;
        boolean ascending = true;
        for (int i = 0; i < frames; i++) {
            long pfn = pfnTable.getLong(i * stride);
            if (pfn == XenCoreFormat.INVALID_PFN) {
                continue;
            }
            ascending &= valid == 0 || pfn > pfns[valid - 1];
            pfns[valid] = pfn;
            frameOf[valid++] = i;
        }
        pfns = Arrays.copyOf(pfns, valid);
        frameOf = Arrays.copyOf(frameOf, valid);
        if (!ascending) {
            long[] byPfn = pfns;
            int[] byFrame = frameOf;
            Integer[] order = new Integer[valid];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Long.compare(byPfn[a], byPfn[b]));
            pfns = Arrays.stream(order).mapToLong(i -> byPfn[i]).toArray();
            frameOf = Arrays.stream(order).mapToInt(i -> byFrame[i]).toArray();
        }
        XenCoreMemory core = new XenCoreMemory(file, channel, header, xenVersion, vcpus, sharedInfo, pfns, frameOf,
                pages.sh_offset);
        core.locateSharedInfo();
        return core;
    }

    private static ElfSectionHeader section(Path file, ElfFile elf, String name, boolean optional) throws IOException {
        ElfSection section;
        try {
            section = elf.firstSectionByName(name);
        } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw bad(file, "has unreadable section headers (" + e.getMessage() + "): is it truncated?");
        }
        if (section == null && !optional) {
            throw bad(file, "has no " + name + " section: not a complete core written by xl dump-core");
        }
        return section == null ? null : section.header;
    }

    /** A section's bytes (little-endian), checked to lie inside the file. */
    private static ByteBuffer slice(Path file, FileChannel channel, long fileSize, ElfSectionHeader section)
            throws IOException {
        if (section.sh_offset < 0 || section.sh_size < 0 || section.sh_offset + section.sh_size > fileSize) {
            throw bad(file, "is truncated: section " + section.getName() + " ends at byte "
                    + (section.sh_offset + section.sh_size) + ", the file has " + fileSize);
        }
        if (section.sh_size > 64L << 20) {
            throw bad(file, "has a section " + section.getName() + " of " + section.sh_size + " bytes, more than a core's"
                    + " notes, contexts or pfn table can be");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) section.sh_size).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, section.sh_offset + buffer.position()) < 0) {
                throw bad(file, "ended while reading section " + section.getName());
            }
        }
        return buffer.flip();
    }

    private static int align4(int size) {
        return (size + 3) & ~3;
    }

    private static GuestMemoryException bad(Path file, String what) {
        return new GuestMemoryException("core file " + file + " " + what);
    }

    public Path file() {
        return file;
    }

    public Header header() {
        return header;
    }

    /** e.g. {@code 4.17.5-pre}; empty when the core has no version note. */
    public String xenVersion() {
        return xenVersion;
    }

    /** The vCPUs whose context Xen gave (numbered in order; offline ones are in it too). */
    public List<VcpuContext> vcpus() {
        return vcpus;
    }

    /** The {@code .xen_shared_info} page; empty when the tools could not map it. */
    public Optional<byte[]> sharedInfo() {
        return sharedInfo.map(byte[]::clone);
    }

    /** How many frames the core holds (pfn known). */
    public int frames() {
        return pfns.length;
    }

    /** The highest pfn held, or -1 when none. */
    public long highestPfn() {
        return pfns.length == 0 ? -1 : pfns[pfns.length - 1];
    }

    /**
     * Where {@link #read} serves the {@code .xen_shared_info} page: at the frame that equals it
     * (where the guest put shared_info with XENMEM_add_to_physmap), else one page past the
     * highest frame held (a PV domain, a live dump that changed in between, or shared_info outside
     * the dumped frames; then the address is the core's, not the guest's). Empty without the section.
     */
    public OptionalLong sharedInfoAddress() {
        return sharedInfoPfn < 0 ? OptionalLong.empty() : OptionalLong.of(sharedInfoPfn * header.pageSize());
    }

    /** True when {@link #sharedInfoAddress()} is the guest's own frame (one held equals the section). */
    public boolean sharedInfoFrameFound() {
        return sharedInfoFound;
    }

    /** Finds the frame equal to the shared_info section, reading .xen_pages in large sequential chunks. */
    private void locateSharedInfo() throws IOException {
        if (sharedInfo.isEmpty()) {
            return;
        }
        byte[] page = sharedInfo.get();
        int pageSize = header.pageSize();
        int perChunk = 256;
        ByteBuffer chunk = ByteBuffer.allocate(perChunk * pageSize);
        int[] pfnIndexOfFrame = new int[pfns.length == 0 ? 0 : Arrays.stream(frameOf).max().getAsInt() + 1];
        Arrays.fill(pfnIndexOfFrame, -1);
        for (int i = 0; i < frameOf.length; i++) {
            pfnIndexOfFrame[frameOf[i]] = i;
        }
        for (int first = 0; first < pfnIndexOfFrame.length; first += perChunk) {
            int count = Math.min(perChunk, pfnIndexOfFrame.length - first);
            chunk.clear().limit(count * pageSize);
            long position = pagesOffset + (long) first * pageSize;
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, position + chunk.position()) < 0) {
                    throw new GuestMemoryException("core file " + file + " ended inside " + XenCoreFormat.SECTION_PAGES);
                }
            }
            byte[] bytes = chunk.array();
            for (int k = 0; k < count; k++) {
                int index = pfnIndexOfFrame[first + k];
                if (index >= 0 && Arrays.equals(bytes, k * pageSize, (k + 1) * pageSize, page, 0, pageSize)) {
                    sharedInfoPfn = pfns[index];
                    sharedInfoFound = true;
                    return;
                }
            }
        }
        sharedInfoPfn = highestPfn() + 1;
    }

    /** The frame of {@code pfn}, or empty when the core does not hold it. */
    public Optional<byte[]> frame(long pfn) throws IOException {
        int at = Arrays.binarySearch(pfns, pfn);
        if (at < 0) {
            return Optional.empty();
        }
        return Optional.of(readFrame(frameOf[at]));
    }

    private synchronized byte[] readFrame(int index) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(header.pageSize());
        long position = pagesOffset + (long) index * header.pageSize();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new GuestMemoryException("core file " + file + " ended inside frame " + index);
            }
        }
        return buffer.array();
    }

    @Override
    public byte[] read(long address, int length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        byte[] out = new byte[length];
        int done = 0;
        int pageSize = header.pageSize();
        while (done < length) {
            long at = address + done;
            long pfn = Long.divideUnsigned(at, pageSize);
            int offset = (int) Long.remainderUnsigned(at, pageSize);
            int count = Math.min(length - done, pageSize - offset);
            byte[] frame = pfn == sharedInfoPfn ? sharedInfo.get() : frame(pfn).orElseThrow(() -> new GuestMemoryException("guest-physical range "
                    + GuestMemoryException.range(address, length) + " is not in the core " + file + ": it holds no frame "
                    + "0x" + Long.toHexString(pfn) + " (" + pfns.length + " frames, pfns up to 0x"
                    + Long.toHexString(highestPfn()) + ")"));
            System.arraycopy(frame, offset, out, done, count);
            done += count;
        }
        return out;
    }

    @Override
    public String describe() {
        return "Xen core " + file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
