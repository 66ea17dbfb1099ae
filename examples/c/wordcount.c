// Reads standard input: lines, words and bytes (wc), and the most frequent letter.
#include <ctype.h>
#include <stdio.h>

int main(void) {
    long lines = 0, words = 0, bytes = 0, letters[26] = {0};
    int c, inword = 0;
    while ((c = getchar()) != EOF) {
        bytes++;
        if (c == '\n') lines++;
        if (isspace(c)) inword = 0;
        else if (!inword) { inword = 1; words++; }
        if (isalpha(c)) letters[tolower(c) - 'a']++;
    }
    int best = 0;
    for (int i = 1; i < 26; i++) if (letters[i] > letters[best]) best = i;
    printf("%ld lines, %ld words, %ld bytes\n", lines, words, bytes);
    if (bytes) printf("most frequent letter: %c (%ld)\n", 'a' + best, letters[best]);
    return 0;
}
