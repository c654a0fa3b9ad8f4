#!/usr/bin/env bash
# CPU of anfang's PDF reader (the __extract-pdf child) against `pdftotext -layout` on the
# corpus's 32-page Chromium document with Type 3 fonts (t01, for timing only), its 31-page
# reportlab document (h03) and the 50-page LibreOffice fixture (target: at most 3x). Quote the
# median A/B cpu ratio; the machine is shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
for pdf in tests/corpus/pdf/t01.pdf tests/corpus/pdf/h03.pdf tests/fixtures/pdf/design_50p.pdf; do
  echo "== $pdf ($(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages)"
  farm-bench -n 7 --vs "pdftotext -layout $pdf /dev/null" -- target/release/anfang __extract-pdf "$pdf" |
    grep -E 'A cpu|B cpu|A/B cpu'
done
