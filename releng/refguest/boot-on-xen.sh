#!/usr/bin/env bash
# Boots the reference guest as the PVH dom0 of Debian's Xen 4.17, inside
# QEMU (TCG: no KVM needed), and prints the guest's console lines.
# Exit status: 0 when the guest printed "refguest: done", 1 when it did not
# (failure, crash or timeout), 2 when a prerequisite is missing.
#
# Fetches what it needs when missing, into $XENGUEST_CACHE (default
# ~/.cache/xenguest):
#   - xen-hypervisor-4.17-amd64 (apt-get download + dpkg -x, no install);
#     its xen.gz is unpacked to an ELF image QEMU's -kernel can load;
#   - Xen's public headers (libxen-dev) if /usr/include/xen is absent;
#   - qemu-system-x86 (installed with apt-get when running as root; Debian
#     bookworm's 7.2 works).
#
# Usage: boot-on-xen.sh [--cc gcc|clang] [--runs N] [--timeout SECONDS]
#                       [--exit reboot|debug-exit|poweroff] [--port PORT]
#                       [--guest-args "WORDS"]
#   --exit     how the finished guest makes QEMU exit (default reboot:
#              SCHEDOP_shutdown(reboot), Xen resets the machine and QEMU's
#              -no-reboot exits; poweroff: Xen only halts, the script
#              stops QEMU when it sees the halt)
#   --port     TCP port on 127.0.0.1 for COM2 (default: a free one)
#   --guest-args  more words for the guest's command line (selftest=trap
#              makes it fault on purpose, to see the crash path)
# Outputs (git-ignored): releng/refguest/build/run/{xen.log,com2.log,qemu.err}
# (or $XENGUEST_RUN_DIR); Xen headers from $XEN_INCLUDE/xen if set;
# VERBOSE=1 prints the QEMU command line.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${XENGUEST_CACHE:-$HOME/.cache/xenguest}"
CC_NAME="gcc"
RUNS=1
TIMEOUT=120
EXIT_MODE="reboot"
PORT=""
GUEST_ARGS=""
XEN_PKG="xen-hypervisor-4.17-amd64"
QEMU="${QEMU:-qemu-system-x86_64}"

die() { echo "boot-on-xen: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --cc) CC_NAME="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --timeout) TIMEOUT="$2"; shift 2 ;;
        --exit) EXIT_MODE="$2"; shift 2 ;;
        --port) PORT="$2"; shift 2 ;;
        --guest-args) GUEST_ARGS="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
done
case "$EXIT_MODE" in reboot|debug-exit|poweroff) ;; *) die "--exit: reboot, debug-exit or poweroff" ;; esac
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs: a positive number"
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "--timeout: seconds"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ---- prerequisites -------------------------------------------------------

apt_download() {   # package dir: fetch one .deb into dir, with apt-get download
    local pkg="$1" dir="$2"
    mkdir -p "$dir"
    if ! ls "$dir/${pkg}_"*.deb >/dev/null 2>&1; then
        echo "boot-on-xen: fetching $pkg (apt-get download)"
        if ! (cd "$dir" && apt-get download "$pkg" >/dev/null 2>&1); then
            if [ "$(id -u)" = 0 ]; then
                apt-get update -qq >/dev/null 2>&1 || true
                (cd "$dir" && apt-get download "$pkg" >/dev/null 2>&1) ||
                    die "cannot download $pkg; try: apt-get update && (cd $dir && apt-get download $pkg)"
            else
                die "cannot download $pkg; try: (cd $dir && apt-get download $pkg)"
            fi
        fi
    fi
}

