/* holdbacked: takes the free memory the host still backs, and keeps it until killed, so that the
 * next process's first touches land on memory the host must back again (users-sink-bench.sh -m cold).
 *
 * Touches fresh memory in 64 MiB steps and times each; stops after 16 steps in a row (1 GiB) that
 * cost more than three times the cheapest step (the host faulting pages in as well: backed and
 * unbacked free memory come interleaved, so a few dear steps do not mean the backed memory is all
 * taken), or when MemAvailable would fall under 4 GiB. Prints "holding N MiB, X us per page at the
 * end" and waits for a signal. Each holder thus turns about 1 GiB of unbacked memory into backed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static long available_mib(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f)) {
        if (sscanf(line, "MemAvailable: %ld kB", &kib) == 1) break;
    }
    if (f) fclose(f);
    return kib < 0 ? 0 : kib / 1024;
}

int main(void) {
    const size_t step = 64UL << 20;
    size_t held = 0;
    double cheapest = 1e9, last = 0;
    int dear = 0;
    while (dear < 16 && available_mib() > 4096 + 64) {
        char *p = mmap(0, step, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) break;
        madvise(p, step, MADV_NOHUGEPAGE);
        double t0 = now();
        for (size_t i = 0; i < step; i += 4096) p[i] = 1;
        last = (now() - t0) * 1e6 / (step / 4096);
        held += step;
        if (last < cheapest) cheapest = last;
        dear = last > 3 * cheapest ? dear + 1 : 0;
    }
    printf("holding %zu MiB, %.2f us per page at the end (cheapest %.2f)\n", held >> 20, last, cheapest);
    fflush(stdout);
    for (;;) pause();
}
