// Word frequencies, as C programs do text work: generate ~200 KB of text from syllables,
// tokenize it (lower-casing, skipping punctuation), count the words in an open-addressing hash
// table (FNV-1a, linear probing, string compares), sort the distinct words (by count then name,
// or by name, alternating by round) with a merge sort that calls its comparator through a
// function pointer, and fold the sorted list into a checksum. Built with the Swift toolchain's clang:
//   clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,--export=run -o wordfreq.wasm wordfreq.c
//   wasm-tools print wordfreq.wasm   (then the first line ";; expected: VALUE" added)
typedef unsigned int u32;
typedef unsigned long size_t;

#define TEXT_SIZE (200 * 1024)
#define TABLE_SIZE 8192

static char text[TEXT_SIZE + 64];
static u32 seed = 2024;

struct entry { const char *word; u32 len; u32 hash; u32 count; };
static struct entry table[TABLE_SIZE];
static struct entry *list[TABLE_SIZE], *scratch[TABLE_SIZE];

static const char *const syllables[] = {
    "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "qu", "an", "el", "or", "is", "un", "pe",
};

// clang may turn loops into calls of these: -nostdlib means we provide them.
void *memset(void *d, int c, size_t n) { unsigned char *p = d; while (n--) *p++ = (unsigned char)c; return d; }
void *memcpy(void *d, const void *s, size_t n) {
    unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d;
}

static u32 rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 16; }

static u32 generate(void) {
    u32 n = 0;
    while (n < TEXT_SIZE) {
        // Zipf-like: short words are common, so some repeat often.
        u32 parts = 1 + (rnd() % 3) * (rnd() % 2);
        u32 first = rnd() % 16;
        for (u32 i = 0; i < parts; i++) {
            const char *s = syllables[i == 0 ? first : (first * 7 + i * 3 + rnd() % 4) % 16];
            text[n++] = (i == 0 && rnd() % 8 == 0) ? (char)(s[0] - 32) : s[0];
            text[n++] = s[1];
        }
        u32 r = rnd() % 16;
        text[n++] = r == 0 ? '.' : r == 1 ? ',' : ' ';
        if (r < 2) text[n++] = ' ';
    }
    return n;
}

static int is_letter(char c) { return (unsigned)((c | 32) - 'a') < 26; }

static int same(const char *a, const char *b, u32 n) {
    for (u32 i = 0; i < n; i++) if ((a[i] | 32) != (b[i] | 32)) return 0;
    return 1;
}

static u32 count_words(u32 size) {
    u32 distinct = 0;
    for (u32 i = 0; i < size;) {
        while (i < size && !is_letter(text[i])) i++;
        u32 start = i, h = 2166136261u;
        while (i < size && is_letter(text[i])) { h = (h ^ (u32)(text[i] | 32)) * 16777619u; i++; }
        u32 len = i - start;
        if (len == 0) break;
        u32 slot = h & (TABLE_SIZE - 1);
        for (;;) {
            struct entry *e = &table[slot];
            if (e->word == 0) {
                e->word = text + start; e->len = len; e->hash = h; e->count = 1;
                list[distinct++] = e;
                break;
            }
            if (e->hash == h && e->len == len && same(e->word, text + start, len)) { e->count++; break; }
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
    }
    return distinct;
}

typedef int (*compare_fn)(const struct entry *, const struct entry *);

static int by_count_then_name(const struct entry *a, const struct entry *b) {
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    u32 n = a->len < b->len ? a->len : b->len;
    for (u32 i = 0; i < n; i++) {
        int d = (a->word[i] | 32) - (b->word[i] | 32);
        if (d) return d;
    }
    return (int)a->len - (int)b->len;
}

static int by_name(const struct entry *a, const struct entry *b) {
    u32 n = a->len < b->len ? a->len : b->len;
    for (u32 i = 0; i < n; i++) {
        int d = (a->word[i] | 32) - (b->word[i] | 32);
        if (d) return d;
    }
    return (int)a->len - (int)b->len;
}

static compare_fn orders[2] = { by_count_then_name, by_name };

// noinline: so the comparator stays a call through a pointer (clang would specialise it away).
__attribute__((noinline)) static void merge_sort(struct entry **v, struct entry **tmp, u32 n, compare_fn cmp) {
    if (n < 2) return;
    u32 half = n / 2;
    merge_sort(v, tmp, half, cmp);
    merge_sort(v + half, tmp, n - half, cmp);
    u32 i = 0, j = half, k = 0;
    while (i < half && j < n) tmp[k++] = cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < half) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    for (k = 0; k < n; k++) v[k] = tmp[k];
}

u32 run(void) {
    u32 checksum = 0;
    for (int round = 0; round < 6; round++) {
        memset(table, 0, sizeof table);
        u32 size = generate();
        u32 distinct = count_words(size);
        merge_sort(list, scratch, distinct, orders[round & 1]);
        checksum = checksum * 31 + distinct;
        for (u32 i = 0; i < distinct; i++) {
            const struct entry *e = list[i];
            checksum = (checksum ^ e->count) * 16777619u + (u32)(e->word[0] | 32) + e->len;
        }
    }
    return checksum;
}
