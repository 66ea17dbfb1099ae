// Standard I/O on files in a preopened directory (the guest's "out"): create, write, append,
// read back, seek, rename, remove, and a subdirectory.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
    FILE *f = fopen("out/numbers.txt", "w");
    if (!f) { printf("fopen failed: %s\n", strerror(errno)); return 1; }
    for (int i = 1; i <= 100; i++) fprintf(f, "%d squared is %d\n", i, i * i);
    fclose(f);

    f = fopen("out/numbers.txt", "a");
    fputs("appended line\n", f);
    fclose(f);

    f = fopen("out/numbers.txt", "r");
    char line[128];
    int lines = 0;
    long sum = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        int a, b;
        if (sscanf(line, "%d squared is %d", &a, &b) == 2) sum += b;
    }
    printf("read %d lines, sum of squares %ld\n", lines, sum);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    printf("size %ld\n", size);
    fseek(f, 10, SEEK_SET);
    size_t n = fread(line, 1, 20, f);
    line[n] = 0;
    printf("at 10: \"%s\"\n", line);
    fclose(f);

    if (mkdir("out/sub", 0755) != 0) printf("mkdir failed: %s\n", strerror(errno));
    f = fopen("out/sub/data.bin", "wb");
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++) bytes[i] = (unsigned char)i;
    fwrite(bytes, 1, sizeof bytes, f);
    fclose(f);
    struct stat st;
    if (stat("out/sub/data.bin", &st) == 0) printf("data.bin: %lld bytes, regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));

    if (rename("out/sub/data.bin", "out/sub/moved.bin") != 0) printf("rename failed: %s\n", strerror(errno));
    printf("old name exists: %d\n", access("out/sub/data.bin", F_OK) == 0);
    printf("new name exists: %d\n", access("out/sub/moved.bin", F_OK) == 0);

    f = fopen("out/temp.txt", "w");
    fputs("temporary\n", f);
    fclose(f);
    printf("remove: %d\n", remove("out/temp.txt"));
    printf("temp exists: %d\n", access("out/temp.txt", F_OK) == 0);

    f = fopen("out/missing/nope.txt", "r");
    printf("open missing: %s\n", f ? "opened?" : strerror(errno));
    f = fopen("out/sub", "w");
    printf("open dir for writing: %s\n", f ? "opened?" : strerror(errno));

    f = fopen("out/summary.txt", "w+");
    fprintf(f, "lines=%d sum=%ld\n", lines, sum);
    rewind(f);
    char back[64];
    if (fgets(back, sizeof back, f)) printf("summary: %s", back);
    fclose(f);
    return 0;
}
