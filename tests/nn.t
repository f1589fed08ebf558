#!/usr/bin/env bash
# ntkcert nn train / nn predict / ibp / compare on the committed MNIST 0/1
# fixture: reports validate against specs/report.schema.json, IBP runs in
# doubles and MPFI, and a file of the wrong kind, a width of 0 or one that
# cannot fit exit 2 with one line, writing nothing.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${NTKCERT_BUILD:-$root/build}/ntkcert
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0; fails=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails+1)); fi; }
run() { "$@" >"$t/out" 2>"$t/err"; rc=$?; out=$(cat "$t/out"); err=$(cat "$t/err"); }
validate() { /usr/bin/python3 - "$1" "$root/specs/report.schema.json" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), cls=jsonschema.Draft7Validator)
PY
}

fx=$root/tests/fixtures
trn="idx:$fx/mnist01-train300-images-idx3-ubyte.gz,$fx/mnist01-train300-labels-idx1-ubyte.gz,classes=0/1"
tst="idx:$fx/mnist01-test100-images-idx3-ubyte.gz,$fx/mnist01-test100-labels-idx1-ubyte.gz,classes=0/1"

run "$bin" nn train --width 300 --epochs 2 --train "$trn" --out "$t/net.model"
ok $rc "nn train: width 300, 2 epochs of SGD ($(echo "$out" | grep 'train acc'))"
run "$bin" nn train --width 300 --depth 2 --epochs 20 --batch 0 --lr 0.5 --centered --train "$trn" --out "$t/cnet.model"
ok $rc "nn train: two hidden layers, centred, full batch ($(echo "$out" | grep 'train acc'))"
run "$bin" nn train --width 200 --depth 2 --epochs 20 --batch 0 --lr 0.5 --lambda 0.1 --reg init --centered --train "$trn" --out "$t/rnet.model"
[[ $rc = 0 && $(head -c 400 "$t/rnet.model" | grep -a -c '^reg init$') = 1 && $out =~ train\ acc:\ +(9[5-9]|100)\. ]]
ok $? "nn train --reg init: full batch toward w_0, stored as such ($(echo "$out" | grep 'train acc'))"
run "$bin" ibp --model "$t/rnet.model" --data "$tst" --subset 5 --out "$t/rr.json"
[[ $rc = 0 ]] && validate "$t/rr.json"; ok $? "ibp on it: the report validates"
run "$bin" nn predict --model "$t/net.model" --data "$tst" --out "$t/s.npy"
[[ $rc = 0 && -s $t/s.npy && $out =~ accuracy:\ +(9[5-9]|100)\. ]]; ok $? "nn predict ($(echo "$out" | grep accuracy))"
"$bin" train --loss hinge --lambda 0.064 --train "$trn" --out "$t/svm.model" >/dev/null
ok $? "the SVM for comparison"

i=0
for model in net cnet; do
  for opts in "" "--norm 2" "--domain 0,1" "--all --subset 30 --seed 3" "--precision 64 --subset 3"; do
    i=$((i+1))
    run "$bin" ibp --model "$t/$model.model" --data "$tst" $opts --out "$t/r$i.json" --csv "$t/r$i.csv" --markdown "$t/r$i.md"
    [[ $rc = 0 && -s $t/r$i.csv && -s $t/r$i.md ]] && validate "$t/r$i.json" &&
      /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r['certificate']['bound']=='ibp' and r['model']['kind']=='network' and r['summary']['mean']>0 else 1)" "$t/r$i.json"
    ok $? "ibp $model $opts: report validates, bound ibp ($(echo "$out" | grep radius))"
  done
done
run "$bin" certify --model "$t/svm.model" --data "$tst" --out "$t/svm.json"
run "$bin" compare "$t/svm.json" "$t/r1.json" "$t/r6.json"
[[ $rc = 0 && $(echo "$out" | wc -l) = 4 && $out == *"inf"* && $out == *" 300 "* ]]
ok $? "compare: a header and one row per report"
run "$bin" compare --csv "$t/svm.json" "$t/r1.json"
[[ $rc = 0 && $(echo "$out" | head -1) == report,kind,* && $(echo "$out" | wc -l) = 3 ]]; ok $? "compare --csv"
run "$bin" compare --markdown "$t/svm.json" "$t/r1.json"
[[ $rc = 0 && $out == *"|---|"* ]]; ok $? "compare --markdown"

badcmd() { # what expect cmd...
  local what=$1 expect=$2; shift 2
  rm -f "$t/o.json" "$t/o.model"
  run "$@"
  [[ $rc = 2 && $(printf '%s\n' "$err" | wc -l) = 1 && $err == *"$expect"* && ! -e $t/o.json && ! -e $t/o.model ]]
  ok $? "$what: exit 2, one line, nothing written ($err)"
}
badcmd "a network file given to certify" "ntkcert ibp" "$bin" certify --model "$t/net.model" --data "$tst" --out "$t/o.json"
badcmd "a kernel model given to ibp" "ntkcert certify" "$bin" ibp --model "$t/svm.model" --data "$tst" --out "$t/o.json"
badcmd "a width of 0" "width 0" "$bin" nn train --width 0 --train "$trn" --out "$t/o.model"
badcmd "a width whose weights cannot fit" "GB of weights" "$bin" nn train --width 2700000 --centered --train "$trn" --out "$t/o.model"
badcmd "--bound given to ibp" "--bound" "$bin" ibp --model "$t/net.model" --data "$tst" --bound paper --out "$t/o.json"
echo junk > "$t/junk.json"
badcmd "compare on a file that is not a report" "junk.json" "$bin" compare "$t/junk.json"

echo "1..$n"
[ $fails = 0 ]
