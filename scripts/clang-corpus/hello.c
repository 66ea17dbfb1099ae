// A WASI program: stdio, malloc, string functions (wasi-libc).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    char *buf = malloc(64);
    strcpy(buf, "hello");
    strcat(buf, ", world");
    printf("%s %d %f\n", buf, argc, 3.25);
    for (int i = 0; i < argc; i++) puts(argv[i]);
    free(buf);
    return 0;
}
