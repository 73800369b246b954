/*
 * xenguest-probe: what probe_core.c (framing, replies, claims, cache) and probe_commands.c (the
 * packets' answers) share. Not part of the core's interface (probe_core.h).
 */
#ifndef PROBE_INTERNAL_H
#define PROBE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe_core.h"

/* small helpers */
const char *port_state_name(enum probe_port_state state);
/* Hex digits from *p up to end: at least one, at most 16; advances *p. */
bool parse_hex(const char **p, const char *end, uint64_t *value);
bool starts_with(const char *data, size_t len, const char *prefix);
bool equals(const char *data, size_t len, const char *word);
void logf_ctx(struct probe_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* the reply being built (bounded: reply_full is set instead of overflowing) */
void reply_reset(struct probe_conn *c);
void reply_bytes(struct probe_conn *c, const void *data, size_t len);
void reply_str(struct probe_conn *c, const char *s);
void reply_fmt(struct probe_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reply_hex(struct probe_conn *c, const void *data, size_t len);
/* replaces the reply with "E.text" */
void reply_error(struct probe_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* one client per domain */
const struct probe_conn *claim_owner(struct probe_ctx *ctx, uint32_t domid);
bool claim(struct probe_ctx *ctx, uint32_t domid, const struct probe_conn *owner);
/* lets go of the attached domain: mappings dropped, claim released */
void detach(struct probe_conn *c);

/* the page of gfn of the attached domain, mapped read-only (cached); NULL with *err */
const uint8_t *cache_page(struct probe_conn *c, uint64_t gfn, int *err);
/* the attached domain, checked alive; false after replying with an error (and detaching when it died) */
bool require_domain(struct probe_conn *c, struct probe_domain *d);

/* answers one complete, checksummed packet into c->reply */
void probe_dispatch(struct probe_conn *c, const char *p, size_t len);

#endif
