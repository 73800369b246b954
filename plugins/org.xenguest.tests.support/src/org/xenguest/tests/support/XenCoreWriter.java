package org.xenguest.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.xenguest.abi.VcpuGuestContextLayout;
import org.xenguest.abi.XenCoreFormat;

/**
 * Writes a core file laid out as libxenctrl's xc_domain_dumpcore writes it (xc_core.c): ELF64
 * header, section headers (null, .shstrtab, .note.Xen, .xen_prstatus, .xen_shared_info,
 * .xen_pages, .xen_pfn or .xen_p2m), the four notes, the vCPU contexts, shared_info, padding to a
 * page, the frames, the pfn table, the section names last. For tests of the reader.
 */
public final class XenCoreWriter {

    private static final int PAGE = 4096;

    private record Vcpu(boolean online, long rip, long rflags, long rsp) {
    }

    private final boolean autoTranslated;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final TreeMap<Long, byte[]> frames = new TreeMap<>();
    private byte[] sharedInfo;
    private boolean descending;

    private XenCoreWriter(boolean autoTranslated) {
        this.autoTranslated = autoTranslated;
    }

    /** A PVH/HVM domain's core (.xen_pfn). */
    public static XenCoreWriter pvh() {
        return new XenCoreWriter(true);
    }

    /** A PV domain's core (.xen_p2m: pfn and a made-up gmfn per frame). */
    public static XenCoreWriter pv() {
        return new XenCoreWriter(false);
    }

    public XenCoreWriter vcpu(boolean online, long rip, long rflags, long rsp) {
        vcpus.add(new Vcpu(online, rip, rflags, rsp));
        return this;
    }

    /** A frame at {@code pfn}, its bytes padded with zeroes to a page. */
    public XenCoreWriter frame(long pfn, byte[] bytes) {
        byte[] page = new byte[PAGE];
        System.arraycopy(bytes, 0, page, 0, Math.min(PAGE, bytes.length));
        frames.put(pfn, page);
        return this;
    }

    /** The .xen_shared_info section; none is written unless set. */
    public XenCoreWriter sharedInfo(byte[] page) {
        sharedInfo = new byte[PAGE];
        System.arraycopy(page, 0, sharedInfo, 0, Math.min(PAGE, page.length));
        return this;
    }

    /** Writes the frames in descending pfn order (the tools write them ascending; a reader must not rely on it). */
    public XenCoreWriter descending() {
        descending = true;
        return this;
    }

