#!/usr/bin/env bash
# `make install PREFIX=...` installs the binary, both libraries, the headers
# and ntkcert.pc, and a program builds against them with pkg-config.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
if [[ ${NTKCERT_BUILD:-} == *-san ]]; then
  echo "1..0 # SKIP an ASan-instrumented library is not installed"; exit 0
fi
n=0; fails=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails+1)); fi; }

make -s -C "$root" install PREFIX="$t/p" BUILD="${NTKCERT_BUILD:-$root/build}" >"$t/log" 2>&1
ok $? "make install PREFIX=... succeeds"
for f in bin/ntkcert lib/libntkcert.a lib/libntkcert.so lib/pkgconfig/ntkcert.pc include/ntkcert.h include/ntkcert/interval.h; do
  [ -e "$t/p/$f" ]; ok $? "installed $f"
done
"$t/p/bin/ntkcert" --version >/dev/null; ok $? "the installed binary runs"
cat > "$t/use.c" <<'C'
#include <ntkcert.h>
#include <stdio.h>
int main(void)
{
    iv_t s = iv_add(iv_point(0.1), iv_point(0.2));
    ntk_params p = ntk_default();
    double k = ntk_eval(&p, 2, 1.0, 1.0, 1.0);
    printf("%s %d %.6f\n", nc_version(), iv_contains(s, 0.1 + 0.2) && s.lo < s.hi, k);
    return 0;
}
C
export PKG_CONFIG_PATH="$t/p/lib/pkgconfig"
cc -std=c11 $(pkg-config --cflags ntkcert) -o "$t/use" "$t/use.c" $(pkg-config --libs --static ntkcert) >"$t/cc.log" 2>&1
ok $? "a program compiles and links with pkg-config --cflags --libs ntkcert"
out=$(LD_LIBRARY_PATH="$t/p/lib" "$t/use" 2>&1)
[[ $out == *" 1 0.5"* ]]; ok $? "and runs against the installed library ($out)"
echo "1..$n"
[ $fails = 0 ]
