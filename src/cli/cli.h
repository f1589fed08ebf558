/* cli.h: what the subcommands share. Each subcommand is one file, thin:
 * it parses options, calls the library, prints, and picks the exit code. */
#ifndef NTKCERT_CLI_H
#define NTKCERT_CLI_H

#include "ntkcert/dyn.h"
#include "ntkcert/error.h"
#include "ntkcert/km.h"
#include "ntkcert/nn.h"

/* Exit codes: 0 success, 1 internal failure, 2 bad input or usage. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_BADINPUT = 2 };

typedef struct {
    const char *name, *summary, *usage;
    int (*run)(int argc, char **argv);
} cli_command;

/* Prints "ntkcert: MSG" on one line to stderr; returns the exit code for e. */
int cli_error(const nc_err *e);
/* Prints a usage error for cmd and returns CLI_BADINPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parse a whole option value as a number; on failure print a usage error
 * for cmd and return CLI_BADINPUT, else 0. */
int cli_double(const char *cmd, const char *opt, const char *s, double *out);
int cli_long(const char *cmd, const char *opt, const char *s, long *out);
/* cli_long for a seed: an integer >= 0. */
int cli_seed(const char *cmd, const char *opt, const char *s, long *out);
/* Parses a comma-separated list of at most max positive widths into w[0..*n-1];
 * on failure prints a usage error for cmd and returns CLI_BADINPUT, else 0. */
int cli_widths(const char *cmd, const char *s, long *w, int max, int *n);
/* Loads the model file and the data set and checks that their dimensions
 * agree; on failure prints one line and returns the exit code (else 0). */
int cli_load_model_data(const char *mpath, const char *spec, km_model *m, nc_data *ds);
/* The same for a network file. */
int cli_load_net_data(const char *npath, const char *spec, nn_model *m, nc_data *ds);
/* Seconds since an arbitrary epoch (monotonic). */
double cli_now(void);

int cli_kernel(int argc, char **argv);
extern const char cli_kernel_usage[];
int cli_train(int argc, char **argv);
extern const char cli_train_usage[];
int cli_predict(int argc, char **argv);
extern const char cli_certify_usage[];
extern const char cli_reproduce_usage[];
int cli_reproduce(int argc, char **argv);
int cli_certify(int argc, char **argv);
extern const char cli_predict_usage[];
int cli_nn(int argc, char **argv);
extern const char cli_nn_usage[];
int cli_ibp(int argc, char **argv);
extern const char cli_ibp_usage[];
int cli_compare(int argc, char **argv);
int cli_audit(int argc, char **argv);
extern const char cli_audit_usage[];
extern const char cli_compare_usage[];
int cli_genbound(int argc, char **argv);
extern const char cli_genbound_usage[];
int cli_dynamics(int argc, char **argv);
extern const char cli_dynamics_usage[];
/* Runs dynamics with o on the data specs (a seeded n of the training points;
 * 0: all) into dir, printing its table; returns the exit code. */
int cli_dynamics_run(const dyn_opts *o, const char *train_spec, const char *test_spec, long n, const char *dir);

#endif
