// Indirect calls through a table, a switch (br_table), floats and doubles, globals and strings:
// the shapes a C compiler's output has, for the printer's differential check.
typedef struct { double x, y; } point;
typedef double (*area_fn)(const point *, int);

static double polygon(const point *p, int n) {
    double a = 0;
    for (int i = 0; i < n; i++) {
        const point *q = &p[(i + 1) % n];
        a += p[i].x * q->y - q->x * p[i].y;
    }
    return a < 0 ? -a / 2 : a / 2;
}

static double bbox(const point *p, int n) {
    double lx = 1e300, ly = 1e300, hx = -1e300, hy = -1e300;
    for (int i = 0; i < n; i++) {
        if (p[i].x < lx) lx = p[i].x;
        if (p[i].y < ly) ly = p[i].y;
        if (p[i].x > hx) hx = p[i].x;
        if (p[i].y > hy) hy = p[i].y;
    }
    return (hx - lx) * (hy - ly);
}

static area_fn table[] = { polygon, bbox };
static const char *names[] = { "polygon", "bounding box", "unknown\n\t\"quoted\"" };
int counter = 42;
float scale = 0.1f;

double area(int which, const point *p, int n) {
    counter++;
    return table[which & 1](p, n) * scale;
}

const char *name_of(int k) {
    switch (k) {
    case 0: return names[0];
    case 1: return names[1];
    case 5: return names[2];
    case 7: return "seven";
    case 9: return "nine";
    default: return "";
    }
}

unsigned long long mix(unsigned long long a, unsigned b) {
    for (unsigned i = 0; i < b; i++) a = (a ^ (a >> 31)) * 0x9E3779B97F4A7C15ull + i;
    return a;
}

float fmix(float a, float b) { return a * b + (a > b ? a : b) - (float)(int)a; }
