package org.xenguest.dsl.generator;

import org.xenguest.dsl.generator.GuestPlan.NetfrontPlan;

/** NAME_netfront.c: the netfront handshake, TX/RX rings through io/ring.h, and an untrusted backend. */
final class CNetfront {
	private CNetfront() {
	}

	static String emit(GuestPlan plan) {
		String p = plan.p;
		String u = plan.u;
		StringBuilder pages = new StringBuilder();
		StringBuilder keys = new StringBuilder();
		StringBuilder devs = new StringBuilder();
		for (NetfrontPlan n : plan.netfronts) {
			String id = n.name();
			pages.append("static struct {\n")
					.append("    uint8_t tx_ring[XG_PAGE_SIZE];\n")
					.append("    uint8_t rx_ring[XG_PAGE_SIZE];\n")
					.append("    uint8_t rx_buf[").append(n.macro()).append("_RX_RING][XG_PAGE_SIZE];\n")
					.append("    uint8_t tx_buf[").append(n.macro()).append("_TX_RING][XG_PAGE_SIZE];\n")
					.append("} pages_").append(id).append(" __attribute__((aligned(XG_PAGE_SIZE)));\n");
			keys.append("static const char *const keys_").append(id).append("[] = {");
			for (int i = 0; i < n.keys().size(); i++) {
				keys.append(i == 0 ? " " : ", ").append(Texts.cString(n.keys().get(i)));
			}
			keys.append(" };\n");
			if (!n.ignoredFeatures().isEmpty()) {
				keys.append("/* Not negotiated (the generated netfront has no support for them): ")
						.append(String.join(", ", n.ignoredFeatures())).append(". */\n");
			}
			devs.append("    [").append(n.macro()).append("] = {\n")
					.append("        .name = ").append(Texts.cString(n.name())).append(",\n")
					.append("        .node = ").append(Texts.cString("device/vif/" + n.vif())).append(",\n")
					.append("        .token = ").append(Texts.cString(p + ":nf" + n.index())).append(",\n")
					.append("        .port_index = ").append(plan.ports.get(n.portIndex()).macro()).append(",\n")
					.append("        .model_backend = ").append(n.macro()).append("_BACKEND,\n")
					.append("        .rx_size = ").append(n.macro()).append("_RX_RING,\n")
					.append("        .tx_size = ").append(n.macro()).append("_TX_RING,\n")
					.append("        .sg = ").append(n.sg() ? 1 : 0).append(",\n")
					.append("        .gso = ").append(n.gso() ? 1 : 0).append(",\n")
					.append("        .model_mac = ").append(n.mac() == null ? "NULL" : n.macro() + "_MAC").append(",\n")
					.append("        .keys = keys_").append(id).append(",\n")
					.append("        .nkeys = sizeof(keys_").append(id).append(") / sizeof(keys_").append(id).append("[0]),\n")
					.append("        .tx_ring_page = pages_").append(id).append(".tx_ring,\n")
					.append("        .rx_ring_page = pages_").append(id).append(".rx_ring,\n")
					.append("        .rx_bufs = &pages_").append(id).append(".rx_buf[0][0],\n")
					.append("        .tx_bufs = &pages_").append(id).append(".tx_buf[0][0],\n")
					.append("    },\n");
		}
		return Template.of("""
				${HEADER}
				/*
				 * The netfronts of guest ${P}: the handshake of notes/xen-facts.md, TX and
				 * RX rings through io/ring.h, RX buffers kept posted, and a backend that is
				 * not trusted: every response is copied out of the shared ring once, and
				 * its id, status, size, offset and flags are checked before anything is
				 * touched; ring indices that claim more responses than requests stop the
				 * device.  Rejected responses are counted and reported, never followed.
				 * Call from thread context with interrupts enabled.
				 */
				#include "${P}_guest.h"
				#include <xen/io/xenbus.h>

				/* io/ring.h's barriers (the header leaves them to the includer). */
				#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
				#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
				#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
				#include <xen/io/netif.h>

				#ifndef ${U}_NETFRONT_TIMEOUT_NS
				#define ${U}_NETFRONT_TIMEOUT_NS 10000000000ull   /* each handshake step */
				#endif
				#define TX_RING_ENTRIES __CONST_RING_SIZE(netif_tx, XG_PAGE_SIZE)
				#define RX_RING_ENTRIES __CONST_RING_SIZE(netif_rx, XG_PAGE_SIZE)
				#define MAX_RX_SLOTS (XEN_NETIF_NR_SLOTS_MIN + 1)   /* slots of one packet */
				#define LOG_LIMIT 16
				#define TX_BUSY 0xffffu

				_Static_assert(${U}_NET_RING_MAX <= TX_RING_ENTRIES && ${U}_NET_RING_MAX <= RX_RING_ENTRIES,
				               "netif rings hold ${U}_NET_RING_MAX entries");
				_Static_assert(sizeof(struct netif_extra_info) == sizeof(struct netif_rx_response),
				               "an extra-info slot is one response slot");

				struct nf {
				    /* from the model */
				    const char *name, *node, *token;
				    unsigned int port_index;
				    domid_t model_backend;
				    unsigned int rx_size, tx_size;
				    uint8_t sg, gso;
				    const char *model_mac;
				    const char *const *keys;
				    unsigned int nkeys;
				    uint8_t *tx_ring_page, *rx_ring_page, *rx_bufs, *tx_bufs;
				    /* at run time */
				    domid_t backend_id;
				    char backend[256];
				    evtchn_port_t port;
				    netif_tx_front_ring_t tx;
				    netif_rx_front_ring_t rx;
				    grant_ref_t tx_ring_ref, rx_ring_ref;
				    grant_ref_t rx_gref[${U}_NET_RING_MAX], tx_gref[${U}_NET_RING_MAX];
				    uint8_t rx_posted[${U}_NET_RING_MAX], tx_in_flight[${U}_NET_RING_MAX];
				    uint16_t tx_free[${U}_NET_RING_MAX];
				    unsigned int tx_nfree, rx_granted, tx_granted, rings_granted;
				    unsigned int rx_frags, extras_expected, extras_seen;
				    uint32_t frontend_state, backend_state;    /* XenbusState, read by debuggers */
				    uint8_t mac[6];
				    int connected, broken, watching;
				    volatile int work, state_changed;
				    unsigned int logged;
				    struct ${P}_netfront_stats stats;
				};

				${PAGES}
				${KEYS}
				static struct nf devs[${U}_NR_NETFRONTS] = {
				${DEVS}};

				/* ---- small helpers (no libc) ---- */

				static size_t str_len(const char *s)
				{
				    size_t n = 0;
				    while (s[n] != '\\0')
				        n++;
				    return n;
				}

				/* out = a "/" b, or XG_E2BIG. */
				static int join(char *out, size_t size, const char *a, const char *b)
				{
				    size_t la = str_len(a), lb = str_len(b);
				    if (la + 1 + lb + 1 > size)
				        return XG_E2BIG;
				    memcpy(out, a, la);
				    out[la] = '/';
				    memcpy(out + la + 1, b, lb + 1);
				    return 0;
				}

				static void utoa(uint32_t v, char out[11])
				{
				    char tmp[11];
				    int n = 0;
				    do {
				        tmp[n++] = (char)('0' + v % 10);
				        v /= 10;
				    } while (v != 0);
				    for (int i = 0; i < n; i++)
				        out[i] = tmp[n - 1 - i];
				    out[n] = '\\0';
				}

				/* Strict decimal: digits only, at most max. */
				static int parse_u32(const char *s, uint32_t max, uint32_t *out)
				{
				    uint64_t v = 0;
				    if (*s == '\\0')
				        return 0;
				    for (; *s != '\\0'; s++) {
				        if (*s < '0' || *s > '9')
				            return 0;
				        v = v * 10 + (uint64_t)(*s - '0');
				        if (v > max)
				            return 0;
				    }
				    *out = (uint32_t)v;
				    return 1;
				}

				static int hex_digit(char c)
				{
				    if (c >= '0' && c <= '9')
				        return c - '0';
				    if (c >= 'a' && c <= 'f')
				        return c - 'a' + 10;
				    if (c >= 'A' && c <= 'F')
				        return c - 'A' + 10;
				    return -1;
				}

				static int parse_mac(const char *s, uint8_t mac[6])
				{
				    if (str_len(s) != 17)
				        return 0;
				    for (int i = 0; i < 6; i++) {
				        int hi = hex_digit(s[3 * i]), lo = hex_digit(s[3 * i + 1]);
				        if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
				            return 0;
				        mac[i] = (uint8_t)(hi << 4 | lo);
				    }
				    return 1;
				}

				static int reject(struct nf *nf, uint64_t *counter, const char *what, unsigned int a, unsigned int b)
				{
				    (*counter)++;
				    if (++nf->logged <= LOG_LIMIT)
				        ${P}_log("netfront %s: backend sent %s (%u, %u): rejected\\n", nf->name, what, a, b);
				    return XG_EPROTO;
				}

				/* ---- xenstore ---- */

				static int read_key(const char *dir, const char *key, char *buf, size_t size)
				{
				    char path[320];
				    int rc = join(path, sizeof(path), dir, key);
				    return rc != 0 ? rc : ${P}_xs_read(0, path, buf, size);
				}

				static int write_key(uint32_t tx, const char *dir, const char *key, const char *value)
				{
				    char path[320];
				    int rc = join(path, sizeof(path), dir, key);
				    return rc != 0 ? rc : ${P}_xs_write(tx, path, value);
				}

				static int write_u32(uint32_t tx, const char *dir, const char *key, uint32_t v)
				{
				    char text[11];
				    utoa(v, text);
				    return write_key(tx, dir, key, text);
				}

				static int set_state(struct nf *nf, uint32_t state)
				{
				    int rc = write_u32(0, nf->node, "state", state);
				    if (rc == 0)
				        __atomic_store_n(&nf->frontend_state, state, __ATOMIC_RELEASE);
				    return rc;
				}

				void ${P}_netfront_watch_fired(unsigned int dev)
				{
				    if (dev < ${U}_NR_NETFRONTS)
				        devs[dev].state_changed = 1;
				}

				/* Waits (watch on <backend>/state, bounded) until the backend is in [lo, hi]. */
				static int wait_backend(struct nf *nf, uint32_t lo, uint32_t hi, uint64_t deadline)
				{
				    char value[16];
				    char path[320];
				    int rc = join(path, sizeof(path), nf->backend, "state");
				    if (rc != 0)
				        return rc;
				    for (;;) {
				        nf->state_changed = 0;
				        rc = ${P}_xs_read(0, path, value, sizeof(value));
				        uint32_t state = 0;
				        if (rc >= 0 && !parse_u32(value, XenbusStateReconfigured, &state)) {
				            ${P}_log("netfront %s: %s is \\"%s\\", not a XenbusState\\n", nf->name, path, value);
				            return XG_EPROTO;
				        }
				        if (rc >= 0) {
				            __atomic_store_n(&nf->backend_state, state, __ATOMIC_RELEASE);
				            if (state >= lo && state <= hi)
				                return 0;
				            if (state >= XenbusStateClosing && lo < XenbusStateClosing) {
				                ${P}_log("netfront %s: backend %s went to state %u while we waited for %u\\n",
				                         nf->name, nf->backend, (unsigned int)state, (unsigned int)lo);
				                return XG_ECONNREFUSED;
				            }
				        } else if (rc != XG_ENOENT) {
				            return rc;
				        }
				        while (!nf->state_changed) {
				            rc = ${P}_xs_wait(deadline);
				            if (rc == XG_ETIMEDOUT) {
				                ${P}_log("netfront %s: backend %s still in state %u after the timeout (want %u..%u)\\n",
				                         nf->name, nf->backend, (unsigned int)nf->backend_state, (unsigned int)lo,
				                         (unsigned int)hi);
				                return rc;
				            }
				            if (rc < 0)
				                return rc;
				        }
				    }
				}

				/* ---- grants ---- */

				static void release_grants(struct nf *nf)
				{
				    for (unsigned int i = 0; i < nf->rx_granted; i++)
				        if (${P}_gnttab_end_access(nf->rx_gref[i]) == XG_EBUSY)
				            nf->stats.grants_busy++;
				    for (unsigned int i = 0; i < nf->tx_granted; i++)
				        if (${P}_gnttab_end_access(nf->tx_gref[i]) == XG_EBUSY)
				            nf->stats.grants_busy++;
				    if (nf->rings_granted >= 1 && ${P}_gnttab_end_access(nf->tx_ring_ref) == XG_EBUSY)
				        nf->stats.grants_busy++;
				    if (nf->rings_granted >= 2 && ${P}_gnttab_end_access(nf->rx_ring_ref) == XG_EBUSY)
				        nf->stats.grants_busy++;
				    if (nf->stats.grants_busy != 0)
				        ${P}_log("netfront %s: %llu grant(s) still mapped by the backend: their pages stay out of use\\n",
				                 nf->name, (unsigned long long)nf->stats.grants_busy);
				    nf->rx_granted = nf->tx_granted = nf->rings_granted = 0;
				}

				static int grant_all(struct nf *nf)
				{
				    domid_t be = nf->backend_id;
				    int rc = ${P}_gnttab_grant_access(be, xg_plat_virt_to_gfn(nf->tx_ring_page), 0, &nf->tx_ring_ref);
				    if (rc == 0) {
				        nf->rings_granted = 1;
				        rc = ${P}_gnttab_grant_access(be, xg_plat_virt_to_gfn(nf->rx_ring_page), 0, &nf->rx_ring_ref);
				    }
				    if (rc == 0)
				        nf->rings_granted = 2;
				    for (unsigned int i = 0; rc == 0 && i < nf->rx_size; i++) {
				        rc = ${P}_gnttab_grant_access(be, xg_plat_virt_to_gfn(nf->rx_bufs + (size_t)i * XG_PAGE_SIZE), 0,
				                                     &nf->rx_gref[i]);
				        if (rc == 0)
				            nf->rx_granted = i + 1;
				    }
				    for (unsigned int i = 0; rc == 0 && i < nf->tx_size; i++) {
				        rc = ${P}_gnttab_grant_access(be, xg_plat_virt_to_gfn(nf->tx_bufs + (size_t)i * XG_PAGE_SIZE), 1,
				                                     &nf->tx_gref[i]);
				        if (rc == 0)
				            nf->tx_granted = i + 1;
				    }
				    if (rc != 0) {
				        ${P}_log("netfront %s: granting its %u ring pages and buffers failed (%d) after %u\\n", nf->name,
				                 2 + nf->rx_size + nf->tx_size, rc, nf->rings_granted + nf->rx_granted + nf->tx_granted);
				        release_grants(nf);
				    }
				    return rc;
				}

				/* ---- rings ---- */

				static void post_rx(struct nf *nf, unsigned int slot)
				{
				    netif_rx_request_t *req = RING_GET_REQUEST(&nf->rx, nf->rx.req_prod_pvt);
				    req->id = (uint16_t)slot;
				    req->gref = nf->rx_gref[slot];
				    nf->rx_posted[slot] = 1;
				    nf->rx.req_prod_pvt++;
				}

				static void push_rx(struct nf *nf)
				{
				    int notify;
				    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->rx, notify);
				    if (notify)
				        (void)${P}_evtchn_send(nf->port);
				}

				static void init_rings(struct nf *nf)
				{
				    netif_tx_sring_t *txs = (netif_tx_sring_t *)(void *)nf->tx_ring_page;
				    netif_rx_sring_t *rxs = (netif_rx_sring_t *)(void *)nf->rx_ring_page;
				    memset(nf->tx_ring_page, 0, XG_PAGE_SIZE);
				    memset(nf->rx_ring_page, 0, XG_PAGE_SIZE);
				    SHARED_RING_INIT(txs);
				    SHARED_RING_INIT(rxs);
				    FRONT_RING_INIT(&nf->tx, txs, XG_PAGE_SIZE);
				    FRONT_RING_INIT(&nf->rx, rxs, XG_PAGE_SIZE);
				    nf->tx_nfree = 0;
				    for (unsigned int i = nf->tx_size; i-- > 0;) {
				        nf->tx_in_flight[i] = 0;
				        nf->tx_free[nf->tx_nfree++] = (uint16_t)i;
				    }
				    for (unsigned int i = 0; i < ${U}_NET_RING_MAX; i++)
				        nf->rx_posted[i] = 0;
				    nf->rx_frags = nf->extras_expected = nf->extras_seen = 0;
				}

				static void ${P}_netfront_event(unsigned int index, evtchn_port_t port)
				{
				    for (unsigned int d = 0; d < ${U}_NR_NETFRONTS; d++) {
				        if (devs[d].port_index == index) {
				            devs[d].work = 1;
				            break;
				        }
				    }
				    if (index < ${U}_NR_PORTS && ${P}_ports[index].handler != NULL)
				        ${P}_ports[index].handler(index, port);
				}

				/* ---- the handshake ---- */

				static int publish(struct nf *nf)
				{
				    int rc = XG_EAGAIN;
				    for (int attempt = 0; attempt < 8 && rc == XG_EAGAIN; attempt++) {
				        uint32_t tx;
				        rc = ${P}_xs_transaction_start(&tx);
				        if (rc != 0)
				            return rc;
				        rc = write_u32(tx, nf->node, "tx-ring-ref", nf->tx_ring_ref);
				        if (rc == 0)
				            rc = write_u32(tx, nf->node, "rx-ring-ref", nf->rx_ring_ref);
				        if (rc == 0)
				            rc = write_u32(tx, nf->node, "event-channel", nf->port);
				        for (unsigned int i = 0; rc == 0 && i < nf->nkeys; i++)
				            rc = write_key(tx, nf->node, nf->keys[i], "1");
				        if (rc == 0)
				            rc = write_u32(tx, nf->node, "state", XenbusStateConnected);
				        if (rc != 0) {
				            (void)${P}_xs_transaction_end(tx, 0);
				            return rc;
				        }
				        rc = ${P}_xs_transaction_end(tx, 1);  /* XG_EAGAIN: it conflicted, again */
				    }
				    if (rc == 0)
				        __atomic_store_n(&nf->frontend_state, XenbusStateConnected, __ATOMIC_RELEASE);
				    return rc;
				}

				int ${P}_netfront_connect(unsigned int dev)
				{
				    if (dev >= ${U}_NR_NETFRONTS)
				        return XG_EINVAL;
				    struct nf *nf = &devs[dev];
				    if (nf->connected)
				        return XG_EISCONN;
				    char value[64];
				    uint32_t id;
				    uint64_t deadline = xg_plat_now_ns() + ${U}_NETFRONT_TIMEOUT_NS;

				    nf->port = ${P}_port(nf->port_index);
				    if (nf->port == 0) {
				        ${P}_log("netfront %s: its port %s is not bound\\n", nf->name, ${P}_ports[nf->port_index].name);
				        return XG_ENODEV;
				    }
				    int rc = read_key(nf->node, "backend-id", value, sizeof(value));
				    if (rc < 0) {
				        ${P}_log("netfront %s: reading %s/backend-id failed: %d (no vif %s in the domain's config?)\\n",
				                 nf->name, nf->node, rc, nf->node);
				        return rc;
				    }
				    if (!parse_u32(value, DOMID_FIRST_RESERVED - 1, &id)) {
				        ${P}_log("netfront %s: %s/backend-id is \\"%s\\", not a domain id\\n", nf->name, nf->node, value);
				        return XG_EPROTO;
				    }
				    if (id != nf->model_backend || id != ${P}_ports[nf->port_index].remote_domid) {
				        ${P}_log("netfront %s: xenstore says backend-id %u, the model says backend %u with port %s "
				                 "unbound to domain %u: make the model and the vif agree\\n", nf->name, (unsigned int)id,
				                 (unsigned int)nf->model_backend, ${P}_ports[nf->port_index].name,
				                 (unsigned int)${P}_ports[nf->port_index].remote_domid);
				        return XG_EINVAL;
				    }
				    nf->backend_id = (domid_t)id;
				    rc = read_key(nf->node, "backend", nf->backend, sizeof(nf->backend));
				    if (rc < 0 || nf->backend[0] != '/') {
				        ${P}_log("netfront %s: %s/backend unreadable or not an absolute path (%d)\\n", nf->name, nf->node, rc);
				        return rc < 0 ? rc : XG_EPROTO;
				    }
				    char path[320];
				    rc = join(path, sizeof(path), nf->backend, "state");
				    if (rc == 0 && !nf->watching) {
				        rc = ${P}_xs_watch(path, nf->token);
				        nf->watching = rc == 0;
				    }
				    /* Initialising first: a backend left Closed by an earlier connection
				     * goes back to InitWait on it (Linux netback's reconnect path). */
				    if (rc == 0)
				        rc = set_state(nf, XenbusStateInitialising);
				    if (rc == 0)
				        rc = wait_backend(nf, XenbusStateInitWait, XenbusStateConnected, deadline);
				    if (rc != 0)
				        return rc;

				    init_rings(nf);
				    rc = grant_all(nf);
				    if (rc != 0)
				        return rc;
				    for (unsigned int i = 0; i < nf->rx_size; i++)
				        post_rx(nf, i);
				    RING_PUSH_REQUESTS(&nf->rx);
				    nf->broken = 0;
				    nf->work = 0;

				    rc = publish(nf);
				    if (rc == 0)
				        rc = wait_backend(nf, XenbusStateConnected, XenbusStateConnected, deadline);
				    if (rc != 0) {
				        ${P}_log("netfront %s: handshake failed (%d)\\n", nf->name, rc);
				        (void)set_state(nf, XenbusStateClosing);
				        release_grants(nf);
				        return rc;
				    }
				    uint8_t model_mac[6];
				    if (read_key(nf->node, "mac", value, sizeof(value)) >= 0 && parse_mac(value, nf->mac)) {
				        if (nf->model_mac != NULL && parse_mac(nf->model_mac, model_mac) && memcmp(model_mac, nf->mac, 6) != 0)
				            ${P}_log("netfront %s: xenstore mac %s differs from the model's %s\\n", nf->name, value,
				                     nf->model_mac);
				    } else {
				        ${P}_log("netfront %s: %s/mac missing or malformed\\n", nf->name, nf->node);
				    }
				    (void)${P}_evtchn_attach(nf->port, ${P}_ports[nf->port_index].vcpu, ${P}_netfront_event, nf->port_index);
				    nf->connected = 1;
				    /* xen-facts.md: only now, with the backend Connected, unmask (rule 1). */
				    ${P}_evtchn_unmask(nf->port);
				    ${P}_debug_info.netfronts[dev].tx_sring = (uint64_t)(uintptr_t)nf->tx_ring_page;
				    ${P}_debug_info.netfronts[dev].rx_sring = (uint64_t)(uintptr_t)nf->rx_ring_page;
				    ${P}_debug_info.netfronts[dev].tx_front = (uint64_t)(uintptr_t)&nf->tx;
				    ${P}_debug_info.netfronts[dev].rx_front = (uint64_t)(uintptr_t)&nf->rx;
				    ${P}_debug_info.netfronts[dev].frontend_state = (uint64_t)(uintptr_t)&nf->frontend_state;
				    ${P}_debug_info.netfronts[dev].backend_state = (uint64_t)(uintptr_t)&nf->backend_state;
				    ${P}_debug_info.netfronts[dev].port = nf->port;
				    ${P}_debug_info.netfronts[dev].backend = nf->backend_id;
				    return 0;
				}

				int ${P}_netfront_disconnect(unsigned int dev)
				{
				    if (dev >= ${U}_NR_NETFRONTS)
				        return XG_EINVAL;
				    struct nf *nf = &devs[dev];
				    if (nf->port == 0)
				        return 0;
				    ${P}_evtchn_mask(nf->port);
				    nf->connected = 0;
				    uint64_t deadline = xg_plat_now_ns() + ${U}_NETFRONT_TIMEOUT_NS;
				    int rc = set_state(nf, XenbusStateClosing);
				    if (rc == 0 && nf->backend[0] == '/')
				        rc = wait_backend(nf, XenbusStateClosing, XenbusStateClosed, deadline);
				    int rc2 = set_state(nf, XenbusStateClosed);
				    if (nf->watching) {
				        char path[320];
				        if (join(path, sizeof(path), nf->backend, "state") == 0)
				            (void)${P}_xs_unwatch(path, nf->token);
				        nf->watching = 0;
				    }
				    release_grants(nf);
				    return rc != 0 ? rc : rc2;
				}

				/* ---- data ---- */

				/* Responses the backend claims beyond the requests we made: stop the device. */
				static int check_prod(struct nf *nf, const char *ring, RING_IDX prod, RING_IDX cons, RING_IDX req_prod)
				{
				    if ((RING_IDX)(prod - cons) > (RING_IDX)(req_prod - cons)) {
				        nf->broken = 1;
				        reject(nf, &nf->stats.ring_overflow, ring, prod, cons);
				        ${P}_log("netfront %s: %s rsp_prod %u is beyond the %u requests made (rsp_cons %u): device "
				                 "stopped; disconnect and connect again\\n", nf->name, ring, (unsigned int)prod,
				                 (unsigned int)(req_prod - cons), (unsigned int)cons);
				        return XG_EPROTO;
				    }
				    return 0;
				}

				static int reap_tx(struct nf *nf)
				{
				    int bad = 0;
				    for (;;) {
				        RING_IDX prod = __atomic_load_n(&nf->tx.sring->rsp_prod, __ATOMIC_ACQUIRE);
				        RING_IDX cons = nf->tx.rsp_cons;
				        int rc = check_prod(nf, "tx", prod, cons, nf->tx.req_prod_pvt);
				        if (rc != 0)
				            return rc;
				        for (; cons != prod; cons++) {
				            netif_tx_response_t rsp;
				            RING_COPY_RESPONSE(&nf->tx, cons, &rsp);
				            if (rsp.id >= nf->tx_size || !nf->tx_in_flight[rsp.id]) {
				                bad = reject(nf, &nf->stats.bad_id, "a tx response id not in flight: id, ring index",
				                             rsp.id, cons);
				                nf->stats.tx_errors++;
				                continue;
				            }
				            nf->tx_in_flight[rsp.id] = 0;
				            nf->tx_free[nf->tx_nfree++] = rsp.id;
				            if (rsp.status == NETIF_RSP_ERROR || rsp.status == NETIF_RSP_DROPPED) {
				                nf->stats.backend_errors++;
				                nf->stats.tx_errors++;
				            } else if (rsp.status != NETIF_RSP_OKAY) {
				                /* NETIF_RSP_NULL answers an extra-info slot; this netfront sends none. */
				                bad = reject(nf, &nf->stats.bad_status, "a tx status: status, id", (unsigned int)rsp.status,
				                             rsp.id);
				                nf->stats.tx_errors++;
				            }
				        }
				        nf->tx.rsp_cons = cons;
				        int more;
				        RING_FINAL_CHECK_FOR_RESPONSES(&nf->tx, more);
				        if (!more)
				            return bad;
				    }
				}

				int ${P}_netfront_send(unsigned int dev, const void *frame, size_t len)
				{
				    if (dev >= ${U}_NR_NETFRONTS)
				        return XG_EINVAL;
				    struct nf *nf = &devs[dev];
				    if (!nf->connected)
				        return XG_ENODEV;
				    if (nf->broken)
				        return XG_EPROTO;
				    if (frame == NULL || len == 0)
				        return XG_EINVAL;
				    if (len > XG_PAGE_SIZE)
				        return XG_E2BIG;
				    int rc = reap_tx(nf);
				    if (rc != 0 && nf->broken)
				        return rc;
				    if (nf->tx_nfree == 0)
				        return XG_EAGAIN;           /* tx-ring requests in flight: poll, then send again */
				    uint16_t id = nf->tx_free[--nf->tx_nfree];
				    memcpy(nf->tx_bufs + (size_t)id * XG_PAGE_SIZE, frame, len);
				    netif_tx_request_t *req = RING_GET_REQUEST(&nf->tx, nf->tx.req_prod_pvt);
				    req->gref = nf->tx_gref[id];
				    req->offset = 0;
				    req->flags = 0;
				    req->id = id;
				    req->size = (uint16_t)len;
				    nf->tx_in_flight[id] = 1;
				    nf->tx.req_prod_pvt++;
				    int notify;
				    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&nf->tx, notify);
				    if (notify)
				        (void)${P}_evtchn_send(nf->port);
				    nf->stats.tx_packets++;
				    nf->stats.tx_bytes += len;
				    return 0;
				}

				/* Checks one data slot; 0 if its bytes may be handed over. */
				static int check_rx(struct nf *nf, const netif_rx_response_t *rsp, unsigned int slot, RING_IDX cons)
				{
				    if (rsp->id != slot || !nf->rx_posted[slot])
				        return reject(nf, &nf->stats.bad_id, "an rx response id that is not the slot posted there: id, slot",
				                      rsp->id, slot);
				    if (rsp->status < 0) {
				        nf->stats.backend_errors++;
				        return reject(nf, &nf->stats.bad_status, "an rx error status: status, ring index",
				                      (unsigned int)-rsp->status, cons);
				    }
				    if (rsp->offset >= XG_PAGE_SIZE)
				        return reject(nf, &nf->stats.bad_offset, "an rx offset beyond the page: offset, size", rsp->offset,
				                      (unsigned int)rsp->status);
				    if ((unsigned int)rsp->status > XG_PAGE_SIZE - rsp->offset)
				        return reject(nf, &nf->stats.bad_size, "an rx size beyond the page: offset, size", rsp->offset,
				                      (unsigned int)rsp->status);
				    if ((rsp->flags & NETRXF_extra_info) && !nf->gso)
				        return reject(nf, &nf->stats.bad_flags, "extra info nobody asked for (no gso feature): flags, id",
				                      rsp->flags, rsp->id);
				    if ((rsp->flags & NETRXF_more_data) && !nf->sg)
				        return reject(nf, &nf->stats.bad_flags, "a multi-slot packet without feature-sg: flags, id",
				                      rsp->flags, rsp->id);
				    if ((rsp->flags & NETRXF_more_data) && nf->rx_frags + 1 >= MAX_RX_SLOTS)
				        return reject(nf, &nf->stats.bad_flags, "a packet of too many slots: slots, id", nf->rx_frags + 1,
				                      rsp->id);
				    return 0;
				}

				int ${P}_netfront_poll(unsigned int dev, ${P}_netfront_rx_fn fn, void *ctx, unsigned int budget)
				{
				    if (dev >= ${U}_NR_NETFRONTS)
				        return XG_EINVAL;
				    struct nf *nf = &devs[dev];
				    if (!nf->connected)
				        return XG_ENODEV;
				    if (nf->broken)
				        return XG_EPROTO;
				    nf->work = 0;
				    int bad = reap_tx(nf);
				    if (nf->broken)
				        return XG_EPROTO;
				    unsigned int delivered = 0;
				    unsigned int mask = nf->rx_size - 1;
				    for (;;) {
				        RING_IDX prod = __atomic_load_n(&nf->rx.sring->rsp_prod, __ATOMIC_ACQUIRE);
				        RING_IDX cons = nf->rx.rsp_cons;
				        int rc = check_prod(nf, "rx", prod, cons, nf->rx.req_prod_pvt);
				        if (rc != 0)
				            return rc;
				        for (; cons != prod && delivered < budget; cons++) {
				            /* Requests are posted in order and netback answers them in order:
				             * ring index i holds the buffer of slot i mod rx-ring. */
				            unsigned int slot = cons & mask;
				            netif_rx_response_t rsp;
				            RING_COPY_RESPONSE(&nf->rx, cons, &rsp);
				            if (nf->extras_expected) {
				                struct netif_extra_info extra;
				                memcpy(&extra, &rsp, sizeof(extra));
				                if (extra.type == XEN_NETIF_EXTRA_TYPE_NONE || extra.type >= XEN_NETIF_EXTRA_TYPE_MAX ||
				                    ++nf->extras_seen >= XEN_NETIF_EXTRA_TYPE_MAX) {
				                    bad = reject(nf, &nf->stats.bad_extra, "a bad extra-info slot: type, slot", extra.type,
				                                 slot);
				                    nf->stats.rx_errors++;
				                    nf->extras_expected = 0;
				                } else {
				                    nf->extras_expected = (extra.flags & XEN_NETIF_EXTRA_FLAG_MORE) != 0;
				                }
				                nf->rx_posted[slot] = 0;
				                post_rx(nf, slot);
				                continue;
				            }
				            if (check_rx(nf, &rsp, slot, cons) != 0) {
				                bad = XG_EPROTO;
				                nf->stats.rx_errors++;
				                nf->rx_frags = 0;           /* the rest of that packet is dropped too */
				                nf->extras_expected = (rsp.flags & NETRXF_extra_info) != 0 && nf->gso;
				                nf->extras_seen = 0;
				                nf->rx_posted[slot] = 0;
				                post_rx(nf, slot);
				                continue;
				            }
				            nf->rx_posted[slot] = 0;
				            const uint8_t *data = nf->rx_bufs + (size_t)slot * XG_PAGE_SIZE + rsp.offset;
				            if (fn != NULL)
				                fn(ctx, data, (size_t)rsp.status, rsp.flags);
				            nf->stats.rx_bytes += (uint64_t)rsp.status;
				            if (rsp.flags & NETRXF_more_data) {
				                nf->rx_frags++;
				            } else {
				                nf->rx_frags = 0;
				                nf->stats.rx_packets++;
				                delivered++;
				            }
				            nf->extras_expected = (rsp.flags & NETRXF_extra_info) != 0;
				            nf->extras_seen = 0;
				            post_rx(nf, slot);          /* the same buffer and grant, again */
				        }
				        nf->rx.rsp_cons = cons;
				        push_rx(nf);
				        if (delivered >= budget)
				            break;
				        int more;
				        RING_FINAL_CHECK_FOR_RESPONSES(&nf->rx, more);
				        if (!more)
				            break;
				    }
				    return bad != 0 ? XG_EPROTO : (int)delivered;
				}

				int ${P}_netfront_has_work(unsigned int dev)
				{
				    return dev < ${U}_NR_NETFRONTS && devs[dev].work;
				}

				int ${P}_netfront_mac(unsigned int dev, uint8_t mac[6])
				{
				    if (dev >= ${U}_NR_NETFRONTS || !devs[dev].connected)
				        return XG_ENODEV;
				    memcpy(mac, devs[dev].mac, 6);
				    return 0;
				}

				void ${P}_netfront_stats(unsigned int dev, struct ${P}_netfront_stats *out)
				{
				    if (dev < ${U}_NR_NETFRONTS)
				        *out = devs[dev].stats;
				}
				""").with("HEADER", Texts.cHeader(plan, p + "_netfront.c", "netfront(s) of guest " + p))
				.with("P", p).with("U", u).with("PAGES", pages).with("KEYS", keys).with("DEVS", devs).fill();
	}
}
