#!/usr/bin/env bash
# ntkcert certify on the committed MNIST 0/1 fixture: every report validates
# against specs/report.schema.json (and a tampered one does not), the tight
# bound beats the paper's, best is the largest of the modes, MPFI agrees, and
# bad input exits 2 writing nothing.
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
mean() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['mean'])" "$1"; }

fx=$root/tests/fixtures
trn="idx:$fx/mnist01-train300-images-idx3-ubyte.gz,$fx/mnist01-train300-labels-idx1-ubyte.gz,classes=0/1"
tst="idx:$fx/mnist01-test100-images-idx3-ubyte.gz,$fx/mnist01-test100-labels-idx1-ubyte.gz,classes=0/1"
"$bin" train --loss hinge --lambda 0.064 --train "$trn" --out "$t/svm.model" >/dev/null &&
"$bin" train --loss squared --lambda 1 --train "$trn" --out "$t/krr.model" >/dev/null
ok $? "SVM and KRR trained on the fixture"

i=0
for model in svm krr; do
  for opts in "--bound tight" "--bound paper" "--norm 2" "--domain 0,1" "--norm 2 --bound paper" "--all --subset 30 --seed 3" \
              "--bound first-order" ""; do
    i=$((i+1))
    run "$bin" certify --model "$t/$model.model" --data "$tst" $opts --out "$t/r$i.json" --csv "$t/r$i.csv" --markdown "$t/r$i.md"
    [[ $rc = 0 && -s $t/r$i.csv && -s $t/r$i.md ]] && validate "$t/r$i.json"
    ok $? "certify $model $opts: report validates against the schema ($(echo "$out" | grep radius))"
  done
done
tight=$(mean "$t/r1.json"); paper=$(mean "$t/r2.json")
/usr/bin/python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 2 * float(sys.argv[2]) > 0 else 1)" "$tight" "$paper"
ok $? "tight bound's mean radius $tight is at least twice the paper's $paper (SVM)"
best=$(mean "$t/r8.json"); dom=$(mean "$t/r4.json")
/usr/bin/python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" "$dom" "$best"
ok $? "the domain [0,1] can only enlarge the radius ($dom >= $best, best bound)"
for k in 0 8; do
  /usr/bin/python3 - "$t/r$((k+1)).json" "$t/r$((k+2)).json" "$t/r$((k+7)).json" "$t/r$((k+8)).json" <<'PY'
import json, sys
t, p, f, b = (json.load(open(a))["points"] for a in sys.argv[1:])
assert len(t) == len(p) == len(f) == len(b) > 0
for q in zip(t, p, f, b):
    assert len({x["index"] for x in q}) == 1
    win = max(q[:3], key=lambda x: x["delta"])
    assert q[3]["delta"] == win["delta"] and q[3]["mode"] in ("tight", "paper", "first-order"), q
assert sum(x["delta"] for x in b) >= 1.5 * sum(x["delta"] for x in t), "best not 1.5x tight"
PY
  ok $? "$([ $k = 0 ] && echo SVM || echo KRR): best's radius is the largest of tight, paper and first order on every point, its mode the winner's, and its mean at least 1.5 times tight's"
done

run "$bin" certify --model "$t/svm.model" --data "$tst" --subset 4 --seed 1 --precision 128 --out "$t/mp.json"
[[ $rc = 0 ]] && validate "$t/mp.json"; ok $? "--precision 128 runs the bound in MPFI ($(echo "$out" | grep radius))"
/usr/bin/python3 - "$t/mp.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["certificate"]["precision"] == 128 and all(p["bound"] > 0 for p in r["points"] if p["delta"] > 0)
PY
ok $? "every MPFI-certified point has a positive verified bound"

/usr/bin/python3 - "$t/r1.json" "$t/bad.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); r["points"][0]["bound"] = -1.0
json.dump(r, open(sys.argv[2], "w"))
PY
! validate "$t/bad.json" 2>/dev/null; ok $? "the schema rejects a report claiming a radius with a non-positive bound"

printf '1,0.5,0.25\n-1,0,1\n' > "$t/d2.csv"
echo garbage > "$t/junk.model"
badcmd() { # what expect cmd...
  local what=$1 expect=$2; shift 2
  rm -f "$t/o.json"
  run "$@"
  [[ $rc = 2 && $(printf '%s\n' "$err" | wc -l) = 1 && $err == *"$expect"* && ! -e $t/o.json ]]
  ok $? "$what: exit 2, one line, no report ($err)"
}
badcmd "model and data of different dimension" "dimension" "$bin" certify --model "$t/svm.model" --data "csv:$t/d2.csv" --out "$t/o.json"
badcmd "an empty subset" "empty" "$bin" certify --model "$t/svm.model" --data "$tst" --subset 0 --out "$t/o.json"
badcmd "an invalid delta search range" "search range" "$bin" certify --model "$t/svm.model" --data "$tst" --delta-max -1 --out "$t/o.json"
badcmd "an unreadable model" "junk.model" "$bin" certify --model "$t/junk.model" --data "$tst" --out "$t/o.json"
badcmd "a subset larger than the data" "exceeds" "$bin" certify --model "$t/svm.model" --data "$tst" --subset 1000 --out "$t/o.json"
badcmd "a report into a missing directory" "does not exist" "$bin" certify --model "$t/svm.model" --data "$tst" --out "$t/no/o.json"

echo "1..$n"
[ $fails = 0 ]
