/* The reference guest as a PVH domU: netfront, ARP + ICMP echo, xenstore commands (domu.h). */
#include "domu.h"
#include "refguest_guest.h"
#include "console.h"
#include <xen/io/netif.h>

#ifdef REFGUEST_GRANT_EXHAUSTION
void grant_wait_arm(void);   /* grant_wait.c */
#endif

#define ETH_HLEN 14u
#define ETH_MIN 60u                 /* shortest frame without the FCS */
#define ETH_MAX 1514u               /* longest frame without the FCS (no feature-sg: one slot) */
#define ETHERTYPE_IPV4 0x0800u
#define ETHERTYPE_ARP 0x0806u
#define ETHERTYPE_BURST 0x88b5u     /* IEEE 802 local experimental: dom0's stack drops it */
#define ARP_LEN 28u
#define IP_MIN 20u
#define ICMP_MIN 8u
#define SEND_MAX 1000000ull
#define WAIT_NS 5000000ull          /* the longest the loop sleeps before polling xenstore */
#define REPORT_NS 2000000000ull

static uint8_t my_mac[6], peer_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static uint8_t my_ip[4];
static uint8_t frame[ETH_MAX];      /* the packet being received (slots joined) */
static size_t frame_len;
static int frame_bad;
static uint8_t out[ETH_MAX];

static struct {
    uint64_t arp_replies, icmp_replies, dropped, watch_fired, commands, send_eagain;
} n;
static volatile int cmd_pending;

/* ---- little helpers ---- */

static unsigned int be16(const uint8_t *p)
{
    return (unsigned int)p[0] << 8 | p[1];
}

static void put_be16(uint8_t *p, unsigned int v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* RFC 1071: the ones' complement of the ones' complement sum; 0 over data that carries a valid one. */
static unsigned int checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    for (; len > 1; p += 2, len -= 2)
        sum += be16(p);
    if (len == 1)
        sum += (uint32_t)p[0] << 8;
    while (sum >> 16)
        sum = (sum & 0xffffu) + (sum >> 16);
    return ~sum & 0xffffu;
}

static int same(const uint8_t *a, const uint8_t *b, size_t len)
{
    return memcmp(a, b, len) == 0;
}

/* "a.b.c.d", each 0..255, nothing else; 0 when it is one. */
static int parse_ipv4(const char *s, uint8_t ip[4])
{
    for (unsigned int i = 0; i < 4; i++) {
        unsigned int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 3) {
            v = v * 10 + (unsigned int)(*s++ - '0');
            digits++;
        }
        if (digits == 0 || v > 255 || *s != (i < 3 ? '.' : '\0'))
            return -1;
        ip[i] = (uint8_t)v;
        if (i < 3)
            s++;
    }
    return 0;
}

static int send_frame(const uint8_t *f, size_t len)
{
    if (len < ETH_MIN) {
        memset(out + len, 0, ETH_MIN - len);   /* f is out: pad it */
        len = ETH_MIN;
    }
    int rc = refguest_netfront_send(REFGUEST_NETFRONT_NET0, f, len);
    if (rc == XG_EAGAIN) {
        n.send_eagain++;
        (void)refguest_netfront_poll(REFGUEST_NETFRONT_NET0, NULL, NULL, 0);   /* reap, then once more */
        rc = refguest_netfront_send(REFGUEST_NETFRONT_NET0, f, len);
    }
    if (rc != 0)
        n.dropped++;
    return rc;
}

/* ---- the responder ---- */

static void answer_arp(const uint8_t *f, size_t len)
{
    const uint8_t *a = f + ETH_HLEN;
    if (len < ETH_HLEN + ARP_LEN || be16(a) != 1 || be16(a + 2) != ETHERTYPE_IPV4 || a[4] != 6 || a[5] != 4 ||
        be16(a + 6) != 1 || !same(a + 24, my_ip, 4)) {
        n.dropped++;
        return;
    }
    memcpy(peer_mac, a + 8, 6);
    memcpy(out, a + 8, 6);              /* to the asker */
    memcpy(out + 6, my_mac, 6);
    put_be16(out + 12, ETHERTYPE_ARP);
    uint8_t *r = out + ETH_HLEN;
    put_be16(r, 1);
    put_be16(r + 2, ETHERTYPE_IPV4);
    r[4] = 6;
    r[5] = 4;
    put_be16(r + 6, 2);                 /* reply */
    memcpy(r + 8, my_mac, 6);
    memcpy(r + 14, my_ip, 4);
    memcpy(r + 18, a + 8, 6);           /* the asker's MAC and address */
    memcpy(r + 24, a + 14, 4);
    if (send_frame(out, ETH_HLEN + ARP_LEN) == 0)
        n.arp_replies++;
}

