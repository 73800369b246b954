#!/usr/bin/env bash
# The probe on a REAL Xen host: the one `xenguest host start` runs (Xen 4.17, Linux PV dom0 in
# QEMU). Copies build/xenguest-probe into dom0, starts the smallest PVH domU (the test bed's
# hello guest), talks RSP to the probe through `xenguest-probe --stdio` in dom0 (no network, no
# listening socket), and checks:
#   - the domain list, its type and state; Xen's port bindings equal what `xl debug-keys e` prints;
#   - vCPU state (blocked, IF) from the HVM save records; HVM params; the grant table's first
#     entries (the toolstack's console and xenstore grants); xenstore device nodes;
#   - guest-physical memory: the guest's own code and message at 1 MiB;
#   - writes refused; no pause but for g, and g says so;
#   - the domain destroyed while attached: the probe lets go of it (xl list no longer shows it)
#     and says it is gone.
# With --refguest, then also the reference guest as a domU (examples/refguest-domu.xenguest: it
# places shared_info, binds 13 ports, runs a netfront against dom0's netback): every binding and
# every mask bit the probe reads equal `xl debug-keys e`, the netfront's event-channel is a port
# bound to dom0, its frontend and backend are Connected.
# Usage: probe/tests/host-check.sh [--refguest]  (with a running host; XENGUEST_CACHE selects it)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
xg="$here/xenguest"
xl=/usr/lib/xen-4.17/bin/xl
work=$(mktemp -d /tmp/xenguest-probe-host-XXXXXX)
trap 'rm -rf "$work"' EXIT

"$xg" host status >/dev/null || { echo "host-check: no host running: ./xenguest host start" >&2; exit 3; }

