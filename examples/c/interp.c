// A small interpreter: a tokenizer, a recursive-descent parser to bytecode, and a stack
// machine running a program with variables, loops and conditions (fibonacci, primes, gcd).
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, EQ, JMP, JZ, PRINT, HALT };
static int code[4096], ncode;
static char names[64][16];
static int nnames;
static const char *src;
static char tok[32];
static int tokkind; // 0 end, 1 number, 2 name, 3 punct

static void next(void) {
    while (isspace((unsigned char)*src)) src++;
    if (!*src) { tokkind = 0; tok[0] = 0; return; }
    int k = 0;
    if (isdigit((unsigned char)*src)) { while (isdigit((unsigned char)*src)) tok[k++] = *src++; tokkind = 1; }
    else if (isalpha((unsigned char)*src)) { while (isalnum((unsigned char)*src)) tok[k++] = *src++; tokkind = 2; }
    else { tok[k++] = *src++; if ((tok[0] == '=' || tok[0] == '<') && *src == '=') tok[k++] = *src++; tokkind = 3; }
    tok[k] = 0;
}
static int is(const char *s) { return strcmp(tok, s) == 0; }
static void expect(const char *s) { if (!is(s)) { printf("parse error: expected %s, got '%s'\n", s, tok); exit(2); } next(); }
static int var(const char *s) { for (int i = 0; i < nnames; i++) if (!strcmp(names[i], s)) return i; strcpy(names[nnames], s); return nnames++; }
static void emit(int x) { code[ncode++] = x; }

static void expr(void);
static void primary(void) {
    if (tokkind == 1) { emit(PUSH); emit(atoi(tok)); next(); }
    else if (tokkind == 2) { emit(LOAD); emit(var(tok)); next(); }
    else { expect("("); expr(); expect(")"); }
}
static void term(void) {
    primary();
    while (is("*") || is("/") || is("%")) { int op = is("*") ? MUL : is("/") ? DIV : MOD; next(); primary(); emit(op); }
}
static void sum(void) {
    term();
    while (is("+") || is("-")) { int op = is("+") ? ADD : SUB; next(); term(); emit(op); }
}
static void expr(void) {
    sum();
    if (is("<")) { next(); sum(); emit(LT); }
    else if (is("==")) { next(); sum(); emit(EQ); }
}
static void block(void);
static void statement(void) {
    if (is("while")) {
        next(); int top = ncode; expr(); emit(JZ); int hole = ncode; emit(0);
        block(); emit(JMP); emit(top); code[hole] = ncode;
    } else if (is("if")) {
        next(); expr(); emit(JZ); int hole = ncode; emit(0); block(); code[hole] = ncode;
    } else if (is("print")) {
        next(); expr(); emit(PRINT); expect(";");
    } else {
        int v = var(tok); next(); expect("="); expr(); emit(STORE); emit(v); expect(";");
    }
}
static void block(void) { expect("{"); while (!is("}")) statement(); expect("}"); }

static long run(void) {
    long stack[256], vars[64] = {0}, steps = 0;
    int sp = 0, pc = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = vars[code[pc++]]; break;
        case STORE: vars[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case JMP: pc = code[pc]; break;
        case JZ: if (!stack[--sp]) pc = code[pc]; else pc++; break;
        case PRINT: printf("%ld\n", stack[--sp]); break;
        case HALT: return steps;
        }
    }
}

static const char *program =
    "{ a = 0; b = 1; i = 0; while i < 30 { if i % 5 == 0 { print a; } t = a + b; a = b; b = t; i = i + 1; }"
    "  n = 2; count = 0; while n < 2000 { d = 2; prime = 1; while d * d < n + 1 { if n % d == 0 { prime = 0; } d = d + 1; }"
    "  if prime == 1 { count = count + 1; } n = n + 1; } print count;"
    "  x = 1071; y = 462; while 0 < y { t = x % y; x = y; y = t; } print x; }";

int main(void) {
    src = program;
    next();
    block();
    emit(HALT);
    printf("compiled %d words, %d variables\n", ncode, nnames);
    long steps = run();
    printf("ran %ld steps\n", steps);
    return 0;
}
