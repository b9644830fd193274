/* csink.c - reference sinks in C for the accumulating-sink benchmark (the machine's limits).
 *
 *   PORT=p EXPECT=n csink accum     read() straight into each connection's own buffer, grown by
 *                                   doubling with realloc (glibc moves big blocks with mremap, so
 *                                   growing copies nothing); CRC-32 checked over it at EOF
 *   PORT=p EXPECT=n csink discard   read into one buffer and forget (no accumulation, no check)
 *
 * One thread, epoll, level-triggered. Prints READY once listening on 127.0.0.1:PORT, and after
 * EXPECT connections have ended the contract's JSON line (README of the sink benchmark), then
 * exits 0. "peak_rss_kb" is the process's VmHWM.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

struct peer {
    int fd;
    unsigned char *data;
    size_t size, capacity;
    unsigned long long reads;
};

static long peak_rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    if (f) fclose(f);
    return kb;
}

static double cpu_seconds(void) {
    struct rusage u;
    if (getrusage(RUSAGE_SELF, &u) != 0) return -1;
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv) {
    int accum = argc == 2 && strcmp(argv[1], "accum") == 0;
    if (argc != 2 || (!accum && strcmp(argv[1], "discard") != 0)) {
        fprintf(stderr, "usage: PORT=p EXPECT=n csink accum|discard\n");
        return 2;
    }
    const char *port_s = getenv("PORT"), *expect_s = getenv("EXPECT");
    if (!port_s || !expect_s) {
        fprintf(stderr, "PORT and EXPECT must be set\n");
        return 2;
    }
    long long expect = atoll(expect_s);
    crc_setup();

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port_s))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
        perror("listen");
        return 1;
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);
    puts("READY");
    fflush(stdout);

    const size_t step = 256 * 1024;
    unsigned char *scratch = malloc(step);
    struct epoll_event events[256];
    double first = -1, check_s = 0;
    long long ended = 0;
    unsigned long long total = 0, reads = 0;
    int all_ok = 1;
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            struct peer *p = events[i].data.ptr;
            if (p == NULL) {
                int fd;
                while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    if (first < 0) first = mono_seconds();
                    p = calloc(1, sizeof *p);
                    p->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = p};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            int done = 0, broken = 0;
            for (;;) {
                unsigned char *into = scratch;
                size_t room = step;
                if (accum) {
                    if (p->capacity - p->size < 65536) {
                        size_t c = p->capacity ? p->capacity : 65536;
                        while (c - p->size < 65536) c *= 2;
                        unsigned char *grown = realloc(p->data, c);
                        if (!grown) {
                            fprintf(stderr, "out of memory at %zu bytes\n", c);
                            return 1;
                        }
                        p->data = grown;
                        p->capacity = c;
                    }
                    into = p->data + p->size;
                    room = p->capacity - p->size;
                }
                ssize_t got = read(p->fd, into, room);
                p->reads++;
                if (got > 0) {
                    p->size += (size_t)got;
                    if ((size_t)got < room) break; /* probably drained: wait for epoll */
                    continue;
                }
                if (got == 0) {
                    done = 1;
                } else if (errno == EINTR) {
                    continue;
                } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
                    done = broken = 1;
                }
                break;
            }
            if (!done) continue;
            int ok = !broken;
            if (accum) {
                double c0 = mono_seconds();
                ok = ok && p->size >= 8 && crc_add(0, p->data + 8, p->size - 8) == get_le32(p->data + 4);
                check_s += mono_seconds() - c0;
            }
            all_ok &= ok;
            total += p->size;
            reads += p->reads;
            close(p->fd);
            free(p->data);
            free(p);
            if (++ended == expect) {
                printf("{\"connections\":%lld,\"bytes\":%llu,\"seconds\":%.6f,\"crc_ok\":%s,\"verified\":%s,"
                       "\"verify_seconds\":%.6f,\"reads\":%llu,\"server\":\"c-%s\",\"peak_rss_kb\":%ld,"
                       "\"cpu_seconds\":%.3f}\n",
                       ended, total, mono_seconds() - first, all_ok ? "true" : "false", accum ? "true" : "false",
                       check_s, reads, argv[1], peak_rss_kb(), cpu_seconds());
                fflush(stdout);
                return 0;
            }
        }
    }
}
