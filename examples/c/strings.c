// String handling: copying, searching, tokenising, formatting and case conversion.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reverse(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; }
}

static int is_palindrome(const char *s) {
    size_t i = 0, j = strlen(s);
    while (i < j) {
        while (i < j && !isalnum((unsigned char)s[i])) i++;
        while (i < j && !isalnum((unsigned char)s[j - 1])) j--;
        if (i < j && tolower((unsigned char)s[i]) != tolower((unsigned char)s[j - 1])) return 0;
        i++; j--;
    }
    return 1;
}

int main(void) {
    char buf[256];
    strcpy(buf, "The quick brown fox jumps over the lazy dog");
    printf("length %zu\n", strlen(buf));
    printf("first 'o' at %ld, last at %ld\n", (long)(strchr(buf, 'o') - buf), (long)(strrchr(buf, 'o') - buf));
    printf("'fox' at %ld\n", (long)(strstr(buf, "fox") - buf));
    char copy[256];
    strncpy(copy, buf, sizeof copy);
    int words = 0;
    for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
        char up[64];
        size_t k = 0;
        for (; tok[k] && k < sizeof up - 1; k++) up[k] = (char)toupper((unsigned char)tok[k]);
        up[k] = 0;
        printf("word %d: %s (%s)\n", ++words, tok, up);
    }
    reverse(buf);
    printf("reversed: %s\n", buf);
    const char *tests[] = {"A man, a plan, a canal: Panama", "hello", "Was it a car or a cat I saw?", ""};
    for (int i = 0; i < 4; i++) printf("palindrome(\"%s\") = %d\n", tests[i], is_palindrome(tests[i]));
    char out[128];
    int n = snprintf(out, sizeof out, "%5d|%-5d|%05.1f|%x|%o|%e|%s", 42, -7, 3.14159, 255, 8, 12345.678, "end");
    printf("snprintf(%d): %s\n", n, out);
    printf("strtol: %ld %ld %ld\n", strtol("12345", NULL, 10), strtol("-ff", NULL, 16), strtol("0777", NULL, 0));
    printf("strtod: %.6f %g\n", strtod("2.718281828", NULL), strtod("1e-3", NULL));
    printf("strcmp: %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("same", "same"));
    char *dup = strdup("duplicated");
    printf("strdup: %s %zu\n", dup, strlen(dup));
    free(dup);
    char joined[64] = "";
    for (int i = 0; i < 5; i++) { char piece[8]; snprintf(piece, sizeof piece, "%d,", i * i); strcat(joined, piece); }
    printf("joined: %s\n", joined);
    return 0;
}
