// Arguments and environment variables.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    const char *names[] = {"GREETING", "EMPTY", "UNICODE", "MISSING"};
    for (int i = 0; i < 4; i++) {
        const char *v = getenv(names[i]);
        printf("%s: %s%s%s\n", names[i], v ? "\"" : "", v ? v : "(unset)", v ? "\"" : "");
    }
    int count = 0;
    for (char **e = environ; *e; e++) count++;
    printf("environment has %d variables\n", count);
    setenv("ADDED", "yes", 1);
    printf("ADDED: %s\n", getenv("ADDED"));
    unsetenv("GREETING");
    printf("GREETING after unsetenv: %s\n", getenv("GREETING") ? "set" : "(unset)");
    return argc > 3 ? 3 : 0;
}
