/* Test helpers: frame requests and check every byte the core sends back. */
#ifndef PROBE_TEST_WIRE_H
#define PROBE_TEST_WIRE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "probe_core.h"

/* What the core sent, parsed: acks, naks and packets (unescaped). */
struct wire_out {
    unsigned acks, naks, packets;
    char last[PROBE_MAX_REPLY + 1]; /* the last packet's data */
    size_t last_len;
    bool malformed;
    char why[128];
};

static inline int wire_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; /* the probe sends lower-case only */
}

/* Parses a complete output stream; sets malformed when it holds anything else. */
static inline void wire_parse(const char *out, size_t len, struct wire_out *w)
{
    size_t i = 0;
    while (i < len && !w->malformed) {
        char c = out[i];
        if (c == '+') {
            w->acks++;
            i++;
            continue;
        }
        if (c == '-') {
            w->naks++;
            i++;
            continue;
        }
        if (c != '$') {
            w->malformed = true;
            snprintf(w->why, sizeof w->why, "byte 0x%02x outside a packet at %zu", (unsigned char)c, i);
            return;
        }
        i++;
        unsigned sum = 0;
        size_t n = 0;
        bool esc = false;
        while (i < len && out[i] != '#') {
            unsigned char b = (unsigned char)out[i];
            sum += b;
            if (b == '$' || b == '*') {
                w->malformed = true;
                snprintf(w->why, sizeof w->why, "unescaped 0x%02x in a packet", b);
                return;
            }
            if (esc) {
                b ^= 0x20;
                esc = false;
            } else if (b == '}') {
                esc = true;
                i++;
                continue;
            }
            if (n >= PROBE_MAX_REPLY) {
                w->malformed = true;
                snprintf(w->why, sizeof w->why, "packet longer than PROBE_MAX_REPLY");
                return;
            }
            w->last[n++] = (char)b;
            i++;
        }
        if (i + 3 > len || esc) {
            w->malformed = true;
            snprintf(w->why, sizeof w->why, "packet without '#' and checksum");
            return;
        }
        int hi = wire_hex(out[i + 1]), lo = wire_hex(out[i + 2]);
        if (hi < 0 || lo < 0 || (unsigned)((hi << 4) | lo) != (sum & 0xff)) {
            w->malformed = true;
            snprintf(w->why, sizeof w->why, "bad checksum in the probe's packet");
            return;
        }
        i += 3;
        w->last[n] = '\0';
        w->last_len = n;
        w->packets++;
    }
}

/* $data#cs (no escaping: requests are text) */
static inline size_t wire_request(const char *data, char *dst, size_t cap)
{
    unsigned sum = 0;
    size_t len = strlen(data);
    for (size_t i = 0; i < len; i++)
        sum += (unsigned char)data[i];
    int n = snprintf(dst, cap, "$%s#%02x", data, sum & 0xff);
    return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

#endif
