package org.xenguest.abi;

/**
 * The ELF core file {@code xl dump-core} writes (libxenctrl's xc_domain_dumpcore, Xen's
 * tools/libs/ctrl/xc_core.h; format version 0.1): an ELF64 file with section headers and no
 * program headers. Sections: {@code .note.Xen} (four notes named "Xen"), {@code .xen_prstatus}
 * (one {@code vcpu_guest_context} per vCPU), {@code .xen_shared_info} (one page, when the tools
 * could map it), {@code .xen_pages} (the frames, page-aligned), {@code .xen_pfn} (one 64-bit pfn
 * per frame, auto-translated guests: PVH, HVM) or {@code .xen_p2m} (one {pfn, gmfn} pair of
 * 64-bit words per frame, PV). The note types are checked against xen/elfnote.h by
 * AbiHeadersTest; the section names and the rest live in the tools' private header.
 */
public final class XenCoreFormat {

    private XenCoreFormat() {
    }

    public static final String SECTION_NOTE = ".note.Xen";
    public static final String SECTION_PRSTATUS = ".xen_prstatus";
    public static final String SECTION_SHARED_INFO = ".xen_shared_info";
    public static final String SECTION_PAGES = ".xen_pages";
    public static final String SECTION_PFN = ".xen_pfn";
    public static final String SECTION_P2M = ".xen_p2m";
    /** The name of every note in {@code .note.Xen}. */
    public static final String NOTE_NAME = "Xen";

    public static final int XEN_ELFNOTE_DUMPCORE_NONE = 0x2000000;
    /** desc: u64 magic, nr_vcpus, nr_pages, page_size. */
    public static final int XEN_ELFNOTE_DUMPCORE_HEADER = 0x2000001;
    /** desc: u64 major, minor, then extra_version (char[16]), ... */
    public static final int XEN_ELFNOTE_DUMPCORE_XEN_VERSION = 0x2000002;
    /** desc: u64 (major << 32) | minor. */
    public static final int XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION = 0x2000003;

    /** The header note's magic of a PV domain's core (xenctrl.h XC_CORE_MAGIC). */
    public static final long MAGIC_PV = 0xF00FEBEDL;
    /** The header note's magic of an auto-translated (HVM, PVH) domain's core (XC_CORE_MAGIC_HVM). */
    public static final long MAGIC_HVM = 0xF00FEBEEL;
    /** The format version current tools write: 0.1. */
    public static final long FORMAT_VERSION_CURRENT = 1;
    /** A {@code .xen_pfn}/{@code .xen_p2m} entry the tools padded with (a frame that vanished while dumping). */
    public static final long INVALID_PFN = -1L;
    /** Bytes of one {@code .xen_p2m} entry: u64 pfn, u64 gmfn. */
    public static final int P2M_ENTRY_SIZE = 16;
}
