#!/usr/bin/env bash
# Extraction accuracy on the corpus (tests/corpus): equipment rows whole, facts right with their
# page, distractors taken, totals/category rows read as items — for the development and the
# held-back half. ANFANG_CORPUS_VERBOSE=1 lists every miss.
set -euo pipefail
cd "$(dirname "$0")/.."
# the figures follow the test's name on its line (libtest prints `test … ... ` first)
cargo test --test main corpus_ -- --nocapture --test-threads=1 2>&1 |
  grep -oE '(dev|held): .*|^  [dh][0-9]+: .*' || true
