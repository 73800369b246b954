"""boot.py KERNEL: boots KERNEL as Xen's PVH dom0 in QEMU, asks its debug stub on COM2 while it
runs, prints the guest's lines; exit 0 when the guest said "refguest: done" and the stub answered."""
import os
import re
import socket
import subprocess
import sys
import time

kernel = sys.argv[1]
work = os.path.dirname(os.path.abspath(kernel))
sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]; sock.close()
log = os.path.join(work, "xen.log")
if os.path.exists(log): os.remove(log)
open(log, "w").close()
cmd = ["qemu-system-x86_64", "-accel", "tcg", "-machine", "q35", "-cpu", "qemu64,+svm,+npt", "-m", "256M", "-smp", "1",
       "-display", "none", "-no-reboot", "-monitor", "none", "-nodefaults", "-device", "intel-iommu,intremap=on",
       "-serial", "file:" + log, "-serial", "tcp:127.0.0.1:%d,server=on,wait=off" % port,
       "-kernel", os.environ["XEN_IMAGE"],
       "-append", "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all dom0=pvh dom0_mem=64M",
       "-initrd", kernel + " refguest"]
q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "qemu.err"), "w"))
t0 = time.time()
s = None
while time.time() - t0 < 10 and s is None:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1)
    except OSError:
        time.sleep(0.2)
def pkt(body):
    return ("$%s#%02x" % (body, sum(body.encode()) & 0xff)).encode()
def ask(body, wait=3.0):
    s.sendall(pkt(body))
    s.settimeout(wait)
    data = b""
    end = time.time() + wait
    while time.time() < end:
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            break
        if not chunk: break
        data += chunk
        if re.search(rb"\$[^#]*#[0-9a-f]{2}", data): break
    return data
done = False
while time.time() - t0 < 120:
    text = open(log, errors="replace").read()
    m = re.search(r"stub ready, debug info at 0x([0-9a-f]+)", text)
    if m and not done:
        addr = m.group(1)
        t1 = time.time()
        print("qSupported ->", ask("qSupported:multiprocess+"))
        print("qXenguest.DebugInfo ->", ask("qXenguest.DebugInfo"))
        print("m magic ->", ask("m%s,4" % addr))
        print("M (read-only) ->", ask("M%s,1:00" % addr))
        print("? ->", ask("?"))
        print("answers took %.2f s while the guest blocked" % (time.time() - t1))
        done = True
    if "refguest: done" in text or "refguest: FAILED" in text or "PANIC" in text or q.poll() is not None:
        break
    time.sleep(0.3)
try:
    q.wait(timeout=20)
except subprocess.TimeoutExpired:
    q.kill()
print("qemu exit", q.returncode, "after %.1f s" % (time.time() - t0))
ok = False
for line in open(log, errors="replace"):
    if "refguest" in line or "rg:" in line or "(XEN) *** " in line or "Panic" in line:
        print(line.rstrip())
    ok = ok or line.startswith("refguest: done")
sys.exit(0 if ok and done else 1)
