/*
 * xenguest-hostd: the agent through which `xenguest host` runs commands in the dom0 it boots.
 *
 *   xenguest-hostd ADDRESS PORT SECRET-FILE
 *
 * Listens on ADDRESS:PORT (QEMU's user network forwards one loopback port of the user's machine
 * to it, nothing else reaches it) and serves each connection in a process of its own. A client
 * proves it knows the secret (64 hex digits, in SECRET-FILE here and in the host's 0700 state
 * folder), then asks for one command:
 *
 *   client: "XGHOSTD1 <secret>\n" "exec <argc> <stdin-length>\n"
 *           argc times "<length>\n<bytes>", then <stdin-length> bytes for the command's stdin
 *   agent:  frames "o <length>\n<bytes>" (stdout) and "e <length>\n<bytes>" (stderr) as they
 *           come, then "x <status>\n" (the exit code; 128+N for signal N; 127: could not run)
 *
 * or for a byte stream to a unix socket in dom0 (the probe's, for Studio's debugger):
 *
 *   client: "XGHOSTD1 <secret>\n" "relay <path>\n"   (path under /run/xenguest/)
 *   agent:  nothing of its own: from then on the bytes go both ways unchanged until either side
 *           closes (a path it cannot connect to: the connection is closed at once)
 *
 * A client that goes away ends its command (the whole process group). Every length is bounded
 * and a malformed request is answered with an "e" frame and "x 125"; a wrong secret is closed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SECRET_HEX 64
#define MAX_ARGS 256
#define MAX_ARG_BYTES (64 * 1024)
#define MAX_STDIN_BYTES (64 * 1024 * 1024)
#define REQUEST_TIMEOUT_MS 30000

static char secret[SECRET_HEX + 1];

static int read_full(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, REQUEST_TIMEOUT_MS) <= 0)
            return -1;
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* One line of at most max-1 bytes, without its '\n'. */
static int read_line(int fd, char *line, size_t max)
{
    for (size_t i = 0; i < max - 1; i++) {
        if (read_full(fd, &line[i], 1) < 0)
            return -1;
        if (line[i] == '\n') {
            line[i] = '\0';
            return 0;
        }
    }
    return -1;
}

static int send_frame(int fd, char kind, const char *data, size_t len)
{
    char head[32];
    int n = snprintf(head, sizeof head, "%c %zu\n", kind, len);
    return write_full(fd, head, (size_t)n) < 0 || write_full(fd, data, len) < 0 ? -1 : 0;
}

static void refuse(int fd, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    send_frame(fd, 'e', msg, n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
    write_full(fd, "x 125\n", 6);
}

static int parse_size(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end != '\0' || v > max)
        return -1;
    *out = v;
    return 0;
}

