#!/usr/bin/env bash
# ntkcert genbound on the committed MNIST 0/1 fixture: the report validates
# against specs/genbound.schema.json and its terms add up, shuffled labels
# give a larger bound, a single margin is one point of the grid's curve, a
# network's path kernel (Theorem 4.1) reproduces its outputs, and bad input
# exits 2 with one line, writing nothing.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${NTKCERT_BUILD:-$root/build}/ntkcert
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0; fails=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails+1)); fi; }
run() { "$@" >"$t/out" 2>"$t/err"; rc=$?; out=$(cat "$t/out"); err=$(cat "$t/err"); }
validate() { /usr/bin/python3 - "$1" "$root/specs/genbound.schema.json" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), cls=jsonschema.Draft7Validator)
PY
}
field() { /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'r': r}))" "$1" "$2"; }
# bad_input: exit 2, one line on stderr naming $1, no report written
bad_input() { [[ $rc = 2 && $(echo "$err" | wc -l) = 1 && $err == *"$1"* && ! -e $t/bad.json ]]; }

fx=$root/tests/fixtures
trn="idx:$fx/mnist01-train300-images-idx3-ubyte.gz,$fx/mnist01-train300-labels-idx1-ubyte.gz,classes=0/1"
tst="idx:$fx/mnist01-test100-images-idx3-ubyte.gz,$fx/mnist01-test100-labels-idx1-ubyte.gz,classes=0/1"
"$bin" train --loss hinge --lambda 1 --train "$trn" --out "$t/svm.model" >/dev/null &&
"$bin" train --loss hinge --lambda 1 --train "$trn" --shuffle-labels 3 --out "$t/shuf.model" >/dev/null
ok $? "SVMs trained on the fixture, with true and shuffled labels"

run "$bin" genbound --model "$t/svm.model" --train "$trn" --test "$tst" --out "$t/g.json"
[[ $rc = 0 ]] && validate "$t/g.json"
ok $? "genbound: the report validates against the schema ($(echo "$out" | grep '^bound'))"
/usr/bin/python3 - "$t/g.json" <<'PY'
import json, math, sys
r = json.load(open(sys.argv[1])); b = r["result"]; n = r["train"]["points"]
assert r["options"]["grid"] == len(r["curve"]) == 201 and r["test"]["points"] == 100
assert math.isclose(b["bound"], b["margin_loss"] + b["complexity"] + b["confidence_term"], rel_tol=1e-12)
assert math.isclose(b["complexity"], 2 / b["margin"] * math.sqrt(r["trace"]) / n, rel_tol=1e-12)
assert math.isclose(b["confidence_term"], 3 * math.sqrt(math.log(2 * 201 / 0.05) / (2 * n)), rel_tol=1e-12)
assert b["bound"] == min(c["bound"] for c in r["curve"])
assert math.isclose(b["margin_unnormalised"], b["margin"] * r["norm"], rel_tol=1e-12)
assert r["test"]["error"] <= b["bound"]
PY
ok $? "its terms add up to the bound, the least over the 201 margins, and it lies above the test error"

run "$bin" genbound --model "$t/shuf.model" --train "$trn" --shuffle-labels 3 --out "$t/s.json"
[[ $rc = 0 ]] && validate "$t/s.json" &&
  /usr/bin/python3 -c "import json,sys; a,b=(json.load(open(f))['result'] for f in sys.argv[1:]); sys.exit(0 if b['bound'] > a['bound'] + 0.2 and b['train_error'] > 0.2 else 1)" "$t/g.json" "$t/s.json"
ok $? "shuffled labels: bound $(field "$t/s.json" 'r["result"]["bound"]') against $(field "$t/g.json" 'r["result"]["bound"]') with the true labels"

m=$(field "$t/g.json" 'r["curve"][150]["margin"]')
run "$bin" genbound --model "$t/svm.model" --train "$trn" --margin "$m" --confidence 0.1 --out "$t/m.json"
[[ $rc = 0 ]] && validate "$t/m.json" && /usr/bin/python3 - "$t/g.json" "$t/m.json" <<'PY'
import json, math, sys
g, m = (json.load(open(f)) for f in sys.argv[1:])
c, b = g["curve"][150], m["result"]
assert m["options"]["grid"] == 1 and len(m["curve"]) == 1 and m["test"] is None
assert b["margin_loss"] == c["margin_loss"] and b["complexity"] == c["complexity"]
assert math.isclose(b["confidence_term"], 3 * math.sqrt(math.log(2 / 0.1) / (2 * g["train"]["points"])), rel_tol=1e-12)
PY
ok $? "--margin $m --confidence 0.1: the grid's terms at that margin, confidence term at G = 1"

