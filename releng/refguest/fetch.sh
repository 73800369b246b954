#!/bin/bash
# fetch.sh: gets what the reference guest demo needs and prints where it is, one KEY=VALUE a line:
#   XEN_IMAGE=...    Debian's Xen 4.17 hypervisor (xen-hypervisor-4.17-amd64), unpacked to an ELF
#   XEN_INCLUDE=...  Xen's public headers (libxen-dev; from the system, else unpacked from the .deb)
#   QEMU=...         qemu-system-x86_64 (installed with apt-get when running as root)
# Everything goes to ${XENGUEST_CACHE:-~/.cache/xenguest}. `xenguest demo` runs it.
# Exit 0 when all is there; 3 when something cannot be had, with the command that gets it.
set -euo pipefail
CACHE="${XENGUEST_CACHE:-$HOME/.cache/xenguest}"
XEN_PKG="xen-hypervisor-4.17-amd64"
QEMU="${QEMU:-qemu-system-x86_64}"
missing() { echo "fetch: $*" >&2; exit 3; }
say() { echo "fetch: $*" >&2; }

apt_download() {   # package dir: one .deb into dir
    local pkg="$1" dir="$2"
    mkdir -p "$dir"
    ls "$dir/${pkg}_"*.deb >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null || missing "no apt-get here: $pkg (Debian) is needed; put its .deb into $dir"
    say "downloading $pkg (apt-get download)"
    (cd "$dir" && apt-get download "$pkg" >/dev/null 2>&1) && return 0
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null 2>&1 || true
        (cd "$dir" && apt-get download "$pkg" >/dev/null 2>&1) && return 0
    fi
    missing "cannot download $pkg; run: apt-get update && (cd $dir && apt-get download $pkg)"
}

XEN_IMAGE="$CACHE/xen-4.17-amd64.elf"
if [ ! -s "$XEN_IMAGE" ]; then
    apt_download "$XEN_PKG" "$CACHE/debs"
    rm -rf "$CACHE/xen-pkg"
    dpkg -x "$CACHE/debs/${XEN_PKG}_"*.deb "$CACHE/xen-pkg"
    gz="$CACHE/xen-pkg/boot/xen-4.17-amd64.gz"
    [ -f "$gz" ] || missing "no boot/xen-4.17-amd64.gz in $XEN_PKG: remove $CACHE/debs and try again"
    zcat "$gz" >"$XEN_IMAGE.tmp" && mv "$XEN_IMAGE.tmp" "$XEN_IMAGE"
fi

XEN_INCLUDE="${XEN_INCLUDE:-/usr/include}"
if [ ! -f "$XEN_INCLUDE/xen/xen.h" ]; then
    XEN_INCLUDE="$CACHE/libxen-dev/usr/include"
    if [ ! -f "$XEN_INCLUDE/xen/xen.h" ]; then
        apt_download libxen-dev "$CACHE/debs"
        dpkg -x "$CACHE/debs/libxen-dev_"*.deb "$CACHE/libxen-dev"
    fi
fi

if ! command -v "$QEMU" >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing qemu-system-x86 (apt-get install)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-x86 >/dev/null 2>&1 ||
            missing "cannot install qemu-system-x86; run: apt-get update && apt-get install -y qemu-system-x86"
    else
        missing "$QEMU not found; run: sudo apt-get install -y qemu-system-x86"
    fi
fi
for tool in make gcc; do
    command -v $tool >/dev/null || missing "$tool not found; run: sudo apt-get install -y $tool"
done
echo "XEN_IMAGE=$XEN_IMAGE"
echo "XEN_INCLUDE=$XEN_INCLUDE"
echo "QEMU=$(command -v "$QEMU")"
