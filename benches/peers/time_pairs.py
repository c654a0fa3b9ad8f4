#!/usr/bin/env python3
"""Times pairs of commands, interleaved run by run, and prints a Markdown table of the ratios of
medians of whole-process CPU time (user + sys of the child process).

Each round runs A once, then B once; rounds repeat RUNS times, after WARMUP untimed runs of each,
so that drift on a shared machine (another build, thermal, caches) falls on both sides alike.

  --timer hyperfine  each round is one `hyperfine -N -i --runs 1` call with both commands
                     (hyperfine ≤ 1.18 exports only the mean user/system per command, so one run
                     per call gives the per-run values); its JSON `user` + `system` is the run's CPU
  --timer python     fork/exec + os.wait4: the child's rusage (ru_utime + ru_stime)

Exit codes are ignored (`anfang check` exits 1 on a design that is not compliant); a command
that cannot be started is an error.

usage: time_pairs.py SPEC.json [--runs N] [--warmup N] [--timer hyperfine|python] [--raw OUT.json]
  SPEC.json: [{"label": "...", "a": [argv...], "b": [argv...]}, ...]
"""

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile


def run_wait4(argv):
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 127:
        sys.exit(f"cannot run: {shlex.join(argv)}")
    return ru.ru_utime + ru.ru_stime


def round_hyperfine(a, b, warmup, tmp):
    out = os.path.join(tmp, "round.json")
    cmd = ["hyperfine", "-N", "-i", "--style", "none", "--runs", "1", "--warmup", str(warmup),
           "--export-json", out, shlex.join(a), shlex.join(b)]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"hyperfine failed: {p.stderr.strip()[-500:]}")
    res = json.load(open(out))["results"]

    def cpu(r):
        u, s = r["user"], r["system"]
        if isinstance(u, list):  # a hyperfine that exports per-run values
            return [x + y for x, y in zip(u, s)]
        return [u + s]
    return cpu(res[0]), cpu(res[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spec")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--timer", choices=["hyperfine", "python"],
                    default="hyperfine" if shutil.which("hyperfine") else "python")
    ap.add_argument("--raw", help="write every run's CPU seconds here")
    a = ap.parse_args()
    spec = json.load(open(a.spec))
    rows, raw = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for pair in spec:
            ta, tb = [], []
            if a.timer == "python":
                for _ in range(a.warmup):
                    run_wait4(pair["a"])
                    run_wait4(pair["b"])
            for r in range(a.runs):
                if a.timer == "hyperfine":
                    x, y = round_hyperfine(pair["a"], pair["b"], a.warmup if r == 0 else 0, tmp)
                    ta += x
                    tb += y
                else:
                    ta.append(run_wait4(pair["a"]))
                    tb.append(run_wait4(pair["b"]))
                if sys.stderr.isatty():
                    print(f"  {pair['label']}: {r + 1}/{a.runs}", end="\r", file=sys.stderr)
            print(f"  {pair['label']}: {a.runs} rounds", file=sys.stderr)
            ma, mb = statistics.median(ta), statistics.median(tb)
            rows.append((pair["label"], ma, mb))
            raw.append({"label": pair["label"], "a": pair["a"], "b": pair["b"], "cpu_a_s": ta, "cpu_b_s": tb})
    if a.raw:
        with open(a.raw, "w") as f:
            json.dump(raw, f, indent=1)
    print(f"Whole-process CPU (user+sys), medians of {a.runs} interleaved runs each "
          f"(timer: {a.timer}, warmup {a.warmup}):")
    print()
    print("| A vs B | A CPU ms | B CPU ms | A/B CPU |")
    print("|---|---:|---:|---:|")
    for label, ma, mb in rows:
        ratio = ma / mb if mb > 0 else float("inf")
        print(f"| {label} | {ma * 1000:.1f} | {mb * 1000:.1f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
