#!/bin/bash
# prepare.sh: gets what `xenguest host start` boots and builds the dom0 initramfs, once per cache.
#   prepare.sh CACHE RESOURCES    CACHE: the host's cache folder; RESOURCES: this folder (init,
#                                 vif-bridge, hostd.c, and probe/: the dom0 probe's sources)
# Prints one KEY=VALUE a line on stdout (XEN=, KERNEL=, INITRAMFS=, KVER=); progress on stderr, one
# line per phase ("host: fetch ...", "host: initramfs ..."). Nothing is installed: the Debian
# bookworm packages are fetched with apt-get download and unpacked with dpkg -x.
# Exit 0 when all is there; 3 when something cannot be had, with the command that gets it.
set -euo pipefail
CACHE="$1"
RES="$2"
say() { echo "host: $*" >&2; }
missing() { echo "host: $*" >&2; exit 3; }

# Xen 4.17, its tools and libraries, busybox for dom0's userland, and the C library they need.
PACKAGES=(xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common xenstore-utils libxenmisc4.17
  libxenstore4 libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxentoollog1
  libxentoolcore1 libxendevicemodel1 libxenhypfs1 libyajl2 libext2fs2 liblzma5 libuuid1 libzstd1
  zlib1g libncurses6 libtinfo6 libc6 libcom-err2 libgcc-s1 busybox-static)
# dom0's drivers, in the order they load (each needs only the ones before it).
MODULES=(xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-netback llc stp bridge e1000)

for tool in apt-get dpkg-deb; do
  command -v $tool >/dev/null || missing "no $tool here: the host is built from Debian packages (Debian or Ubuntu needed)"
done
command -v cc >/dev/null || missing "no C compiler for the host agent; run: sudo apt-get install -y gcc"
command -v make >/dev/null || missing "no make for the dom0 probe; run: sudo apt-get install -y make"
[ -f /usr/include/xenctrl.h ] || missing "no Xen headers and libraries for the dom0 probe; run: sudo apt-get install -y libxen-dev"

DEBS="$CACHE/debs"
mkdir -p "$DEBS"

