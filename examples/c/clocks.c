// Clocks: monotonic time never goes back, sleeping takes at least as long as asked, the
// realtime clock is past 2020, resolutions are sane. Prints facts, not times.
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
    struct timespec a, b, res;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int backwards = 0;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns(b) < ns(a)) backwards++;
        a = b;
    }
    printf("monotonic went backwards %d times\n", backwards);
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec req = {0, 20 * 1000 * 1000};
    nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("nanosleep(20ms) took at least 20ms: %d\n", ns(b) - ns(a) >= 20000000LL);
    clock_gettime(CLOCK_MONOTONIC, &a);
    usleep(5000);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("usleep(5ms) took at least 5ms: %d\n", ns(b) - ns(a) >= 5000000LL);
    clock_gettime(CLOCK_REALTIME, &a);
    printf("realtime after 2020: %d\n", a.tv_sec > 1577836800);
    time_t t = time(NULL);
    printf("time() agrees with realtime: %d\n", t - a.tv_sec >= 0 && t - a.tv_sec < 5);
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("monotonic resolution at most 1ms: %d\n", ns(res) > 0 && ns(res) <= 1000000);
    struct tm *gm = gmtime(&(time_t){86400 * 365});
    char text[64];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", gm);
    printf("gmtime(365 days): %s\n", text);
    return 0;
}