XEN_IMAGE="$CACHE/xen-4.17-amd64.elf"
if [ ! -s "$XEN_IMAGE" ]; then
    command -v apt-get >/dev/null || die "apt-get not found: needs Debian's $XEN_PKG"
    apt_download "$XEN_PKG" "$CACHE/debs"
    rm -rf "$CACHE/xen-pkg"
    dpkg -x "$CACHE/debs/${XEN_PKG}_"*.deb "$CACHE/xen-pkg"
    gz="$(ls "$CACHE"/xen-pkg/boot/xen-4.17-amd64.gz 2>/dev/null | head -n1)"
    [ -n "$gz" ] || die "no boot/xen-4.17-amd64.gz in $XEN_PKG"
    # QEMU's -kernel loads a multiboot ELF, not the gzip that GRUB takes.
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
        echo "boot-on-xen: installing qemu-system-x86 (apt-get install)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-x86 >/dev/null ||
            die "cannot install qemu-system-x86; try: apt-get update && apt-get install -y qemu-system-x86"
    else
        die "$QEMU not found; install it: sudo apt-get install -y qemu-system-x86"
    fi
fi
command -v make >/dev/null || die "make not found"
command -v "$CC_NAME" >/dev/null || die "$CC_NAME not found"

# ---- build ---------------------------------------------------------------

BUILD_DIR="build/$CC_NAME"
make -s -C "$HERE" CC="$CC_NAME" BUILD="$BUILD_DIR" XEN_INCLUDE="$XEN_INCLUDE" ||
    { echo "boot-on-xen: build failed" >&2; exit 2; }
KERNEL="$HERE/$BUILD_DIR/refguest.elf"

# ---- boot ----------------------------------------------------------------

RUN_DIR="${XENGUEST_RUN_DIR:-$HERE/build/run}"
mkdir -p "$RUN_DIR"
QPID=""
COM2_PID=""
cleanup() {
    if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
        kill "$QPID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$QPID" 2>/dev/null || true
    fi
    if [ -n "$COM2_PID" ]; then kill "$COM2_PID" 2>/dev/null || true; fi
    { exec 3>&-; } 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    local p used
    used="$(ss -Htln 2>/dev/null | awk '{print $4}' | sed 's/.*://')"
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        grep -qx "$p" <<<"$used" || { echo "$p"; return; }
    done
    die "no free TCP port found"
}

XEN_CMDLINE="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all dom0=pvh dom0_mem=64M"
EXTRA_DEV=()
case "$EXIT_MODE" in
    reboot) ;;   # no "noreboot": Xen resets the machine, -no-reboot ends QEMU
    debug-exit) XEN_CMDLINE+=" noreboot"; EXTRA_DEV=(-device isa-debug-exit,iobase=0xf4,iosize=0x04) ;;
    poweroff) XEN_CMDLINE+=" noreboot" ;;
esac

# Updates RESULT, T_FIRST and T_DONE from the log (args: log t0 now).
scan_log() {
    if [ -z "$T_FIRST" ] && grep -q '^refguest: ' "$1"; then T_FIRST="$(elapsed "$2" "$3")"; fi
    if [ -z "$T_DONE" ] && grep -q '^refguest: done' "$1"; then
        T_DONE="$(elapsed "$2" "$3")"; RESULT=done
    fi
    if grep -qE '^refguest: (FAILED|PANIC)|Panic on CPU' "$1"; then RESULT=failed; fi
}

