#!/usr/bin/env bash
# ntkcert audit on the committed MNIST 0/1 fixture: honest kernel and IBP
# reports pass (exit 0), a report edited to claim 10x the radius of three
# points is caught (exit 3, three violations, confirmed counterexamples), and
# a changed model file or other data are refused (exit 2, one line).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${NTKCERT_BUILD:-$root/build}/ntkcert
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0; fails=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails+1)); fi; }
run() { "$@" >"$t/out" 2>"$t/err"; rc=$?; out=$(cat "$t/out"); err=$(cat "$t/err"); }
field() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary'][sys.argv[2]])" "$1" "$2"; }

fx=$root/tests/fixtures
trn="idx:$fx/mnist01-train300-images-idx3-ubyte.gz,$fx/mnist01-train300-labels-idx1-ubyte.gz,classes=0/1"
tst="idx:$fx/mnist01-test100-images-idx3-ubyte.gz,$fx/mnist01-test100-labels-idx1-ubyte.gz,classes=0/1"
"$bin" train --loss hinge --lambda 0.064 --train "$trn" --out "$t/svm.model" >/dev/null &&
"$bin" certify --model "$t/svm.model" --data "$tst" --subset 12 --seed 1 --out "$t/svm.json" >/dev/null &&
"$bin" certify --model "$t/svm.model" --data "$tst" --subset 6 --seed 2 --bound paper --norm 2 --out "$t/svm2.json" >/dev/null &&
"$bin" nn train --width 200 --train "$trn" --out "$t/net.model" >/dev/null &&
"$bin" ibp --model "$t/net.model" --data "$tst" --subset 6 --out "$t/net.json" >/dev/null
ok $? "an SVM, a network and their reports"

for r in svm svm2 net; do
  run "$bin" audit --report "$t/$r.json" --out "$t/a-$r.json"
  [[ $rc = 0 && $(field "$t/a-$r.json" violations) = 0 ]]
  ok $? "audit $r: exit 0, no violation ($(echo "$out" | grep gap))"
done
run "$bin" audit --report "$t/svm.json" --attack none --precision 128 --out "$t/a-none.json"
[[ $rc = 0 && $out != *gap* ]]; ok $? "--attack none --precision 128: the MPFI recheck alone"

/usr/bin/python3 - "$t/svm.json" "$t/planted.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for p in r["points"][:3]: p["delta"] *= 10
json.dump(r, open(sys.argv[2], "w"))
PY
run "$bin" audit --report "$t/planted.json" --out "$t/a-planted.json"
/usr/bin/python3 - "$t/a-planted.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
bad = [p for p in a["points"] if p["violation"]]
assert a["summary"]["violations"] == 3 and len(bad) == 3
assert all(p["bound"] <= 0 and p["counterexample"] for p in bad)
PY
[[ $rc = 3 && $? = 0 ]]; ok $? "a report claiming 10x the radius of three points: exit 3, three violations, counterexamples confirmed in MPFI"

badcmd() { # what expect cmd...
  local what=$1 expect=$2; shift 2
  rm -f "$t/o.json"
  run "$@"
  [[ $rc = 2 && $(printf '%s\n' "$err" | wc -l) = 1 && $err == *"$expect"* && ! -e $t/o.json ]]
  ok $? "$what: exit 2, one line, no audit ($err)"
}
cp "$t/svm.model" "$t/svm.keep"
"$bin" train --loss hinge --lambda 0.1 --train "$trn" --out "$t/svm.model" >/dev/null
badcmd "a model file changed after the report" "model file changed" "$bin" audit --report "$t/svm.json" --out "$t/o.json"
cp "$t/svm.keep" "$t/svm.model"
sed "s|test100-labels-idx1-ubyte.gz,classes=0/1|test100-labels-idx1-ubyte.gz,classes=0/1,n=50|" "$t/svm.json" > "$t/otherdata.json"
badcmd "other data than the report's" "data differ" "$bin" audit --report "$t/otherdata.json" --out "$t/o.json"
echo junk > "$t/junk.json"
badcmd "a file that is not a report" "junk.json" "$bin" audit --report "$t/junk.json" --out "$t/o.json"

echo "1..$n"
[ $fails = 0 ]
