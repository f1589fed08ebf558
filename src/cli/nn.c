/* ntkcert nn train | nn predict: finite ReLU networks in NTK parameterisation. */
#include "cli.h"
#include "ntkcert/io.h"
#include "ntkcert/nn.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_nn_usage[] =
    "usage: ntkcert nn train --train SPEC --out NET.model [options]\n"
    "       ntkcert nn predict --model NET.model --data SPEC [--out SCORES.npy]\n\n"
    "A fully connected ReLU network in NTK parameterisation (the paper's Eq. (1)):\n"
    "every weight N(0,1) at initialisation, each layer's input scaled by\n"
    "1/sqrt(fan_in), no biases, scalar output; trained on Eq. (7) with the\n"
    "regulariser (lambda/2)|v|^2 on the output layer only, through the same\n"
    "(sub)gradient core as the kernel machines.\n\n"
    "  --width M             hidden width (default 1000)\n"
    "  --depth L             hidden layers (default 1)\n"
    "  --loss NAME           hinge (default), hinge2, eps, squared, logistic\n"
    "  --lambda LAM          output-layer regulariser (default 0.001)\n"
    "  --lr ETA              learning rate (default 0.1)\n"
    "  --epochs E            passes over the training set (default 1)\n"
    "  --batch B             minibatch size (default 64); 0: full batch\n"
    "  --seed S              initial weights and shuffles (default 0)\n"
    "  --centered            output f(w_t, x) - f(w_0, x): f_0 = 0, as the SVM's g_0\n"
    "  --reg output|init     the regulariser: (lambda/2)|v|^2 on the output layer, Eq. (7)\n"
    "                        (default), or (lambda/2)|w - w_0|^2 over all weights, whose\n"
    "                        wide limit is the kernel machine's Eq. (8) (see 'ntkcert help dynamics')\n"
    "  --record-path-kernel  record Theorem 4.1's path kernel on the training set in\n"
    "                        the network file, for genbound (the empirical NTK of the\n"
    "                        training set at every step: n^2 memory and work per step)\n"
    "  --shuffle-labels SEED permute the training labels at random (random-label control)\n";

