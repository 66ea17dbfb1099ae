// Exit codes: exit() from deep in the call stack with atexit handlers, the status chosen by
// the first argument.
#include <stdio.h>
#include <stdlib.h>

static void goodbye(void) { printf("atexit handler ran\n"); }

static int depth(int n, int code) {
    if (n == 0) { printf("exiting with %d from depth 10\n", code); fflush(stdout); exit(code); }
    return depth(n - 1, code) + 1;
}

int main(int argc, char **argv) {
    atexit(goodbye);
    int code = argc > 1 ? atoi(argv[1]) : 42;
    fprintf(stderr, "to stderr before exit\n");
    depth(10, code);
    printf("not reached\n");
    return 0;
}
