package org.xenguest.dsl.generator;

import org.xenguest.dsl.generator.GuestPlan.XsPlan;

/** NAME_xenstore.c: the xenstore ring client, with timeouts and a check of every reply. */
final class CXenstore {
	private CXenstore() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String u = plan.u;
		StringBuilder writes = new StringBuilder();
		StringBuilder watchFns = new StringBuilder();
		StringBuilder watches = new StringBuilder();
		int nWatches = 0;
		for (XsPlan x : plan.xenstore) {
			if (x.value() != null) {
				writes.append("    rc = ").append(p).append("_xs_write(0, ").append(x.macro()).append(", ").append(x.macro())
						.append("_VALUE);\n    if (rc != 0) {\n        ").append(p)
						.append("_log(\"xenstore: writing %s failed: %d\\n\", ").append(x.macro())
						.append(", rc);\n        return rc;\n    }\n");
			}
			if (x.watch()) {
				watchFns.append("    ").append(x.handler() == null ? "NULL" : x.handler()).append(",   /* ")
						.append(Texts.commentSafe(x.path())).append(" */\n");
				watches.append("    rc = ").append(p).append("_xs_watch(").append(x.macro()).append(", ")
						.append(Texts.cString(p + ":w" + x.watchIndex()))
						.append(");\n    if (rc == XG_EEXIST)\n        rc = 0;              /* set before a resynchronisation */\n    if (rc != 0) {\n        ")
						.append(p).append("_log(\"xenstore: watching %s failed: %d\\n\", ").append(x.macro())
						.append(", rc);\n        return rc;\n    }\n");
				nWatches++;
			}
		}
		if (nWatches == 0) {
			watchFns.append("    NULL,   /* the model declares no watch */\n");
		}
		String portSetup;
		if (plan.xenstorePortIndex >= 0) {
			portSetup = Template.of("""
					    /* The model's xenstore port (${PORT_MACRO}), bound by ${P}_evtchn_init. */
					    port = ${P}_port(${PORT_MACRO});
					    if (port == 0) {
					        ${P}_log("no xenstore: its port ${PORT_NAME} is not bound\\n");
					        return XG_ENODEV;
					    }
					""").with("P", p).with("PORT_MACRO", plan.ports.get(plan.xenstorePortIndex).macro())
					.with("PORT_NAME", plan.ports.get(plan.xenstorePortIndex).name()).fill();
		} else {
			portSetup = Template.of("""
					    /* The model declares no xenstore port: take Xen's and attach to it here. */
					    uint64_t evtchn = 0;
					    if (get_param(HVM_PARAM_STORE_EVTCHN, &evtchn) != 0 || evtchn == 0 || evtchn >= EVTCHN_2L_NR_CHANNELS) {
					        ${P}_log("no xenstore: HVM_PARAM_STORE_EVTCHN is %llu\\n", (unsigned long long)evtchn);
					        return XG_ENODEV;
					    }
					    port = (evtchn_port_t)evtchn;
					    if (!attached) {
					        (void)${P}_evtchn_attach(port, 0, NULL, ${U}_NR_PORTS + ${U}_VCPUS);
					        ${P}_evtchn_unmask(port);
					        attached = 1;
					    }
					""").with("P", p).with("U", u).fill();
		}
		String nfRoute = "";
		String nfDecl = "";
		if (!plan.netfronts.isEmpty()) {
			nfDecl = "/* In " + p + "_netfront.c: a device's backend state watch fired. */\nvoid " + p
					+ "_netfront_watch_fired(unsigned int dev);\n\n";
			nfRoute = Template.of("""
					    if (token_index(token, "${P}:nf", &i)) {
					        ${P}_netfront_watch_fired(i);
					        return;
					    }
					""").with("P", p).fill();
		}
		return Template.of("""
				${HEADER}
				/*
				 * The xenstore client of guest ${P}: requests and replies on the ring page
				 * of xs_wire.h, woken by the xenstore event channel (${P}_evtchn_wait), with
				 * a deadline on every wait.  xenstored is trusted to be xenstored but every
				 * reply is checked anyway: a length beyond XENSTORE_PAYLOAD_MAX, ring
				 * indices further apart than the ring, a reply to no request, an unknown
				 * type, a missing NUL, an unknown error string are all errors, never an
				 * out-of-bounds read.  Call from thread context with interrupts enabled,
				 * not from a port handler.
				 */
				#include "${P}_guest.h"
				#include <xen/io/xs_wire.h>
				#include <xen/hvm/hvm_op.h>
				#include <xen/hvm/params.h>

				#define RING XENSTORE_RING_SIZE
				#define HDR ((uint32_t)sizeof(struct xsd_sockmsg))
				#define WATCH_QUEUE 8
				#define LOG_LIMIT 16

				struct part {
				    const char *data;
				    uint32_t len;
				};

				static struct xenstore_domain_interface *intf;
				static evtchn_port_t port;
				${ATTACHED_DECL}static uint32_t last_req_id;
				static int broken, busy, dispatching;
				static unsigned int logged;
				static char msg[XENSTORE_PAYLOAD_MAX + 1];     /* the payload being read, NUL added */
				static struct {
				    uint32_t len;
				    char data[XENSTORE_PAYLOAD_MAX + 1];
				} queue[WATCH_QUEUE];
				static unsigned int q_head, q_count;
				static char event[XENSTORE_PAYLOAD_MAX + 1];   /* the watch event being dispatched */
				static ${P}_xs_watch_fn user_watch;

				/* The model's watch handlers, by watch index (token "${P}:w<index>"). */
				static const ${P}_xs_watch_fn model_watch[${NW_SLOTS}] = {
				${WATCH_FNS}};
				static const unsigned int nr_model_watches = ${NW};

				${NF_DECL}static long get_param(uint32_t index, uint64_t *value)
				{
				    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
				    long rc = xg_plat_hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param, (unsigned long)(uintptr_t)&p, 0, 0, 0);
				    *value = rc == 0 ? p.value : 0;
				    return rc;
				}

				static uint32_t str_len(const char *s, uint32_t max)
				{
				    uint32_t n = 0;
				    while (n < max && s[n] != '\\0')
				        n++;
				    return n;
				}

				static int str_eq(const char *a, const char *b)
				{
				    while (*a != '\\0' && *a == *b) {
				        a++;
				        b++;
				    }
				    return *a == *b;
				}

				static struct ${P}_xs_stats stats;

				static void note(uint64_t *counter, const char *what, uint32_t a, uint32_t b)
				{
				    (*counter)++;
				    if (++logged <= LOG_LIMIT)
				        ${P}_log("xenstore: %s (%u, %u)\\n", what, (unsigned int)a, (unsigned int)b);
				}

				/* The stream can no longer be trusted: stop until ${P}_xs_init resynchronises. */
				static int corrupt(const char *what, uint32_t a, uint32_t b)
				{
				    broken = 1;
				    note(&stats.rejected, what, a, b);
				    ${P}_log("xenstore: connection marked broken; ${P}_xs_init resynchronises it\\n");
				    return XG_EIO;
				}

				static uint64_t deadline_from_now(void)
				{
				    return xg_plat_now_ns() + ${U}_XS_TIMEOUT_NS;
				}

				/* ---- the rings ---- */

				static uint32_t rsp_avail(void)
				{
				    return __atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE) - intf->rsp_cons;
				}

				static int rsp_ready(void *arg)
				{
				    uint32_t avail = rsp_avail();
				    return avail >= *(const uint32_t *)arg || avail > RING;
				}

				static int req_room(void *arg)
				{
				    uint32_t used = intf->req_prod - __atomic_load_n(&intf->req_cons, __ATOMIC_ACQUIRE);
				    return used > RING || RING - used >= *(const uint32_t *)arg;
				}

				static int write_all(const void *data, uint32_t len, uint64_t deadline)
				{
				    const char *src = data;
				    while (len > 0) {
				        uint32_t cons = __atomic_load_n(&intf->req_cons, __ATOMIC_ACQUIRE);
				        uint32_t prod = intf->req_prod;
				        if (prod - cons > RING)
				            return corrupt("request ring indices further apart than the ring: req_prod, req_cons", prod, cons);
				        uint32_t room = RING - (prod - cons);
				        if (room == 0) {
				            uint32_t want = 1;
				            (void)${P}_evtchn_send(port);
				            int rc = ${P}_evtchn_wait(req_room, &want, deadline);
				            if (rc != 0)
				                return rc;
				            continue;
				        }
				        uint32_t off = MASK_XENSTORE_IDX(prod);
				        uint32_t chunk = len < room ? len : room;
				        if (chunk > RING - off)
				            chunk = RING - off;
				        memcpy(intf->req + off, src, chunk);
				        /* The bytes before the index that publishes them. */
				        __atomic_store_n(&intf->req_prod, prod + chunk, __ATOMIC_RELEASE);
				        src += chunk;
				        len -= chunk;
				    }
				    return 0;
				}

				static int read_all(void *data, uint32_t len, uint64_t deadline)
				{
				    char *dst = data;
				    while (len > 0) {
				        uint32_t prod = __atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE);
				        uint32_t cons = intf->rsp_cons;
				        if (prod - cons > RING)
				            return corrupt("response ring indices further apart than the ring: rsp_prod, rsp_cons", prod, cons);
				        uint32_t avail = prod - cons;
				        if (avail == 0) {
				            uint32_t want = 1;
				            (void)${P}_evtchn_send(port);       /* xenstored may wait for room */
				            int rc = ${P}_evtchn_wait(rsp_ready, &want, deadline);
				            if (rc != 0)
				                return rc;
				            continue;
				        }
				        uint32_t off = MASK_XENSTORE_IDX(cons);
				        uint32_t chunk = len < avail ? len : avail;
				        if (chunk > RING - off)
				            chunk = RING - off;
				        /* Copied out once; only the copy is looked at (no double fetch). */
				        memcpy(dst, intf->rsp + off, chunk);
				        __atomic_store_n(&intf->rsp_cons, cons + chunk, __ATOMIC_RELEASE);
				        dst += chunk;
				        len -= chunk;
				    }
				    return 0;
				}

				/* One message: its header in *h, its payload (NUL-terminated) in msg. */
				static int read_message(struct xsd_sockmsg *h, uint64_t deadline)
				{
				    uint32_t want = HDR;
				    int rc = ${P}_evtchn_wait(rsp_ready, &want, deadline);
				    if (rc != 0)
				        return rc;                      /* nothing consumed: the stream is intact */
				    rc = read_all(h, HDR, deadline);
				    if (rc != 0)
				        return broken ? rc : corrupt("response header cut short: error", (uint32_t)-rc, 0);
				    if (h->len > XENSTORE_PAYLOAD_MAX)
				        return corrupt("reply longer than XENSTORE_PAYLOAD_MAX: length, type", h->len, h->type);
				    rc = read_all(msg, h->len, deadline);
				    if (rc != 0)
				        return broken ? rc : corrupt("reply payload cut short: length, type", h->len, h->type);
				    msg[h->len] = '\\0';
				    (void)${P}_evtchn_send(port);           /* room again in the response ring */
				    return 0;
				}

				/* ---- watch events ---- */

				static void queue_event(uint32_t len)
				{
				    stats.watch_events++;
				    /* "path\\0token\\0": two NUL-terminated strings inside the payload. */
				    uint32_t path_len = str_len(msg, len);
				    uint32_t token_len = path_len < len ? str_len(msg + path_len + 1, len - path_len - 1) : len;
				    if (path_len == 0 || path_len >= len || path_len + 1 + token_len >= len) {
				        note(&stats.rejected, "malformed watch event dropped: length, path length", len, path_len);
				        return;
				    }
				    /* The same event queued twice says nothing more: handlers re-read what changed. */
				    for (unsigned int i = 0; i < q_count; i++) {
				        unsigned int at = (q_head + i) % WATCH_QUEUE;
				        if (queue[at].len == len && memcmp(queue[at].data, msg, len) == 0) {
				            stats.events_coalesced++;
				            return;
				        }
				    }
				    if (q_count == WATCH_QUEUE) {
				        note(&stats.events_dropped, "watch event dropped, queue full: queued, length", q_count, len);
				        return;
				    }
				    unsigned int slot = (q_head + q_count) % WATCH_QUEUE;
				    memcpy(queue[slot].data, msg, len + 1);
				    queue[slot].len = len;
				    q_count++;
				}

				static int token_index(const char *token, const char *prefix, unsigned int *index)
				{
				    while (*prefix != '\\0')
				        if (*token++ != *prefix++)
				            return 0;
				    unsigned int v = 0;
				    if (*token == '\\0')
				        return 0;
				    for (; *token != '\\0'; token++) {
				        if (*token < '0' || *token > '9' || v > 100000)
				            return 0;
				        v = v * 10 + (unsigned int)(*token - '0');
				    }
				    *index = v;
				    return 1;
				}

				static void route(const char *path, const char *token)
				{
				    unsigned int i;
				    if (token_index(token, "${P}:w", &i)) {
				        if (i < nr_model_watches && model_watch[i] != NULL)
				            model_watch[i](path, token);
				        return;
				    }
				${NF_ROUTE}    if (user_watch != NULL)
				        user_watch(path, token);
				}

				static int dispatch_events(void)
				{
				    int n = 0;
				    if (dispatching)
				        return 0;
				    dispatching = 1;
				    while (q_count > 0) {
				        uint32_t len = queue[q_head].len;
				        memcpy(event, queue[q_head].data, len + 1);
				        q_head = (q_head + 1) % WATCH_QUEUE;
				        q_count--;
				        route(event, event + str_len(event, len) + 1);
				        n++;
				    }
				    dispatching = 0;
				    return n;
				}

				void ${P}_xs_stats(struct ${P}_xs_stats *out)
				{
				    *out = stats;
				}

				void ${P}_xs_set_watch_callback(${P}_xs_watch_fn fn)
				{
				    user_watch = fn;
				}

				/* ---- requests ---- */

				static const struct {
				    const char *name;
				    int code;
				} errors[] = {
				    { "EINVAL", XG_EINVAL }, { "EACCES", XG_EACCES }, { "EEXIST", XG_EEXIST },
				    { "EISDIR", XG_EISDIR }, { "ENOENT", XG_ENOENT }, { "ENOMEM", XG_ENOMEM },
				    { "ENOSPC", XG_ENOSPC }, { "EIO", XG_EIO }, { "ENOTEMPTY", XG_ENOTEMPTY },
				    { "ENOSYS", XG_ENOSYS }, { "EROFS", XG_EROFS }, { "EBUSY", XG_EBUSY },
				    { "EAGAIN", XG_EAGAIN }, { "EISCONN", XG_EISCONN }, { "E2BIG", XG_E2BIG },
				    { "EPERM", XG_EPERM },
				};

				static int error_reply(uint32_t len)
				{
				    if (len == 0 || msg[len - 1] != '\\0' || str_len(msg, len) != len - 1) {
				        note(&stats.rejected, "XS_ERROR reply without a NUL-terminated name: length", len, 0);
				        return XG_EPROTO;
				    }
				    for (unsigned int i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
				        if (str_eq(msg, errors[i].name))
				            return errors[i].code;
				    note(&stats.rejected, "XS_ERROR reply with an unknown error name: length", len, 0);
				    return XG_EIO;
				}

				static int request(uint32_t type, uint32_t tx, const struct part *parts, unsigned int n,
				                   char *out, size_t out_size, uint32_t *out_len)
				{
				    if (intf == NULL)
				        return XG_ENODEV;
				    if (broken)
				        return XG_EIO;
				    if (busy)
				        return XG_EBUSY;                /* a request from inside a request */
				    uint32_t total = 0;
				    for (unsigned int i = 0; i < n; i++) {
				        if (parts[i].len > XENSTORE_PAYLOAD_MAX - total)
				            return XG_E2BIG;
				        total += parts[i].len;
				    }
				    busy = 1;
				    stats.requests++;
				    struct xsd_sockmsg h = { .type = type, .req_id = ++last_req_id, .tx_id = tx, .len = total };
				    uint64_t deadline = deadline_from_now();
				    int rc = write_all(&h, HDR, deadline);
				    for (unsigned int i = 0; rc == 0 && i < n; i++)
				        rc = write_all(parts[i].data, parts[i].len, deadline);
				    if (rc != 0) {
				        busy = 0;
				        /* Part of a request may be in the ring: nothing after it can be trusted. */
				        return broken ? rc : corrupt("request cut short: type, error", type, (uint32_t)-rc);
				    }
				    (void)${P}_evtchn_send(port);
				    for (;;) {
				        struct xsd_sockmsg r;
				        rc = read_message(&r, deadline);
				        if (rc != 0)
				            break;
				        if (r.type == XS_WATCH_EVENT) {
				            queue_event(r.len);
				            continue;
				        }
				        if (r.req_id != h.req_id) {
				            if (h.req_id - r.req_id < 0x80000000u) {
				                note(&stats.late, "late reply dropped: its request, this request", r.req_id, h.req_id);
				                continue;
				            }
				            note(&stats.rejected, "reply to a request never made: its id, the request waiting", r.req_id, h.req_id);
				            rc = XG_EPROTO;
				            break;
				        }
				        if (r.type == XS_ERROR) {
				            rc = error_reply(r.len);
				            break;
				        }
				        if (r.type != type) {
				            note(&stats.rejected, "reply of the wrong type: its type, the request's", r.type, type);
				            rc = XG_EPROTO;
				            break;
				        }
				        if (out != NULL) {
				            if ((size_t)r.len >= out_size) {
				                note(&stats.rejected, "reply larger than the caller's buffer: length, type", r.len, type);
				                rc = XG_E2BIG;
				                break;
				            }
				            memcpy(out, msg, r.len);
				            out[r.len] = '\\0';
				        }
				        if (out_len != NULL)
				            *out_len = r.len;
				        break;
				    }
				    busy = 0;
				    if (rc == XG_ETIMEDOUT)
				        note(&stats.timeouts, "no reply within the timeout (ms): ms, request type",
				             (uint32_t)(${U}_XS_TIMEOUT_NS / 1000000u), type);
				    return rc;
				}

				static int check_path(const char *path, uint32_t *len)
				{
				    if (path == NULL)
				        return XG_EINVAL;
				    uint32_t n = str_len(path, XENSTORE_ABS_PATH_MAX + 1);
				    if (n == 0 || n > XENSTORE_ABS_PATH_MAX)
				        return XG_EINVAL;
				    *len = n + 1;                           /* with its NUL */
				    return 0;
				}

				static int expect_ok(int rc, uint32_t len, const char *reply)
				{
				    if (rc != 0)
				        return rc;
				    if (len != 3 || !str_eq(reply, "OK")) {
				        note(&stats.rejected, "reply is not \\"OK\\": length", len, 0);
				        return XG_EPROTO;
				    }
				    return 0;
				}

				int ${P}_xs_read(uint32_t tx, const char *path, char *buf, size_t size)
				{
				    uint32_t plen, len = 0;
				    int rc = check_path(path, &plen);
				    if (rc != 0 || buf == NULL || size == 0)
				        return rc != 0 ? rc : XG_EINVAL;
				    struct part parts[] = { { path, plen } };
				    rc = request(XS_READ, tx, parts, 1, buf, size, &len);
				    return rc != 0 ? rc : (int)len;
				}

				int ${P}_xs_write(uint32_t tx, const char *path, const char *value)
				{
				    uint32_t plen, len = 0;
				    int rc = check_path(path, &plen);
				    if (rc != 0 || value == NULL)
				        return rc != 0 ? rc : XG_EINVAL;
				    char reply[8];
				    struct part parts[] = { { path, plen }, { value, str_len(value, XENSTORE_PAYLOAD_MAX + 1) } };
				    rc = request(XS_WRITE, tx, parts, 2, reply, sizeof(reply), &len);
				    return expect_ok(rc, len, reply);
				}

				int ${P}_xs_directory(uint32_t tx, const char *path, char *buf, size_t size, unsigned int *count)
				{
				    uint32_t plen, len = 0;
				    int rc = check_path(path, &plen);
				    if (rc != 0 || buf == NULL || size == 0)
				        return rc != 0 ? rc : XG_EINVAL;
				    struct part parts[] = { { path, plen } };
				    rc = request(XS_DIRECTORY, tx, parts, 1, buf, size, &len);
				    if (rc != 0)
				        return rc;
				    if (len > 0 && buf[len - 1] != '\\0') {
				        note(&stats.rejected, "directory reply not NUL-terminated: length", len, 0);
				        return XG_EPROTO;
				    }
				    unsigned int names = 0;
				    for (uint32_t i = 0; i < len; i++)
				        names += buf[i] == '\\0';
				    if (count != NULL)
				        *count = names;
				    return 0;
				}

				int ${P}_xs_transaction_start(uint32_t *tx)
				{
				    char reply[16];
				    uint32_t len = 0;
				    struct part parts[] = { { "", 1 } };
				    int rc = request(XS_TRANSACTION_START, 0, parts, 1, reply, sizeof(reply), &len);
				    if (rc != 0)
				        return rc;
				    /* A decimal id and its NUL, nothing else. */
				    uint64_t id = 0;
				    if (len < 2 || reply[len - 1] != '\\0' || str_len(reply, len) != len - 1) {
				        note(&stats.rejected, "transaction id reply malformed: length", len, 0);
				        return XG_EPROTO;
				    }
				    for (uint32_t i = 0; i + 1 < len; i++) {
				        if (reply[i] < '0' || reply[i] > '9' || id > 0xffffffffull / 10) {
				            note(&stats.rejected, "transaction id reply not a number: length", len, 0);
				            return XG_EPROTO;
				        }
				        id = id * 10 + (uint64_t)(reply[i] - '0');
				    }
				    if (id == 0 || id > 0xffffffffull) {
				        note(&stats.rejected, "transaction id out of range: length", len, 0);
				        return XG_EPROTO;
				    }
				    *tx = (uint32_t)id;
				    return 0;
				}

				int ${P}_xs_transaction_end(uint32_t tx, int commit)
				{
				    char reply[8];
				    uint32_t len = 0;
				    struct part parts[] = { { commit ? "T" : "F", 2 } };
				    if (tx == 0)
				        return XG_EINVAL;
				    int rc = request(XS_TRANSACTION_END, tx, parts, 1, reply, sizeof(reply), &len);
				    return expect_ok(rc, len, reply);
				}

				static int watch_op(uint32_t type, const char *path, const char *token)
				{
				    uint32_t plen, len = 0;
				    int rc = check_path(path, &plen);
				    if (rc != 0 || token == NULL)
				        return rc != 0 ? rc : XG_EINVAL;
				    char reply[8];
				    struct part parts[] = { { path, plen }, { token, str_len(token, XENSTORE_PAYLOAD_MAX) + 1 } };
				    rc = request(type, 0, parts, 2, reply, sizeof(reply), &len);
				    return expect_ok(rc, len, reply);
				}

				int ${P}_xs_watch(const char *path, const char *token)
				{
				    return watch_op(XS_WATCH, path, token);
				}

				int ${P}_xs_unwatch(const char *path, const char *token)
				{
				    return watch_op(XS_UNWATCH, path, token);
				}

				int ${P}_xs_poll(void)
				{
				    if (intf == NULL)
				        return XG_ENODEV;
				    if (broken)
				        return XG_EIO;
				    if (!busy) {
				        busy = 1;
				        int rc = 0;
				        for (;;) {
				            uint32_t avail = rsp_avail();
				            if (avail > RING) {
				                rc = corrupt("response ring indices further apart than the ring: rsp_prod - rsp_cons",
				                             avail, 0);
				                break;
				            }
				            if (avail < HDR)
				                break;
				            struct xsd_sockmsg r;
				            rc = read_message(&r, deadline_from_now());
				            if (rc != 0)
				                break;
				            if (r.type == XS_WATCH_EVENT)
				                queue_event(r.len);
				            else
				                note(&stats.late, "reply while no request is waiting, dropped: id, type", r.req_id, r.type);
				        }
				        busy = 0;
				        if (rc != 0)
				            return rc;
				    }
				    return dispatch_events();
				}

				static int something_to_read(void *arg)
				{
				    (void)arg;
				    return q_count > 0 || rsp_avail() >= HDR;
				}

				int ${P}_xs_wait(uint64_t deadline_ns)
				{
				    if (intf == NULL)
				        return XG_ENODEV;
				    int rc = ${P}_evtchn_wait(something_to_read, NULL, deadline_ns);
				    return rc != 0 ? rc : ${P}_xs_poll();
				}

				int ${P}_xs_init(void)
				{
				    uint64_t pfn = 0;
				    int rc;
				    if (get_param(HVM_PARAM_STORE_PFN, &pfn) != 0 || pfn == 0) {
				        ${P}_log("no xenstore: HVM_PARAM_STORE_PFN is 0 (a dom0 has none before xenstored runs)\\n");
				        return XG_ENODEV;
				    }
				${PORT_SETUP}    intf = xg_plat_gfn_to_virt(pfn);
				    if (intf == NULL) {
				        ${P}_log("no xenstore: its page (gfn 0x%llx) is not mapped\\n", (unsigned long long)pfn);
				        return XG_ENODEV;
				    }
				    ${P}_debug_info.xenstore = (uint64_t)(uintptr_t)intf;
				    ${P}_debug_info.xenstore_port = port;
				    if (broken) {
				        stats.resyncs++;
				        /* Resynchronise: drop whatever is in the response ring. */
				        __atomic_store_n(&intf->rsp_cons, __atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE),
				                         __ATOMIC_RELEASE);
				        (void)${P}_evtchn_send(port);
				    }
				    broken = 0;
				    busy = 0;
				    dispatching = 0;
				    q_count = 0;
				    rc = 0;
				    /* The model's nodes and watches. */
				${WRITES}${WATCHES}    return rc;
				}
				""").with("HEADER", Texts.cHeader(plan, p + "_xenstore.c", "xenstore client of guest " + p))
				.with("P", p).with("U", u).with("NW_SLOTS", Math.max(1, nWatches)).with("NW", nWatches + "u")
				.with("WATCH_FNS", watchFns).with("NF_DECL", nfDecl).with("NF_ROUTE", nfRoute)
				.with("PORT_SETUP", portSetup)
				.with("ATTACHED_DECL", plan.xenstorePortIndex >= 0 ? "" : "static int attached;\n").with("WRITES", writes).with("WATCHES", watches).fill();
	}
}