static int nn_train_cmd(int argc, char **argv)
{
    static const struct option opts[] = {
        {"width", required_argument, 0, 'w'},  {"depth", required_argument, 0, 'D'},
        {"loss", required_argument, 0, 'l'},   {"lambda", required_argument, 0, 'L'},
        {"lr", required_argument, 0, 'r'},     {"epochs", required_argument, 0, 'E'},
        {"batch", required_argument, 0, 'B'},  {"seed", required_argument, 0, 'S'},
        {"centered", no_argument, 0, 'c'},     {"reg", required_argument, 0, 'g'},
        {"train", required_argument, 0, 'x'},  {"record-path-kernel", no_argument, 0, 'K'},
        {"shuffle-labels", required_argument, 0, 'P'},
        {"out", required_argument, 0, 'o'},    {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    nn_spec s = nn_spec_default();
    const char *spec = NULL, *out = NULL;
    long v, shuffle = -1;
    int c, record = 0;
    nc_err e = {0};
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'w': if (cli_long("nn train", "--width", optarg, &s.width)) return CLI_BADINPUT; break;
        case 'D':
            if (cli_long("nn train", "--depth", optarg, &v)) return CLI_BADINPUT;
            s.depth = v < 0 || v > 1000 ? 0 : (int)v;
            break;
        case 'l': if (loss_parse(optarg, &s.loss.kind, &e)) return cli_error(&e); break;
        case 'L': if (cli_double("nn train", "--lambda", optarg, &s.lambda)) return CLI_BADINPUT; break;
        case 'r': if (cli_double("nn train", "--lr", optarg, &s.lr)) return CLI_BADINPUT; break;
        case 'E': if (cli_long("nn train", "--epochs", optarg, &s.epochs)) return CLI_BADINPUT; break;
        case 'B': if (cli_long("nn train", "--batch", optarg, &s.batch)) return CLI_BADINPUT; break;
        case 'S': if (cli_long("nn train", "--seed", optarg, &v)) return CLI_BADINPUT; s.seed = (uint64_t)v; break;
        case 'c': s.centered = 1; break;
        case 'g':
            if (!strcmp(optarg, "output")) s.reg = NN_REG_OUTPUT;
            else if (!strcmp(optarg, "init")) s.reg = NN_REG_INIT;
            else return cli_usage_error("nn train", "--reg '%s' is not output or init", optarg);
            break;
        case 'x': spec = optarg; break;
        case 'o': out = optarg; break;
        case 'K': record = 1; break;
        case 'P': if (cli_seed("nn train", "--shuffle-labels", optarg, &shuffle)) return CLI_BADINPUT; break;
        case 'h': fputs(cli_nn_usage, stdout); return CLI_OK;
        default: return cli_usage_error("nn train", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("nn train", "unexpected argument '%s'", argv[optind]);
    if (!spec || !out) return cli_usage_error("nn train", "--train and --out are required");
    if (s.loss.kind == LOSS_EPS) s.loss.epsilon = 0.1;
    if (io_check_writable(out, &e)) return cli_error(&e);
    nc_data tr = {0};
    nn_model m = {0};
    double *z = NULL;
    int rc = CLI_OK;
    if (data_load(spec, &tr, &e) || nn_check(&s, tr.d, &e)) { rc = cli_error(&e); goto done; }
    if (shuffle >= 0) data_shuffle_labels(&tr, (uint64_t)shuffle);
    double t0 = cli_now();
    if (record ? nn_train_path(&m, &s, &tr, &e) : nn_train(&m, &s, &tr, &e)) { rc = cli_error(&e); goto done; }
    double t1 = cli_now();
    long correct = 0;
    if (!(z = malloc((size_t)tr.n * sizeof *z + 1))) { rc = CLI_FAIL; goto done; }
    if (nn_predict(&m, tr.X, tr.n, tr.d, z, &e) || nn_save(&m, out, &e)) { rc = cli_error(&e); goto done; }
    for (long i = 0; i < tr.n; i++) correct += (z[i] > 0) == (tr.y[i] > 0);
    printf("network:    width %ld, %d hidden layer%s%s, %s loss, lambda %g\n", s.width, s.depth,
           s.depth > 1 ? "s" : "", s.centered ? ", centred output" : "", loss_name(s.loss.kind), s.lambda);
    printf("training:   %ld points, d = %ld, %ld steps (%ld epochs, %s, lr %g)\n", tr.n, tr.d, m.steps, s.epochs,
           s.batch ? "minibatch" : "full batch", s.lr);
    printf("objective:  %.12g\n", m.objective);
    if (loss_is_classification(s.loss.kind)) printf("train acc:  %.4f%%\n", 100.0 * (double)correct / (double)tr.n);
    if (record)
        printf("path:       kernel of %ld points, |W|^2 %.6g, tr %.6g, %ld sign flips at %ld points\n", m.path.n,
               m.path.norm2, m.path.trace, m.path.flips, m.path.flip_points);
    printf("time:       %.2f s\n", t1 - t0);
    printf("wrote:      %s\n", out);
done:
    free(z);
    nn_model_free(&m);
    data_free(&tr);
    return rc;
}

static int nn_predict_cmd(int argc, char **argv)
{
    static const struct option opts[] = {
        {"model", required_argument, 0, 'm'}, {"data", required_argument, 0, 'x'},
        {"out", required_argument, 0, 'o'},   {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *mpath = NULL, *spec = NULL, *out = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'm': mpath = optarg; break;
        case 'x': spec = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs(cli_nn_usage, stdout); return CLI_OK;
        default: return cli_usage_error("nn predict", "bad option");
        }
    }
    if (optind < argc) return cli_usage_error("nn predict", "unexpected argument '%s'", argv[optind]);
    if (!mpath || !spec) return cli_usage_error("nn predict", "--model and --data are required");
    nc_err e = {0};
    if (out && io_check_writable(out, &e)) return cli_error(&e);
    nn_model m = {0};
    nc_data ds = {0};
    double *z = NULL;
    int rc = CLI_OK;
    if ((rc = cli_load_net_data(mpath, spec, &m, &ds))) goto done;
    if (!(z = malloc((size_t)ds.n * sizeof *z + 1))) { rc = CLI_FAIL; goto done; }
    double t0 = cli_now();
    if (nn_predict(&m, ds.X, ds.n, ds.d, z, &e)) { rc = cli_error(&e); goto done; }
    double secs = cli_now() - t0;
    if (out && data_write_npy(out, z, ds.n, 1, &e)) { rc = cli_error(&e); goto done; }
    long correct = 0;
    for (long i = 0; i < ds.n; i++) correct += (z[i] > 0) == (ds.y[i] > 0);
    printf("points:     %ld\n", ds.n);
    printf("accuracy:   %.4f%% (%ld of %ld, sign of f)\n", 100.0 * (double)correct / (double)ds.n, correct, ds.n);
    printf("network:    width %ld, %d hidden layer%s%s\n", m.spec.width, m.spec.depth, m.spec.depth > 1 ? "s" : "",
           m.spec.centered ? ", centred output" : "");
    printf("time:       %.3f s\n", secs);
    if (out) printf("wrote:      %s\n", out);
done:
    free(z);
    nn_model_free(&m);
    data_free(&ds);
    return rc;
}

int cli_nn(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "train")) return nn_train_cmd(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "predict")) return nn_predict_cmd(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(cli_nn_usage, stdout);
        return CLI_OK;
    }
    return cli_usage_error("nn", "expected 'train' or 'predict'");
}
