/* ntkcert compare: certificate reports side by side. */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

const char cli_compare_usage[] =
    "usage: ntkcert compare REPORT.json... [--markdown | --csv]\n\n"
    "One row per report written by 'ntkcert certify' or 'ntkcert ibp': the model\n"
    "(kind, loss, lambda, width), the bound, the accuracy on the points tried, the\n"
    "mean +- std and median of the certified radius over the correctly classified\n"
    "points, and their count. Plain text by default.\n";

typedef struct {
    const char *path, *kind, *loss, *bound, *norm;
    double lambda, accuracy, mean, std, median;
    long width, depth, count, correct;
    int centered;
} row_t;

/* Reads the fields of one report; prints one line and returns nonzero if it
 * is not one. */
static int read_row(const char *path, json_t **keep, row_t *r)
{
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    *keep = j;
    memset(r, 0, sizeof *r);
    r->path = path;
    int width = 0, depth = 0, centered = 0;
    json_int_t count = 0, correct = 0;
    if (!j) {
        fprintf(stderr, "ntkcert: %s: not a JSON report (line %d: %s)\n", path, err.line, err.text);
        return 1;
    }
    if (json_unpack(j, "{s:{s:s, s:s, s:i, s?i, s?b, s:F}, s:{s:s, s:s}, s:{s:I, s:I, s:F, s:F, s:F, s:F}}",
                    "model", "kind", &r->kind, "loss", &r->loss, "depth", &depth, "width", &width, "centered",
                    &centered, "lambda", &r->lambda, "certificate", "bound", &r->bound, "norm", &r->norm, "summary",
                    "count", &count, "correct", &correct, "accuracy", &r->accuracy, "mean", &r->mean, "std", &r->std,
                    "median", &r->median)) {
        fprintf(stderr, "ntkcert: %s: not an ntkcert certificate report (missing fields)\n", path);
        return 1;
    }
    r->width = width;
    r->depth = depth;
    r->centered = centered;
    r->count = (long)count;
    r->correct = (long)correct;
    return 0;
}

int cli_compare(int argc, char **argv)
{
    static const struct option opts[] = {
        {"markdown", no_argument, 0, 'k'}, {"csv", no_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int fmt = 0, c; /* 0 text, 1 markdown, 2 csv */
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'k': fmt = 1; break;
        case 'c': fmt = 2; break;
        case 'h': fputs(cli_compare_usage, stdout); return CLI_OK;
        default: return cli_usage_error("compare", "bad option");
        }
    }
    int n = argc - optind;
    if (n < 1) return cli_usage_error("compare", "no report given");
    row_t rows[n];
    json_t *keep[n];
    int bad = 0;
    for (int i = 0; i < n; i++) bad |= read_row(argv[optind + i], &keep[i], &rows[i]);
    if (!bad) {
        if (fmt == 2) printf("report,kind,loss,lambda,width,depth,centered,bound,norm,accuracy,mean,std,median,count\n");
        else if (fmt == 1) printf("| report | model | width | bound | accuracy | radius (mean +- std) | median | count |\n|---|---|---|---|---|---|---|---|\n");
        else printf("%-28s %-22s %8s %-6s %9s %24s %11s %6s\n", "report", "model", "width", "bound", "accuracy",
                    "radius (mean +- std)", "median", "count");
        for (int i = 0; i < n; i++) {
            const row_t *r = &rows[i];
            char model[64], width[32];
            snprintf(model, sizeof model, "%s %s l=%g%s", strcmp(r->kind, "network") ? "km" : "nn", r->loss, r->lambda,
                     r->centered ? " centred" : "");
            if (r->width) snprintf(width, sizeof width, "%ld", r->width);
            else snprintf(width, sizeof width, "inf");
            if (fmt == 2)
                printf("%s,%s,%s,%.17g,%ld,%ld,%d,%s,%s,%.17g,%.17g,%.17g,%.17g,%ld\n", r->path, r->kind, r->loss,
                       r->lambda, r->width, r->depth, r->centered, r->bound, r->norm, r->accuracy, r->mean, r->std,
                       r->median, r->correct);
            else if (fmt == 1)
                printf("| %s | %s | %s | %s l_%s | %.2f%% | %.4g +- %.2g | %.4g | %ld |\n", r->path, model, width,
                       r->bound, r->norm, 100 * r->accuracy, r->mean, r->std, r->median, r->correct);
            else
                printf("%-28s %-22s %8s %-6s %8.2f%% %14.4g +- %-8.2g %11.4g %6ld\n", r->path, model, width, r->bound,
                       100 * r->accuracy, r->mean, r->std, r->median, r->correct);
        }
    }
    for (int i = 0; i < n; i++) json_decref(keep[i]);
    return bad ? CLI_BADINPUT : CLI_OK;
}
