// A deliberate trap: an out-of-range read of a table of functions... kept simple: after some
// output, a call chain ends in __builtin_trap (wasm `unreachable`), as abort() does.
#include <stdio.h>

__attribute__((noinline)) static int checked_divide(int a, int b) {
    if (b == 0) { printf("about to trap\n"); fflush(stdout); __builtin_trap(); }
    return a / b;
}

__attribute__((noinline)) static int average(const int *xs, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) sum += xs[i];
    return checked_divide(sum, n);
}

int main(void) {
    int xs[] = {1, 2, 3, 4};
    printf("average of 4: %d\n", average(xs, 4));
    printf("average of 0: %d\n", average(xs, 0));
    return 0;
}
