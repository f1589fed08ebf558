/* tap.h: a minimal TAP producer for the test programs (run by prove). */
#ifndef NTKCERT_TAP_H
#define NTKCERT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count, tap_failed;

static int tap_ok(int pass, const char *fmt, ...) __attribute__((format(printf, 2, 3), unused));
static int tap_ok(int pass, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%sok %d - ", pass ? "" : "not ", ++tap_count);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!pass) tap_failed++;
    fflush(stdout);
    return pass;
}

static void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void tap_diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("# ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
}

/* Prints the plan; returns the exit status (0 when every test passed). */
static int tap_done(void) __attribute__((unused));
static int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#define ok(cond, ...) tap_ok(!!(cond), __VA_ARGS__)

#endif
