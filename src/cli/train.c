/* ntkcert train: trains a kernel machine and writes its model file. */
#include "cli.h"
#include "ntkcert/io.h"
#include "ntkcert/km.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_train_usage[] =
    "usage: ntkcert train --loss hinge|hinge2|eps|squared|logistic --lambda L\n"
    "                     --train SPEC --out FILE.model [options]\n\n"
    "Trains g(x) = sum_i alpha_i K(x, x_i) on the paper's Eq. (7),\n"
    "(lambda/2) alpha^T K alpha + sum_i l(g(x_i), y_i), with the ReLU NTK (or NNGP):\n"
    "hinge = soft-margin SVM (C = 1/lambda), hinge2 = 2-norm SVM, eps = SVR,\n"
    "squared = kernel ridge regression (lambda 0 allowed), logistic.\n\n"
    "  --solver exact|subgradient|sgd  exact (default): Cholesky (squared), dual\n"
    "                        coordinate descent / SMO (hinge, hinge2, eps), Newton-CG\n"
    "                        (logistic); subgradient: full batch; sgd: minibatches\n"
    "  --tol T               exact solvers: stop at KKT violation T (default 1e-6)\n"
    "  --max-iter N          exact iterative solvers: iteration limit\n"
    "  --lr ETA --steps T --batch B --seed S   subgradient solvers\n"
    "  --schedule constant|pegasos  step sizes: constant (the paper's dynamics) or\n"
    "                        ETA / (1 + ETA lambda t), which converges on non-smooth losses\n"
    "  --epsilon E           eps loss: width of the insensitive zone (default 0.1)\n"
    "  --bias                add the constant feature of the paper's footnote 1 (K + 1)\n"
    "  --intercept           an unregularised intercept as in LIBSVM (exact dual solvers)\n"
    "  --depth L --kind ntk|nngp --bias-var B   the kernel (default: NTK, 1 hidden layer)\n"
    "  --shuffle-labels SEED permute the training labels at random (a random-label\n"
    "                        control for genbound, which needs the same option)\n";

