/* xenguest-probe: the listening socket and the poll loop around the protocol core. */
#ifndef PROBE_SERVER_H
#define PROBE_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "probe_core.h"

#define PROBE_MAX_CLIENTS 16

struct probe_listen {
    bool is_unix;
    char path[108];     /* unix: the socket file */
    char host[64];      /* tcp: a numeric address */
    char port[8];
};

/*
 * Parses "unix:PATH", "HOST:PORT" or "[V6]:PORT". Returns 0, or -1 with a message.
 */
int probe_parse_listen(const char *text, struct probe_listen *out, char *error, size_t error_cap);

/* True for 127.0.0.0/8 and ::1 (a numeric address). */
bool probe_is_loopback(const char *host);

/*
 * Binds and listens; for a unix socket the file is made 0600. Prints "listening on ADDRESS"
 * on stdout (with the port chosen when PORT is 0). Returns the socket or -1 with a message.
 */
int probe_listen_open(const struct probe_listen *where, char *error, size_t error_cap);

/*
 * Serves until *stop becomes nonzero (a signal handler sets it). With same_user_only a client
 * whose user is not the probe's own is refused ("E.denied"): on a unix socket by SO_PEERCRED,
 * on loopback TCP by the owner /proc/net/tcp{,6} names for the client's end.
 */
int probe_serve(int listen_fd, struct probe_ctx *ctx, volatile int *stop, bool same_user_only);

/* The user at the other end of a connected unix or loopback TCP socket; 0 or -errno. */
int probe_peer_uid(int fd, uid_t *uid);

/*
 * Serves one client on stdin/stdout until it ends (gdb: target remote | xenguest-probe --stdio,
 * or through ssh). Nothing else is written to stdout.
 */
int probe_serve_stdio(struct probe_ctx *ctx, volatile int *stop);

#endif
