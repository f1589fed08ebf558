#!/usr/bin/env bash
# ntkcert dynamics on the committed MNIST 0/1 fixture: the CSV files have the
# documented columns and one row per model and record (the records counted
# here from the documented rule), gnuplot renders the figures (or a note says
# how, with the CSV files written), and bad input exits 2 with one line and
# no output directory.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${NTKCERT_BUILD:-$root/build}/ntkcert
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0; fails=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails+1)); fi; }
run() { "$@" >"$t/out" 2>"$t/err"; rc=$?; out=$(cat "$t/out"); err=$(cat "$t/err"); }
rows() { echo $(($(wc -l <"$1") - 1)); }

fx=$root/tests/fixtures
trn="idx:$fx/mnist01-train300-images-idx3-ubyte.gz,$fx/mnist01-train300-labels-idx1-ubyte.gz,classes=0/1"
tst="idx:$fx/mnist01-test100-images-idx3-ubyte.gz,$fx/mnist01-test100-labels-idx1-ubyte.gz,classes=0/1"
# 0, then round(10^(k/10)) below 30 without repeats, then 30
nrec=$(/usr/bin/python3 -c "s=[0]+sorted({round(10**(k/10)) for k in range(40) if round(10**(k/10))<30}-{0})+[30]; print(len(s))")

args=(--train "$trn" --test "$tst" --n 40 --depth 1 --widths 32,256 --steps 30 --lr 0.05)
run "$bin" dynamics "${args[@]}" --out "$t/d"
ok $rc "dynamics: kernel machine and widths 32, 256 ($(echo "$out" | grep '^network' | tail -1))"
[[ $(head -1 "$t/d/dynamics.csv") = step,model,width,loss,train_acc,test_acc,dist_train,dist_test,ntk_change &&
   $(rows "$t/d/dynamics.csv") = $((3 * nrec)) && $(grep -c ',kernel,inf,' "$t/d/dynamics.csv") = "$nrec" ]]
ok $? "dynamics.csv: its columns, 3 models x $nrec records"
[[ $(head -1 "$t/d/outputs.csv") = step,model,width,set,index,output &&
   $(rows "$t/d/outputs.csv") = $((3 * nrec * 4)) && $(grep -c ',test,' "$t/d/outputs.csv") = $((3 * nrec * 2)) ]]
ok $? "outputs.csv: its columns, 3 models x $nrec records x (2 training + 2 test points)"
[[ $(head -1 "$t/d/width.csv") = width,dist_train,dist_test,ntk_change,ln_m_over_sqrt_m && $(rows "$t/d/width.csv") = 2 ]]
ok $? "width.csv: its columns, one row per width"
/usr/bin/python3 - "$t/d" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/dynamics.csv")))
first = [r for r in rows if r["step"] == "0"]
last = {r["width"]: r for r in rows if r["step"] == "30"}
assert all(float(r["dist_train"]) == 0 and float(r["loss"]) == 1 for r in first)  # f_0 = g_0 = 0, hinge loss 1
assert float(last["256"]["dist_train"]) < float(last["32"]["dist_train"])
assert float(last["256"]["ntk_change"]) < float(last["32"]["ntk_change"])
assert float(last["inf"]["loss"]) < 1
PY
ok $? "step 0: f = g = 0, loss 1; at step 30 width 256 is closer to the kernel machine than width 32"
grep -q 'Slope of log |f_T - g_T| against log width' "$t/d/summary.md"; ok $? "summary.md: the fitted slope"
if command -v gnuplot >/dev/null; then
  [[ $(head -c 8 "$t/d/figure1.png" | od -An -tx1 | tr -d ' \n') = 89504e470d0a1a0a && -s $t/d/width.png &&
     $(grep -c '<svg' "$t/d/figure1.svg") -ge 1 && $out == *"plots: "*figure1.png* ]]
  ok $? "gnuplot: figure1.png (a PNG), figure1.svg, width.png"
else
  n=$((n+1)); echo "ok $n # skip gnuplot is not installed"
fi
run env NTKCERT_GNUPLOT=/nonexistent/gnuplot "$bin" dynamics "${args[@]}" --out "$t/np"
[[ $rc = 0 && $out == *"gnuplot not found"* && -s $t/np/dynamics.csv && -s $t/np/plots.gp && ! -e $t/np/figure1.png &&
   ! -e $t/np/plots.log ]]
ok $? "without gnuplot: exit 0, the CSV files and plots.gp written, a note on how to plot"

bad() { # what expect args...
  local what=$1 expect=$2; shift 2
  rm -rf "$t/o"
  run "$bin" dynamics "$@" --out "$t/o"
  [[ $rc = 2 && $(printf '%s\n' "$err" | wc -l) = 1 && $err == *"$expect"* && ! -e $t/o ]]
  ok $? "$what: exit 2, one line, no output ($err)"
}
bad "a width of 0" "--widths" --train "$trn" --widths 0,10
bad "a missing training file" "nosuch" --train "idx:$t/nosuch,$t/nosuch"
bad "a batch of 0" "--batch" --train "$trn" --batch 0
bad "--n beyond the data" "exceeds" --train "$trn" --n 100000
printf '1,0.5,0.5\n-1,0.25,0\n' >"$t/small.csv"
bad "test points of another dimension" "dimension" --train "$trn" --test "csv:$t/small.csv"
echo "1..$n"
[ $fails = 0 ]
