/* wire.h - the sink benchmark's connection content, shared by loadgen.c and csink.c.
 *
 * A connection of length L carries:
 *   [0, 4)  seed, uint32 little-endian
 *   [4, 8)  CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320; zlib's crc32) of bytes [8, L)
 *   [8, L)  payload: byte i is TABLE[(i + seed * STEP) % TABLE_LEN]
 * TABLE is TABLE_LEN pseudo-random bytes from a xorshift64* generator. TABLE_LEN is prime, so
 * a chunk that is repeated, dropped or moved changes the bytes, and every seed gives different
 * bytes. A receiver needs none of this: it checks crc32(data[8:]) == le32(data[4:8]).
 * Built with -DHAVE_ZLIB -lz, the CRC is zlib's; otherwise the table-driven one below.
 */
#ifndef WEFT_WIRE_H
#define WEFT_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define TABLE_LEN 1048583u /* prime, just above 1 MiB */
#define STEP 104729u       /* prime */

static uint32_t crc_slice[8][256];

static void crc_setup(void) {
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t r = b;
        for (int bit = 0; bit < 8; bit++) r = (r >> 1) ^ (0xEDB88320u & (0u - (r & 1u)));
        crc_slice[0][b] = r;
    }
    for (int t = 1; t < 8; t++)
        for (uint32_t b = 0; b < 256; b++)
            crc_slice[t][b] = (crc_slice[t - 1][b] >> 8) ^ crc_slice[0][crc_slice[t - 1][b] & 0xffu];
}

#ifdef HAVE_ZLIB
#include <zlib.h>
/* Continues a CRC-32 with zlib's crc32 (what the sink benchmark's reference C server uses). */
static uint32_t crc_add(uint32_t crc, const unsigned char *p, size_t n) {
    while (n > 0) {
        uInt step = n > (1u << 30) ? (1u << 30) : (uInt)n;
        crc = (uint32_t)crc32(crc, p, step);
        p += step;
        n -= step;
    }
    return crc;
}
#else
/* Continues a CRC-32: start from 0, feed the bytes in order (slicing by 8, little-endian host). */
static uint32_t crc_add(uint32_t crc, const unsigned char *p, size_t n) {
    uint32_t c = ~crc;
    for (; n > 0 && ((uintptr_t)p & 7u) != 0; n--) c = crc_slice[0][(c ^ *p++) & 0xffu] ^ (c >> 8);
    for (; n >= 8; n -= 8, p += 8) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + 4, 4);
        lo ^= c;
        c = crc_slice[7][lo & 0xffu] ^ crc_slice[6][(lo >> 8) & 0xffu] ^ crc_slice[5][(lo >> 16) & 0xffu] ^
            crc_slice[4][lo >> 24] ^ crc_slice[3][hi & 0xffu] ^ crc_slice[2][(hi >> 8) & 0xffu] ^
            crc_slice[1][(hi >> 16) & 0xffu] ^ crc_slice[0][hi >> 24];
    }
    for (; n > 0; n--) c = crc_slice[0][(c ^ *p++) & 0xffu] ^ (c >> 8);
    return ~c;
}
#endif

static inline uint32_t get_le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void set_le32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static inline double mono_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#endif
