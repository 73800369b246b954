/*
 * xenguest-probe: the listening socket and the poll loop. Each client has a bounded input
 * buffer; the core consumes from it only while its output has room for a whole reply, so a
 * client that does not read its replies cannot make the probe grow.
 */
#define _GNU_SOURCE
#include "probe_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define IN_CAP 4096u
#define TICK_MS 500

struct client {
    int fd;
    struct probe_conn *conn;
    char in[IN_CAP];
    size_t in_len;
    bool eof;
};

int probe_parse_listen(const char *text, struct probe_listen *out, char *error, size_t error_cap)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text) {
        snprintf(error, error_cap, "no address given (expected unix:PATH or 127.0.0.1:PORT)");
        return -1;
    }
    if (strncmp(text, "unix:", 5) == 0) {
        const char *path = text + 5;
        if (!*path || strlen(path) >= sizeof out->path) {
            snprintf(error, error_cap, "unix socket path '%s' is empty or longer than %zu bytes", path,
                     sizeof out->path - 1);
            return -1;
        }
        out->is_unix = true;
        strcpy(out->path, path);
        return 0;
    }
    const char *host = text, *host_end, *port;
    if (text[0] == '[') {
        host = text + 1;
        host_end = strchr(host, ']');
        if (!host_end || host_end[1] != ':') {
            snprintf(error, error_cap, "'%s' is not an address (expected [V6ADDRESS]:PORT)", text);
            return -1;
        }
        port = host_end + 2;
    } else {
        host_end = strrchr(text, ':');
        if (!host_end || strchr(text, ':') != host_end) {
            snprintf(error, error_cap, "'%s' is not an address (expected unix:PATH or HOST:PORT)", text);
            return -1;
        }
        port = host_end + 1;
    }
    size_t hlen = (size_t)(host_end - host);
    char *end = NULL;
    long p = strtol(port, &end, 10);
    if (hlen == 0 || hlen >= sizeof out->host || !*port || *end || p < 0 || p > 65535) {
        snprintf(error, error_cap, "'%s' is not an address with a TCP port 0..65535", text);
        return -1;
    }
    memcpy(out->host, host, hlen);
    snprintf(out->port, sizeof out->port, "%ld", p);
    return 0;
}

