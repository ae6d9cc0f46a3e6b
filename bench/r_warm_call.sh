#!/bin/bash
# Warm C++ -> R call cost of a program built from bench/bulk/list (`cppR n = cppRepeat rInc n`):
# (time of `cppR N` - time of `cppR 1`) / (N - 1), from the fastest of RUNS runs of each.
# Usage: bench/r_warm_call.sh PROGRAM [N=20000] [RUNS=5] -> "per call NS"
prog=$1; n=${2:-20000}; runs=${3:-5}
best() {
  local b=""
  for ((i = 0; i < runs; i++)); do
    local t0=$(date +%s%N); "$prog" cppR "$1" >/dev/null || exit 1; local t=$(( $(date +%s%N) - t0 ))
    if [[ -z $b || $t -lt $b ]]; then b=$t; fi
  done
  echo "$b"
}
one=$(best 1); many=$(best "$n")
echo "cppR 1: $one ns, cppR $n: $many ns, per call $(( (many - one) / (n - 1) )) ns"