static void answer_ipv4(const uint8_t *f, size_t len)
{
    const uint8_t *ip = f + ETH_HLEN;
    size_t room = len - ETH_HLEN;
    if (room < IP_MIN || ip[0] >> 4 != 4) {
        n.dropped++;
        return;
    }
    size_t ihl = (size_t)(ip[0] & 0x0f) * 4u, total = be16(ip + 2);
    /* an unfragmented ICMP packet to us, its header sound and inside the frame */
    if (ihl < IP_MIN || total < ihl + ICMP_MIN || total > room || (be16(ip + 6) & 0x3fffu) != 0 || ip[9] != 1 ||
        !same(ip + 16, my_ip, 4) || checksum(ip, ihl) != 0) {
        n.dropped++;
        return;
    }
    const uint8_t *icmp = ip + ihl;
    size_t icmp_len = total - ihl;
    if (icmp[0] != 8 || icmp[1] != 0 || checksum(icmp, icmp_len) != 0) {
        n.dropped++;
        return;
    }
    memcpy(peer_mac, f + 6, 6);
    memcpy(out, f + 6, 6);
    memcpy(out + 6, my_mac, 6);
    put_be16(out + 12, ETHERTYPE_IPV4);
    uint8_t *rip = out + ETH_HLEN;
    memcpy(rip, ip, total);             /* total <= room <= ETH_MAX - ETH_HLEN */
    memcpy(rip + 12, ip + 16, 4);       /* from us */
    memcpy(rip + 16, ip + 12, 4);       /* to the sender */
    rip[8] = 64;                        /* TTL */
    put_be16(rip + 10, 0);
    put_be16(rip + 10, checksum(rip, ihl));
    uint8_t *ricmp = rip + ihl;
    ricmp[0] = 0;                       /* echo reply, same id, sequence and data */
    put_be16(ricmp + 2, 0);
    put_be16(ricmp + 2, checksum(ricmp, icmp_len));
    if (send_frame(out, ETH_HLEN + total) == 0)
        n.icmp_replies++;
}

static void handle_frame(const uint8_t *f, size_t len)
{
    if (len < ETH_HLEN || (!same(f, my_mac, 6) && !(f[0] & 1))) {   /* neither to us nor multicast */
        n.dropped++;
        return;
    }
    unsigned int type = be16(f + 12);
    if (type == ETHERTYPE_ARP)
        answer_arp(f, len);
    else if (type == ETHERTYPE_IPV4)
        answer_ipv4(f, len);
    else
        n.dropped++;
}

/* One slot of a packet (more: the packet goes on in the next slot). */
static void on_slot(void *ctx, const uint8_t *data, size_t len, unsigned int flags)
{
    (void)ctx;
    if (frame_bad || len > sizeof(frame) - frame_len)
        frame_bad = 1;
    else
        memcpy(frame + frame_len, data, len);
    frame_len += len;
    if (flags & NETRXF_more_data)
        return;
    if (frame_bad)
        n.dropped++;
    else
        handle_frame(frame, frame_len);
    frame_len = 0;
    frame_bad = 0;
}

/* ---- xenstore ---- */

void on_net0(unsigned int index, evtchn_port_t port)
{
    (void)index;
    (void)port;                         /* the netfront notes the work; the loop polls */
}

void on_cmd(const char *path, const char *token)
{
    (void)path;
    (void)token;
    n.watch_fired++;                    /* xenstored fires once when the watch is set, then per write */
    cmd_pending = 1;
}

