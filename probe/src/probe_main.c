/*
 * xenguest-probe: serves Xen's view of a host's domains over the GDB remote serial protocol.
 * Built with PROBE_FAKE it serves a FAKE scripted host instead (xenguest-probe-fake, for tests).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe_core.h"
#include "probe_server.h"
#ifdef PROBE_FAKE
#include "probe_fake.h"
#else
#include "probe_xen.h"
#endif

static volatile int stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void log_stderr(void *user, const char *message)
{
    (void)user;
    fprintf(stderr, "xenguest-probe: %s\n", message);
}

static void usage(FILE *to)
{
    fprintf(to,
            "usage: xenguest-probe --listen unix:PATH | --listen 127.0.0.1:PORT [--allow-remote] [--any-local-user]\n"
            "       xenguest-probe --stdio\n"
            "Serves the domains of this Xen host (run as root in dom0) over the GDB remote serial\n"
            "protocol: vAttach;DOMID, m/x guest-physical reads (read-only) and qXenguest.* queries\n"
            "(docs/probe-protocol.md). A unix socket file is made 0600. Only loopback addresses are\n"
            "accepted unless --allow-remote is given; PORT 0 picks a free port (printed). --stdio\n"
            "serves one client on stdin/stdout (gdb: target remote | ssh root@dom0 xenguest-probe --stdio).\n"
            "Only clients of the user who started it are served (SO_PEERCRED, /proc/net/tcp);\n"
            "--any-local-user serves every local user.\n"
#ifdef PROBE_FAKE
            "THIS BUILD IS THE FAKE: it serves a scripted host, not Xen (for tests).\n"
#endif
    );
}

int main(int argc, char **argv)
{
    const char *listen_arg = NULL;
    int allow_remote = 0;
    int use_stdio = 0;
    int any_local_user = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            listen_arg = argv[++i];
        } else if (strncmp(argv[i], "--listen=", 9) == 0) {
            listen_arg = argv[i] + 9;
        } else if (strcmp(argv[i], "--any-local-user") == 0) {
            any_local_user = 1;
        } else if (strcmp(argv[i], "--stdio") == 0) {
            use_stdio = 1;
        } else if (strcmp(argv[i], "--allow-remote") == 0) {
            allow_remote = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "xenguest-probe: unknown argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!listen_arg == !use_stdio) {
        fprintf(stderr, "xenguest-probe: give one of --listen ADDRESS and --stdio\n");
        usage(stderr);
        return 2;
    }
    char error[512];
    struct probe_listen where;
    memset(&where, 0, sizeof where);
    where.is_unix = use_stdio; /* no address check for stdio */
    if (listen_arg && probe_parse_listen(listen_arg, &where, error, sizeof error) < 0) {
        fprintf(stderr, "xenguest-probe: %s\n", error);
        return 2;
    }
    if (!where.is_unix && !probe_is_loopback(where.host)) {
        if (!allow_remote) {
            fprintf(stderr,
                    "xenguest-probe: refusing to listen on %s, which is not a loopback address: anyone who reaches "
                    "it could read every domain's memory. Use 127.0.0.1, a unix socket and ssh -L, or give "
                    "--allow-remote if you really mean it\n",
                    where.host);
            return 2;
        }
        fprintf(stderr,
                "xenguest-probe: WARNING: listening on %s, not a loopback address (--allow-remote): anyone who can "
                "reach it can read the memory of every domain on this host, without a password\n",
                where.host);
    }

    const struct probe_xen_ops *ops;
#ifdef PROBE_FAKE
    static struct probe_fake fake;
    probe_fake_init(&fake);
    ops = &fake.ops;
    fprintf(stderr, "xenguest-probe: FAKE build: serving a scripted host, not Xen\n");
#else
    struct probe_xen *xen = probe_xen_open(error, sizeof error);
    if (!xen) {
        fprintf(stderr, "xenguest-probe: %s\n", error);
        return 1;
    }
    ops = probe_xen_ops(xen);
#endif
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    static struct probe_ctx ctx;
    probe_ctx_init(&ctx, ops, log_stderr, NULL);
    if (use_stdio) {
        probe_serve_stdio(&ctx, &stop_requested);
    } else {
        int fd = probe_listen_open(&where, error, sizeof error);
        if (fd < 0) {
            fprintf(stderr, "xenguest-probe: %s\n", error);
#ifndef PROBE_FAKE
            probe_xen_close(xen);
#endif
            return 1;
        }
        /* a remote peer has no local user to compare; --allow-remote already warned */
        probe_serve(fd, &ctx, &stop_requested, !any_local_user && !allow_remote);
        close(fd);
        if (where.is_unix)
            unlink(where.path);
    }
#ifndef PROBE_FAKE
    probe_xen_close(xen);
#endif
    return 0;
}
