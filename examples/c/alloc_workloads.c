// Allocator workloads for the allocator study (docs/allocators.md): each stresses malloc,
// free, realloc and calloc differently and prints a checksum of what it computed, so a run
// under any allocator and any engine can be compared. `alloc_workloads WORKLOAD` runs one of
// small, large, grow, frag, realloc, calloc, or all (the default); a second argument scales
// every workload to that percentage of its full size (the tests run 10 %).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t seed = 2463534242u;
static unsigned percent = 100;
static size_t scaled(size_t n) { size_t m = n * percent / 100; return m ? m : 1; }
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static void fill(unsigned char *p, size_t n, uint32_t tag) { for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(tag + i); }
static int check(const unsigned char *p, size_t n, uint32_t tag) { for (size_t i = 0; i < n; i++) if (p[i] != (unsigned char)(tag + i)) return 0; return 1; }

// Many small blocks: 100,000 of 8-64 bytes, every other one freed and replaced, then all freed.
static void small(void) {
    enum { FULL = 100000 };
    static unsigned char *blocks[FULL];
    static uint16_t sizes[FULL];
    int N = (int)scaled(FULL);
    uint64_t sum = 0;
    for (int i = 0; i < N; i++) { sizes[i] = 8 + rnd() % 57; blocks[i] = malloc(sizes[i]); fill(blocks[i], sizes[i], i); }
    for (int i = 0; i < N; i += 2) { free(blocks[i]); }
    for (int i = 0; i < N; i += 2) { sizes[i] = 8 + rnd() % 57; blocks[i] = malloc(sizes[i]); fill(blocks[i], sizes[i], i); }
    int ok = 1;
    for (int i = 0; i < N; i++) { ok &= check(blocks[i], sizes[i], i); sum += sizes[i]; free(blocks[i]); }
    printf("small: %d blocks, %llu bytes, intact %d\n", N, (unsigned long long)sum, ok);
}

// A few large blocks: rounds of eight 1-8 MiB blocks, written at every page, then freed.
static void large(void) {
    uint64_t total = 0;
    int ok = 1;
    for (int round = 0; round < 3; round++) {
        unsigned char *b[8];
        size_t n[8];
        for (int i = 0; i < 8; i++) {
            n[i] = scaled((size_t)(1 + (rnd() % 8)) << 20);
            b[i] = malloc(n[i]);
            if (!b[i]) { printf("large: malloc(%zu) failed\n", n[i]); return; }
            for (size_t k = 0; k < n[i]; k += 4096) b[i][k] = (unsigned char)(k >> 12);
            total += n[i];
        }
        for (int i = 0; i < 8; i++) {
            for (size_t k = 0; k < n[i]; k += 4096) ok &= b[i][k] == (unsigned char)(k >> 12);
            free(b[i]);
        }
    }
    printf("large: 24 blocks, %llu KiB, intact %d\n", (unsigned long long)(total >> 10), ok);
}

// Growth then release: a 200,000-node list built, summed and freed, twice (the second time
// should reuse what the first freed).
typedef struct Node { struct Node *next; uint32_t value; uint32_t pad[5]; } Node;
static void grow(void) {
    uint64_t sums[2];
    for (int pass = 0; pass < 2; pass++) {
        Node *head = NULL;
        for (uint32_t i = 0; i < scaled(200000); i++) { Node *n = malloc(sizeof *n); n->value = i * 3 + pass; n->next = head; head = n; }
        uint64_t s = 0;
        while (head) { Node *n = head->next; s += head->value; free(head); head = n; }
        sums[pass] = s;
    }
    printf("grow: sums %llu %llu\n", (unsigned long long)sums[0], (unsigned long long)sums[1]);
}

