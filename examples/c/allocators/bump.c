// The spectests' bump allocator (spectests/allocator_bump.wast) in C: the heap starts at
// __heap_base, a request that does not fit grows memory by wee_alloc's page rule
// (bytes + 65543) >> 16, and free does nothing. Linked instead of wasi-libc's dlmalloc.
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

extern unsigned char __heap_base;
static uintptr_t next_free;

static void *bump(size_t size, size_t align) {
    if (!next_free) next_free = (uintptr_t)&__heap_base;
    // The 8 bytes before each block remember its size (for realloc).
    uintptr_t p = (next_free + 8 + align - 1) & ~(uintptr_t)(align - 1);
    if (p < next_free || size > UINT32_MAX - p) { errno = ENOMEM; return NULL; }
    uintptr_t end = p + size;
    uintptr_t limit = __builtin_wasm_memory_size(0) << 16;
    if (end > limit) {
        size_t pages = (end - limit + 65543) >> 16;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) { errno = ENOMEM; return NULL; }
    }
    *(size_t *)(p - 8) = size;
    next_free = end;
    return (void *)p;
}

void *malloc(size_t size) { return bump(size, 8); }
void free(void *p) { (void)p; }
void *calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) { errno = ENOMEM; return NULL; }
    return bump(n * size, 8);  // fresh memory.grow pages are zero, and nothing is reused
}
void *realloc(void *p, size_t size) {
    if (!p) return malloc(size);
    size_t old = *(size_t *)((uintptr_t)p - 8);
    if (size <= old) return p;
    void *q = malloc(size);
    if (q) memcpy(q, p, old);
    return q;
}
void *aligned_alloc(size_t align, size_t size) { return bump(size, align < 8 ? 8 : align); }
int posix_memalign(void **out, size_t align, size_t size) { *out = aligned_alloc(align, size); return *out ? 0 : ENOMEM; }
size_t malloc_usable_size(void *p) { return p ? *(size_t *)((uintptr_t)p - 8) : 0; }
