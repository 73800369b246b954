/*
 * Boot stub of the reference guest: a PVH (PVHv2) entry point.
 *
 * Xen's PVH dom0 builder (xen/arch/x86/hvm/dom0_build.c) loads this ELF at
 * its physical addresses and starts vCPU 0 at the address in the
 * XEN_ELFNOTE_PHYS32_ENTRY note, in 32-bit protected mode with paging off,
 * flat 4 GiB CS/DS/ES/SS, IF clear, and %ebx = physical address of
 * struct hvm_start_info (docs/misc/pvh.pandoc).  That note is the only one
 * libelf requires of a PVH kernel.
 *
 * Here we: zero .bss, build identity page tables for the low 4 GiB with
 * 2 MiB pages, enable PAE + long mode, load a 64-bit GDT and call
 * main(const struct hvm_start_info *) on our own stack.
 *
 * Also here: the hypercall page (Xen fills it when we write its guest
 * physical address to the hypercall MSR) and the interrupt entry stubs.
 */

/* The C function the upcall vector calls: the generated demux, or the
 * lost-wakeup variant's own (make VARIANT=lost-wakeup). */
#ifndef REFGUEST_UPCALL_HANDLER
#define REFGUEST_UPCALL_HANDLER xg_evtchn_upcall
#endif
#include <xen/elfnote.h>

#define CR0_PE          0x00000001
#define CR0_WP          0x00010000
#define CR0_PG          0x80000000
#define CR4_PAE         0x00000020
#define MSR_EFER        0xc0000080
#define EFER_LME        0x00000100
#define PTE_P           0x001
#define PTE_W           0x002
#define PTE_PS          0x080           /* 2 MiB page in a PD entry */

#define GDT_CODE64      0x08
#define GDT_DATA        0x10

#define STACK_SIZE      (16 * 1024)

/* ------------------------------------------------------------------ */
/* The ELF note that makes this a PVH kernel.                          */
        .section .note.Xen, "a", @note
        .balign 4
        .long   4                       /* namesz: "Xen\0" */
        .long   4                       /* descsz: a 32-bit physical address */
        .long   XEN_ELFNOTE_PHYS32_ENTRY
        .asciz  "Xen"
        .balign 4
        .long   _start32

/* ------------------------------------------------------------------ */
        .section .text.boot, "ax", @progbits
        .code32
        .globl  _start32
_start32:
        cld
        movl    %ebx, %esi              /* keep start_info across the set-up */

        /* Zero .bss ourselves: the stack, page tables and flags live there
         * and not every PVH loader promises to clear it. */
        movl    $__bss_start, %edi
        movl    $__bss_end, %ecx
        subl    %edi, %ecx
        shrl    $2, %ecx
        xorl    %eax, %eax
        rep stosl

        /* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories. */
        movl    $boot_pdpt + (PTE_P | PTE_W), boot_pml4
        movl    $boot_pd + (PTE_P | PTE_W), %eax
        movl    $boot_pdpt, %edi
        movl    $4, %ecx
1:      movl    %eax, (%edi)
        addl    $4096, %eax
        addl    $8, %edi
        loop    1b

        /* 2048 x 2 MiB identity mappings = the low 4 GiB (our image,
         * start_info, the memory map and the ACPI tables all live there).
         * The high dword of each entry stays 0 from the .bss clear. */
        movl    $(PTE_P | PTE_W | PTE_PS), %eax
        movl    $boot_pd, %edi
        movl    $2048, %ecx
2:      movl    %eax, (%edi)
        addl    $0x200000, %eax
        addl    $8, %edi
        loop    2b

        lgdt    gdt_descr

        movl    %cr4, %eax
        orl     $CR4_PAE, %eax
        movl    %eax, %cr4

        movl    $boot_pml4, %eax
        movl    %eax, %cr3

        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $EFER_LME, %eax
        wrmsr

        movl    %cr0, %eax
        orl     $(CR0_PG | CR0_WP | CR0_PE), %eax
        movl    %eax, %cr0              /* now in compatibility mode */

        ljmp    $GDT_CODE64, $start64

        .code64
start64:
        movl    $GDT_DATA, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        movl    %eax, %fs
        movl    %eax, %gs

        leaq    boot_stack_top(%rip), %rsp
        xorl    %ebp, %ebp
        movl    %esi, %edi              /* main(start_info): zero-extended */
        call    main

        /* main must not return; if it does, stop this vCPU for good. */
