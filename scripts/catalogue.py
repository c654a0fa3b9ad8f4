#!/usr/bin/env python3
"""Regenerates docs/catalogue.tsv (row id, area, strength, applies to, source, requirement, threshold)
from the requirements catalogue (../shared/domain/requirements.md), so that anfang's coverage checks
and `standards lint` (a national rule's figure must be the figure of the row it cites) do not depend
on a file outside the repository."""
import pathlib, re, sys

here = pathlib.Path(__file__).resolve().parent.parent
src = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "shared" / "domain" / "requirements.md"
rows = []
for line in src.read_text(encoding="utf-8").splitlines():
    m = re.match(r"^\| ([A-Z]{3}-\d{2}) \|", line)
    if not m:
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    rid, area, req, threshold, strength, applies, source = cells[:7]
    clean = lambda s: s.replace("\t", " ")
    rows.append("\t".join(map(clean, [rid, area, strength, applies, source, f"{req} [{threshold}]", threshold])))
out = here / "docs" / "catalogue.tsv"
out.write_text("id\tarea\tstrength\tapplies\tsource\trequirement\tthreshold\n" + "\n".join(rows) + "\n", encoding="utf-8")
print(f"{len(rows)} rows -> {out}")
