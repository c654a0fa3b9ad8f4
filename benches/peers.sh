#!/usr/bin/env bash
# anfang against its peers on the same rules (issue 16): regorus (Rego) and plain Python.
#
# Run from the project root:
#   ANFANG_BIN=target/release/anfang RUNS=20 bash benches/peers.sh
#
# 1. agreement first: benches/peers/compare.py must print `differences: 0` (a timing of
#    different answers means nothing; the script stops otherwise);
# 2. inputs: samples/erhai-large-5000.yaml as JSON (to_json.py), the 30-rule standard std30
#    (make_std30.py), a trivial Rego policy;
# 3. five pairs, each timed interleaved (A, B, A, B, …) with `hyperfine -N -i --runs 1` per round
#    (or fork/exec + wait4 when hyperfine is missing, or with PEERS_TIMER=python), and a Markdown
#    table of the ratios of medians of whole-process CPU time (user+sys), with the medians in ms.
#
# Environment: ANFANG_BIN (default target/release/anfang), RUNS (20), WARMUP (3),
# REGORUS (default: regorus on PATH, else ~/.cargo/bin/regorus), PEERS_TIMER (hyperfine|python),
# PEERS_SKIP_COMPARE=1 (only when the agreement was just checked with the same binary).
set -euo pipefail

ROOT=$(pwd)
if [[ ! -f "$ROOT/samples/erhai-large-5000.yaml" || ! -d "$ROOT/standards/cn-baseline" ]]; then
    echo "run from the project root (samples/ and standards/ not found in $ROOT)" >&2
    exit 2
fi
export ANFANG_REPO="$ROOT"
PEERS="$ROOT/benches/peers"
ANFANG_BIN=${ANFANG_BIN:-target/release/anfang}
[[ "$ANFANG_BIN" == /* ]] || ANFANG_BIN="$ROOT/$ANFANG_BIN"
export ANFANG_BIN
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-3}
REGORUS=${REGORUS:-$(command -v regorus || echo "$HOME/.cargo/bin/regorus")}
export REGORUS
SAMPLE="$ROOT/samples/erhai-large-5000.yaml"

[[ -x "$ANFANG_BIN" ]] || { echo "no anfang binary at $ANFANG_BIN (cargo build --release, or set ANFANG_BIN)" >&2; exit 2; }
[[ -x "$REGORUS" ]] || { echo "no regorus at $REGORUS (cargo install regorus --example regorus --locked)" >&2; exit 2; }
python3 -c 'import yaml, jsonschema; yaml.CSafeLoader' 2>/dev/null \
    || { echo "python3 needs PyYAML with libyaml and jsonschema (pip install pyyaml jsonschema)" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/anfang-peers.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ------------------------------------------------------------------ 1. agreement
if [[ "${PEERS_SKIP_COMPARE:-0}" != 1 ]]; then
    echo "agreement (compare.py, anfang: $ANFANG_BIN) ..." >&2
    set +e
    python3 "$PEERS/compare.py" --anfang "$ANFANG_BIN" --regorus "$REGORUS" \
        --work "$TMP/compare" --out "$TMP/agreement" >"$TMP/compare.out" 2>"$TMP/compare.err"
    set -e
    diffline=$(grep -m1 '^differences: ' "$TMP/compare.out" || true)
    echo "${diffline:-differences: ? (compare.py failed)}"
    if [[ "$diffline" != "differences: 0" ]]; then
        echo "anfang and its peers disagree: a timing of different answers means nothing." >&2
        sed -n '/^differences: /,$p' "$TMP/compare.out" | head -30 >&2
        tail -5 "$TMP/compare.err" >&2
        exit 1
    fi
fi

# ------------------------------------------------------------------ 2. inputs
python3 "$PEERS/to_json.py" "$SAMPLE" "$TMP/erhai.json"
python3 "$PEERS/make_std30.py" "$TMP" >&2
printf 'package t\nresult := 1\n' >"$TMP/trivial.rego"
# the commands must work before they are timed
"$REGORUS" eval -d "$PEERS/rules.rego" -i "$TMP/erhai.json" data.anfang.result >/dev/null
"$REGORUS" eval -d "$TMP/trivial.rego" -i "$TMP/erhai.json" data.t.result >/dev/null
"$ANFANG_BIN" validate "$TMP/erhai.json" >/dev/null
for f in "$SAMPLE" "$TMP/erhai.json"; do
    rc=0; "$ANFANG_BIN" check "$f" --format json >/dev/null || rc=$?
    [[ $rc -le 1 ]] || { echo "anfang check $f exited $rc" >&2; exit 2; }
done
rc=0; "$ANFANG_BIN" check --standard "$TMP/std30" "$TMP/erhai.json" --format json >/dev/null || rc=$?
[[ $rc -le 1 ]] || { echo "anfang check --standard std30 exited $rc" >&2; exit 2; }

# ------------------------------------------------------------------ 3. timing
python3 - "$TMP/pairs.json" <<PY
import json, sys
A, R, P, T = "$ANFANG_BIN", "$REGORUS", "$PEERS", "$TMP"
Y = "samples/erhai-large-5000.yaml"
rego = [R, "eval", "-d", f"{P}/rules.rego", "-i", f"{T}/erhai.json", "data.anfang.result"]
pairs = [
    {"label": "\`anfang check\` (206 rules, YAML) vs regorus (30 rules, JSON)",
     "a": [A, "check", Y, "--format", "json"], "b": rego},
    {"label": "\`anfang check\` (206 rules, JSON) vs regorus (30 rules, JSON)",
     "a": [A, "check", f"{T}/erhai.json", "--format", "json"], "b": rego},
    {"label": "\`anfang check --standard std30\` (30 rules, JSON) vs regorus (30 rules, JSON)",
     "a": [A, "check", "--standard", f"{T}/std30", f"{T}/erhai.json", "--format", "json"], "b": rego},
    {"label": "\`anfang validate\` (JSON) vs regorus with a trivial policy (JSON)",
     "a": [A, "validate", f"{T}/erhai.json"],
     "b": [R, "eval", "-d", f"{T}/trivial.rego", "-i", f"{T}/erhai.json", "data.t.result"]},
    {"label": "\`anfang check\` (206 rules, YAML) vs \`python_peer.py\` (30 rules, libyaml + jsonschema)",
     "a": [A, "check", Y, "--format", "json"], "b": ["python3", f"{P}/python_peer.py", Y, "--quiet"]},
]
json.dump(pairs, open(sys.argv[1], "w"), indent=1)
PY
timer_args=()
[[ -n "${PEERS_TIMER:-}" ]] && timer_args=(--timer "$PEERS_TIMER")
echo "anfang: $ANFANG_BIN ($("$ANFANG_BIN" --version 2>/dev/null || echo '?')); $("$REGORUS" --version 2>/dev/null || echo regorus); $(hyperfine --version 2>/dev/null || echo 'no hyperfine'); $(python3 -c 'import sys, importlib.metadata as m; print("Python", sys.version.split()[0], "PyYAML", m.version("pyyaml"), "jsonschema", m.version("jsonschema"))' 2>/dev/null)"
echo
python3 "$PEERS/time_pairs.py" "$TMP/pairs.json" --runs "$RUNS" --warmup "$WARMUP" "${timer_args[@]}" \
    --raw "${PEERS_RAW:-$TMP/raw.json}"
