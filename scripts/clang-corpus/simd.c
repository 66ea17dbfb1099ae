// Loops the vectorizer turns into SIMD (built with -msimd128 -O3): v128 loads, stores, lane
// operations and shuffles in the printer's input.
void saxpy(float *restrict y, const float *restrict x, float a, int n) {
    for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}

int dot(const short *a, const short *b, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

void reverse_bytes(unsigned char *restrict out, const unsigned char *restrict in, int n) {
    for (int i = 0; i < n; i++) out[i] = in[n - 1 - i] ^ 0x5a;
}

unsigned long long sum64(const unsigned long long *v, int n) {
    unsigned long long s = 0;
    for (int i = 0; i < n; i++) s += v[i] >> 3;
    return s;
}