static void stats(const char *why)
{
    struct refguest_netfront_stats s;
    refguest_netfront_stats(REFGUEST_NETFRONT_NET0, &s);
    char line[320];
    int len = xg_snprintf(line, sizeof(line),
                          "rx %llu tx %llu rx-bytes %llu tx-bytes %llu arp %llu icmp %llu dropped %llu "
                          "rx-errors %llu tx-errors %llu free-grants %u watch %llu commands %llu",
                          (unsigned long long)s.rx_packets, (unsigned long long)s.tx_packets,
                          (unsigned long long)s.rx_bytes, (unsigned long long)s.tx_bytes,
                          (unsigned long long)n.arp_replies, (unsigned long long)n.icmp_replies,
                          (unsigned long long)n.dropped, (unsigned long long)s.rx_errors,
                          (unsigned long long)s.tx_errors, refguest_gnttab_free_entries(),
                          (unsigned long long)n.watch_fired, (unsigned long long)n.commands);
    if (len < 0 || (size_t)len >= sizeof(line))
        return;
    xg_printf("refguest: stats %s (%s)\n", line, why);
    (void)refguest_xs_write(0, "data/stats", line);
}

/* Reads data/counter (missing: 0) and writes it + 1, in a transaction retried on EAGAIN.  With
 * provoke, the first attempt also writes data/counter outside the transaction after reading it
 * inside, so that xenstored must refuse the commit. */
static void transaction(int provoke)
{
    unsigned int eagain = 0, attempt;
    int rc = XG_EAGAIN;
    unsigned long long value = 0;
    for (attempt = 1; attempt <= 8 && rc == XG_EAGAIN; attempt++) {
        uint32_t tx;
        rc = refguest_xs_transaction_start(&tx);
        if (rc != 0)
            break;
        char buf[24];
        int len = refguest_xs_read(tx, "data/counter", buf, sizeof(buf));
        value = 0;
        for (int i = 0; len > 0 && i < len && buf[i] >= '0' && buf[i] <= '9' && value < 1000000000ull; i++)
            value = value * 10 + (unsigned long long)(buf[i] - '0');
        if (len < 0 && len != XG_ENOENT) {
            (void)refguest_xs_transaction_end(tx, 0);
            rc = len;
            break;
        }
        if (provoke && attempt == 1) {
            xg_snprintf(buf, sizeof(buf), "%llu", value + 100);
            (void)refguest_xs_write(0, "data/counter", buf);   /* outside: a conflict */
        }
        xg_snprintf(buf, sizeof(buf), "%llu", value + 1);
        rc = refguest_xs_write(tx, "data/counter", buf);
        if (rc != 0) {
            (void)refguest_xs_transaction_end(tx, 0);
            break;
        }
        rc = refguest_xs_transaction_end(tx, 1);
        if (rc == XG_EAGAIN)
            eagain++;
    }
    if (rc == 0)
        xg_printf("refguest: transaction committed: data/counter = %llu after %u attempt(s), EAGAIN %u time(s)\n",
                  value + 1, attempt - 1, eagain);
    else
        xg_printf("refguest: FAIL transaction: %d after %u attempt(s), EAGAIN %u time(s)\n", rc, attempt - 1, eagain);
}

static int net_ready(void *arg)
{
    (void)arg;
    return refguest_netfront_has_work(REFGUEST_NETFRONT_NET0) || cmd_pending;
}

static void serve_once(uint64_t deadline)
{
    if (!net_ready(NULL))
        (void)refguest_evtchn_wait(net_ready, NULL, deadline);
    (void)refguest_netfront_poll(REFGUEST_NETFRONT_NET0, on_slot, NULL, 64);
}

static void send_burst(unsigned long long count)
{
    uint8_t f[ETH_MIN];
    memset(f, 0, sizeof(f));
    memcpy(f, peer_mac, 6);
    memcpy(f + 6, my_mac, 6);
    put_be16(f + 12, ETHERTYPE_BURST);
    memcpy(f + 14, "xenguest burst", 14);
    uint64_t t0 = xg_plat_now_ns(), give_up = t0 + 120000000000ull;
    unsigned long long sent = 0, full = 0;
    while (sent < count && xg_plat_now_ns() < give_up) {
        f[28] = (uint8_t)(sent >> 24);
        f[29] = (uint8_t)(sent >> 16);
        f[30] = (uint8_t)(sent >> 8);
        f[31] = (uint8_t)sent;
        int rc = refguest_netfront_send(REFGUEST_NETFRONT_NET0, f, sizeof(f));
        if (rc == 0) {
            sent++;
        } else if (rc == XG_EAGAIN) {   /* every tx slot in flight: let netback answer */
            full++;
            serve_once(xg_plat_now_ns() + 1000000ull);
        } else {
            break;
        }
    }
    uint64_t ns = xg_plat_now_ns() - t0;
    unsigned long long rate = ns == 0 ? 0 : sent * 1000000000ull / ns;
    xg_printf("refguest: sent %llu of %llu frames in %llu ms (%llu frames/s, ring full %llu times)\n", sent, count,
              (unsigned long long)(ns / 1000000ull), rate, full);
}