3:      cli
        hlt
        jmp     3b

/* ------------------------------------------------------------------ */
/* Interrupt entry.  Exceptions 0-31 go to xg_trap() with a full frame;
 * the event-channel upcall vector goes to xg_evtchn_upcall().          */

/* Push order gives struct xg_trap_frame in traps.h (lowest address first). */
.macro SAVE_ALL
        pushq   %rax
        pushq   %rbx
        pushq   %rcx
        pushq   %rdx
        pushq   %rsi
        pushq   %rdi
        pushq   %rbp
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
.endm

.macro RESTORE_ALL
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rbp
        popq    %rdi
        popq    %rsi
        popq    %rdx
        popq    %rcx
        popq    %rbx
        popq    %rax
.endm

/* Vectors that push an error code: 8, 10-14, 17, 21, 29, 30. */
.macro EXCEPTION vec
        .balign 16
exc_\vec:
        .if (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
        .else
        pushq   $0                      /* uniform frame: fake error code */
        .endif
        pushq   $\vec
        jmp     trap_common
.endm

        .text
        .globl  xg_exception_stubs
        .balign 16
xg_exception_stubs:                     /* 32 stubs, 16 bytes apart */
        .irp    v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        EXCEPTION \v
        .endr

trap_common:
        SAVE_ALL
        movq    %rsp, %rdi              /* struct xg_trap_frame * */
        call    xg_trap                 /* (16-byte aligned: 5+2+15 qwords) */
        RESTORE_ALL
        addq    $16, %rsp               /* vector and error code */
        iretq

/*
 * The upcall vector (HVM_PARAM_CALLBACK_IRQ, type "vector").  Xen injects
 * it directly, not through the local APIC's IRR/ISR, so no EOI: it is
 * re-injected as long as vcpu_info->evtchn_upcall_pending stays set and
 * interrupts are enabled.  Only the caller-saved registers need saving
 * around a C call; the CPU pushed 5 qwords, 9 more keep %rsp 16-aligned.
 */
        .globl  xg_upcall_entry
        .balign 16
xg_upcall_entry:
        pushq   %rax
        pushq   %rcx
        pushq   %rdx
        pushq   %rsi
        pushq   %rdi
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        cld
        call    REFGUEST_UPCALL_HANDLER
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rdi
        popq    %rsi
        popq    %rdx
        popq    %rcx
        popq    %rax
        iretq

/*
 * The debug tick (tick.c): a local APIC timer interrupt that polls the
 * debug stub.  xg_tick() gets the CPU's interrupt frame (%rdi: rip, cs,
 * rflags, rsp, ss) so that it can resume a halt it interrupted.
 */
        .globl  xg_tick_entry
        .balign 16
xg_tick_entry:
        pushq   %rax
        pushq   %rcx
        pushq   %rdx
        pushq   %rsi
        pushq   %rdi
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        cld
        leaq    72(%rsp), %rdi          /* the 5 qwords the CPU pushed */
        call    xg_tick
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rdi
        popq    %rsi
        popq    %rdx
        popq    %rcx
        popq    %rax
        iretq

/* ------------------------------------------------------------------ */
/* The hypercall page: 128 stubs of 32 bytes that Xen writes
 * (mov $nr,%eax; vmcall or vmmcall; ret) when told its address. */
        .section .text.hypercall_page, "ax", @progbits
        .balign 4096
        .globl  hypercall_page
hypercall_page:
        .fill   4096, 1, 0xcc           /* int3 until Xen fills it */

/* ------------------------------------------------------------------ */
        .section .rodata
        .balign 16
gdt:
        .quad   0                       /* null */
        .quad   0x00af9a000000ffff      /* 0x08: 64-bit code, DPL 0 */
        .quad   0x00cf92000000ffff      /* 0x10: flat data */
gdt_end:
gdt_descr:
        .word   gdt_end - gdt - 1
        .quad   gdt                     /* lgdt in 32-bit mode reads 6 bytes */

        .bss
        .balign 4096
boot_pml4:      .skip 4096
boot_pdpt:      .skip 4096
boot_pd:        .skip 4 * 4096
boot_stack:     .skip STACK_SIZE
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
