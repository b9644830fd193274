/* loadgen.c - weft's load generator for the accumulating-sink benchmark.
 *
 *   loadgen --port P [--host 127.0.0.1] --conns C --bytes B --chunk S --parallel K
 *           [--nodelay] [--seed-base N] [--timeout SECONDS] [--src-ips N]
 *
 * One thread, non-blocking sockets, epoll. Runs C connections, at most K at a time. Each one
 * sends B bytes (content: wire.h) in send() calls of at most S bytes, half-closes
 * (shutdown SHUT_WR), and counts as done when the server closes its side (read returns 0):
 * a closed loop, so the server never holds more than K connections. Sizes take K, M, G (binary).
 *
 * Loopback has one source address per connection target, and each has ~28,000 ephemeral ports;
 * the TIME_WAIT sockets of 20,000-connection runs fill them and slow connect(). So on 127/8
 * connection i binds to 127.0.0.(2 + i % N) (N = --src-ips, default 64; 0 turns it off),
 * leaving the port to connect() (IP_BIND_ADDRESS_NO_PORT).
 *
 * CRCs are computed before the clock starts. Prints one JSON line; exit status 0 when every
 * connection completed, 1 on errors, 2 on bad usage, 3 on timeout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

enum phase { IDLE, SENDING, DRAINING };

struct conn {
    int fd;
    enum phase phase;
    uint64_t index;
    uint64_t sent;
};

static struct {
    const char *host;
    int port;
    uint64_t conns, bytes, chunk, parallel, seed_base;
    int nodelay, src_ips;
    double timeout;
} opt = {"127.0.0.1", 0, 1, 1 << 20, 65536, 1, 0, 0, -1, 600};

static unsigned char *table;  /* TABLE_LEN + chunk bytes: every chunk-long window is contiguous */
static unsigned char *first;  /* the first min(chunk, bytes) bytes of the current connection */
static uint32_t *crcs;
static struct sockaddr_in target;
static int ep;
static uint64_t started, completed, failed, sends, eagain;
static char first_error[200];

static uint32_t seed_of(uint64_t index) { return (uint32_t)(opt.seed_base + index); }

static uint64_t table_pos(uint32_t seed, uint64_t offset) {
    return (offset + (uint64_t)seed * STEP) % TABLE_LEN;
}

static void make_table(void) {
    size_t n = TABLE_LEN + opt.chunk;
    table = malloc(n);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < TABLE_LEN; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        table[i] = (unsigned char)((x * 0x2545F4914F6CDD1Dull) >> 56);
    }
    for (size_t i = TABLE_LEN; i < n; i++) table[i] = table[i - TABLE_LEN];
}

static uint32_t payload_crc(uint32_t seed) {
    uint32_t crc = 0;
    for (uint64_t off = 8; off < opt.bytes;) {
        uint64_t pos = table_pos(seed, off);
        uint64_t n = TABLE_LEN - pos;
        if (n > opt.bytes - off) n = opt.bytes - off;
        crc = crc_add(crc, table + pos, (size_t)n);
        off += n;
    }
    return crc;
}

/* Points at the `len` bytes of connection c that start at offset `off` (len <= chunk). */
static const unsigned char *bytes_at(struct conn *c, uint64_t off, uint64_t len) {
    if (off >= 8) return table + table_pos(seed_of(c->index), off);
    if (off == 0 && len <= opt.chunk) {
        set_le32(first, seed_of(c->index));
        set_le32(first + 4, crcs[c->index]);
        if (len > 8) memcpy(first + 8, table + table_pos(seed_of(c->index), 8), len - 8);
        return first;
    }
    /* a send that stopped inside the header: rebuild from `off` */
    unsigned char head[8];
    set_le32(head, seed_of(c->index));
    set_le32(head + 4, crcs[c->index]);
    uint64_t h = 8 - off < len ? 8 - off : len;
    memcpy(first, head + off, h);
    if (len > h) memcpy(first + h, table + table_pos(seed_of(c->index), 8), len - h);
    return first;
}

static void drop(struct conn *c, const char *what, int err) {
    if (!first_error[0]) snprintf(first_error, sizeof first_error, "%s: %s", what, strerror(err));
    failed++;
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    c->phase = IDLE;
}

