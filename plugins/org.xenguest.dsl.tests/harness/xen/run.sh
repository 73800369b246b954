#!/bin/bash
# Builds a bare PVH kernel from the generated C of rg.xenguest and the reference guest's boot
# code, boots it as the PVH dom0 of Debian's Xen 4.17 in QEMU (TCG), and talks RSP to its debug
# stub on COM2 while it runs. The build runs it (releng/org.xenguest.studio.tests,
# GeneratedGuestOnXenTest); it needs QEMU and the Xen image that releng/refguest/boot-on-xen.sh
# fetches into ~/.cache/xenguest.
#   run.sh GEN_DIR [CC]      GEN_DIR: `xenguest generate rg.xenguest -o GEN_DIR`
#   EXTRA_CFLAGS=-DXG_PVH_CALLBACK_IRQ run.sh ...   the upcall through HVM_PARAM_CALLBACK_IRQ
set -euo pipefail
GEN=${1:?usage: run.sh GEN_DIR [gcc|clang]}
CC=${2:-gcc}
HERE=$(cd "$(dirname "$0")" && pwd)
REFGUEST=${REFGUEST:-$HERE/../../../../releng/refguest}
XEN=${XEN_IMAGE:-${XENGUEST_CACHE:-$HOME/.cache/xenguest}/xen-4.17-amd64.elf}
OUT=${OUT:-$(mktemp -d)}
[ -s "$XEN" ] || { echo "run.sh: no $XEN; run releng/refguest/boot-on-xen.sh once to fetch it" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "run.sh: apt-get install qemu-system-x86" >&2; exit 2; }
cp "$REFGUEST"/{boot.S,traps.c,traps.h,console.c,console.h,hypercall.c,hypercall.h,arch.h,lib.c,refguest.ld} "$OUT"/
cp "$GEN"/c/rg_* "$HERE/main.c" "$OUT"/
cd "$OUT"
# lib.c stays (console.c and boot code use it), so the generated platform leaves memset & co. alone.
CFLAGS="-std=c11 -O2 -g -ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fno-pic -fno-pie
  -mcmodel=small -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-avx -mno-80387
  -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-common -ffunction-sections -fdata-sections
  -Wall -Wextra -Werror -D__XEN_INTERFACE_VERSION__=0x00040e00 -DXG_PVH_NO_MEMFUNCS ${EXTRA_CFLAGS:-}"
for f in *.c; do $CC $CFLAGS -c "$f" -o "${f%.c}.o"; done
$CC -D__ASSEMBLY__ -D__XEN_INTERFACE_VERSION__=0x00040e00 -fno-pic -c boot.S -o boot.o
$CC -nostdlib -static -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
    -Wl,--gc-sections -Wl,-T,refguest.ld -o rg.elf *.o
echo "run.sh: built $OUT/rg.elf with $CC"
XEN_IMAGE="$XEN" timeout 300 python3 "$HERE/boot.py" "$OUT/rg.elf"
