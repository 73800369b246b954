/*
 * xenguest-probe: the protocol core. Frames GDB remote serial protocol packets out of a byte
 * stream, answers them through the Xen seam (probe_seam.h), and keeps every buffer bounded.
 * No sockets, no libxen: the server (probe_server.c) feeds it bytes and writes out what it
 * produced; the tests do the same with the fake seam.
 */
#ifndef PROBE_CORE_H
#define PROBE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe_seam.h"

#define PROBE_PROTOCOL_VERSION 1
/* The largest packet (data characters) the probe accepts; advertised as PacketSize. */
#define PROBE_MAX_PACKET 16384u
/* The most bytes one m/x read or one GrantRead returns. */
#define PROBE_MAX_READ 8192u
/* qXenguest.Snapshot: the most ranges one request lists and the most bytes they hold in all
   (advertised in qSupported as qXenguest.Snapshot=BYTES, hex). */
#define PROBE_SNAPSHOT_MAX_RANGES 64u
#define PROBE_SNAPSHOT_MAX_BYTES 16384u
/* Reply data before escaping; escaping at most doubles it. Every reply but a snapshot's keeps
   to PROBE_LIST_REPLY; a snapshot's has room for its memory (hex) and Xen's facts besides. */
#define PROBE_LIST_REPLY (PROBE_MAX_READ * 2u + 64u)
#define PROBE_MAX_REPLY (PROBE_SNAPSHOT_MAX_BYTES * 2u + 16384u)
#define PROBE_MAX_WIRE (PROBE_MAX_REPLY * 2u + 8u)
#define PROBE_OUT_CAP (PROBE_MAX_WIRE * 2u)
#define PROBE_CACHE_SLOTS 32u
#define PROBE_CACHE_TTL_MS 1000u
#define PROBE_MAX_CLAIMS 64u
#define PROBE_MAX_PORT_SCAN 1024u
/* qXenguest.Snapshot scans every port for newly bound ones at least this often; in between it
   asks Xen only about the ports its last scan found bound. */
#define PROBE_PORT_RESCAN_MS 500u
#define PROBE_MAX_LIST 256u
#define PROBE_MAX_VCPUS 128u
#define PROBE_XS_MAX_NODES 512u
#define PROBE_XS_MAX_DEPTH 4u

struct probe_conn;

typedef void (*probe_log_fn)(void *user, const char *message);

/* What all connections of one probe share: the seam and which domain is whose. */
struct probe_ctx {
    const struct probe_xen_ops *xen;
    probe_log_fn log;
    void *log_user;
    struct {
        uint32_t domid;
        const struct probe_conn *owner;
    } claims[PROBE_MAX_CLAIMS];
    unsigned long pauses; /* how many times a client's g paused a domain */
};

struct probe_cache_slot {
    uint64_t gfn;
    const void *page;
    uint64_t mapped_ms;
};

struct probe_stats {
    unsigned long packets;
    unsigned long errors;     /* E... replies */
    unsigned long bad_frames; /* checksum, truncated, oversized */
    unsigned long maps;
    unsigned long unmaps;
    unsigned long cache_hits;
};

struct probe_conn {
    struct probe_ctx *ctx;
    /* receive state */
    int rx_state;
    size_t rx_len;
    bool rx_overflow;
    uint8_t rx_sum;
    int rx_csum_hi;
    char rx[PROBE_MAX_PACKET + 1];
    /* session */
    bool noack;
    bool attached;
    uint32_t domid;
    uint32_t vcpu; /* selected by Hg */
    bool closed;   /* after 'k': the server closes the connection */
    struct {
        bool valid;
        uint32_t domid;
        uint64_t scanned_ms;
        uint32_t end;      /* past the last valid port, as the scan found */
        unsigned count;
        uint32_t ports[PROBE_MAX_LIST];
    } bound; /* the ports the last full scan of a Snapshot found bound */
    struct probe_cache_slot cache[PROBE_CACHE_SLOTS];
    unsigned cache_next;
    struct probe_stats stats;
    /* output */
    char reply[PROBE_MAX_REPLY];
    size_t reply_len;
    size_t reply_cap; /* PROBE_LIST_REPLY, or PROBE_MAX_REPLY while a snapshot is answered */
    bool reply_full;
    char last[PROBE_MAX_WIRE]; /* the last reply packet, sent again on '-' */
    size_t last_len;
    char out[PROBE_OUT_CAP];
    size_t out_len;
};

void probe_ctx_init(struct probe_ctx *ctx, const struct probe_xen_ops *xen, probe_log_fn log, void *log_user);

/* Returns NULL when out of memory. */
struct probe_conn *probe_conn_new(struct probe_ctx *ctx);
/* Releases the domain, unmaps every cached frame, frees the connection. */
void probe_conn_free(struct probe_conn *conn);

/*
 * Feeds received bytes. Returns how many were consumed: fewer than len when the output buffer
 * has no room for another reply (write out conn->out first, then feed the rest).
 */
size_t probe_conn_feed(struct probe_conn *conn, const char *data, size_t len);

/* Marks the first n output bytes as sent. */
void probe_conn_consume_out(struct probe_conn *conn, size_t n);

/* Housekeeping between requests: drops stale mappings, notices a domain that died. */
void probe_conn_tick(struct probe_conn *conn);

/* Xen's XEN_DOMINF_* flags to the state the probe reports. */
enum probe_domain_state probe_state_from_flags(uint32_t flags);

const char *probe_state_name(enum probe_domain_state state);
const char *probe_type_name(enum probe_domain_type type);

/* Frames data as $data#cs with RSP escapes into dst (cap >= 2 * len + 4); returns its length. */
size_t probe_frame(const char *data, size_t len, char *dst, size_t cap);

#endif