run "$bin" genbound --model "$t/shuf.model" --train "$trn" --out "$t/bad.json"
bad_input "$trn"; ok $? "a model trained on other labels: exit 2 ($err)"
run "$bin" genbound --model "$t/svm.model" --train "$trn" --confidence 1 --out "$t/bad.json"
bad_input "confidence"; ok $? "--confidence 1: exit 2 ($err)"
run "$bin" genbound --model "$t/svm.model" --train "$trn" --margin 0.1 --margin-grid --out "$t/bad.json"
bad_input "margin"; ok $? "--margin with --margin-grid: exit 2 ($err)"
run "$bin" genbound --model "$t/none.model" --train "$trn" --out "$t/bad.json"
bad_input "none.model"; ok $? "a missing model: exit 2 ($err)"
printf '1,0.5,0.5\n-1,0.2,0.1\n' >"$t/d2.csv"
run "$bin" genbound --model "$t/svm.model" --train "$trn" --test "csv:$t/d2.csv" --out "$t/bad.json"
bad_input "d2.csv"; ok $? "test data of another dimension: exit 2 ($err)"
run "$bin" genbound --model "$t/svm.model" --train "$trn" --out "$t/nodir/bad.json"
[[ $rc = 2 && $err == *nodir* ]]; ok $? "an output in a missing directory: exit 2 ($err)"
run "$bin" train --loss hinge --lambda 1 --train "$trn" --shuffle-labels -1 --out "$t/bad.model"
[[ $rc = 2 && ! -e $t/bad.model ]]; ok $? "train --shuffle-labels -1: exit 2 ($err)"

net() { "$bin" nn train --train "$trn" --width 200 --batch 0 --epochs 20 --lr 0.01 --lambda 0.01 "$@" >"$t/out" 2>"$t/err"; }
net --record-path-kernel --out "$t/net.model" && net --record-path-kernel --shuffle-labels 2 --out "$t/nets.model" &&
  net --out "$t/plain.model"
ok $? "networks trained with the path kernel recorded, true and shuffled labels, and one without"
run "$bin" genbound --model "$t/net.model" --train "$trn" --test "$tst" --out "$t/n.json"
[[ $rc = 0 ]] && validate "$t/n.json" && /usr/bin/python3 - "$t/n.json" <<'PY'
import json, math, sys
r = json.load(open(sys.argv[1])); p = r["path"]
assert r["model"]["kind"] == "network" and p["points"] == 300 and p["flips"] == 0
assert p["residual_max"] < 0.02 and p["sign_disagreements"] == 0 and p["trace"] > 0 and p["norm2"] > 0
assert "heuristic" in p["caveat"] and r["test"]["points"] == 100
c = p["offset_scale"]
assert p["offset_scales"] == 161 and round(math.log2(c) * 4) == math.log2(c) * 4 and abs(math.log2(c)) <= 20
assert math.isclose(r["norm"] ** 2, p["norm2"] + 1 / c ** 2, rel_tol=1e-12) and r["trace"] >= p["trace"]
assert math.isclose(r["result"]["confidence_term"], 3 * math.sqrt(math.log(2 * 201 * 161 / 0.05) / 600), rel_tol=1e-12)
PY
ok $? "a network through Theorem 4.1: its h = b + K a is f_T within 0.02 on every training point, no sign flips (hinge); B^2 = |W|^2 + 1/c^2, confidence at delta / (201 x 161)"
run "$bin" genbound --model "$t/nets.model" --train "$trn" --shuffle-labels 2 --out "$t/ns.json"
[[ $rc = 0 ]] && validate "$t/ns.json" &&
  /usr/bin/python3 -c "import json,sys; a,b=(json.load(open(f))['result']['bound'] for f in sys.argv[1:]); sys.exit(0 if b > a else 1)" "$t/n.json" "$t/ns.json"
ok $? "shuffled labels, network: bound $(field "$t/ns.json" 'r["result"]["bound"]') against $(field "$t/n.json" 'r["result"]["bound"]')"
run "$bin" genbound --model "$t/plain.model" --train "$trn" --out "$t/bad.json"
bad_input "plain.model"; ok $? "a network without a path kernel: exit 2 ($err)"
run "$bin" nn train --train "$trn" --width 20 --epochs 1 --centered --record-path-kernel --out "$t/bad.model"
[[ $rc = 2 && ! -e $t/bad.model && $err == *"Theorem 4.1"* ]]; ok $? "--record-path-kernel with a centred output: exit 2 ($err)"

echo "1..$n"
[ "$fails" = 0 ]