echo "host-check: build and copy the probe into dom0"
make -s -C "$here/probe" probe
strip -o "$work/xenguest-probe" "$here/probe/build/xenguest-probe"
b64=$(base64 -w0 "$work/xenguest-probe")
"$xg" host exec -- sh -c 'rm -f /tmp/xenguest-probe.b64; mkdir -p /usr/local/bin' >/dev/null
for ((i = 0; i < ${#b64}; i += 60000)); do
  "$xg" host exec -- sh -c "printf %s '${b64:i:60000}' >> /tmp/xenguest-probe.b64" >/dev/null
done
"$xg" host exec -- sh -c 'base64 -d /tmp/xenguest-probe.b64 > /usr/local/bin/xenguest-probe && chmod 755 /usr/local/bin/xenguest-probe' >/dev/null

echo "host-check: start the hello PVH domU"
res="$here/plugins/org.xenguest.testbed/resources/org/xenguest/testbed/hello"
cp "$res/hello.S" "$res/hello.ld" "$work/"
sed 's/^name = .*/name = "probecheck"/' "$res/hello.cfg" > "$work/hello.cfg"
(cd "$work" && as --32 -o hello.o hello.S && ld -m elf_i386 -T hello.ld -z noexecstack -o hello hello.o)
domid=$("$xg" host create "$work/hello.cfg" | sed -n 's/^domid \([0-9]*\).*/\1/p')
[[ -n "$domid" ]] || { echo "host-check: xl create failed" >&2; exit 1; }
sleep 1
hexdom=$(printf %x "$domid")

packets() { python3 -c '
import sys
print("".join("$%s#%02x" % (d, sum(d.encode()) & 0xff) for d in sys.argv[1:]), end="")' "$@"; }

one=$(packets QStartNoAckMode qXenguest.Status qXenguest.Domains "vAttach;$hexdom" qXenguest.Domain \
  'qXenguest.Ports:0,40' qXenguest.Vcpus qXenguest.HvmParams qXenguest.Grants 'qXenguest.GrantRead:0,10' \
  qXenguest.Xenstore 'm100000,40' 'M100000,1:00' qXenguest.Status g qXenguest.Status k)
"$xg" host exec -- sh -c "printf '%s' '$one' | /usr/local/bin/xenguest-probe --stdio" > "$work/one.out" 2>&1
"$xg" host xl debug-keys e >/dev/null
"$xg" host xl dmesg > "$work/dmesg.out"

two=$(packets QStartNoAckMode "vAttach;$hexdom" 'm100000,10' qXenguest.Status)
three=$(packets 'm100000,10' '?' qXenguest.Domains k)
"$xg" host exec -- sh -c "( printf '%s' '$two'; sleep 1; $xl destroy $domid; sleep 2; $xl list > /tmp/xl-list.out;
  printf '%s' '$three' ) | /usr/local/bin/xenguest-probe --stdio; echo; echo XL-LIST; cat /tmp/xl-list.out; echo XL-END" \
  > "$work/two.out" 2>&1

python3 - "$work" "$domid" <<'EOF'
import re, sys
work, domid = sys.argv[1], int(sys.argv[2])
def replies(path):
    text = open(path, encoding="latin-1").read()
    return re.findall(r"\$([^#$]*)#[0-9a-f]{2}", text), text
one, one_text = replies(work + "/one.out")
two, two_text = replies(work + "/two.out")
failures = []
def check(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
def records(reply):
    return [dict(f.split("=", 1) for f in r.split(",")) for r in reply.split(";") if r]
# one: OK, Status, Domains, S05, Domain, Ports, Vcpus, HvmParams, Grants, GrantRead, Xenstore, m, M, Status, g, Status
check(len(one) == 16, "16 replies to the first session (got %d)" % len(one))
status = records(one[1])[0]
check(status["xen"] == "xen", "the probe runs on Xen (xen=%s)" % status["xen"])
doms = {int(r["id"], 16): r for r in records(one[2]) if "id" in r}
check(0 in doms and doms[0]["type"] == "pv", "dom0 is listed as PV")
me = doms.get(domid, {})
check(bytes.fromhex(me.get("name", "")) == b"probecheck" and me.get("type") == "pvh",
      "the domU is listed as PVH named probecheck: %s" % me)
check(one[3] == "S05", "vAttach answers S05")
check(records(one[4])[0]["shared_info"] == "none", "hello never places shared_info: shared_info=none")
ports = {int(r["port"], 16): r for r in records(one[5]) if "port" in r}
# xl debug-keys e: "   1 [0/0/0]: s=3 n=0 x=0 d=0 p=17" (s: 2 unbound 3 interdomain 4 pirq 5 virq 6 ipi)
dmesg = open(work + "/dmesg.out").read()
section = dmesg[dmesg.rfind("Event channel information for domain %d:" % domid):]
section = section.split("Event channel information for domain", 2)[1]
ecs = {2: "unbound", 3: "interdomain", 4: "pirq", 5: "virq", 6: "ipi"}
xen_ports = {}
for m in re.finditer(r"^\(XEN\).*?\s(\d+) \[(\d)/(\d)/(\d)\]: s=(\d+) n=(\d+) x=\d+(?: d=(\d+))?(?: p=(\d+))?(?: v=(\d+))?",
                     section, re.M):
    port, s = int(m.group(1)), int(m.group(5))
    if s in ecs:
        xen_ports[port] = (ecs[s], int(m.group(6)), m.group(7), m.group(8))
check(len(xen_ports) >= 2, "xl debug-keys e shows the domain's ports: %s" % xen_ports)
same = set(xen_ports) == set(ports)
for port, (state, vcpu, d, p) in xen_ports.items():
    r = ports.get(port, {})
    same = same and r.get("state") == state and int(r.get("vcpu", "-1"), 16) == vcpu
    if state == "interdomain":
        same = same and int(r["rdom"], 16) == int(d) and int(r["rport"], 16) == int(p)
check(same, "the probe's bindings equal xl debug-keys e: probe %s, xen %s" % (ports, xen_ports))
vcpu0 = records(one[6])[0]
check(vcpu0.get("online") == "1" and vcpu0.get("blocked") == "1" and vcpu0.get("if") == "1",
      "vCPU 0 online, blocked, interrupts enabled (sti; hlt): %s" % vcpu0)
check("irr" in vcpu0 and "isr" in vcpu0, "the LAPIC record was read")
params = records(one[7])[0]
check(all(not params[k].startswith("E") for k in ("store_pfn", "store_evtchn", "console_pfn", "console_evtchn")),
      "HVM params: %s" % params)
grants = records(one[8])[0]
check(grants["version"] == "1" and int(grants["frames"], 16) >= 1, "grant table v1: %s" % grants)
entries = bytes.fromhex(one[9])
frames = {int.from_bytes(entries[e * 8 + 4:e * 8 + 8], "little") for e in (0, 1)}
check(frames == {int(params["console_pfn"], 16), int(params["store_pfn"], 16)},
      "grant entries 0 and 1 are the console and xenstore pages: %s" % [hex(f) for f in frames])
nodes = {bytes.fromhex(r["path"]).decode(): bytes.fromhex(r["value"]).decode("latin-1")
         for r in records(one[10]) if "path" in r}
check(any(p.startswith("/local/domain/%d/device" % domid) for p in nodes), "frontend nodes listed")
check(any(p.startswith("/local/domain/0/backend/") for p in nodes), "backend nodes listed: %d nodes" % len(nodes))
mem = bytes.fromhex(one[11])
check(mem[0] == 0xBE and b"hello from a PVH domU" in mem,
      "guest memory at 1 MiB is the guest's code and message: %s" % mem[:24])
check(one[12].startswith("E.read-only"), "a write is refused: " + one[12])
check(records(one[13])[0]["pauses"] == "0", "no pause before g")
check(len(one[14]) == 2 * (17 * 8 + 7 * 4), "g gives the registers")
check(records(one[15])[0]["pauses"] == "1", "g paused once, and Status says so")
check("paused domain %d" % domid in one_text, "the probe logged the pause")
# two: OK, S05, m, Status | (destroyed) | m, ?, Domains
check(len(two) == 7, "7 replies to the second session (got %d): %s" % (len(two), two))
check(two[2] != "" and not two[2].startswith("E"), "read before the destroy")
check("maps=1" in two[3], "one frame mapped before the destroy: %s" % two[3])
check(len(two) > 4 and "is gone" in two[4], "the read after the destroy says the domain is gone")
check(len(two) > 5 and two[5] == "W00", "detached after the destroy")
check(len(two) > 6 and all(int(r["id"], 16) != domid for r in records(two[6]) if "id" in r),
      "the destroyed domain is no longer listed")
xl_list = two_text.split("XL-LIST", 1)[1].split("XL-END", 1)[0] if "XL-END" in two_text else "(no xl list)"
check("probecheck" not in xl_list and "(null)" not in xl_list,
      "xl list 2 s after xl destroy: the domain is gone, not kept alive (dying) by the probe's mapping")
print("host-check: %d failed" % len(failures))
sys.exit(1 if failures else 0)
EOF

[[ "${1:-}" == "--refguest" ]] || exit 0
echo "host-check: the reference guest as a domU"
"$xg" generate "$here/examples/refguest-domu.xenguest" -o "$work/gen" >/dev/null
make -s -C "$here/releng/refguest" GEN="$work/gen" BUILD="$work/build" >/dev/null
"$xg" host xl destroy refguest >/dev/null 2>&1 || true
domid=$("$xg" host create "$work/gen/xl/refguest.cfg" --kernel "$work/build/refguest.elf" | sed -n 's/^domid \([0-9]*\).*/\1/p')
[[ -n "$domid" ]] || { echo "host-check: xl create of the reference guest failed" >&2; exit 1; }
hexdom=$(printf %x "$domid")
for _ in $(seq 1 60); do  # until its netfront is Connected (4)
  [[ "$("$xg" host exec -- xenstore-read "/local/domain/$domid/device/vif/0/state" 2>/dev/null)" == 4 ]] && break
  sleep 0.5
done
first=$(packets QStartNoAckMode "vAttach;$hexdom" qXenguest.Domain k)
"$xg" host exec -- sh -c "printf '%s' '$first' | /usr/local/bin/xenguest-probe --stdio" > "$work/ref0.out" 2>&1
gfn=$(grep -o 'shared_info=[0-9a-f]*' "$work/ref0.out" | head -1 | cut -d= -f2)
[[ -n "$gfn" ]] || { echo "FAIL the reference guest has placed no shared_info"; exit 1; }
ref=$(packets QStartNoAckMode "vAttach;$hexdom" qXenguest.Ports qXenguest.Xenstore "m${gfn}000,1000" qXenguest.Vcpus qXenguest.Grants 'qXenguest.GrantRead:ff8,10' k)
"$xg" host exec -- sh -c "printf '%s' '$ref' | /usr/local/bin/xenguest-probe --stdio; $xl debug-keys e; $xl dmesg" \
  > "$work/ref.out" 2>&1
"$xg" host xl destroy "$domid" >/dev/null
python3 - "$work" "$domid" <<'EOF'
import re, sys
work, domid = sys.argv[1], int(sys.argv[2])
text = open(work + "/ref.out", encoding="latin-1").read()
failures = []
def check(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
def records(reply):
    return [dict(f.split("=", 1) for f in r.split(",")) for r in reply.split(";") if r]
def unescape(data):
    out, esc = bytearray(), False
    for b in data:
        if esc:
            out.append(b ^ 0x20)
            esc = False
        elif b == 0x7d:
            esc = True
        else:
            out.append(b)
    return bytes(out)
raw = text.encode("latin-1")
packets = [m.group(1) for m in re.finditer(rb"\$((?:[^#$}]|}.)*)#[0-9a-f]{2}", raw, re.S)]
check(len(packets) == 8, "8 replies (got %d)" % len(packets))
ports = {int(r["port"], 16): r for r in records(packets[2].decode()) if "port" in r}
nodes = {bytes.fromhex(r["path"]).decode(): bytes.fromhex(r["value"]).decode("latin-1")
         for r in records(packets[3].decode()) if "path" in r}
page = bytes.fromhex(packets[4].decode())  # hex: the exec transport is text, not binary
check(len(page) == 4096, "shared_info read whole (%d bytes)" % len(page))
vcpus = records(packets[5].decode())
section = text[text.rfind("Event channel information for domain %d:" % domid):]
section = section.split("Event channel information for domain", 2)[1]
ecs = {2: "unbound", 3: "interdomain", 4: "pirq", 5: "virq", 6: "ipi"}
xen = {}
for m in re.finditer(r"\s(\d+) \[(\d)/(\d)/(\d)\]: s=(\d+) n=(\d+) x=\d+(?: d=(\d+))?(?: p=(\d+))?(?: v=(\d+))?", section):
    if int(m.group(5)) in ecs:
        xen[int(m.group(1))] = dict(state=ecs[int(m.group(5))], vcpu=int(m.group(6)), masked=int(m.group(3)),
                                    d=m.group(7), p=m.group(8), v=m.group(9))
check(len(xen) >= 10, "xl debug-keys e lists %d bound ports" % len(xen))
check(set(xen) == set(ports), "the same ports are bound: probe %s, xen %s" % (sorted(ports), sorted(xen)))
diff = []
for port, x in xen.items():
    r = ports.get(port, {})
    if r.get("state") != x["state"] or int(r.get("vcpu", "-1"), 16) != x["vcpu"]:
        diff.append(port)
    if x["state"] == "interdomain" and (int(r.get("rdom", "-1"), 16) != int(x["d"])
                                        or int(r.get("rport", "-1"), 16) != int(x["p"])):
        diff.append(port)
    if x["state"] == "virq" and int(r.get("virq", "-1"), 16) != int(x["v"]):
        diff.append(port)
check(not diff, "every binding equals xl debug-keys e (differ: %s)" % diff)
mask = page[2560:2560 + 512]
masked = {p: (mask[p // 8] >> (p % 8)) & 1 for p in xen}
check(all(masked[p] == xen[p]["masked"] for p in xen),
      "every mask bit read from shared_info equals xl debug-keys e's m: %s"
      % {p: (masked[p], xen[p]["masked"]) for p in xen})
evtchn = int(nodes.get("/local/domain/%d/device/vif/0/event-channel" % domid, "-1"))
check(evtchn in ports and ports[evtchn]["state"] == "interdomain" and ports[evtchn]["rdom"] == "0",
      "the netfront's event-channel %d is bound to dom0" % evtchn)
check(nodes.get("/local/domain/%d/device/vif/0/state" % domid) == "4"
      and nodes.get("/local/domain/0/backend/vif/%d/0/state" % domid) == "4", "netfront and netback Connected")
check(bool(vcpus) and vcpus[0].get("online") == "1" and "if" in vcpus[0], "vCPU 0 state: %s" % vcpus[0])
grants = records(packets[6].decode())[0]
check(int(grants["frames"], 16) >= 2, "its grant table has %s frames" % grants["frames"])
check(len(packets[7]) == 32 and not packets[7].startswith(b"E"),
      "a grant table read across its first two frames: %s" % packets[7][:40])
print("host-check (reference guest): %d failed" % len(failures))
sys.exit(1 if failures else 0)
EOF
