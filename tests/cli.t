#!/usr/bin/env bash
# The command line: help, version, `ntkcert kernel`, and bad input: each a
# one-line error naming the file, exit status 2, and no output written.
set -u
bin=${NTKCERT_BUILD:-build}/ntkcert
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0; fails=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails+1)); fi; }

# run CMD...: sets rc, out, err
run() { "$@" >"$t/out" 2>"$t/err"; rc=$?; out=$(cat "$t/out"); err=$(cat "$t/err"); }

run "$bin" --version
[[ $rc = 0 && $out =~ ^ntkcert\ [0-9]+\.[0-9]+\.[0-9]+$ ]]; ok $? "--version prints the version"
run "$bin" --help
[[ $rc = 0 && $out == *kernel* ]]; ok $? "--help lists the commands"
run "$bin" help kernel
[[ $rc = 0 && $out == *--depth* ]]; ok $? "help kernel describes its options"
run "$bin" help nosuch
[[ $rc = 2 ]]; ok $? "help on an unknown command: exit 2"
run "$bin" frobnicate
[[ $rc = 2 && $err == *frobnicate* ]]; ok $? "unknown command: exit 2"
run "$bin" kernel --depth 1
[[ $rc = 2 && $err == *--x* ]]; ok $? "kernel without --x: usage error, exit 2"

# A small data set, written by the test.
printf '1,0.5,0.25,0\n-1,0,1,0.5\n1,1,1,1\n-1,0.2,0.1,0.9\n' > "$t/a.csv"
run "$bin" kernel --x "csv:$t/a.csv" --depth 2 --out "$t/K.npy"
size=$(stat -c %s "$t/K.npy" 2>/dev/null || echo 0)
[[ $rc = 0 && $out == *"size:   4 x 4"* && $size = $((128 + 16 * 8)) ]]; ok $? "kernel writes a 4x4 float64 .npy"
[[ -z $(ls "$t" | grep -F .tmp) ]]; ok $? "no temporary file is left behind"
run "$bin" kernel --x "csv:$t/a.csv" --z "csv:$t/a.csv,n=2"
[[ $rc = 0 && $out == *"size:   4 x 2"* ]]; ok $? "kernel --z gives K(X, Z)"

# IDX fixtures: a valid 2-image file and its labels, then broken variants.
hdr='\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x02'
printf "$hdr"'\x01\x02\x03\x04\x05\x06\x07\x08' > "$t/img"
printf '\x00\x00\x08\x01\x00\x00\x00\x02\x00\x01' > "$t/lab"
printf "$hdr"'\x01\x02\x03' > "$t/trunc"
printf '\x00\x00\x07\x03\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x02\x01\x02\x03\x04\x05\x06\x07\x08' > "$t/magic"
printf '\x00\x00\x0e\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff' > "$t/huge"
: > "$t/empty"
printf '1,2,nan\n' > "$t/nan.csv"
printf '1,2,3\n1,2\n' > "$t/ragged.csv"
run "$bin" kernel --x "idx:$t/img,$t/lab"
[[ $rc = 0 && $out == *"size:   2 x 2"* ]]; ok $? "valid IDX fixture loads"

# bad CASE SPEC FILE [OUT]: exit 2, one stderr line naming FILE, OUT not written
bad() {
  local what=$1 spec=$2 file=$3 o=${4:-$t/bad.npy}
  rm -f "$o"
  run "$bin" kernel --x "$spec" --out "$o"
  local lines; lines=$(printf '%s\n' "$err" | wc -l)
  [[ $rc = 2 && $lines = 1 && $err == *"$file"* && ! -e $o ]]
  ok $? "$what: exit 2, one line naming the file, nothing written ($err)"
  [[ -z $(ls "$(dirname "$o")" 2>/dev/null | grep -F .tmp) ]] || ok 1 "$what: temporary left"
}
bad "truncated IDX" "idx:$t/trunc,$t/lab" "$t/trunc"
bad "wrong magic number" "idx:$t/magic,$t/lab" "$t/magic"
bad "IDX dimensions overflow size_t" "idx:$t/huge,$t/lab" "$t/huge"
bad "NaN in a CSV" "csv:$t/nan.csv" "$t/nan.csv"
bad "empty file" "csv:$t/empty" "$t/empty"
bad "ragged CSV" "csv:$t/ragged.csv" "$t/ragged.csv"
bad "class pair absent" "idx:$t/img,$t/lab,classes=0/5" "$t/lab"
bad "missing file" "csv:$t/nosuch.csv" "$t/nosuch.csv"
bad "output in a missing directory" "csv:$t/a.csv" "$t/nodir/K.npy" "$t/nodir/K.npy"