bool probe_is_loopback(const char *host)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (inet_pton(AF_INET, host, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, host, &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

int probe_listen_open(const struct probe_listen *where, char *error, size_t error_cap)
{
    if (where->is_unix) {
        struct stat st;
        if (lstat(where->path, &st) == 0) {
            if (!S_ISSOCK(st.st_mode)) {
                snprintf(error, error_cap, "%s exists and is not a socket: not replacing it", where->path);
                return -1;
            }
            unlink(where->path); /* a stale socket of an earlier run */
        }
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            snprintf(error, error_cap, "socket: %s", strerror(errno));
            return -1;
        }
        struct sockaddr_un sa;
        memset(&sa, 0, sizeof sa);
        sa.sun_family = AF_UNIX;
        memcpy(sa.sun_path, where->path, strlen(where->path));
        mode_t old = umask(0177); /* the socket file is created 0600 */
        int rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
        umask(old);
        if (rc < 0 || chmod(where->path, 0600) < 0 || listen(fd, 8) < 0) {
            snprintf(error, error_cap, "cannot listen on unix:%s: %s", where->path, strerror(errno));
            close(fd);
            return -1;
        }
        printf("listening on unix:%s\n", where->path);
        fflush(stdout);
        return fd;
    }
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    int gai = getaddrinfo(where->host, where->port, &hints, &ai);
    if (gai != 0) {
        snprintf(error, error_cap, "'%s' is not a numeric address: %s", where->host, gai_strerror(gai));
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 8) < 0) {
        snprintf(error, error_cap, "cannot listen on %s port %s: %s", where->host, where->port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    struct sockaddr_storage bound;
    socklen_t blen = sizeof bound;
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0) {
        if (bound.ss_family == AF_INET) {
            struct sockaddr_in *in = (struct sockaddr_in *)&bound;
            inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
            port = ntohs(in->sin_port);
        } else {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&bound;
            inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
            port = ntohs(in6->sin6_port);
        }
    }
    printf(bound.ss_family == AF_INET6 ? "listening on [%s]:%d\n" : "listening on %s:%d\n", host, port);
    fflush(stdout);
    return fd;
}

static void client_close(struct client *c)
{
    probe_conn_free(c->conn);
    close(c->fd);
    c->fd = -1;
    c->conn = NULL;
    c->in_len = 0;
    c->eof = false;
}

static void refuse(int fd, const char *why)
{
    char wire[256];
    size_t n = probe_frame(why, strlen(why), wire, sizeof wire);
    (void)!send(fd, wire, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    close(fd);
}

/* "%08X" of each 32-bit word of an address as it lies in memory, as /proc/net/tcp{,6} print it. */
static void proc_hex_address(const struct sockaddr_storage *sa, char *out, size_t cap, unsigned *port)
{
    const unsigned char *bytes;
    size_t words;
    if (sa->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        bytes = (const unsigned char *)&in->sin_addr;
        words = 1;
        *port = ntohs(in->sin_port);
    } else {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        bytes = (const unsigned char *)&in6->sin6_addr;
        words = 4;
        *port = ntohs(in6->sin6_port);
    }
    out[0] = '\0';
    for (size_t w = 0; w < words && 8 * (w + 1) < cap; w++) {
        uint32_t word;
        memcpy(&word, bytes + 4 * w, 4);
        snprintf(out + 8 * w, cap - 8 * w, "%08X", (unsigned)word);
    }
}

/* The IPv4-mapped IPv6 form of an IPv4 socket address. */
static void map_v4(const struct sockaddr_storage *in, struct sockaddr_storage *out)
{
    const struct sockaddr_in *v4 = (const struct sockaddr_in *)in;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
    memset(out, 0, sizeof *out);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = v4->sin_port;
    v6->sin6_addr.s6_addr[10] = 0xff;
    v6->sin6_addr.s6_addr[11] = 0xff;
    memcpy(&v6->sin6_addr.s6_addr[12], &v4->sin_addr, 4);
}

/* The owner of the socket whose local address is peer and remote address is self, in table. */
static int find_owner(const char *table_path, const struct sockaddr_storage *peer,
                      const struct sockaddr_storage *self, uid_t *uid)
{
    char peer_hex[40], self_hex[40], want_local[48], want_remote[48];
    unsigned peer_port, self_port;
    proc_hex_address(peer, peer_hex, sizeof peer_hex, &peer_port);
    proc_hex_address(self, self_hex, sizeof self_hex, &self_port);
    snprintf(want_local, sizeof want_local, "%s:%04X", peer_hex, peer_port);
    snprintf(want_remote, sizeof want_remote, "%s:%04X", self_hex, self_port);
    FILE *table = fopen(table_path, "r");
    if (!table)
        return -errno;
    char line[512];
    int rc = -ENOENT;
    while (fgets(line, sizeof line, table)) {
        char local[64], remote[64];
        unsigned long owner;
        if (sscanf(line, " %*s %63s %63s %*s %*s %*s %*s %lu", local, remote, &owner) == 3 &&
            strcmp(local, want_local) == 0 && strcmp(remote, want_remote) == 0) {
            *uid = (uid_t)owner;
            rc = 0;
            break;
        }
    }
    fclose(table);
    return rc;
}

int probe_peer_uid(int fd, uid_t *uid)
{
    struct sockaddr_storage peer, self;
    socklen_t plen = sizeof peer, slen = sizeof self;
    if (getpeername(fd, (struct sockaddr *)&peer, &plen) < 0 || getsockname(fd, (struct sockaddr *)&self, &slen) < 0)
        return -errno;
    if (peer.ss_family == AF_UNIX) {
        struct ucred cred;
        socklen_t clen = sizeof cred;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0)
            return -errno;
        *uid = cred.uid;
        return 0;
    }
    if (peer.ss_family != AF_INET && peer.ss_family != AF_INET6)
        return -EAFNOSUPPORT;
    /* The client's end of a loopback connection is a socket of this host: /proc/net/tcp names
       its owner (local address = our peer, remote address = us). A dual-stack client (Java's
       sockets) is an IPv6 socket with IPv4-mapped addresses, listed in /proc/net/tcp6. */
    int rc = find_owner(peer.ss_family == AF_INET ? "/proc/net/tcp" : "/proc/net/tcp6", &peer, &self, uid);
    if (rc == -ENOENT && peer.ss_family == AF_INET) {
        struct sockaddr_storage mapped_peer, mapped_self;
        map_v4(&peer, &mapped_peer);
        map_v4(&self, &mapped_self);
        rc = find_owner("/proc/net/tcp6", &mapped_peer, &mapped_self, uid);
    }
    return rc;
}

static void accept_client(int listen_fd, struct client *clients, struct probe_ctx *ctx, bool same_user_only)
{
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return;
    if (same_user_only) {
        uid_t uid = (uid_t)-1;
        int rc = probe_peer_uid(fd, &uid);
        if (rc < 0 || uid != geteuid()) {
            char message[160];
            if (rc < 0)
                snprintf(message, sizeof message, "cannot tell which user connected (errno %d): refused", -rc);
            else
                snprintf(message, sizeof message, "a client of user %u, not %u, connected: refused", (unsigned)uid,
                         (unsigned)geteuid());
            if (ctx->log)
                ctx->log(ctx->log_user, message);
            refuse(fd, "E.denied: the probe serves only the user who started it (--any-local-user to change that)");
            return;
        }
    }
    for (int i = 0; i < PROBE_MAX_CLIENTS; i++) {
        if (clients[i].fd < 0) {
            clients[i].conn = probe_conn_new(ctx);
            if (!clients[i].conn) {
                refuse(fd, "E.busy: out of memory");
                return;
            }
            clients[i].fd = fd;
            clients[i].in_len = 0;
            clients[i].eof = false;
            return;
        }
    }
    refuse(fd, "E.busy: too many clients");
}

/* Writes what the core produced; false when the client is gone. */
static bool flush_out(struct client *c)
{
    while (c->conn->out_len > 0) {
        ssize_t n = send(c->fd, c->conn->out, c->conn->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            probe_conn_consume_out(c->conn, (size_t)n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        return false;
    }
    return true;
}

static void feed(struct client *c)
{
    size_t used = probe_conn_feed(c->conn, c->in, c->in_len);
    if (used > 0) {
        memmove(c->in, c->in + used, c->in_len - used);
        c->in_len -= used;
    }
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int probe_serve(int listen_fd, struct probe_ctx *ctx, volatile int *stop, bool same_user_only)
{
    long long last_tick = now_ms();
    struct client clients[PROBE_MAX_CLIENTS];
    for (int i = 0; i < PROBE_MAX_CLIENTS; i++) {
        clients[i].fd = -1;
        clients[i].conn = NULL;
    }
    while (!*stop) {
        struct pollfd fds[PROBE_MAX_CLIENTS + 1];
        int map[PROBE_MAX_CLIENTS + 1];
        int n = 0;
        fds[n].fd = listen_fd;
        fds[n].events = POLLIN;
        map[n++] = -1;
        for (int i = 0; i < PROBE_MAX_CLIENTS; i++) {
            if (clients[i].fd < 0)
                continue;
            fds[n].fd = clients[i].fd;
            fds[n].events = 0;
            if (clients[i].in_len < IN_CAP && !clients[i].eof)
                fds[n].events |= POLLIN;
            if (clients[i].conn->out_len > 0)
                fds[n].events |= POLLOUT;
            map[n++] = i;
        }
        int ready = poll(fds, (nfds_t)n, TICK_MS);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            perror("xenguest-probe: poll");
            break;
        }
        /* First read everything, so that a client that closed is gone before another one's
           vAttach for the same domain is answered. */
        for (int k = 1; k < n; k++) {
            struct client *c = &clients[map[k]];
            if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
                ssize_t got = recv(c->fd, c->in + c->in_len, IN_CAP - c->in_len, MSG_DONTWAIT);
                if (got > 0)
                    c->in_len += (size_t)got;
                else if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                    client_close(c); /* gone, possibly mid-packet: its domain is released */
            }
        }
        for (int k = 1; k < n; k++) {
            struct client *c = &clients[map[k]];
            if (c->fd < 0)
                continue;
            feed(c);
            if (!flush_out(c) || c->conn->closed) {
                client_close(c);
                continue;
            }
            if (c->in_len > 0 && c->conn->out_len == 0)
                feed(c), (void)flush_out(c);
        }
        if (fds[0].revents & POLLIN)
            accept_client(listen_fd, clients, ctx, same_user_only);
        if (now_ms() - last_tick >= TICK_MS) { /* however busy the others are */
            last_tick = now_ms();
            for (int i = 0; i < PROBE_MAX_CLIENTS; i++) {
                if (clients[i].fd >= 0)
                    probe_conn_tick(clients[i].conn);
            }
        }
    }
    for (int i = 0; i < PROBE_MAX_CLIENTS; i++) {
        if (clients[i].fd >= 0)
            client_close(&clients[i]);
    }
    return 0;
}

/* Writes all of buf to fd (blocking); false when the reader is gone. */
static bool write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

int probe_serve_stdio(struct probe_ctx *ctx, volatile int *stop)
{
    struct client c;
    c.fd = 0;
    c.in_len = 0;
    c.eof = false;
    c.conn = probe_conn_new(ctx);
    if (!c.conn)
        return -1;
    long long last_tick = now_ms();
    while (!*stop && !c.conn->closed) {
        struct pollfd pfd = {.fd = 0, .events = POLLIN};
        int ready = c.in_len < IN_CAP ? poll(&pfd, 1, TICK_MS) : 0;
        if (ready < 0 && errno != EINTR)
            break;
        if (ready > 0) {
            ssize_t got = read(0, c.in + c.in_len, IN_CAP - c.in_len);
            if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
                c.eof = true;
            else if (got > 0)
                c.in_len += (size_t)got;
        }
        do {
            feed(&c);
            if (!write_all(1, c.conn->out, c.conn->out_len))
                c.eof = true;
            probe_conn_consume_out(c.conn, c.conn->out_len);
        } while (c.in_len > 0 && !c.conn->closed && !c.eof);
        if (c.eof)
            break;
        if (now_ms() - last_tick >= TICK_MS) {
            last_tick = now_ms();
            probe_conn_tick(c.conn);
        }
    }
    probe_conn_free(c.conn);
    return 0;
}