static void command(void)
{
    char cmd[64];
    cmd_pending = 0;
    int len = refguest_xs_read(0, REFGUEST_XS_DATA_CMD, cmd, sizeof(cmd));
    if (len == XG_ENOENT)
        return;                         /* the event of setting the watch: no command yet */
    n.commands++;
    if (len < 0) {
        xg_printf("refguest: reading %s failed: %d\n", REFGUEST_XS_DATA_CMD, len);
    } else if (len == 5 && same((const uint8_t *)cmd, (const uint8_t *)"stats", 5)) {
        /* printed below */
    } else if (len == 2 && same((const uint8_t *)cmd, (const uint8_t *)"tx", 2)) {
        transaction(1);
    } else if (len > 5 && same((const uint8_t *)cmd, (const uint8_t *)"send ", 5)) {
        unsigned long long count = 0;
        int i = 5;
        for (; i < len && cmd[i] >= '0' && cmd[i] <= '9' && count <= SEND_MAX; i++)
            count = count * 10 + (unsigned long long)(cmd[i] - '0');
        if (i != len || count == 0 || count > SEND_MAX)
            xg_printf("refguest: send N: N is 1 to %llu, was \"%s\"\n", SEND_MAX, cmd + 5);
        else
            send_burst(count);
    } else {
        xg_printf("refguest: unknown command \"%s\" (stats, send N, tx)\n", cmd);
    }
    stats(cmd);
    char done[24];
    xg_snprintf(done, sizeof(done), "%llu", (unsigned long long)n.commands);
    (void)refguest_xs_write(0, "data/done", done);
}

_Noreturn void domu_run(void)
{
    char value[32];
    int rc = refguest_xs_read(0, REFGUEST_XS_DATA_IP, value, sizeof(value));
    if (rc < 0 || parse_ipv4(value, my_ip) != 0)
        xg_panic("refguest: %s is not an IPv4 address (%d)\n", REFGUEST_XS_DATA_IP, rc);
#ifdef REFGUEST_GRANT_EXHAUSTION
    grant_wait_arm();
#endif
    unsigned int free0 = refguest_gnttab_free_entries();
    uint64_t t0 = xg_plat_now_ns();
    rc = refguest_netfront_connect(REFGUEST_NETFRONT_NET0);
    if (rc != 0)
        xg_panic("refguest: netfront net0 did not connect: %d\n", rc);
    (void)refguest_netfront_mac(REFGUEST_NETFRONT_NET0, my_mac);
    xg_printf("refguest: netfront net0 connected in %llu ms: mac %02x:%02x:%02x:%02x:%02x:%02x ip %u.%u.%u.%u, "
              "free grants %u (%u before)\n", (unsigned long long)((xg_plat_now_ns() - t0) / 1000000ull),
              my_mac[0], my_mac[1], my_mac[2], my_mac[3], my_mac[4], my_mac[5], my_ip[0], my_ip[1], my_ip[2],
              my_ip[3], refguest_gnttab_free_entries(), free0);
    transaction(1);
    stats("connected");
    (void)refguest_xs_write(0, "data/done", "0");
    uint64_t next = xg_plat_now_ns() + REPORT_NS;
    uint64_t last_rx = 0, last_tx = 0;
    for (;;) {
        serve_once(xg_plat_now_ns() + WAIT_NS);
        if (refguest_xs_poll() < 0)
            (void)refguest_xs_init();   /* a broken stream: connect again */
        if (cmd_pending)
            command();
        uint64_t now = xg_plat_now_ns();
        if (now >= next) {
            struct refguest_netfront_stats s;
            refguest_netfront_stats(REFGUEST_NETFRONT_NET0, &s);
            if (s.rx_packets != last_rx || s.tx_packets != last_tx)
                stats("progress");
            last_rx = s.rx_packets;
            last_tx = s.tx_packets;
            next = now + REPORT_NS;
        }
    }
}