static int secret_matches(const char *given)
{
    unsigned char diff = (unsigned char)(strlen(given) != SECRET_HEX);
    for (size_t i = 0; i < SECRET_HEX; i++)   /* the same time whatever matches */
        diff |= (unsigned char)(given[i % (strlen(given) + 1)] ^ secret[i]);
    return diff == 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs argv with the given stdin, relaying its output; returns when it and its output are done. */
static void run(int sock, char **argv, const char *input, size_t input_len)
{
    int in[2], out[2], err[2];
    if (pipe(in) < 0 || pipe(out) < 0 || pipe(err) < 0) {
        refuse(sock, "pipe: %s", strerror(errno));
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        refuse(sock, "fork: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        setsid();
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
        signal(SIGPIPE, SIG_DFL);
        execvp(argv[0], argv);
        dprintf(2, "%s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    int to_child = in[1];
    size_t written = 0;
    if (input_len == 0) {
        close(to_child);
        to_child = -1;
    }
    int outputs[2] = { out[0], err[0] };
    const char kinds[2] = { 'o', 'e' };
    int status = 0;
    int exited = 0;
    long long exited_at = 0;
    char buf[16384];
    for (;;) {
        if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
            exited = 1;
            exited_at = now_ms();
        }
        /* A daemon the command left behind may keep the pipes open: stop reading soon after. */
        if (exited && ((outputs[0] < 0 && outputs[1] < 0) || now_ms() - exited_at > 500))
            break;
        struct pollfd pfd[4] = {
            { .fd = outputs[0], .events = POLLIN }, { .fd = outputs[1], .events = POLLIN },
            { .fd = sock, .events = POLLIN }, { .fd = to_child, .events = POLLOUT },
        };
        if (poll(pfd, 4, 100) < 0 && errno != EINTR)
            break;
        if (pfd[2].revents) {   /* the client spoke or went away: either way the command ends */
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            return;
        }
        for (int i = 0; i < 2; i++) {
            if (!pfd[i].revents)
                continue;
            ssize_t n = read(outputs[i], buf, sizeof buf);
            if (n > 0) {
                if (send_frame(sock, kinds[i], buf, (size_t)n) < 0) {
                    kill(-pid, SIGKILL);
                    waitpid(pid, &status, 0);
                    return;
                }
            } else if (n == 0 || errno != EINTR) {
                close(outputs[i]);
                outputs[i] = -1;
            }
        }
        if (to_child >= 0 && pfd[3].revents) {
            ssize_t n = write(to_child, input + written, input_len - written);
            if (n > 0)
                written += (size_t)n;
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input_len) {
                close(to_child);
                to_child = -1;
            }
        }
    }
    if (to_child >= 0)
        close(to_child);
    for (int i = 0; i < 2; i++)
        if (outputs[i] >= 0)
            close(outputs[i]);
    if (!exited)
        waitpid(pid, &status, 0);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125;
    dprintf(sock, "x %d\n", code);
}

/* Copies bytes both ways between the client and a unix socket in dom0 until either side closes. */
static void relay(int sock, const char *path)
{
    static const char prefix[] = "/run/xenguest/";
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strncmp(path, prefix, sizeof prefix - 1) != 0 || strstr(path, "..") || strlen(path) >= sizeof addr.sun_path)
        return;
    strcpy(addr.sun_path, path);
    int peer = socket(AF_UNIX, SOCK_STREAM, 0);
    if (peer < 0 || connect(peer, (struct sockaddr *)&addr, sizeof addr) < 0)
        return;
    char buf[16384];
    for (;;) {
        struct pollfd pfd[2] = { { .fd = sock, .events = POLLIN }, { .fd = peer, .events = POLLIN } };
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        int from = pfd[0].revents ? sock : peer, to = from == sock ? peer : sock;
        if (!pfd[0].revents && !pfd[1].revents)
            continue;
        ssize_t n = read(from, buf, sizeof buf);
        if (n <= 0 || write_full(to, buf, (size_t)n) < 0)
            break;
    }
    close(peer);
}

static void serve(int sock)
{
    char line[128];
    if (read_line(sock, line, sizeof line) < 0 || strncmp(line, "XGHOSTD1 ", 9) != 0 ||
        !secret_matches(line + 9))
        return;   /* no answer to whoever does not know the secret */
    if (read_line(sock, line, sizeof line) < 0)
        return;
    if (strncmp(line, "relay ", 6) == 0) {
        relay(sock, line + 6);
        return;
    }
    char *argv[MAX_ARGS + 1] = { 0 };
    unsigned long argc, input_len;
    char want[16], count[24], length[24];
    if (sscanf(line, "%15s %23s %23s", want, count, length) != 3 ||
        strcmp(want, "exec") != 0 || parse_size(count, MAX_ARGS, &argc) < 0 || argc == 0 ||
        parse_size(length, MAX_STDIN_BYTES, &input_len) < 0) {
        refuse(sock, "xenguest-hostd: expected \"exec ARGC STDIN-LENGTH\" or \"relay PATH\"");
        return;
    }
    for (unsigned long i = 0; i < argc; i++) {
        unsigned long len;
        if (read_line(sock, line, sizeof line) < 0 || parse_size(line, MAX_ARG_BYTES, &len) < 0 ||
            !(argv[i] = calloc(1, len + 1)) || read_full(sock, argv[i], len) < 0 || strlen(argv[i]) != len) {
            refuse(sock, "xenguest-hostd: argument %lu is malformed or longer than %d bytes", i, MAX_ARG_BYTES);
            return;
        }
    }
    char *input = malloc(input_len ? input_len : 1);
    if (!input || (input_len && read_full(sock, input, input_len) < 0)) {
        refuse(sock, "xenguest-hostd: stdin shorter than announced");
        return;
    }
    run(sock, argv, input, input_len);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: xenguest-hostd ADDRESS PORT SECRET-FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[3], "r");
    if (!f || fscanf(f, "%64s", secret) != 1 || strlen(secret) != SECRET_HEX) {
        fprintf(stderr, "xenguest-hostd: %s must hold the secret (64 hex digits)\n", argv[3]);
        return 1;
    }
    fclose(f);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])) };
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
        fprintf(stderr, "xenguest-hostd: %s is not an IPv4 address\n", argv[1]);
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 16) < 0) {
        perror("xenguest-hostd: listen");
        return 1;
    }
    signal(SIGCHLD, SIG_IGN);   /* connection processes reap themselves */
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        int sock = accept(listener, NULL, NULL);
        if (sock < 0)
            continue;
        if (fork() == 0) {
            close(listener);
            signal(SIGCHLD, SIG_DFL);
            setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            serve(sock);
            _exit(0);
        }
        close(sock);
    }
}
