// qsort and a hash table: sort records several ways, count words with an open-addressing table
// that grows, and check the table against a sorted count.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char name[16]; int age; double score; } Person;

static int by_age(const void *a, const void *b) { const Person *x = a, *y = b; return x->age != y->age ? x->age - y->age : strcmp(x->name, y->name); }
static int by_name(const void *a, const void *b) { return strcmp(((const Person *)a)->name, ((const Person *)b)->name); }
static int by_score_desc(const void *a, const void *b) { double d = ((const Person *)b)->score - ((const Person *)a)->score; return (d > 0) - (d < 0); }
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }

typedef struct { char *key; int count; } Slot;
typedef struct { Slot *slots; size_t cap, used; } Table;

static uint32_t hash(const char *s) { uint32_t h = 2166136261u; while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; } return h; }

static void grow(Table *t);
static void add(Table *t, const char *key) {
    if ((t->used + 1) * 4 > t->cap * 3) grow(t);
    size_t i = hash(key) & (t->cap - 1);
    while (t->slots[i].key) {
        if (strcmp(t->slots[i].key, key) == 0) { t->slots[i].count++; return; }
        i = (i + 1) & (t->cap - 1);
    }
    t->slots[i].key = strdup(key);
    t->slots[i].count = 1;
    t->used++;
}
static void grow(Table *t) {
    Table n = { calloc(t->cap * 2, sizeof(Slot)), t->cap * 2, 0 };
    for (size_t i = 0; i < t->cap; i++) if (t->slots[i].key) {
        size_t j = hash(t->slots[i].key) & (n.cap - 1);
        while (n.slots[j].key) j = (j + 1) & (n.cap - 1);
        n.slots[j] = t->slots[i];
        n.used++;
    }
    free(t->slots);
    *t = n;
}
static int get(Table *t, const char *key) {
    size_t i = hash(key) & (t->cap - 1);
    while (t->slots[i].key) { if (strcmp(t->slots[i].key, key) == 0) return t->slots[i].count; i = (i + 1) & (t->cap - 1); }
    return 0;
}

int main(void) {
    Person people[] = { {"ada", 36, 9.5}, {"alan", 41, 8.75}, {"grace", 85, 9.9}, {"linus", 28, 7.0},
                        {"barbara", 36, 9.1}, {"ken", 41, 8.0}, {"dennis", 70, 9.0}, {"margaret", 33, 9.7} };
    size_t n = sizeof people / sizeof people[0];
    qsort(people, n, sizeof people[0], by_age);
    printf("by age:");
    for (size_t i = 0; i < n; i++) printf(" %s(%d)", people[i].name, people[i].age);
    qsort(people, n, sizeof people[0], by_name);
    printf("\nby name:");
    for (size_t i = 0; i < n; i++) printf(" %s", people[i].name);
    qsort(people, n, sizeof people[0], by_score_desc);
    printf("\nby score:");
    for (size_t i = 0; i < n; i++) printf(" %s(%.2f)", people[i].name, people[i].score);
    printf("\n");

    int nums[5000];
    uint32_t seed = 12345;
    for (int i = 0; i < 5000; i++) { seed = seed * 1103515245u + 12345u; nums[i] = (int)(seed >> 8) % 100000; }
    qsort(nums, 5000, sizeof nums[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < 5000; i++) if (nums[i - 1] > nums[i]) sorted = 0;
    printf("5000 numbers sorted: %d, min %d, median %d, max %d\n", sorted, nums[0], nums[2500], nums[4999]);
    int key = nums[1234];
    int *found = bsearch(&key, nums, 5000, sizeof nums[0], cmp_int);
    printf("bsearch found %d: %d\n", key, found && *found == key);

    Table t = { calloc(8, sizeof(Slot)), 8, 0 };
    const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(buf, sizeof buf, "%s%u", words[(seed >> 16) % 8], (seed >> 8) % 50);
        add(&t, buf);
    }
    printf("distinct keys %zu, capacity %zu\n", t.used, t.cap);
    int total = 0;
    for (size_t i = 0; i < t.cap; i++) if (t.slots[i].key) total += t.slots[i].count;
    printf("total count %d, alpha7 %d, theta49 %d, missing %d\n", total, get(&t, "alpha7"), get(&t, "theta49"), get(&t, "omega1"));
    for (size_t i = 0; i < t.cap; i++) free(t.slots[i].key);
    free(t.slots);
    return 0;
}
