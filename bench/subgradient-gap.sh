#!/usr/bin/env bash
# The subgradient solvers approach the exact optimum as steps grow: objective
# gap of Eq. (7) against steps, for the SVM (hinge, lambda 0.064) on the first
# N MNIST 0/1 training images, constant steps (the paper's dynamics) and the
# diminishing Pegasos schedule. Usage: subgradient-gap.sh [N] [LR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${NTKCERT_BUILD:-$root/build}/ntkcert
n=${1:-1000}; lr=${2:-0.002}
spec="mnist-train:0,1,n=$n"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
obj() { "$bin" train --loss hinge --lambda 0.064 --train "$spec" --out "$t/m.model" "$@" | awk '/^objective:/ {print $2}'; }
best=$(obj --solver exact --tol 1e-10)
echo "SVM lambda 0.064 on $spec: exact objective $best; lr $lr"
printf '%8s  %14s  %10s  %14s  %10s\n' steps constant gap pegasos gap
for steps in 10 100 1000 10000 100000; do
  c=$(obj --solver subgradient --lr "$lr" --steps "$steps")
  p=$(obj --solver subgradient --lr "$lr" --steps "$steps" --schedule pegasos)
  awk -v s="$steps" -v c="$c" -v p="$p" -v b="$best" \
    'BEGIN { printf "%8d  %14.8g  %10.2e  %14.8g  %10.2e\n", s, c, (c-b)/b, p, (p-b)/b }'
done
