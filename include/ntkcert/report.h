/* report.h: certificate reports in JSON (specs/report.schema.json), CSV and
 * Markdown, each written atomically. A report carries everything needed to
 * recheck a claim: tool version, model file and data SHA-256, the options of
 * the bound and the search, and per point its index, label, score, radius,
 * the verified lower bound at that radius, and time. */
#ifndef NTKCERT_REPORT_H
#define NTKCERT_REPORT_H

#include "ntkcert/error.h"
#include "ntkcert/km.h"
#include "ntkcert/nn.h"

typedef struct {
    long index;       /* in the data set as loaded (after class selection) */
    double label, score;
    int correct;      /* sign(score) == label */
    double delta;     /* certified radius, 0 if none */
    double bound;     /* verified lower bound of y g over the ball of radius delta */
    long steps;       /* bound evaluations */
    const char *mode; /* the bound that gave delta (the winner, for best) */
    double seconds;
} report_point;

typedef struct {
    long count, correct;           /* points tried, correctly classified */
    double accuracy;               /* correct / count */
    double mean, std, median, min, max; /* of delta over the correctly classified points */
    double seconds;
} report_summary;

typedef struct {
    const char *model_path, *data_spec;
    char model_sha256[65], data_sha256[65];
    const char *kind;              /* "kernel-machine" or "network" */
    const char *loss, *kernel, *solver; /* kernel "none" for a network */
    int depth;
    long width;                    /* networks; 0 for kernel machines */
    int centered;                  /* networks: output f(w_T, x) - f(w_0, x) */
    double lambda;
    long model_vectors, model_train, d;
    const char *norm, *bound;      /* "inf"/"2", a cert_mode_name or "ibp" */
    int precision;                 /* 0: doubles */
    int has_domain;
    double dom_lo, dom_hi, rel_tol, delta_max;
    long subset;                   /* 0: every point */
    unsigned long long seed;
    int all;                       /* misclassified points reported too */
    long npoints;
    report_point *points;
    report_summary summary;
} report_cert;

/* Fills r's model fields from m and the model file at path (its SHA-256);
 * NC_EINPUT naming path if the file cannot be read. */
int report_describe_model(report_cert *r, const km_model *m, const char *path, nc_err *e);
/* The same for a network and its file. */
int report_describe_net(report_cert *r, const nn_model *m, const char *path, nc_err *e);
/* Fills r->summary from r->points. */
void report_summarize(report_cert *r);
int report_write_json(const report_cert *r, const char *path, nc_err *e);
int report_write_csv(const report_cert *r, const char *path, nc_err *e);
int report_write_markdown(const report_cert *r, const char *path, nc_err *e);

#endif
