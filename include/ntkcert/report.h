/* report.h: certificate reports in JSON (specs/report.schema.json), CSV and
 * Markdown, each written atomically. A report carries everything needed to
 * recheck a claim: tool version, model file and data SHA-256, the options of
 * the bound and the search, and per point its index, label, score, radius,
 * the verified lower bound at that radius, and time. */
#ifndef NTKCERT_REPORT_H
#define NTKCERT_REPORT_H

#include "ntkcert/dyn.h"
#include "ntkcert/error.h"
#include "ntkcert/genbound.h"
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

/* Training dynamics (dyn.h) in the directory dir, each file atomically:
 *   dynamics.csv  step,model,width,loss,train_acc,test_acc,dist_train,dist_test,ntk_change
 *                 one row per model and record; model "kernel" (width inf) or "network"
 *   outputs.csv   step,model,width,set,index,output: the tracked points ("train"/"test",
 *                 index in that data set), one run of rows per model and point
 *   width.csv     width,dist_train,dist_test,ntk_change,ln_m_over_sqrt_m at the last step
 *   summary.md    the settings, each model at the last step, and the fitted slopes
 * what describes the run (data specs) for summary.md. */
int report_write_dynamics(const dyn_result *r, const dyn_opts *o, const char *what, const char *dir, nc_err *e);
/* Renders figure1.png/.svg (outputs of a tracked training and test point,
 * |f - g| and the loss over the steps, like the paper's Figure 1) and
 * width.png/.svg (|f_T - g_T| against width, log-log) in dir from its CSV
 * files, through dir/plots.gp and gnuplot ($NTKCERT_GNUPLOT if set).
 * *plotted = 0 and NC_OK when that program cannot be started. */
int report_plot_dynamics(const dyn_result *r, const char *dir, int *plotted, nc_err *e);

/* A margin bound (genbound.h) and what it was computed from. */
typedef struct {
    report_cert desc;           /* the model fields, from report_describe_model */
    const char *train_spec;
    char train_sha256[65];
    long shuffle_seed;          /* the labels' permutation; -1: the true labels */
    double confidence, margin;  /* the options (margin 0: the grid) */
    const gen_result *res;
    const gen_net_info *net;    /* a network's Theorem 4.1 figures; NULL for a kernel machine */
    const train_path *path;     /* and its path kernel (with net) */
    const char *test_spec;      /* NULL: no test data */
    long test_points;
    double test_error;
} report_gen;
/* The theorem, its constants and the union bound, as the report states them. */
#define GEN_THEOREM                                                                                          \
    "Mohri, Rostamizadeh, Talwalkar, Foundations of Machine Learning (2nd ed., 2018), Theorem 5.8, Eq. (5.40): " \
    "for a margin rho > 0 fixed in advance, with probability >= 1 - delta over the n training points, every h "   \
    "in H has P[y h(x) <= 0] <= R_rho(h) + (2/rho) Rad_S(H) + 3 sqrt(ln(2/delta) / (2n)), R_rho the empirical "  \
    "ramp loss; Rad_S(H_1) <= sqrt(tr K)/n for the unit ball H_1 of the kernel's feature space (ibid., Theorem " \
    "6.12; Bartlett and Mendelson 2002, Lemma 22). Applied to g/B, B^2 = alpha^T K alpha + b^2 (K with the "      \
    "model's constant features), with rho normalised; over a grid of G margins fixed in advance each holds at "  \
    "delta/G (union bound), so the confidence term is 3 sqrt(ln(2G/delta) / (2n)). Computed in double precision."
#define GEN_PATH_CAVEAT \
    "The path kernel of Theorem 4.1 comes from the training run, hence from the sample: the class is not " \
    "fixed in advance as the theorem requires, so for a network this is the paper's heuristic, not a " \
    "guarantee. The bound is for h = b + K a, with b a feature c b of weight 1/c, c the best of " \
    "offset_scales values fixed in advance (a union bound at delta/offset_scales); residual is |f_T - h| " \
    "on the training points (the discretisation error and the effect of sign flips), and the test error " \
    "is the network's."
/* The bound as JSON: the model, the training data, the theorem, the
 * options, tr K, B, the terms at the best margin, the test error, the bound
 * at every margin tried ("curve"), and for a network its path kernel's
 * figures ("path"). Written atomically. */
int report_write_genbound(const report_gen *g, const char *path, nc_err *e);

#endif