static void watch(struct conn *c, uint32_t events, int op) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(ep, op, c->fd, &ev) < 0) drop(c, "epoll_ctl", errno);
}

static void pump(struct conn *c) {
    while (c->sent < opt.bytes) {
        uint64_t len = opt.bytes - c->sent < opt.chunk ? opt.bytes - c->sent : opt.chunk;
        ssize_t n = send(c->fd, bytes_at(c, c->sent, len), (size_t)len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOTCONN) {
                eagain++;
                return; /* EPOLLOUT resumes */
            }
            drop(c, "send", errno);
            return;
        }
        sends++;
        c->sent += (uint64_t)n;
    }
    if (shutdown(c->fd, SHUT_WR) < 0) {
        drop(c, "shutdown", errno);
        return;
    }
    c->phase = DRAINING;
    watch(c, EPOLLIN | EPOLLRDHUP, EPOLL_CTL_MOD);
}

static void open_conn(struct conn *c) {
    c->index = started++;
    c->sent = 0;
    c->phase = SENDING;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        drop(c, "socket", errno);
        return;
    }
    int one = 1;
    if (opt.nodelay) setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (opt.src_ips > 0) {
        struct sockaddr_in src = {.sin_family = AF_INET};
        src.sin_addr.s_addr = htonl(0x7F000002u + (uint32_t)(c->index % (uint64_t)opt.src_ips));
        setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        if (bind(c->fd, (struct sockaddr *)&src, sizeof src) < 0) {
            drop(c, "bind", errno);
            return;
        }
    }
    if (connect(c->fd, (struct sockaddr *)&target, sizeof target) < 0 && errno != EINPROGRESS) {
        drop(c, "connect", errno);
        return;
    }
    watch(c, EPOLLOUT, EPOLL_CTL_ADD);
    if (c->phase == SENDING) pump(c); /* on loopback the handshake is usually done already */
}

static void on_ready(struct conn *c) {
    if (c->phase == SENDING) {
        int err = 0;
        socklen_t len = sizeof err;
        if (c->sent == 0 && getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) {
            drop(c, "connect", err);
            return;
        }
        pump(c);
        return;
    }
    if (c->phase != DRAINING) return;
    char sink[2048];
    for (;;) {
        ssize_t n = read(c->fd, sink, sizeof sink);
        if (n > 0) continue;
        if (n == 0) {
            close(c->fd);
            c->fd = -1;
            c->phase = IDLE;
            completed++;
            return;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) drop(c, "read", errno);
        return;
    }
}

static uint64_t size_arg(const char *s) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0) return UINT64_MAX;
    switch (*end) {
    case 0: return (uint64_t)v;
    case 'k': case 'K': return (uint64_t)(v * 1024);
    case 'm': case 'M': return (uint64_t)(v * 1024 * 1024);
    case 'g': case 'G': return (uint64_t)(v * 1024 * 1024 * 1024);
    default: return UINT64_MAX;
    }
}

static void usage(void) {
    fprintf(stderr, "usage: loadgen --port P [--host H] --conns C --bytes B --chunk S --parallel K\n"
                    "               [--nodelay] [--seed-base N] [--timeout SECONDS] [--src-ips N]\n");
    exit(2);
}

