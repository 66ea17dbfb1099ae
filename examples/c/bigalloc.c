// Large untouched allocations: what reserving linear memory without committing it saves
// (docs/allocators.md). `bigalloc MiB TOUCH COUNT`.
#include <stdio.h>
#include <stdlib.h>
// malloc COUNT blocks of MiB (default 3 of 1024: dlmalloc refuses one request above 2 GiB) and
// touch one byte of every TOUCH MiB of them (default 0: none).
int main(int argc, char **argv) {
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 1024, step = argc > 2 ? (size_t)atoi(argv[2]) : 0;
    int count = argc > 3 ? atoi(argv[3]) : 3;
    unsigned sum = 0;
    for (int k = 0; k < count; k++) {
        char *volatile p = malloc(mb << 20);
        if (!p) { printf("malloc %d of %zu MiB failed\n", k + 1, mb); return 1; }
        if (step) for (size_t i = 0; i < (mb << 20); i += (step << 20)) { p[i] = 1; sum += p[i]; }
    }
    printf("%d x malloc(%zu MiB) ok, touched %u bytes\n", count, mb, sum);
    return 0;
}
