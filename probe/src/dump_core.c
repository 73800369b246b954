/*
 * xenguest-dump-core DOMID FILE: a core of a running domain in the format of `xl dump-core`
 * (libxenctrl's xc_core.c, format 0.1: ELF64, sections .shstrtab, .note.Xen, .xen_prstatus,
 * .xen_shared_info, .xen_pages, .xen_pfn or .xen_p2m), written from dom0 with read-only
 * foreign mappings, of the populated frames only.
 *
 * Why not xl dump-core: for a PVH/HVM domain it maps every pfn up to the highest one, one
 * mapping call per pfn; a PVH domU's magic pages sit just below 4 GiB, so it tries ~1M frames
 * and takes minutes under TCG for a guest of 64 MiB. Here the pfns are mapped 1024 at a time,
 * and the frames that are not populated are told apart by the per-frame errors of one call.
 *
 * Never writes guest memory and never pauses the domain (a hung guest stays as it is; a running
 * one may change while it is read, as with xl dump-core). The file is written to FILE.tmp and
 * renamed, mode 0600. Exit codes: 0 written, 1 failed (the reason on stderr), 2 usage.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xen/version.h>
#include <xen/elfnote.h>

#define PAGE 4096u
#define BATCH 1024u
#define MAGIC_PV 0xF00FEBEDULL
#define MAGIC_HVM 0xF00FEBEEULL
#define SECTIONS 7

struct note_head {
    uint32_t namesz, descsz, type;
    char name[4];
};

struct version_desc {
    uint64_t major, minor;
    xen_extraversion_t extra;
    xen_compile_info_t compile;
    xen_capabilities_info_t capabilities;
    xen_changeset_info_t changeset;
    xen_platform_parameters_t platform;
    uint64_t pagesize;
};

static const char names[] = "\0.shstrtab\0.note.Xen\0.xen_prstatus\0.xen_shared_info\0.xen_pages\0.xen_pfn\0.xen_p2m";

static uint32_t name_of(const char *name)
{
    for (size_t at = 1; at < sizeof names; at += strlen(names + at) + 1)
        if (strcmp(names + at, name) == 0)
            return (uint32_t)at;
    return 0;
}

static int fail(const char *what)
{
    fprintf(stderr, "xenguest-dump-core: %s: %s\n", what, strerror(errno));
    return 1;
}

static int write_at(int fd, const void *buf, size_t len, off_t at)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = pwrite(fd, p, len, at);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
        at += n;
    }
    return 0;
}

static void set_shdr(Elf64_Shdr *s, const char *name, uint32_t type, uint64_t offset, uint64_t size,
                     uint64_t align, uint64_t entsize)
{
    memset(s, 0, sizeof *s);
    s->sh_name = name_of(name);
    s->sh_type = type;
    s->sh_offset = offset;
    s->sh_size = size;
    s->sh_addralign = align;
    s->sh_entsize = entsize;
}

static size_t put_note(char *out, uint32_t type, const void *desc, uint32_t size)
{
    struct note_head head = {4, size, type, "Xen"};
    memcpy(out, &head, sizeof head);
    if (size)
        memcpy(out + sizeof head, desc, size);
    return sizeof head + size;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: xenguest-dump-core DOMID FILE\n"
                        "  writes a core of domain DOMID as xl dump-core does, of its populated frames only\n");
        return 2;
    }
    char *end;
    unsigned long domid = strtoul(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || domid >= DOMID_FIRST_RESERVED) {
        fprintf(stderr, "xenguest-dump-core: '%s' is not a domain id (0..%u)\n", argv[1], DOMID_FIRST_RESERVED - 1);
        return 2;
    }
    const char *file = argv[2];

    xc_interface *xch = xc_interface_open(NULL, NULL, 0);
    if (!xch)
        return fail("cannot open libxenctrl (run as root in dom0)");
    xenforeignmemory_handle *fmem = xenforeignmemory_open(NULL, 0);
    if (!fmem)
        return fail("cannot open libxenforeignmemory");

    xc_domaininfo_t info;
    if (xc_domain_getinfolist(xch, (uint32_t)domid, 1, &info) != 1 || info.domain != domid) {
        errno = errno ? errno : ESRCH;
        fprintf(stderr, "xenguest-dump-core: no domain %lu\n", domid);
        return 1;
    }
    int translated = (info.flags & XEN_DOMINF_hvm_guest) != 0;
    if (!translated) {
        fprintf(stderr, "xenguest-dump-core: domain %lu is PV; use xl dump-core (its p2m walk is short for PV)\n", domid);
        return 1;
    }

    /* vCPU contexts, as xc_core: the ones Xen gives, in order */
    unsigned int max_vcpus = info.max_vcpu_id + 1;
    vcpu_guest_context_any_t *ctxt = calloc(max_vcpus, sizeof *ctxt);
    if (!ctxt)
        return fail("out of memory");
    unsigned int nr_vcpus = 0;
    for (unsigned int i = 0; i < max_vcpus; i++)
        if (xc_vcpu_getcontext(xch, (uint32_t)domid, i, &ctxt[nr_vcpus]) == 0)
            nr_vcpus++;
    if (nr_vcpus == 0)
        return fail("no vCPU context could be read");

    /* shared_info: the frame the guest placed it at (absent before it did) */
    void *shinfo = NULL;
    if (info.shared_info_frame != 0 && info.shared_info_frame != (uint64_t)-1) {
        xen_pfn_t frame = info.shared_info_frame;
        int err = 0;
        shinfo = xenforeignmemory_map(fmem, (uint32_t)domid, PROT_READ, 1, &frame, &err);
        if (shinfo && err) {
            xenforeignmemory_unmap(fmem, shinfo, 1);
            shinfo = NULL;
        }
    }

    xen_pfn_t max_gpfn = 0;
    if (xc_domain_maximum_gpfn(xch, (uint32_t)domid, &max_gpfn) < 0)
        return fail("cannot read the domain's highest pfn");

    /* the fixed part's layout, as xc_core lays it out */
    char notes[4 * sizeof(struct note_head) + 32 + sizeof(struct version_desc) + 8];
    size_t notes_size = 0;
    uint64_t header_desc[4] = {MAGIC_HVM, nr_vcpus, 0 /* set below */, PAGE};
    struct version_desc version;
    memset(&version, 0, sizeof version);
    int v = xc_version(xch, XENVER_version, NULL);
    version.major = (uint64_t)(v >> 16);
    version.minor = (uint64_t)(v & 0xffff);
    xc_version(xch, XENVER_extraversion, &version.extra);
    xc_version(xch, XENVER_compile_info, &version.compile);
    xc_version(xch, XENVER_capabilities, &version.capabilities);
    xc_version(xch, XENVER_changeset, &version.changeset);
    xc_version(xch, XENVER_platform_parameters, &version.platform);
    version.pagesize = PAGE;
    uint64_t format_version = 1;

    off_t offset = (off_t)(sizeof(Elf64_Ehdr) + SECTIONS * sizeof(Elf64_Shdr));
    off_t notes_at = offset;
    size_t notes_len = 4 * sizeof(struct note_head) + sizeof header_desc + sizeof version + sizeof format_version;
    offset += (off_t)notes_len;
    off_t prstatus_at = offset;
    offset += (off_t)(nr_vcpus * sizeof *ctxt);
    off_t shinfo_at = offset;
    if (shinfo)
        offset += PAGE;
    off_t pages_at = (offset + PAGE - 1) / PAGE * PAGE;

    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", file) >= (int)sizeof tmp) {
        fprintf(stderr, "xenguest-dump-core: file name too long\n");
        return 2;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(tmp);

    /* the frames, BATCH pfns per mapping call; a frame whose err is set is not populated */
    size_t cap = 4096, nr_pages = 0, skipped = 0;
    uint64_t *pfns = malloc(cap * sizeof *pfns);
    xen_pfn_t batch[BATCH];
    int errs[BATCH];
    if (!pfns)
        return fail("out of memory");
    for (uint64_t first = 0; first <= max_gpfn; first += BATCH) {
        unsigned int n = (unsigned int)(max_gpfn - first + 1 < BATCH ? max_gpfn - first + 1 : BATCH);
        for (unsigned int i = 0; i < n; i++)
            batch[i] = first + i;
        char *map = xenforeignmemory_map(fmem, (uint32_t)domid, PROT_READ, n, batch, errs);
        if (!map) {
            skipped++; /* the whole call failed (none of them mappable, or an error): told at the end */
            continue;
        }
        for (unsigned int i = 0; i < n; i++) {
            if (errs[i])
                continue;
            if (nr_pages == cap) {
                uint64_t *grown = realloc(pfns, 2 * cap * sizeof *pfns);
                if (!grown)
                    return fail("out of memory");
                pfns = grown;
                cap *= 2;
            }
            if (write_at(fd, map + (size_t)i * PAGE, PAGE, pages_at + (off_t)(nr_pages * PAGE)) < 0)
                return fail(tmp);
            pfns[nr_pages++] = first + i;
        }
        xenforeignmemory_unmap(fmem, map, n);
    }
    header_desc[2] = nr_pages;

    off_t pfn_at = pages_at + (off_t)(nr_pages * PAGE);
    off_t names_at = pfn_at + (off_t)(nr_pages * sizeof *pfns);

    notes_size += put_note(notes + notes_size, XEN_ELFNOTE_DUMPCORE_NONE, NULL, 0);
    notes_size += put_note(notes + notes_size, XEN_ELFNOTE_DUMPCORE_HEADER, header_desc, sizeof header_desc);
    notes_size += put_note(notes + notes_size, XEN_ELFNOTE_DUMPCORE_XEN_VERSION, &version, sizeof version);
    notes_size += put_note(notes + notes_size, XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION, &format_version,
                           sizeof format_version);

    Elf64_Shdr shdr[SECTIONS];
    unsigned int nr_shdr = 0;
    memset(&shdr[nr_shdr++], 0, sizeof shdr[0]);
    set_shdr(&shdr[nr_shdr++], ".shstrtab", SHT_STRTAB, (uint64_t)names_at, sizeof names, 0, 0);
    set_shdr(&shdr[nr_shdr++], ".note.Xen", SHT_NOTE, (uint64_t)notes_at, notes_size, 0, 0);
    set_shdr(&shdr[nr_shdr++], ".xen_prstatus", SHT_PROGBITS, (uint64_t)prstatus_at, nr_vcpus * sizeof *ctxt,
             __alignof__(*ctxt), sizeof *ctxt);
    if (shinfo)
        set_shdr(&shdr[nr_shdr++], ".xen_shared_info", SHT_PROGBITS, (uint64_t)shinfo_at, PAGE, 8, PAGE);
    set_shdr(&shdr[nr_shdr++], ".xen_pages", SHT_PROGBITS, (uint64_t)pages_at, nr_pages * PAGE, PAGE, PAGE);
    set_shdr(&shdr[nr_shdr++], ".xen_pfn", SHT_PROGBITS, (uint64_t)pfn_at, nr_pages * sizeof *pfns,
             __alignof__(uint64_t), sizeof(uint64_t));

    Elf64_Ehdr ehdr;
    memset(&ehdr, 0, sizeof ehdr);
    memcpy(ehdr.e_ident, ELFMAG, SELFMAG);
    ehdr.e_ident[EI_CLASS] = ELFCLASS64;
    ehdr.e_ident[EI_DATA] = ELFDATA2LSB;
    ehdr.e_ident[EI_VERSION] = EV_CURRENT;
    ehdr.e_ident[EI_OSABI] = ELFOSABI_SYSV;
    ehdr.e_type = ET_CORE;
    ehdr.e_machine = EM_X86_64;
    ehdr.e_version = EV_CURRENT;
    ehdr.e_shoff = sizeof ehdr;
    ehdr.e_ehsize = sizeof ehdr;
    ehdr.e_phentsize = sizeof(Elf64_Phdr);
    ehdr.e_shentsize = sizeof(Elf64_Shdr);
    ehdr.e_shnum = (Elf64_Half)nr_shdr;
    ehdr.e_shstrndx = 1;

    if (write_at(fd, &ehdr, sizeof ehdr, 0) < 0 ||
        write_at(fd, shdr, nr_shdr * sizeof shdr[0], sizeof ehdr) < 0 ||
        write_at(fd, notes, notes_size, notes_at) < 0 ||
        write_at(fd, ctxt, nr_vcpus * sizeof *ctxt, prstatus_at) < 0 ||
        (shinfo && write_at(fd, shinfo, PAGE, shinfo_at) < 0) ||
        write_at(fd, pfns, nr_pages * sizeof *pfns, pfn_at) < 0 ||
        write_at(fd, names, sizeof names, names_at) < 0)
        return fail(tmp);
    if (fsync(fd) < 0 || close(fd) < 0)
        return fail(tmp);
    if (rename(tmp, file) < 0)
        return fail(file);
    printf("domain %lu: %zu frames of pfns 0..0x%" PRIx64 ", %u vCPU(s), shared_info %s: %s\n", domid, nr_pages,
           (uint64_t)max_gpfn, nr_vcpus, shinfo ? "yes" : "no", file);
    if (skipped)
        fprintf(stderr, "xenguest-dump-core: %zu batches of %u pfns could not be mapped at all (left out)\n", skipped,
                BATCH);
    if (shinfo)
        xenforeignmemory_unmap(fmem, shinfo, 1);
    free(pfns);
    free(ctxt);
    xenforeignmemory_close(fmem);
    xc_interface_close(xch);
    return 0;
}
