/* The smallest PVH domU: Xen enters it in 32-bit protected mode at the PHYS32_ENTRY note's
   address; it writes one line to port 0xE9 (Xen's debug console: xl dmesg shows it) and sleeps for
   ever. HelloGuest (the test bed) assembles it with as --32 and links it with hello.ld.  */
        .section .note.Xen, "a", @note
        .balign 4
        .long 4, 4, 18          /* name size, desc size, XEN_ELFNOTE_PHYS32_ENTRY */
        .asciz "Xen"
        .long _start

        .text
        .code32
        .globl _start
_start:
        mov $message, %esi
1:      lodsb
        test %al, %al
        jz 2f
        outb %al, $0xe9
        jmp 1b
2:      sti                     /* hlt with interrupts off would take the vCPU down */
        hlt
        jmp 2b

        .data
message: .asciz "hello from a PVH domU\n"