int main(int argc, char **argv) {
    static const struct option longs[] = {
        {"port", 1, 0, 'p'}, {"host", 1, 0, 'h'}, {"conns", 1, 0, 'c'}, {"bytes", 1, 0, 'b'},
        {"chunk", 1, 0, 's'}, {"parallel", 1, 0, 'k'}, {"nodelay", 0, 0, 'n'},
        {"seed-base", 1, 0, 'e'}, {"timeout", 1, 0, 't'}, {"src-ips", 1, 0, 'i'}, {0, 0, 0, 0}};
    for (int o; (o = getopt_long(argc, argv, "", longs, NULL)) != -1;) {
        switch (o) {
        case 'p': opt.port = atoi(optarg); break;
        case 'h': opt.host = optarg; break;
        case 'c': opt.conns = size_arg(optarg); break;
        case 'b': opt.bytes = size_arg(optarg); break;
        case 's': opt.chunk = size_arg(optarg); break;
        case 'k': opt.parallel = size_arg(optarg); break;
        case 'n': opt.nodelay = 1; break;
        case 'e': opt.seed_base = strtoull(optarg, NULL, 10); break;
        case 't': opt.timeout = atof(optarg); break;
        case 'i': opt.src_ips = atoi(optarg); break;
        default: usage();
        }
    }
    if (opt.port <= 0 || opt.port > 65535 || opt.conns < 1 || opt.conns == UINT64_MAX || opt.bytes < 8 ||
        opt.bytes == UINT64_MAX || opt.chunk < 1 || opt.chunk > (1u << 30) || opt.parallel < 1 ||
        opt.parallel == UINT64_MAX)
        usage();
    if (opt.parallel > opt.conns) opt.parallel = opt.conns;
    target.sin_family = AF_INET;
    target.sin_port = htons((uint16_t)opt.port);
    if (inet_pton(AF_INET, opt.host, &target.sin_addr) != 1) usage();
    if (opt.src_ips < 0) opt.src_ips = (ntohl(target.sin_addr.s_addr) >> 24) == 127 ? 64 : 0;
    signal(SIGPIPE, SIG_IGN);

    double t0 = mono_seconds();
    crc_setup();
    make_table();
    first = malloc(opt.chunk + 8);
    crcs = malloc(opt.conns * sizeof *crcs);
    if (!table || !first || !crcs) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (uint64_t i = 0; i < opt.conns; i++) crcs[i] = payload_crc(seed_of(i));
    double precompute = mono_seconds() - t0;

    ep = epoll_create1(EPOLL_CLOEXEC);
    struct conn *slots = calloc(opt.parallel, sizeof *slots);
    struct epoll_event events[512];
    struct rusage r0, r1;
    int timed_out = 0;
    getrusage(RUSAGE_SELF, &r0);
    double start = mono_seconds();
    for (uint64_t i = 0; i < opt.parallel; i++) {
        slots[i].fd = -1;
        open_conn(&slots[i]);
    }
    while (completed + failed < opt.conns) {
        int n = epoll_wait(ep, events, 512, 500);
        if (n < 0 && errno != EINTR) {
            drop(&(struct conn){.fd = -1}, "epoll_wait", errno);
            break;
        }
        for (int i = 0; i < n; i++) on_ready(events[i].data.ptr);
        for (uint64_t i = 0; i < opt.parallel && started < opt.conns; i++)
            if (slots[i].phase == IDLE) open_conn(&slots[i]);
        if (mono_seconds() - start > opt.timeout) {
            timed_out = 1;
            snprintf(first_error, sizeof first_error, "timed out after %.0f s", opt.timeout);
            break;
        }
    }
    double seconds = mono_seconds() - start;
    getrusage(RUSAGE_SELF, &r1);
    double user = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) + (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6;
    double sys = (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
    double total = (double)completed * (double)opt.bytes;
    printf("{\"tool\":\"weft-loadgen\",\"conns\":%llu,\"bytes_per_conn\":%llu,\"chunk\":%llu,\"parallel\":%llu,"
           "\"nodelay\":%s,\"completed\":%llu,\"errors\":%llu,\"bytes\":%.0f,\"seconds\":%.6f,"
           "\"mb_per_s\":%.3f,\"conns_per_s\":%.1f,\"sends\":%llu,\"eagain\":%llu,\"cpu_user\":%.3f,"
           "\"cpu_sys\":%.3f,\"precompute_seconds\":%.3f,\"error\":\"%s\"}\n",
           (unsigned long long)opt.conns, (unsigned long long)opt.bytes, (unsigned long long)opt.chunk,
           (unsigned long long)opt.parallel, opt.nodelay ? "true" : "false", (unsigned long long)completed,
           (unsigned long long)failed, total, seconds, seconds > 0 ? total / seconds / 1e6 : 0.0,
           seconds > 0 ? (double)completed / seconds : 0.0, (unsigned long long)sends, (unsigned long long)eagain,
           user, sys, precompute, first_error);
    fflush(stdout);
    if (timed_out) return 3;
    return failed ? 1 : 0;
}
