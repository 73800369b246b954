/*
 * Unit tests of the probe's protocol core against the FAKE host (src/probe_fake.h).
 * Prints "unit: N passed, M failed"; exits nonzero on a failure.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe_core.h"
#include "probe_fake.h"
#include "probe_server.h"
#include "wire.h"

/* What the build says it sanitizes; ASan is also checked by the compiler's own macro. */
#ifndef PROBE_SANITIZERS
#define PROBE_SANITIZERS "none"
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PROBE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROBE_ASAN 1
#endif
#endif
#ifndef PROBE_ASAN
#define PROBE_ASAN 0
#endif

static int passed, failed;
static const char *current;

#define CHECK(cond, ...)                                                                                              \
    do {                                                                                                              \
        if (cond) {                                                                                                   \
            passed++;                                                                                                 \
        } else {                                                                                                      \
            failed++;                                                                                                 \
            fprintf(stderr, "FAIL %s (%s:%d): %s: ", current, __FILE__, __LINE__, #cond);                            \
            fprintf(stderr, __VA_ARGS__);                                                                             \
            fputc('\n', stderr);                                                                                      \
        }                                                                                                             \
    } while (0)

struct fixture {
    struct probe_fake fake;
    struct probe_ctx ctx;
    struct probe_conn *a, *b;
};

static void setup(struct fixture *f, const char *name)
{
    current = name;
    probe_fake_init(&f->fake);
    probe_ctx_init(&f->ctx, &f->fake.ops, NULL, NULL);
    f->a = probe_conn_new(&f->ctx);
    f->b = probe_conn_new(&f->ctx);
}

static void teardown(struct fixture *f)
{
    probe_conn_free(f->a);
    probe_conn_free(f->b);
    CHECK(f->fake.outstanding_maps == 0, "%ld mappings left after the connections closed", f->fake.outstanding_maps);
    CHECK(f->fake.pauses == f->fake.unpauses, "paused %ld times, unpaused %ld", f->fake.pauses, f->fake.unpauses);
}

/* Feeds raw bytes (all of them, draining the output as needed) and parses what came back. */
static struct wire_out *feed_raw(struct probe_conn *c, const char *bytes, size_t len)
{
    static struct wire_out w;
    memset(&w, 0, sizeof w);
    static char all[1 << 20];
    size_t all_len = 0;
    size_t done = 0;
    while (done < len) {
        done += probe_conn_feed(c, bytes + done, len - done);
        if (all_len + c->out_len <= sizeof all) {
            memcpy(all + all_len, c->out, c->out_len);
            all_len += c->out_len;
        }
        probe_conn_consume_out(c, c->out_len);
        if (c->closed)
            break;
    }
    wire_parse(all, all_len, &w);
    return &w;
}

/* One request; returns the reply's data (static). */
static const char *ask(struct probe_conn *c, const char *data)
{
    char wire[PROBE_MAX_PACKET + 8];
    size_t n = wire_request(data, wire, sizeof wire);
    struct wire_out *w = feed_raw(c, wire, n);
    CHECK(!w->malformed, "the reply to %s is malformed: %s", data, w->why);
    CHECK(w->packets == 1, "%s got %u reply packets", data, w->packets);
    return w->last;
}

static bool has(const char *s, const char *part)
{
    return strstr(s, part) != NULL;
}

static void test_handshake(void)
{
    struct fixture f;
    setup(&f, "handshake");
    char wire[64];
    size_t n = wire_request("qSupported:swbreak+", wire, sizeof wire);
    struct wire_out *w = feed_raw(f.a, wire, n);
    CHECK(w->acks == 1 && w->packets == 1, "acks %u packets %u", w->acks, w->packets);
    CHECK(has(w->last, "PacketSize=4000") && has(w->last, "QStartNoAckMode+"), "%s", w->last);
    CHECK(has(w->last, ";qXenguest.Snapshot=4000"), "the vectored snapshot is not advertised: %s", w->last);
    CHECK(strcmp(ask(f.a, "QStartNoAckMode"), "OK") == 0, "no OK");
    n = wire_request("?", wire, sizeof wire);
    w = feed_raw(f.a, wire, n);
    CHECK(w->acks == 0 && strcmp(w->last, "W00") == 0, "after no-ack mode: acks %u reply %s", w->acks, w->last);
    CHECK(strcmp(ask(f.a, "vMustReplyEmpty"), "") == 0, "vMustReplyEmpty");
    CHECK(strcmp(ask(f.a, "qXenguest.Version"), "") != 0 && has(ask(f.a, "qXenguest.Version"), "xen=fake"),
          "the fake says it is the fake");
    teardown(&f);
}

static void test_domains_and_attach(void)
{
    struct fixture f;
    setup(&f, "domains and attach");
    const char *r = ask(f.a, "qXenguest.Domains");
    CHECK(has(r, "id=0,name=446f6d61696e2d30,type=pv,vcpus=1,online=1,state=running"), "%s", r);
    CHECK(has(r, "id=5,name=6775657374,type=pvh,vcpus=2,online=2,state=blocked"), "%s", r);
    r = ask(f.a, "qXenguest.Domains:6");
    CHECK(strncmp(r, "id=7,", 5) == 0 && !has(r, "id=5"), "from 6: %s", r);
    CHECK(strncmp(ask(f.a, "m0,4"), "E.not attached", 14) == 0, "read before attach");
    CHECK(strncmp(ask(f.a, "qXenguest.Ports"), "E.not attached", 14) == 0, "ports before attach");
    CHECK(strcmp(ask(f.a, "vAttach;5"), "S05") == 0, "attach");
    CHECK(strcmp(ask(f.a, "vAttach;5"), "S05") == 0, "attach again to the same");
    CHECK(strcmp(ask(f.a, "?"), "S05") == 0, "?");
    CHECK(strncmp(ask(f.b, "vAttach;5"), "E.busy", 6) == 0, "second client is busy");
    CHECK(strcmp(ask(f.b, "vAttach;0"), "S05") == 0, "another domain is free");
    CHECK(strncmp(ask(f.b, "vAttach;63"), "E.no domain", 11) == 0, "no such domain");
    CHECK(strncmp(ask(f.b, "vAttach;zz"), "E.malformed", 11) == 0, "malformed attach");
    CHECK(strncmp(ask(f.b, "vAttach;7ff0"), "E.", 2) == 0, "reserved id");
    CHECK(strcmp(ask(f.a, "D"), "OK") == 0, "detach");
    CHECK(strcmp(ask(f.b, "vAttach;5"), "S05") == 0, "free after detach");
    CHECK(strcmp(ask(f.b, "qfThreadInfo"), "m1,2") == 0, "threads = vCPUs");
    r = ask(f.b, "qXenguest.Domain");
    CHECK(has(r, "shared_info=80"), "%s", r);
    CHECK(strcmp(ask(f.b, "qXenguest.SharedInfo"), "gfn=80,type=pvh") == 0, "shared info");
    probe_conn_free(f.b); /* a client that goes away releases its domain */
    f.b = probe_conn_new(&f.ctx);
    CHECK(strcmp(ask(f.a, "vAttach;5"), "S05") == 0, "free after the client went");
    teardown(&f);
}

static void test_memory(void)
{
    struct fixture f;
    setup(&f, "memory");
    ask(f.a, "vAttach;5");
    /* across a page boundary */
    const char *r = ask(f.a, "m1ffc,8");
    char expect[17];
    for (int i = 0; i < 8; i++)
        snprintf(expect + 2 * i, 3, "%02x", probe_fake_ram_byte(0x1ffc + (uint64_t)i));
    CHECK(strcmp(r, expect) == 0, "m1ffc,8 = %s, expected %s", r, expect);
    /* shared_info: upcall pending, port 3 pending */
    CHECK(strcmp(ask(f.a, "m80000,2"), "0100") == 0, "vcpu_info[0]");
    CHECK(strcmp(ask(f.a, "m80800,1"), "08") == 0, "evtchn_pending[0]");
    /* binary: every byte value comes back, escapes undone */
    char wire[64];
    size_t n = wire_request("x1000,1000", wire, sizeof wire);
    struct wire_out *w = feed_raw(f.a, wire, n);
    CHECK(!w->malformed && w->last_len == 0x1001 && w->last[0] == 'b', "x: %zu bytes", w->last_len);
    bool same = true;
    for (unsigned i = 0; i < 0x1000 && w->last_len == 0x1001; i++)
        same = same && (uint8_t)w->last[1 + i] == probe_fake_ram_byte(0x1000 + i);
    CHECK(same, "binary read differs from the fake's RAM");
    /* a long read is cut to PROBE_MAX_READ (a short read) */
    r = ask(f.a, "m0,10000");
    CHECK(strlen(r) == 2 * PROBE_MAX_READ, "long read gave %zu hex digits", strlen(r));
    /* past the end of RAM: an error; a read that starts inside and runs out is short */
    CHECK(strncmp(ask(f.a, "m100000,4"), "E.cannot map", 12) == 0, "outside RAM");
    r = ask(f.a, "mfffff,4");
    CHECK(strlen(r) == 2, "short read at the end of RAM: %s", r);
    CHECK(strncmp(ask(f.a, "mzz,4"), "E.malformed", 11) == 0, "malformed m");
    CHECK(strncmp(ask(f.a, "m10"), "E.malformed", 11) == 0, "m without length");
    CHECK(strncmp(ask(f.a, "m10,4,5"), "E.malformed", 11) == 0, "m with junk");
    CHECK(strncmp(ask(f.a, "m11111111111111111,4"), "E.malformed", 11) == 0, "address overflow");
    CHECK(strncmp(ask(f.a, "mffffffffffffffff,10"), "E.", 2) == 0, "wrapping range");
    /* never writes, never pauses for reads */
    CHECK(strncmp(ask(f.a, "M1000,1:00"), "E.read-only", 11) == 0, "M refused");
    CHECK(strncmp(ask(f.a, "X1000,1:a"), "E.read-only", 11) == 0, "X refused");
    CHECK(strncmp(ask(f.a, "c"), "E.read-only", 11) == 0, "continue refused");
    CHECK(f.fake.pauses == 0, "a read paused the domain");
    /* PV domains: no guest-physical reads */
    ask(f.b, "vAttach;0");
    CHECK(strncmp(ask(f.b, "m0,4"), "E.domain 0 is PV", 16) == 0, "PV read");
    teardown(&f);
}

static void test_cache(void)
{
    struct fixture f;
    setup(&f, "mapping cache");
    ask(f.a, "vAttach;5");
    ask(f.a, "m2000,4");
    ask(f.a, "m2004,4");
    CHECK(f.a->stats.maps == 1 && f.a->stats.cache_hits == 1, "maps %lu hits %lu", f.a->stats.maps,
          f.a->stats.cache_hits);
    f.fake.clock_ms += 5000; /* older than the TTL: mapped again */
    ask(f.a, "m2008,4");
    CHECK(f.a->stats.maps == 2, "maps %lu after the TTL", f.a->stats.maps);
    for (int i = 0; i < 40; i++) { /* more pages than slots: evictions unmap */
        char req[32];
        snprintf(req, sizeof req, "m%x,1", i * 0x1000);
        ask(f.a, req);
    }
    CHECK(f.fake.outstanding_maps <= (long)PROBE_CACHE_SLOTS, "%ld mappings held", f.fake.outstanding_maps);
    f.fake.clock_ms += 5000;
    probe_conn_tick(f.a);
    CHECK(f.fake.outstanding_maps == 0, "tick keeps %ld old mappings", f.fake.outstanding_maps);
    f.fake.fail_maps = 1;
    CHECK(strncmp(ask(f.a, "m3000,4"), "E.cannot map", 12) == 0, "a failed map is an error");
    teardown(&f);
}

static void test_death(void)
{
    struct fixture f;
    setup(&f, "domain dies");
    f.fake.doomed_calls = 6;
    CHECK(strcmp(ask(f.a, "vAttach;7"), "S05") == 0, "attach to the doomed");
    CHECK(strcmp(ask(f.a, "qXenguest.SharedInfo"), "gfn=none,type=pvh") == 0, "shared_info not placed");
    const char *r = "";
    int i;
    for (i = 0; i < 20; i++) {
        r = ask(f.a, "m0,8");
        if (r[0] == 'E')
            break;
    }
    CHECK(i < 20 && has(r, "is gone"), "after %d reads: %s", i, r);
    CHECK(f.fake.outstanding_maps == 0, "the dead domain's mappings are kept: %ld", f.fake.outstanding_maps);
    CHECK(strcmp(ask(f.a, "?"), "W00") == 0, "detached after death");
    CHECK(strncmp(ask(f.a, "vAttach;7"), "E.no domain", 11) == 0, "gone from the list");
    CHECK(!has(ask(f.a, "qXenguest.Domains"), "id=7"), "listed after death");
    CHECK(strcmp(ask(f.a, "vAttach;5"), "S05") == 0, "the connection goes on");
    ask(f.a, "m0,8");
    CHECK(f.fake.outstanding_maps == 1, "one mapping");
    f.fake.guest_calls = 0; /* dom 5 dies while nobody asks: the tick lets go of its frames */
    probe_conn_tick(f.a);
    CHECK(f.fake.outstanding_maps == 0, "tick kept a dead domain's mapping");
    CHECK(has(ask(f.a, "qXenguest.Vcpus"), "is gone"), "the next request says so");
    CHECK(strncmp(ask(f.a, "qXenguest.Vcpus:1"), "E.not attached", 14) == 0, "detached");
    teardown(&f);
}

static void test_xen_facts(void)
{
    struct fixture f;
    setup(&f, "xen facts");
    ask(f.a, "vAttach;5");
    const char *r = ask(f.a, "qXenguest.Ports");
    CHECK(has(r, "port=1,state=interdomain,vcpu=0,rdom=0,rport=a;"), "%s", r);
    CHECK(has(r, "port=3,state=virq,vcpu=0,virq=0;"), "%s", r);
    CHECK(has(r, "port=4,state=unbound,vcpu=0,rdom=0;"), "%s", r);
    CHECK(has(r, "port=5,state=ipi,vcpu=1;"), "%s", r);
    CHECK(!has(r, "port=6,"), "closed port listed: %s", r);
    CHECK(has(r, ";end=40"), "%s", r);
    r = ask(f.a, "qXenguest.Ports:3,2");
    CHECK(strcmp(r, "port=3,state=virq,vcpu=0,virq=0;port=4,state=unbound,vcpu=0,rdom=0;next=5") == 0, "%s", r);
    CHECK(strncmp(ask(f.a, "qXenguest.Ports:x"), "E.malformed", 11) == 0, "malformed ports");
    CHECK(strncmp(ask(f.a, "qXenguest.Ports:1,0"), "E.malformed", 11) == 0, "zero count");
    r = ask(f.a, "qXenguest.Vcpus");
    CHECK(has(r, "vcpu=0,online=1,blocked=1,running=0,cpu=0,time=f4240,if=1,rip=100000,rflags=202,irr=f3,isr=f3;"),
          "%s", r);
    CHECK(has(r, "vcpu=1,online=1,blocked=0,running=1") && has(r, "irr=,isr="), "%s", r);
    CHECK(f.fake.pauses == 0, "the vCPU query paused the domain");
    r = ask(f.a, "qXenguest.Vcpus:1");
    CHECK(strncmp(r, "vcpu=1,online=1", 15) == 0 && !has(r, "vcpu=0"), "from vCPU 1: %s", r);
    CHECK(strncmp(ask(f.a, "qXenguest.Vcpus:"), "E.malformed", 11) == 0, "malformed vcpus");
    r = ask(f.a, "qXenguest.HvmParams");
    CHECK(strcmp(r, "callback_irq=2000000000000f3,store_pfn=feffc,store_evtchn=1,console_pfn=feffd,console_evtchn=2") == 0,
          "%s", r);
    CHECK(strcmp(ask(f.a, "qXenguest.Grants"), "version=1,frames=1,max_frames=4") == 0, "grants");
    CHECK(strcmp(ask(f.a, "qXenguest.GrantRead:40,10"), "01000000100000000100000011000000") == 0, "grant entries");
    CHECK(strncmp(ask(f.a, "qXenguest.GrantRead:1000,8"), "E.offset", 8) == 0, "past the table");
    CHECK(strlen(ask(f.a, "qXenguest.GrantRead:ff8,100")) == 16, "clipped to the table");
    CHECK(strncmp(ask(f.a, "qXenguest.GrantRead:0"), "E.malformed", 11) == 0, "malformed grant read");
    CHECK(strncmp(ask(f.a, "qXenguest.Nope"), "E.unknown query", 15) == 0, "unknown query");
    /* registers: the only pause, counted */
    r = ask(f.a, "g");
    CHECK(strlen(r) == 2 * (17 * 8 + 7 * 4), "g gave %zu hex digits", strlen(r));
    CHECK(strncmp(r, "0010000000000000", 16) == 0, "rax: %.16s", r);
    CHECK(f.fake.pauses == 1 && f.fake.unpauses == 1, "g: pauses %ld unpauses %ld", f.fake.pauses, f.fake.unpauses);
    CHECK(has(ask(f.a, "qXenguest.Status"), "pauses=1"), "the pause is reported");
    CHECK(strcmp(ask(f.a, "Hg2"), "OK") == 0, "select vCPU 1");
    r = ask(f.a, "g");
    CHECK(strncmp(r, "0110000000000000", 16) == 0, "vCPU 1's rax: %.16s", r);
    ask(f.b, "vAttach;0");
    CHECK(strncmp(ask(f.b, "qXenguest.HvmParams"), "E.domain 0 is PV", 16) == 0, "PV params");
    CHECK(strncmp(ask(f.b, "g"), "E.domain 0 is PV", 16) == 0, "PV registers");
    teardown(&f);
}

static void test_xenstore(void)
{
    struct fixture f;
    setup(&f, "xenstore");
    ask(f.a, "vAttach;5");
    static char full[PROBE_MAX_REPLY + 1];
    snprintf(full, sizeof full, "%s", ask(f.a, "qXenguest.Xenstore"));
    /* /local/domain/5/device/vif/0/state = 4 */
    CHECK(has(full, "path=2f6c6f63616c2f646f6d61696e2f352f6465766963652f7669662f302f7374617465,value=34"), "frontend");
    /* /local/domain/0/backend/vif/5/0/state = 4 */
    CHECK(has(full, "path=2f6c6f63616c2f646f6d61696e2f302f6261636b656e642f7669662f352f302f7374617465,value=34"),
          "backend");
    CHECK(!has(full, "next="), "everything fits one reply");
    int records = 1;
    for (const char *p = full; *p; p++)
        records += *p == ';';
    /* paging from the middle gives the tail */
    char req[64];
    snprintf(req, sizeof req, "qXenguest.Xenstore:%x", records - 2);
    const char *tail = ask(f.a, req);
    CHECK(strlen(tail) > 0 && has(full, tail), "tail %s", tail);
    CHECK(strncmp(ask(f.a, "qXenguest.Xenstore:q"), "E.malformed", 11) == 0, "malformed");
    teardown(&f);
}

/* The hex of the fake guest's RAM at addr..addr+len-1, into dst. */
static void ram_hex(uint64_t addr, size_t len, char *dst)
{
    for (size_t i = 0; i < len; i++)
        snprintf(dst + 2 * i, 3, "%02x", probe_fake_ram_byte(addr + i));
}

static void test_snapshot(void)
{
    struct fixture f;
    setup(&f, "vectored snapshot");
    CHECK(strncmp(ask(f.a, "qXenguest.Snapshot"), "E.not attached", 14) == 0, "before attach");
    ask(f.a, "vAttach;5");
    /* Xen's facts alone: the same records as Domain, Vcpus and Ports, in one reply */
    static char all[PROBE_MAX_REPLY + 1];
    snprintf(all, sizeof all, "%s", ask(f.a, "qXenguest.Snapshot"));
    CHECK(strncmp(all, "id=5,name=6775657374,type=pvh,vcpus=2,online=2,state=blocked,shared_info=80,pages=100;", 86) == 0,
          "domain first: %s", all);
    CHECK(has(all, ";vcpu=0,online=1,blocked=1,running=0,cpu=0,time=f4240,if=1,rip=100000,rflags=202,irr=f3,isr=f3;"),
          "%s", all);
    CHECK(has(all, ";vcpu=1,online=1,blocked=0,running=1"), "%s", all);
    CHECK(has(all, ";port=1,state=interdomain,vcpu=0,rdom=0,rport=a;") && has(all, ";port=5,state=ipi,vcpu=1;"),
          "%s", all);
    CHECK(!has(all, "port=6,") && !has(all, "mem="), "%s", all);
    CHECK(has(all, ";ports_end=40") && !has(all, "ports_next") && !has(all, "vcpus_next"), "%s", all);
    /* with ranges: shared_info's bytes, a range across a page boundary, one outside RAM */
    snprintf(all, sizeof all, "%s", ask(f.a, "qXenguest.Snapshot:80000,2;80800,1;1ffc,8;100000,4"));
    char expect[64];
    snprintf(expect, sizeof expect, ";mem=1ffc,data=");
    ram_hex(0x1ffc, 8, expect + strlen(expect));
    CHECK(has(all, ";mem=80000,data=0100;mem=80800,data=08;") && has(all, expect), "%s", all);
    CHECK(has(all, ";mem=100000,error="), "a range outside RAM: %s", all);
    CHECK(has(all, ";vcpu=0,") && has(all, ";ports_end=40"), "Xen's facts after the memory: %s", all);
    CHECK(f.fake.pauses == 0, "a snapshot paused the domain");
    /* the bound: 64 ranges of 100 bytes (4000 in all) fit one reply, whole */
    static char req[PROBE_MAX_PACKET];
    size_t n = (size_t)snprintf(req, sizeof req, "qXenguest.Snapshot:");
    for (unsigned i = 0; i < PROBE_SNAPSHOT_MAX_RANGES; i++)
        n += (size_t)snprintf(req + n, sizeof req - n, "%s%x,100", i ? ";" : "", 0x1000 + i * 0x100);
    const char *r = ask(f.a, req);
    unsigned ranges = 0;
    for (const char *p = r; (p = strstr(p, ";mem=")) != NULL; p++)
        ranges++;
    CHECK(ranges == PROBE_SNAPSHOT_MAX_RANGES && has(r, ";ports_end=40"), "%u ranges, %zu bytes", ranges, strlen(r));
    CHECK(strlen(r) > 2 * PROBE_SNAPSHOT_MAX_BYTES && strlen(r) <= PROBE_MAX_REPLY, "%zu bytes", strlen(r));
    /* beyond the bound, and malformed: an error each, the connection goes on */
    n += (size_t)snprintf(req + n, sizeof req - n, ";5000,1");
    CHECK(has(ask(f.a, req), "too many ranges"), "65 ranges");
    CHECK(has(ask(f.a, "qXenguest.Snapshot:0,2000;2000,2000;4000,1"), "too many bytes"), "over 4000 bytes");
    CHECK(has(ask(f.a, "qXenguest.Snapshot:0,2001"), "length"), "a range over 2000");
    CHECK(has(ask(f.a, "qXenguest.Snapshot:0,0"), "length"), "an empty range");
    CHECK(has(ask(f.a, "qXenguest.Snapshot:ffffffffffffffff,10"), "wraps"), "wrapping range");
    static const char *const malformed[] = {"qXenguest.Snapshot:", "qXenguest.Snapshot:80000", "qXenguest.Snapshot:80000,",
                                            "qXenguest.Snapshot:80000,2;", "qXenguest.Snapshot:80000,2,3",
                                            "qXenguest.Snapshot;80000,2", "qXenguest.Snapshotx"};
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        CHECK(strncmp(ask(f.a, malformed[i]), "E.qXenguest.Snapshot: malformed", 31) == 0, "%s", malformed[i]);
    CHECK(strcmp(ask(f.a, "?"), "S05") == 0, "still attached after the errors");
    /* between full scans only the ports found bound are asked again; a scan at least every 500 ms */
    static char first[PROBE_MAX_REPLY + 1];
    f.fake.clock_ms += 1000;
    long calls = f.fake.evtchn_calls;
    snprintf(first, sizeof first, "%s", ask(f.a, "qXenguest.Snapshot"));
    CHECK(f.fake.evtchn_calls - calls == 0x41, "a full scan asks about every valid port and one past: %ld",
          f.fake.evtchn_calls - calls);
    calls = f.fake.evtchn_calls;
    r = ask(f.a, "qXenguest.Snapshot");
    CHECK(f.fake.evtchn_calls - calls == 6, "the next asks about the 6 bound ports only: %ld", f.fake.evtchn_calls - calls);
    CHECK(strcmp(strstr(r, ";port="), strstr(first, ";port=")) == 0, "the same ports: %s", r);
    calls = f.fake.evtchn_calls;
    ask(f.a, "qXenguest.Ports");
    CHECK(f.fake.evtchn_calls - calls == 0x41, "qXenguest.Ports always scans: %ld", f.fake.evtchn_calls - calls);
    calls = f.fake.evtchn_calls;
    ask(f.a, "qXenguest.Snapshot");
    f.fake.clock_ms += PROBE_PORT_RESCAN_MS;
    ask(f.a, "qXenguest.Snapshot");
    CHECK(f.fake.evtchn_calls - calls == 2 * 0x41, "scans after Ports and after %u ms: %ld", PROBE_PORT_RESCAN_MS,
          f.fake.evtchn_calls - calls);
    /* the other replies keep to the list bound */
    CHECK(strlen(ask(f.a, "m0,10000")) == 2 * PROBE_MAX_READ, "m after a snapshot");
    /* a PV domain: Xen's facts, no memory */
    ask(f.b, "vAttach;0");
    r = ask(f.b, "qXenguest.Snapshot");
    CHECK(strncmp(r, "id=0,", 5) == 0 && has(r, ";vcpu=0,online=1") && !has(r, "if="), "PV: %s", r);
    CHECK(strncmp(ask(f.b, "qXenguest.Snapshot:0,4"), "E.domain 0 is PV", 16) == 0, "PV memory");
    teardown(&f);
    /* a domain that dies between snapshots: said once, detached, the connection serves on */
    setup(&f, "snapshot of a domain that dies");
    f.fake.doomed_calls = 12;
    ask(f.a, "vAttach;7");
    int i;
    r = "";
    for (i = 0; i < 20; i++) {
        r = ask(f.a, "qXenguest.Snapshot");
        if (r[0] == 'E')
            break;
        CHECK(has(r, "shared_info=none"), "not placed: %s", r);
    }
    CHECK(i < 20 && has(r, "domain 7 is gone") && has(r, "detached"), "after %d snapshots: %s", i, r);
    CHECK(strncmp(ask(f.a, "qXenguest.Snapshot"), "E.not attached", 14) == 0, "detached");
    CHECK(strcmp(ask(f.a, "vAttach;5"), "S05") == 0 && has(ask(f.a, "qXenguest.Snapshot:80000,2"), ";mem=80000,data=0100;"),
          "the next domain is served");
    teardown(&f);
}

static void test_framing(void)
{
    struct fixture f;
    setup(&f, "framing");
    /* bad checksum in ack mode: '-', and the client sends again */
    struct wire_out *w = feed_raw(f.a, "$?#00", 5);
    CHECK(w->naks == 1 && w->packets == 0, "naks %u packets %u", w->naks, w->packets);
    w = feed_raw(f.a, "$?#zz", 5);
    CHECK(w->naks == 1, "non-hex checksum");
    /* '-' from the client: the last reply again */
    ask(f.a, "qXenguest.Domains");
    w = feed_raw(f.a, "-", 1);
    CHECK(w->packets == 1 && has(w->last, "id=5"), "retransmission: %s", w->last);
    /* truncated: a new packet before the end of the last */
    char wire[PROBE_MAX_PACKET + 64];
    size_t n = (size_t)snprintf(wire, sizeof wire, "$m0,4");
    n += wire_request("qXenguest.Version", wire + n, sizeof wire - n);
    w = feed_raw(f.a, wire, n);
    CHECK(w->packets == 2 && has(w->last, "version=1"), "after a truncated packet: %u %s", w->packets, w->last);
    /* truncated in the checksum */
    w = feed_raw(f.a, "$?#3$?#3f", 9);
    CHECK(w->packets == 2 && strcmp(w->last, "W00") == 0, "truncated checksum: %u %s", w->packets, w->last);
    /* oversized */
    n = 0;
    wire[n++] = '$';
    unsigned sum = 0;
    for (unsigned i = 0; i < PROBE_MAX_PACKET + 10; i++) {
        wire[n++] = 'a';
        sum += 'a';
    }
    n += (size_t)snprintf(wire + n, sizeof wire - n, "#%02x", sum & 0xff);
    w = feed_raw(f.a, wire, n);
    CHECK(w->packets == 1 && strncmp(w->last, "E.packet too long", 17) == 0, "oversized: %s", w->last);
    CHECK(strcmp(ask(f.a, "?"), "W00") == 0, "sane after oversized");
    /* empty packet, stray bytes, interrupt */
    w = feed_raw(f.a, "$#00", 4);
    CHECK(strncmp(w->last, "E.empty", 7) == 0, "empty packet: %s", w->last);
    w = feed_raw(f.a, "garbage\x03", 8);
    CHECK(w->packets == 1 && strcmp(w->last, "W00") == 0, "interrupt: %s", w->last);
    /* split at every byte */
    n = wire_request("qXenguest.Domains", wire, sizeof wire);
    static struct wire_out whole;
    whole = *feed_raw(f.a, wire, n);
    static char stream[1 << 16];
    size_t sl = 0;
    for (size_t i = 0; i < n; i++) {
        probe_conn_feed(f.a, wire + i, 1);
        memcpy(stream + sl, f.a->out, f.a->out_len);
        sl += f.a->out_len;
        probe_conn_consume_out(f.a, f.a->out_len);
    }
    static struct wire_out split;
    memset(&split, 0, sizeof split);
    wire_parse(stream, sl, &split);
    CHECK(split.packets == 1 && strcmp(split.last, whole.last) == 0, "byte by byte differs");
    /* no-ack mode: a bad checksum is answered with an error packet */
    ask(f.a, "QStartNoAckMode");
    w = feed_raw(f.a, "$?#00", 5);
    CHECK(w->naks == 0 && strncmp(w->last, "E.bad checksum", 14) == 0, "no-ack bad checksum: %s", w->last);
    /* k: no reply, the connection ends, the domain is released */
    ask(f.a, "vAttach;5");
    n = wire_request("k", wire, sizeof wire);
    w = feed_raw(f.a, wire, n);
    CHECK(f.a->closed && w->packets == 0, "k");
    CHECK(strcmp(ask(f.b, "vAttach;5"), "S05") == 0, "released by k");
    teardown(&f);
}

static void test_backpressure(void)
{
    struct fixture f;
    setup(&f, "backpressure");
    ask(f.a, "vAttach;5");
    static char wire[64 * 100];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        n += wire_request("m0,2000", wire + n, sizeof wire - n);
    size_t used = probe_conn_feed(f.a, wire, n);
    CHECK(used < n, "fed all of 100 8 KiB reads at once");
    CHECK(f.a->out_len <= PROBE_OUT_CAP, "out %zu", f.a->out_len);
    size_t total = used;
    int rounds = 0;
    while (total < n && rounds++ < 1000) {
        probe_conn_consume_out(f.a, f.a->out_len);
        total += probe_conn_feed(f.a, wire + total, n - total);
    }
    CHECK(total == n, "all consumed after draining");
    teardown(&f);
}

static void test_flags_and_listen(void)
{
    current = "flags and addresses";
    CHECK(probe_state_from_flags(1u << 0 | 1u << 5) == PROBE_STATE_DYING, "dying");
    CHECK(probe_state_from_flags(1u << 2) == PROBE_STATE_SHUTDOWN, "shutdown");
    CHECK(probe_state_from_flags(1u << 3 | 1u << 4) == PROBE_STATE_PAUSED, "paused");
    CHECK(probe_state_from_flags(1u << 5) == PROBE_STATE_RUNNING, "running");
    CHECK(probe_state_from_flags(1u << 4) == PROBE_STATE_BLOCKED, "blocked");
    struct probe_listen l;
    char err[256];
    CHECK(probe_parse_listen("127.0.0.1:0", &l, err, sizeof err) == 0 && !l.is_unix && strcmp(l.port, "0") == 0, "v4");
    CHECK(probe_parse_listen("[::1]:1234", &l, err, sizeof err) == 0 && strcmp(l.host, "::1") == 0, "v6");
    CHECK(probe_parse_listen("unix:/tmp/p.sock", &l, err, sizeof err) == 0 && l.is_unix, "unix");
    CHECK(probe_parse_listen("127.0.0.1", &l, err, sizeof err) < 0, "no port");
    CHECK(probe_parse_listen("127.0.0.1:99999", &l, err, sizeof err) < 0, "port range");
    CHECK(probe_parse_listen("unix:", &l, err, sizeof err) < 0, "empty path");
    CHECK(probe_is_loopback("127.0.0.1") && probe_is_loopback("127.3.2.1") && probe_is_loopback("::1"), "loopback");
    CHECK(!probe_is_loopback("0.0.0.0") && !probe_is_loopback("10.0.2.15") && !probe_is_loopback("::") &&
              !probe_is_loopback("localhost"),
          "not loopback");
    char path[64];
    snprintf(path, sizeof path, "/tmp/xenguest-probe-unit-%d.sock", (int)getpid());
    snprintf(err, sizeof err, "unix:%s", path);
    CHECK(probe_parse_listen(err, &l, err, sizeof err) == 0, "parse");
    int fd = probe_listen_open(&l, err, sizeof err);
    struct stat st;
    CHECK(fd >= 0 && stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "socket file mode %o",
          fd >= 0 ? (unsigned)(st.st_mode & 0777) : 0u);
    if (fd >= 0)
        close(fd);
    unlink(path);
}

/* Connects to 127.0.0.1:port; returns the fd or -1. */
static int connect_as(int port, int unused)
{
    (void)unused;
    {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
            close(fd);
            return -1;
        }
        return fd;
    }
}