# A failed run leaves an existing output untouched.
echo keep > "$t/keep.npy"
run "$bin" kernel --x "csv:$t/nan.csv" --out "$t/keep.npy"
[[ $rc = 2 && $(cat "$t/keep.npy") = keep ]]; ok $? "a failed run leaves the existing output untouched"

# train and predict on the committed MNIST 0/1 fixture
fx="$(cd "$(dirname "$0")" && pwd)/fixtures"
trn="idx:$fx/mnist01-train300-images-idx3-ubyte.gz,$fx/mnist01-train300-labels-idx1-ubyte.gz,classes=0/1"
tst="idx:$fx/mnist01-test100-images-idx3-ubyte.gz,$fx/mnist01-test100-labels-idx1-ubyte.gz,classes=0/1"
run "$bin" train --loss hinge --lambda 0.064 --train "$trn" --out "$t/svm.model"
[[ $rc = 0 && $out == *"dual gap"* && -s $t/svm.model ]]; ok $? "train --loss hinge writes a model"
run "$bin" predict --model "$t/svm.model" --data "$tst" --out "$t/s.npy"
[[ $rc = 0 && $out =~ accuracy:\ +(9[89]|100)\. && $(stat -c %s "$t/s.npy") = $((128 + 800)) ]]
ok $? "predict: accuracy >= 98% on the fixture's test images, scores written ($(echo "$out" | grep accuracy))"
for l in "squared --lambda 0" "hinge2 --lambda 0.1" "eps --lambda 0.1 --epsilon 0.2" "logistic --lambda 0.1" \
         "hinge --lambda 0.1 --solver sgd --lr 0.01 --steps 200 --batch 32 --seed 1" "hinge --lambda 0.1 --intercept --bias"; do
  run "$bin" train --loss $l --train "$trn" --out "$t/x.model"
  [[ $rc = 0 ]]; ok $? "train --loss $l"
done
cp "$t/svm.model" "$t/flip.model"; printf 'X' | dd of="$t/flip.model" bs=1 seek=900 conv=notrunc 2>/dev/null
printf '1,0.5,0.25\n-1,0,1\n' > "$t/d2.csv"
badcmd() { # what expect-in-stderr cmd...
  local what=$1 expect=$2; shift 2
  rm -f "$t/o.model"
  run "$@"
  [[ $rc = 2 && $(printf '%s\n' "$err" | wc -l) = 1 && $err == *"$expect"* && ! -e $t/o.model ]]
  ok $? "$what: exit 2, one line ($err)"
}
badcmd "corrupted model" "checksum" "$bin" predict --model "$t/flip.model" --data "$tst"
badcmd "model and data of different dimension" "dimension" "$bin" predict --model "$t/svm.model" --data "csv:$t/d2.csv"
badcmd "missing model" "nosuch.model" "$bin" predict --model "$t/nosuch.model" --data "$tst"
badcmd "unknown loss" "unknown loss" "$bin" train --loss bogus --lambda 1 --train "$trn" --out "$t/o.model"
badcmd "lambda 0 for the hinge loss" "lambda = 0" "$bin" train --loss hinge --lambda 0 --train "$trn" --out "$t/o.model"
badcmd "labels not -1/+1" "labels -1/+1" "$bin" train --loss hinge --lambda 1 --train "csv:$t/a.csv,label=last" --out "$t/o.model"
badcmd "model into a missing directory" "does not exist" "$bin" train --loss hinge --lambda 1 --train "$trn" --out "$t/no/o.model"

# fetch-mnist refuses present files that differ, and changes nothing (offline).
mkdir "$t/mn"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  echo bogus > "$t/mn/$f"
done
NTKCERT_MNIST_DIR="$t/mn" "$(dirname "$0")/../scripts/fetch-mnist" >"$t/out" 2>"$t/err"; rc=$?
[[ $rc = 2 && $(cat "$t/err") == *"differs"* && $(cat "$t/mn/train-images-idx3-ubyte") = bogus ]]
ok $? "fetch-mnist refuses files whose SHA-256 differs and leaves them untouched"

echo "1..$n"
[ $fails = 0 ]