// Fragmentation: interleaved small and medium blocks, the medium ones freed (holes), then
// larger blocks that fit no hole.
static void frag(void) {
    enum { FULL = 20000 };
    static unsigned char *smallb[FULL], *medium[FULL], *bigger[FULL / 4];
    int N = (int)scaled(FULL) & ~3;
    for (int i = 0; i < N; i++) { smallb[i] = malloc(16); medium[i] = malloc(200); fill(smallb[i], 16, i); }
    for (int i = 0; i < N; i++) free(medium[i]);
    for (int i = 0; i < N / 4; i++) { bigger[i] = malloc(1000); fill(bigger[i], 1000, i); }
    int ok = 1;
    for (int i = 0; i < N; i++) { ok &= check(smallb[i], 16, i); free(smallb[i]); }
    for (int i = 0; i < N / 4; i++) { ok &= check(bigger[i], 1000, i); free(bigger[i]); }
    printf("frag: %d holes of 200, %d blocks of 1000, intact %d\n", N, N / 4, ok);
}

// realloc: four buffers grown in small steps (interleaved, so they cannot all grow in
// place), then one doubled to 16 MiB, then shrunk.
static void reallocs(void) {
    unsigned char *b[4] = {0};
    size_t n[4] = {0};
    int ok = 1;
    for (int step = 0; step < (int)scaled(4000); step++) {
        int k = step % 4;
        size_t m = n[k] + 16 + rnd() % 48;
        b[k] = realloc(b[k], m);
        for (size_t i = n[k]; i < m; i++) b[k][i] = (unsigned char)(i * 7 + k);
        n[k] = m;
    }
    for (int k = 0; k < 4; k++) for (size_t i = 0; i < n[k]; i++) ok &= b[k][i] == (unsigned char)(i * 7 + k);
    size_t d = n[0];
    while (d < scaled(16u << 20)) { d *= 2; b[0] = realloc(b[0], d); }
    for (size_t i = 0; i < n[0]; i++) ok &= b[0][i] == (unsigned char)(i * 7);
    b[0] = realloc(b[0], 100);
    for (size_t i = 0; i < 100; i++) ok &= b[0][i] == (unsigned char)(i * 7);
    for (int k = 0; k < 4; k++) free(b[k]);
    printf("realloc: sizes %zu %zu %zu %zu, doubled to %zu, intact %d\n", n[0], n[1], n[2], n[3], d, ok);
}

// calloc: arrays zeroed, dirtied, freed; calloc again must still zero (a reused block).
static void callocs(void) {
    int ok = 1;
    int rounds = (int)scaled(50);
    for (int round = 0; round < rounds; round++) {
        size_t count = scaled(1000 + rnd() % 20000);
        uint32_t *a = calloc(count, sizeof *a);
        for (size_t i = 0; i < count; i++) { ok &= a[i] == 0; a[i] = 0xDEADBEEF; }
        free(a);
    }
    // Kept in a volatile, so the compiler cannot fold the call and its test away.
    static void *volatile overflow;
    overflow = calloc((size_t)1 << 31, 4);
    printf("calloc: %d rounds zeroed %d, overflowing calloc returned %s\n", rounds, ok, overflow ? "memory" : "NULL");
    free(overflow);
}

int main(int argc, char **argv) {
    const char *w = argc > 1 ? argv[1] : "all";
    if (argc > 2) percent = (unsigned)atoi(argv[2]);
    if (percent < 1 || percent > 100) { fprintf(stderr, "the scale is a percentage, 1 to 100\n"); return 2; }
    int all = strcmp(w, "all") == 0, ran = 0;
    if (all || !strcmp(w, "small")) { small(); ran++; }
    if (all || !strcmp(w, "large")) { large(); ran++; }
    if (all || !strcmp(w, "grow")) { grow(); ran++; }
    if (all || !strcmp(w, "frag")) { frag(); ran++; }
    if (all || !strcmp(w, "realloc")) { reallocs(); ran++; }
    if (all || !strcmp(w, "calloc")) { callocs(); ran++; }
    if (!ran) { fprintf(stderr, "unknown workload %s\n", w); return 2; }
    return 0;
}
