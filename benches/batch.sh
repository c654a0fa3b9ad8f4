#!/usr/bin/env bash
# Batch benchmark: generates 1,000 and 10,000 mixed submissions (benches/gen_batch.py, seed 7),
# checks each with `anfang batch --format json` under /usr/bin/time -v, and prints wall time,
# throughput and peak RSS. The inputs go to a temporary folder and are not kept.
# usage: benches/batch.sh [N...]            (default: 1000 10000; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
printf '%8s %10s %12s %12s %s\n' inputs wall_s per_second peak_rss_mb exit
for n in "${sizes[@]}"; do
  python3 benches/gen_batch.py "$work/in-$n" "$n" --seed 7 >/dev/null
  set +e
  /usr/bin/time -v -o "$work/time-$n" target/release/anfang batch "$work/in-$n" \
    --output "$work/out-$n" --format json --as-of 2026-11-27 --fresh >"$work/stdout-$n" 2>"$work/stderr-$n"
  code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$n" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n")
  printf '%8d %10.2f %12.1f %12.1f %s\n' "$n" "$wall" "$(echo "$n / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$code"
  tail -1 "$work/stdout-$n"
done