    /** The file's bytes. */
    public byte[] bytes() {
        StringBuilder names = new StringBuilder("\0");
        List<long[]> headers = new ArrayList<>();   // name, type, offset, size, align, entsize
        headers.add(new long[6]);
        long[] strtab = {name(names, ".shstrtab"), 3, 0, 0, 0, 0};
        headers.add(strtab);
        byte[] notes = notes();
        byte[] contexts = contexts();
        int sectionCount = 2 + 1 + 1 + (sharedInfo != null ? 1 : 0) + 2;
        long offset = 64 + 64L * sectionCount;
        headers.add(new long[] {name(names, XenCoreFormat.SECTION_NOTE), 7, offset, notes.length, 0, 0});
        offset += notes.length;
        headers.add(new long[] {name(names, XenCoreFormat.SECTION_PRSTATUS), 1, offset, contexts.length, 8,
                VcpuGuestContextLayout.SIZE});
        offset += contexts.length;
        if (sharedInfo != null) {
            headers.add(new long[] {name(names, XenCoreFormat.SECTION_SHARED_INFO), 1, offset, PAGE, 8, PAGE});
            offset += PAGE;
        }
        long padding = (PAGE - offset % PAGE) % PAGE;
        offset += padding;
        headers.add(new long[] {name(names, XenCoreFormat.SECTION_PAGES), 1, offset, (long) frames.size() * PAGE, PAGE,
                PAGE});
        offset += (long) frames.size() * PAGE;
        int entry = autoTranslated ? 8 : XenCoreFormat.P2M_ENTRY_SIZE;
        headers.add(new long[] {name(names, autoTranslated ? XenCoreFormat.SECTION_PFN : XenCoreFormat.SECTION_P2M), 1,
                offset, (long) frames.size() * entry, 8, entry});
        offset += (long) frames.size() * entry;
        strtab[2] = offset;
        byte[] nameBytes = names.toString().getBytes(StandardCharsets.US_ASCII);
        strtab[3] = nameBytes.length;

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer ehdr = le(64);
        ehdr.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        ehdr.putShort((short) 4).putShort((short) 62).putInt(1).putLong(0).putLong(0).putLong(64).putInt(0)
                .putShort((short) 64).putShort((short) 56).putShort((short) 0).putShort((short) 64)
                .putShort((short) headers.size()).putShort((short) 1);
        out.writeBytes(ehdr.array());
        for (long[] h : headers) {
            ByteBuffer s = le(64);
            s.putInt((int) h[0]).putInt((int) h[1]).putLong(0).putLong(0).putLong(h[2]).putLong(h[3]).putInt(0).putInt(0)
                    .putLong(h[4]).putLong(h[5]);
            out.writeBytes(s.array());
        }
        out.writeBytes(notes);
        out.writeBytes(contexts);
        if (sharedInfo != null) {
            out.writeBytes(sharedInfo);
        }
        out.writeBytes(new byte[(int) padding]);
        Map<Long, byte[]> order = descending ? frames.descendingMap() : frames;
        order.values().forEach(out::writeBytes);
        ByteBuffer table = le(frames.size() * entry);
        long gmfn = 0x1000;
        for (Map.Entry<Long, byte[]> frame : order.entrySet()) {
            table.putLong(frame.getKey());
            if (!autoTranslated) {
                table.putLong(gmfn++);
            }
        }
        out.writeBytes(table.array());
        out.writeBytes(nameBytes);
        return out.toByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private static int name(StringBuilder names, String name) {
        int at = names.length();
        names.append(name).append('\0');
        return at;
    }

    private byte[] notes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        note(out, XenCoreFormat.XEN_ELFNOTE_DUMPCORE_NONE, new byte[0]);
        ByteBuffer header = le(32);
        header.putLong(autoTranslated ? XenCoreFormat.MAGIC_HVM : XenCoreFormat.MAGIC_PV).putLong(vcpus.size())
                .putLong(frames.size()).putLong(PAGE);
        note(out, XenCoreFormat.XEN_ELFNOTE_DUMPCORE_HEADER, header.array());
        ByteBuffer version = le(1280);   // major, minor, extra[16], compile info, capabilities, changeset, ...
        version.putLong(4).putLong(17).put(".5".getBytes(StandardCharsets.US_ASCII));
        version.putLong(1272, PAGE);
        note(out, XenCoreFormat.XEN_ELFNOTE_DUMPCORE_XEN_VERSION, version.array());
        note(out, XenCoreFormat.XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION, le(8).putLong(XenCoreFormat.FORMAT_VERSION_CURRENT)
                .array());
        return out.toByteArray();
    }

    private static void note(ByteArrayOutputStream out, int type, byte[] desc) {
        ByteBuffer head = le(16);
        head.putInt(4).putInt(desc.length).putInt(type).put("Xen\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(head.array());
        out.writeBytes(desc);
    }

    private byte[] contexts() {
        ByteBuffer all = le(vcpus.size() * VcpuGuestContextLayout.SIZE);
        for (int i = 0; i < vcpus.size(); i++) {
            int base = i * VcpuGuestContextLayout.SIZE;
            Vcpu v = vcpus.get(i);
            all.putLong(base + VcpuGuestContextLayout.FLAGS_OFFSET, v.online() ? VcpuGuestContextLayout.VGCF_ONLINE : 0);
            all.putLong(base + VcpuGuestContextLayout.RIP_OFFSET, v.rip());
            all.putLong(base + VcpuGuestContextLayout.RFLAGS_OFFSET, v.rflags());
            all.putLong(base + VcpuGuestContextLayout.RSP_OFFSET, v.rsp());
        }
        return all.array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
