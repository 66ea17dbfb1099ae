// Directory listing: make a small tree in the preopened "out", list it (sorted, with types
// and sizes), walk it recursively, then remove it.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *path, int depth) {
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s: %s\n", path, strerror(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    for (int i = 0; i < n; i++) {
        char full[512];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        struct stat st;
        if (strcmp(names[i], ".") == 0 || strcmp(names[i], "..") == 0) { printf("%*s%s\n", depth * 2, "", names[i]); free(names[i]); continue; }
        if (lstat(full, &st) != 0) { printf("%*s%s: %s\n", depth * 2, "", names[i], strerror(errno)); free(names[i]); continue; }
        if (S_ISDIR(st.st_mode)) {
            printf("%*s%s/\n", depth * 2, "", names[i]);
            list(full, depth + 1);
        } else if (S_ISLNK(st.st_mode)) {
            char target[256];
            ssize_t k = readlink(full, target, sizeof target - 1);
            target[k < 0 ? 0 : k] = 0;
            printf("%*s%s -> %s\n", depth * 2, "", names[i], target);
        } else {
            printf("%*s%s (%lld bytes)\n", depth * 2, "", names[i], (long long)st.st_size);
        }
        free(names[i]);
    }
}

static void put(const char *path, int size) {
    FILE *f = fopen(path, "w");
    if (!f) { printf("create %s: %s\n", path, strerror(errno)); return; }
    for (int i = 0; i < size; i++) fputc('a' + i % 26, f);
    fclose(f);
}

int main(void) {
    mkdir("out/tree", 0755);
    mkdir("out/tree/b", 0755);
    mkdir("out/tree/b/c", 0755);
    put("out/tree/one.txt", 10);
    put("out/tree/two.txt", 200);
    put("out/tree/b/three.txt", 3000);
    put("out/tree/b/c/four.txt", 4);
    if (symlink("one.txt", "out/tree/link") != 0) printf("symlink: %s\n", strerror(errno));
    list("out/tree", 0);
    printf("rmdir non-empty: %s\n", rmdir("out/tree/b") == 0 ? "removed?" : strerror(errno));
    unlink("out/tree/b/c/four.txt");
    printf("rmdir c: %d\n", rmdir("out/tree/b/c"));
    unlink("out/tree/link");
    list("out/tree", 0);
    return 0;
}