static void test_peer_uid(void)
{
    current = "peer user";
    struct probe_listen l;
    char err[256];
    CHECK(probe_parse_listen("127.0.0.1:0", &l, err, sizeof err) == 0, "parse");
    int saved = dup(1);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1); /* "listening on" */
    int lfd = probe_listen_open(&l, err, sizeof err);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(devnull);
    CHECK(lfd >= 0, "listen: %s", err);
    if (lfd < 0)
        return;
    struct sockaddr_in bound;
    socklen_t blen = sizeof bound;
    getsockname(lfd, (struct sockaddr *)&bound, &blen);
    int port = ntohs(bound.sin_port);
    int cfd = connect_as(port, -1);
    int afd = accept(lfd, NULL, NULL);
    uid_t uid = (uid_t)-1;
    CHECK(cfd >= 0 && afd >= 0 && probe_peer_uid(afd, &uid) == 0 && uid == geteuid(), "own user: %d",
          (int)uid);
    if (cfd >= 0)
        close(cfd);
    if (afd >= 0)
        close(afd);
    /* a dual-stack IPv6 client (as Java's sockets are) to the IPv4 listener */
    int v6 = socket(AF_INET6, SOCK_STREAM, 0);
    int off = 0;
    setsockopt(v6, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    struct sockaddr_in6 mapped = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port)};
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);
    CHECK(connect(v6, (struct sockaddr *)&mapped, sizeof mapped) == 0, "dual-stack connect");
    afd = accept(lfd, NULL, NULL);
    uid = (uid_t)-1;
    CHECK(afd >= 0 && probe_peer_uid(afd, &uid) == 0 && uid == geteuid(), "dual-stack client's user: %d", (int)uid);
    close(v6);
    if (afd >= 0)
        close(afd);
    if (geteuid() == 0) { /* another user's client, told apart */
        pid_t child = fork();
        if (child == 0) {
            if (setgid(65534) < 0 || setuid(65534) < 0)
                _exit(2);
            int fd = connect_as(port, -1);
            char b;
            (void)!read(fd, &b, 1); /* wait until the parent has looked */
            _exit(fd >= 0 ? 0 : 3);
        }
        afd = accept(lfd, NULL, NULL);
        uid = (uid_t)-1;
        CHECK(afd >= 0 && probe_peer_uid(afd, &uid) == 0 && uid == 65534, "user 65534 seen as %d", (int)uid);
        if (afd >= 0)
            close(afd);
        int status = 0;
        waitpid(child, &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
    } else {
        printf("unit: not root: another user's client not tried\n");
    }
    close(lfd);
}

int main(void)
{
    test_handshake();
    test_domains_and_attach();
    test_memory();
    test_cache();
    test_death();
    test_xen_facts();
    test_xenstore();
    test_snapshot();
    test_framing();
    test_backpressure();
    test_flags_and_listen();
    test_peer_uid();
    printf("unit: sanitizers: %s (AddressSanitizer %s)\n", PROBE_SANITIZERS, PROBE_ASAN ? "on" : "OFF");
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