# One boot: sets RESULT (done|failed|timeout), T_FIRST, T_DONE, T_EXIT, RSS_KB.
boot_once() {
    local port="${PORT:-$(free_port)}"
    local log="$RUN_DIR/xen.log" com2="$RUN_DIR/com2.log"
    rm -f "$log" "$com2" "$RUN_DIR/qemu.err"
    : >"$log"
    RESULT=timeout T_FIRST="" T_DONE="" T_EXIT="" RSS_KB=0

    # -cpu +svm,+npt: Debian's Xen has no shadow paging, so it needs HAP to
    # build a PVH dom0; intel-iommu: Xen refuses a PVH dom0 without an IOMMU.
    local cmd=("$QEMU" -accel tcg -machine q35 -cpu qemu64,+svm,+npt -m 256M -smp 1
        -display none -no-reboot -monitor none -nodefaults
        -device intel-iommu,intremap=on "${EXTRA_DEV[@]}"
        -serial "file:$log" -serial "tcp:127.0.0.1:$port,server=on,wait=off"
        -kernel "$XEN_IMAGE" -append "$XEN_CMDLINE"
        -initrd "$KERNEL refguest exit=$EXIT_MODE${GUEST_ARGS:+ $GUEST_ARGS}")
    [ "${VERBOSE:-0}" = 1 ] && echo "boot-on-xen: $(printf "%q " "${cmd[@]}")"
    local t0; t0="$(now)"
    "${cmd[@]}" </dev/null >/dev/null 2>"$RUN_DIR/qemu.err" &
    QPID=$!

    local deadline; deadline="$(awk -v a="$t0" -v t="$TIMEOUT" 'BEGIN { printf "%.3f", a + t }')"
    local connected=0 sent=0 t rss alive
    while :; do
        t="$(now)"
        # COM2: connect as soon as QEMU listens; answer the guest's hello.
        if [ "$connected" = 0 ] && { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
            connected=1
            timeout "$TIMEOUT" cat <&3 >"$com2" &
            COM2_PID=$!
        fi
        if [ "$connected" = 1 ] && [ "$sent" = 0 ] && grep -q "COM2 ready" "$com2" 2>/dev/null; then
            printf 'R' >&3 && sent=1
        fi
        rss="$(awk '/^VmHWM:/ { print $2 }' "/proc/$QPID/status" 2>/dev/null || true)"
        [ -n "$rss" ] && RSS_KB="$rss"
        # Read liveness before the log, so a last line written just before
        # QEMU exits is still seen by this pass.
        alive=1
        kill -0 "$QPID" 2>/dev/null || alive=0
        scan_log "$log" "$t0" "$t"
        [ "$alive" = 1 ] || break
        [ "$RESULT" = failed ] && break
        if [ "$EXIT_MODE" = poweroff ] && [ "$RESULT" = done ] &&
            grep -q 'Dom0 halted' "$log"; then break; fi
        if awk -v t="$t" -v d="$deadline" 'BEGIN { exit !(t > d) }'; then break; fi
        sleep 0.05
    done
    T_EXIT="$(elapsed "$t0" "$(now)")"
    cleanup
    QEMU_RC=0
    wait "$QPID" 2>/dev/null || QEMU_RC=$?
    QPID="" COM2_PID=""
    if [ "$RESULT" = timeout ] && awk -v t="$(now)" -v d="$deadline" 'BEGIN { exit !(t < d) }'; then
        RESULT="qemu-exited-early"
    fi
    return 0
}

echo "boot-on-xen: $("$QEMU" --version | head -n1)"
echo "boot-on-xen: Xen $XEN_IMAGE, guest $KERNEL ($CC_NAME), exit=$EXIT_MODE"
ok_runs=0
for run in $(seq 1 "$RUNS"); do
    boot_once
    if [ "$run" = 1 ] || [ "$RESULT" != done ]; then
        echo "---- guest console (xen.log) ----"
        grep '^refguest: ' "$RUN_DIR/xen.log" || true
        echo "---- COM2 (com2.log) ----"
        tr -d '\r' <"$RUN_DIR/com2.log" 2>/dev/null || true
        echo "-------------------------"
    fi
    if [ "$RESULT" != done ]; then
        echo "---- last lines of xen.log ----"
        tail -n 20 "$RUN_DIR/xen.log"
    fi
    printf 'boot-on-xen: run %d: %s; first guest line %ss, done %ss, QEMU gone %ss (status %d), QEMU peak RSS %d MB\n' \
        "$run" "$RESULT" "${T_FIRST:--}" "${T_DONE:--}" "$T_EXIT" "$QEMU_RC" $((RSS_KB / 1024))
    [ "$RESULT" = done ] && ok_runs=$((ok_runs + 1))
done
echo "boot-on-xen: $ok_runs of $RUNS boot(s) reached \"refguest: done\""
[ "$ok_runs" = "$RUNS" ]