apt_download() {   # package...: the .debs not in $DEBS yet
  local want=()
  for p in "$@"; do ls "$DEBS/${p}_"*.deb >/dev/null 2>&1 || want+=("$p"); done
  ((${#want[@]})) || return 0
  say "fetch: ${#want[@]} Debian packages into $DEBS (apt-get download)"
  (cd "$DEBS" && apt-get download "${want[@]}" >/dev/null 2>"$CACHE/apt.log") && return 0
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    (cd "$DEBS" && apt-get download "${want[@]}" >/dev/null 2>"$CACHE/apt.log") && return 0
  fi
  missing "cannot download ${want[*]} ($(tail -1 "$CACHE/apt.log")); run: sudo apt-get update && (cd $DEBS && apt-get download ${want[*]})"
}

# The kernel's ABI moves with Debian's updates: ask apt which one linux-image-amd64 means today,
# unless the cache already holds one.
kernel_deb=$(ls "$DEBS"/linux-image-[0-9]*-amd64_*.deb 2>/dev/null | head -1 || true)
if [ -z "$kernel_deb" ]; then
  kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
  if [ -z "$kpkg" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
  fi
  [ -n "$kpkg" ] || missing "apt does not know linux-image-amd64; run: sudo apt-get update"
  apt_download "$kpkg"
  kernel_deb=$(ls "$DEBS/${kpkg}_"*.deb | head -1)
fi
apt_download "${PACKAGES[@]}"
say "fetch: $(ls "$DEBS" | wc -l) Debian packages in $DEBS ($(du -sm "$DEBS" | cut -f1) MB)"

ROOT="$CACHE/dom0-root"
INITRAMFS="$CACHE/dom0.cpio"
stamp="$CACHE/dom0.stamp"
# Rebuilt when a package or one of our dom0 files changed.
want_stamp=$( (ls -l "$DEBS"; cat "$RES/init" "$RES/vif-bridge" "$RES/hostd.c" "$0" "$RES"/probe/Makefile "$RES"/probe/src/*) | cksum)
if [ ! -s "$INITRAMFS" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want_stamp" ]; then
  say "initramfs: unpacking $(ls "$DEBS" | wc -l) packages, building dom0's initramfs"
  rm -rf "$ROOT" "$CACHE/kernel" "$INITRAMFS" "$stamp"
  mkdir -p "$ROOT" "$CACHE/kernel"
  for p in "${PACKAGES[@]}"; do dpkg-deb -x "$DEBS/${p}_"*.deb "$ROOT"; done
  dpkg-deb -x "$kernel_deb" "$CACHE/kernel"
  kver=$(ls "$CACHE/kernel/lib/modules" | head -1)
  cp "$CACHE/kernel/boot/vmlinuz-$kver" "$CACHE/vmlinuz"
  zcat "$ROOT"/boot/xen-4.17-amd64.gz >"$CACHE/xen"
  # What dom0 does not need at run time: docs, headers, the hypervisor image, static libraries.
  rm -rf "$ROOT"/usr/share/doc "$ROOT"/usr/share/man "$ROOT"/usr/share/locale "$ROOT"/usr/share/info \
    "$ROOT"/usr/include "$ROOT"/boot "$ROOT"/usr/lib/x86_64-linux-gnu/gconv "$ROOT"/usr/lib/debug
  find "$ROOT" -name '*.a' -delete
  mkdir -p "$ROOT/lib/modules/$kver"
  for m in "${MODULES[@]}"; do
    ko=$(find "$CACHE/kernel/lib/modules/$kver" -name "$m.ko" | head -1)
    [ -n "$ko" ] || missing "the kernel $kver has no $m.ko: remove $DEBS/linux-image-* and try again"
    cp "$ko" "$ROOT/lib/modules/$kver/"
  done
  printf '%s\n' "${MODULES[@]}" >"$ROOT/lib/modules/$kver/load-order"
  rm -rf "$CACHE/kernel"
  install -m 0755 "$RES/init" "$ROOT/init"
  mkdir -p "$ROOT/etc/xen/scripts" "$ROOT/usr/sbin"
  install -m 0755 "$RES/vif-bridge" "$ROOT/etc/xen/scripts/vif-bridge"
  # The agent is static: it runs before anything else is set up and needs no library path.
  cc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$ROOT/usr/sbin/xenguest-hostd" "$RES/hostd.c" 2>"$CACHE/hostd-build.log" ||
    missing "cannot build the host agent (see $CACHE/hostd-build.log); run: sudo apt-get install -y gcc libc6-dev"
  # The dom0 probe, against this machine's libxen-dev (Debian's 4.17, the libraries dom0 has).
  make -s -C "$RES/probe" build/xenguest-probe build/xenguest-dump-core >"$CACHE/probe-build.log" 2>&1 ||
    missing "cannot build the dom0 probe (see $CACHE/probe-build.log); run: sudo apt-get install -y gcc make libxen-dev"
  install -m 0755 "$RES/probe/build/xenguest-probe" "$ROOT/usr/sbin/xenguest-probe"
  install -m 0755 "$RES/probe/build/xenguest-dump-core" "$ROOT/usr/sbin/xenguest-dump-core"
  (cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | "$ROOT/bin/busybox" cpio -o -H newc >"$INITRAMFS.tmp" 2>/dev/null)
  mv "$INITRAMFS.tmp" "$INITRAMFS"
  echo "$want_stamp" >"$stamp"
else
  say "initramfs: $INITRAMFS is up to date"
fi
echo "XEN=$CACHE/xen"
echo "KERNEL=$CACHE/vmlinuz"
echo "INITRAMFS=$INITRAMFS"
