// The spectests' free-list allocator (spectests/allocator_freelist.wast) in C: first fit over
// an address-ordered free list, blocks with a header and a footer word (size | used) so free
// coalesces with both neighbours, splitting, realloc in place when the next block is free,
// and memory.grow by the pages a request lacks. Linked instead of wasi-libc's dlmalloc.
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern unsigned char __heap_base;
typedef uint32_t word;
#define USED 1u
#define SIZE(h) ((h) & ~7u)
#define HDR(p) ((word *)((uintptr_t)(p) - 4))
#define NEXT(b) (((word *)(b))[1])   // a free block's links live in its payload
#define PREV(b) (((word *)(b))[2])

static uintptr_t heap_start, heap_end;  // heap_end: the epilogue word ("size 0, used")
static uintptr_t free_head;              // blocks are addressed by their header

static word *at(uintptr_t a) { return (word *)a; }
static void mark(uintptr_t b, word size, word used) { *at(b) = size | used; *at(b + size - 4) = size | used; }

static void unlink_block(uintptr_t b) {
    uintptr_t next = NEXT(b), prev = PREV(b);
    if (prev) NEXT(prev) = next; else free_head = next;
    if (next) PREV(next) = prev;
}

static void insert_block(uintptr_t b) {
    uintptr_t prev = 0, cur = free_head;
    while (cur && cur < b) { prev = cur; cur = NEXT(cur); }
    NEXT(b) = cur; PREV(b) = prev;
    if (prev) NEXT(prev) = b; else free_head = b;
    if (cur) PREV(cur) = b;
}

// Frees block b (header address), merging it with free neighbours.
static void release(uintptr_t b) {
    word size = SIZE(*at(b));
    word before = *at(b - 4);
    if (!(before & USED)) { uintptr_t p = b - SIZE(before); unlink_block(p); size += SIZE(before); b = p; }
    word after = *at(b + size);
    if (!(after & USED)) { unlink_block(b + size); size += SIZE(after); }
    mark(b, size, 0);
    insert_block(b);
}

static int init(void) {
    heap_start = ((uintptr_t)&__heap_base + 7) & ~7u;
    uintptr_t limit = __builtin_wasm_memory_size(0) << 16;
    if (heap_start + 16 > limit && __builtin_wasm_memory_grow(0, 1) == (size_t)-1) return 0;
    limit = __builtin_wasm_memory_size(0) << 16;
    *at(heap_start) = 0 | USED;            // prologue: the footer of nothing
    heap_end = (limit - 4) & ~7u;
    heap_end += 4;                          // blocks start at 4 mod 8, payloads at 0 mod 8
    if (heap_end > limit - 4) heap_end -= 8;
    uintptr_t first = heap_start + 4;
    if (heap_end - first >= 16) { mark(first, heap_end - first, 0); insert_block(first); }
    *at(heap_end) = 0 | USED;              // epilogue: the header of nothing
    return 1;
}

// Adds at least `need` bytes at the end of the heap (the old epilogue becomes a free block).
static int extend(word need) {
    size_t pages = (need + 65535) >> 16;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
    uintptr_t b = heap_end;
    word size = (word)(pages << 16);
    heap_end += size;
    mark(b, size, USED);
    *at(heap_end) = 0 | USED;
    release(b);
    return 1;
}

void *malloc(size_t n) {
    if (!heap_start && !init()) return NULL;
    if (n > 0x7FFFFFF0u) { errno = ENOMEM; return NULL; }
    word size = (word)((n + 8 + 7) & ~7u);
    if (size < 16) size = 16;
    for (;;) {
        for (uintptr_t b = free_head; b; b = NEXT(b)) {
            word have = SIZE(*at(b));
            if (have < size) continue;
            unlink_block(b);
            if (have - size >= 16) { mark(b + size, have - size, 0); insert_block(b + size); mark(b, size, USED); }
            else mark(b, have, USED);
            return (void *)(b + 4);
        }
        // The last block, if free, is extended rather than left behind.
        word tail = *at(heap_end - 4);
        word missing = size - (!(tail & USED) ? SIZE(tail) : 0);
        if (!extend(missing)) { errno = ENOMEM; return NULL; }
    }
}

void free(void *p) {
    if (!p) return;
    uintptr_t b = (uintptr_t)p - 4;
    if (!(*at(b) & USED)) __builtin_trap();  // double free
    release(b);
}

void *calloc(size_t count, size_t each) {
    if (each && count > SIZE_MAX / each) { errno = ENOMEM; return NULL; }
    void *p = malloc(count * each);
    if (p) memset(p, 0, count * each);
    return p;
}

void *realloc(void *p, size_t n) {
    if (!p) return malloc(n);
    if (n > 0x7FFFFFF0u) { errno = ENOMEM; return NULL; }
    uintptr_t b = (uintptr_t)p - 4;
    word have = SIZE(*at(b));
    word size = (word)((n + 8 + 7) & ~7u);
    if (size < 16) size = 16;
    if (size <= have) {
        if (have - size >= 16) { mark(b, size, USED); mark(b + size, have - size, USED); release(b + size); }
        return p;
    }
    word after = *at(b + have);
    if (!(after & USED) && have + SIZE(after) >= size) {
        unlink_block(b + have);
        word total = have + SIZE(after);
        if (total - size >= 16) { mark(b, size, USED); mark(b + size, total - size, 0); insert_block(b + size); }
        else mark(b, total, USED);
        return p;
    }
    void *q = malloc(n);
    if (!q) return NULL;
    memcpy(q, p, have - 8);
    free(p);
    return q;
}

void *aligned_alloc(size_t align, size_t n) {
    if (align <= 8) return malloc(n);
    // Over-allocate and give back the front: enough for the spectests' alignment needs.
    unsigned char *p = malloc(n + align + 16);
    if (!p) return NULL;
    uintptr_t a = ((uintptr_t)p + 16 + align - 1) & ~(uintptr_t)(align - 1);
    uintptr_t b = (uintptr_t)p - 4, nb = a - 4;
    word total = SIZE(*at(b));
    mark(b, (word)(nb - b), USED);
    mark(nb, total - (word)(nb - b), USED);
    release(b);
    return (void *)a;
}
int posix_memalign(void **out, size_t align, size_t n) { *out = aligned_alloc(align, n); return *out ? 0 : ENOMEM; }
size_t malloc_usable_size(void *p) { return p ? SIZE(*HDR(p)) - 8 : 0; }