int cli_train(int argc, char **argv)
{
    static const struct option opts[] = {
        {"loss", required_argument, 0, 'l'},   {"lambda", required_argument, 0, 'L'},
        {"epsilon", required_argument, 0, 'E'}, {"solver", required_argument, 0, 's'},
        {"tol", required_argument, 0, 't'},    {"max-iter", required_argument, 0, 'I'},
        {"lr", required_argument, 0, 'r'},     {"steps", required_argument, 0, 'T'},
        {"batch", required_argument, 0, 'B'},  {"seed", required_argument, 0, 'S'},
        {"schedule", required_argument, 0, 'C'}, {"bias", no_argument, 0, 'b'},         {"intercept", no_argument, 0, 'i'},
        {"depth", required_argument, 0, 'D'},  {"kind", required_argument, 0, 'k'},
        {"bias-var", required_argument, 0, 'V'}, {"train", required_argument, 0, 'x'},
        {"out", required_argument, 0, 'o'},    {"shuffle-labels", required_argument, 0, 'P'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    km_spec s = km_spec_default();
    s.loss.epsilon = 0.1;
    const char *spec = NULL, *out = NULL;
    int have_loss = 0, have_lambda = 0, c;
    long v, shuffle = -1;
    nc_err e = {0};
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'l': if (loss_parse(optarg, &s.loss.kind, &e)) return cli_error(&e); have_loss = 1; break;
        case 'L': if (cli_double("train", "--lambda", optarg, &s.lambda)) return CLI_BADINPUT; have_lambda = 1; break;
        case 'E': if (cli_double("train", "--epsilon", optarg, &s.loss.epsilon)) return CLI_BADINPUT; break;
        case 's': if (km_solver_parse(optarg, &s.solver, &e)) return cli_error(&e); break;
        case 't': if (cli_double("train", "--tol", optarg, &s.tol)) return CLI_BADINPUT; break;
        case 'I': if (cli_long("train", "--max-iter", optarg, &s.max_iter)) return CLI_BADINPUT; break;
        case 'r': if (cli_double("train", "--lr", optarg, &s.lr)) return CLI_BADINPUT; break;
        case 'T': if (cli_long("train", "--steps", optarg, &s.steps)) return CLI_BADINPUT; break;
        case 'B': if (cli_long("train", "--batch", optarg, &s.batch)) return CLI_BADINPUT; break;
        case 'S': if (cli_long("train", "--seed", optarg, &v)) return CLI_BADINPUT; s.seed = (uint64_t)v; break;
        case 'C':
            if (strcmp(optarg, "constant") && strcmp(optarg, "pegasos"))
                return cli_usage_error("train", "--schedule constant or pegasos");
            s.pegasos = !strcmp(optarg, "pegasos");
            break;
        case 'b': s.constant_feature = 1; break;
        case 'i': s.intercept = 1; break;
        case 'D':
            if (cli_long("train", "--depth", optarg, &v)) return CLI_BADINPUT;
            s.kernel.depth = v < 0 || v > 100000 ? 0 : (int)v;
            break;
        case 'k': if (ntk_kind_parse(optarg, &s.kernel.kind, &e)) return cli_error(&e); break;
        case 'V': if (cli_double("train", "--bias-var", optarg, &s.kernel.bias_var)) return CLI_BADINPUT; break;
        case 'x': spec = optarg; break;
        case 'o': out = optarg; break;
        case 'P': if (cli_seed("train", "--shuffle-labels", optarg, &shuffle)) return CLI_BADINPUT; break;
        case 'h': fputs(cli_train_usage, stdout); return CLI_OK;
        default: return cli_usage_error("train", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("train", "unexpected argument '%s'", argv[optind]);
    if (!have_loss || !have_lambda || !spec || !out)
        return cli_usage_error("train", "--loss, --lambda, --train and --out are required");
    if (km_check(&s, &e) || io_check_writable(out, &e)) return cli_error(&e);

    nc_data tr = {0};
    km_model m = {0};
    double *K = NULL;
    int rc = CLI_OK;
    if (data_load(spec, &tr, &e)) { rc = cli_error(&e); goto done; }
    if (shuffle >= 0) data_shuffle_labels(&tr, (uint64_t)shuffle);
    double t0 = cli_now();
    if (!(K = km_gram(&s, &tr, &e))) { rc = cli_error(&e); goto done; }
    double t1 = cli_now();
    if (isatty(STDERR_FILENO)) fprintf(stderr, "ntkcert train: Gram matrix %ld x %ld in %.2f s, solving...\n", tr.n, tr.n, t1 - t0);
    if (km_train(&m, &s, &tr, K, &e)) { rc = cli_error(&e); goto done; }
    double t2 = cli_now();
    free(K);
    K = NULL;
    double *z = malloc((size_t)tr.n * sizeof *z);
    long correct = 0;
    if (!z || km_predict(&m, tr.X, tr.n, tr.d, z, &e)) { free(z); rc = z ? cli_error(&e) : CLI_FAIL; goto done; }
    for (long i = 0; i < tr.n; i++) correct += (z[i] > 0) == (tr.y[i] > 0);
    free(z);
    if (km_save(&m, out, &e)) { rc = cli_error(&e); goto done; }
    printf("model:      %s loss, lambda %g, %s kernel with %d hidden layer%s, %s solver\n", loss_name(s.loss.kind),
           s.lambda, ntk_kind_name(s.kernel.kind), s.kernel.depth, s.kernel.depth > 1 ? "s" : "",
           km_solver_name(s.solver));
    printf("training:   %ld points, d = %ld\n", tr.n, tr.d);
    printf("objective:  %.12g\n", m.objective);
    if (!isnan(m.gap)) printf("dual gap:   %.3g\n", m.gap);
    if (!isnan(m.kkt)) printf("violation:  %.3g (tolerance %g)\n", m.kkt, s.tol);
    printf("iterations: %ld\n", m.iterations);
    printf("vectors:    %ld with alpha != 0\n", m.n);
    if (loss_is_classification(s.loss.kind)) printf("train acc:  %.4f%%\n", 100.0 * (double)correct / (double)tr.n);
    printf("time:       %.2f s Gram, %.2f s solve\n", t1 - t0, t2 - t1);
    printf("wrote:      %s\n", out);
done:
    free(K);
    km_free(&m);
    data_free(&tr);
    return rc;
}
