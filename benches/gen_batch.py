#!/usr/bin/env python3
"""Generate N submissions of mixed size for `anfang batch` benchmarks, deterministically from a seed.

Each submission is one of the samples (small 120-household estates, a 480-household renovation,
the 1,200-household new build with its equipment list, now and then the 5,000-household estate
with about 2,000 cameras), re-filed in a county and township of Dali prefecture, with variations
that move the verdict: the level-1 design declared at level 3 (pass), recordings cut to 15 days
(fail), the renovation's waiver expiring soon or removed, the missing figures of small-120
supplied; a few files are broken on purpose (invalid YAML, a schema error) so the batch also
reports errors. Files go into county/township folders, so equal names in different folders occur.

Python 3 standard library only; the same seed and N always give the same bytes.

usage: python3 benches/gen_batch.py OUTDIR N [--seed S] [--large-share F]
"""

import argparse
import os
import random
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(os.path.dirname(HERE), "samples")

COUNTIES = {
    "532901": ("dali", ["下关街道", "大理镇", "凤仪镇", "喜洲镇", "海东镇", "银桥镇", "湾桥镇", "双廊镇"]),
    "532922": ("yangbi", ["苍山西镇", "漾江镇"]),
    "532923": ("xiangyun", ["祥城镇", "沙龙镇", "云南驿镇", "刘厂镇"]),
    "532924": ("binchuan", ["金牛镇", "宾居镇", "州城镇"]),
    "532925": ("midu", ["弥城镇", "红岩镇"]),
    "532926": ("nanjian", ["南涧镇"]),
    "532927": ("weishan", ["南诏镇", "庙街镇"]),
    "532928": ("yongping", ["博南镇"]),
    "532929": ("yunlong", ["诺邓镇"]),
    "532930": ("eryuan", ["茈碧湖镇", "邓川镇", "右所镇", "三营镇"]),
    "532931": ("jianchuan", ["金华镇", "甸南镇"]),
    "532932": ("heqing", ["云鹤镇", "辛屯镇"]),
}

# (sample, weight); the large one is added with --large-share
BASES = [
    ("small-120.yaml", 30),
    ("small-120-level1.yaml", 30),
    ("renovation-480-open.yaml", 25),
    ("xiaguan-new-1200.yaml", 15),
]
LARGE = "erhai-large-5000.yaml"


def read(name):
    with open(os.path.join(SAMPLES, name), encoding="utf-8") as f:
        return f.read()


def set_field(text, field, value):
    """Replaces the first `  field: …` line of the project section (keeping no comment)."""
    pattern = re.compile(r"^  %s: .*$" % re.escape(field), re.M)
    return pattern.sub("  %s: %s" % (field, value), text, count=1)


def vary(rng, base, text):
    """Variations that move the verdict; each returns the text."""
    r = rng.random()
    if base == "small-120-level1.yaml" and r < 0.4:
        text = text.replace("protection_level: level1", "protection_level: level3", 1)  # pass
    elif base == "small-120.yaml" and r < 0.3:
        # the two missing figures supplied: pass at level 3
        text = text.replace("  video_storage:\n", "  video_storage:\n    retention_days: 30\n", 1)
        text = text.replace("  alarm_system:\n", "  alarm_system:\n    backup_power_hours: 10\n", 1)
    elif base == "renovation-480-open.yaml":
        if r < 0.3:
            text = text.replace('expires: "2027-06-30"', 'expires: "%s"' % rng.choice(
                ["2026-12-15", "2027-01-20", "2027-02-10", "2026-11-01"]), 1)
        elif r < 0.45:
            text = text[: text.index("\nwaivers:")] + "\n"  # no waiver: STF-005 fails
    elif base == "xiaguan-new-1200.yaml" and r < 0.25:
        text = re.sub(r"retention_days: 45\b", "retention_days: 15", text, count=1)  # fail
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--large-share", type=float, default=0.01,
                    help="share of 5,000-household submissions (default 0.01)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = {name: read(name) for name, _ in BASES}
    texts[LARGE] = read(LARGE)
    names = [n for n, _ in BASES]
    weights = [w for _, w in BASES]
    os.makedirs(args.outdir, exist_ok=True)
    sizes = {}
    for i in range(args.n):
        if rng.random() < args.large_share:
            base = LARGE
        else:
            base = rng.choices(names, weights)[0]
        code = rng.choice(sorted(COUNTIES))
        county, towns = COUNTIES[code]
        town = rng.choice(towns)
        text = texts[base]
        text = set_field(text, "id", "GEN-%s-%05d" % (code, i))
        text = set_field(text, "region_code", '"%s"' % code)
        text = set_field(text, "township", town)
        text = set_field(text, "filing_date", '"2026-%02d-%02d"' % (rng.randint(1, 10), rng.randint(1, 28)))
        text = vary(rng, base, text)
        broken = rng.random()
        if broken < 0.002:
            text = text.replace("project:\n", "project:\n  name: [unclosed\n", 1)  # invalid YAML
        elif broken < 0.004:
            text = text.replace("protection_level: level", "protection_level: grade", 1)  # schema
        folder = os.path.join(args.outdir, county, town)
        os.makedirs(folder, exist_ok=True)
        # names repeat across folders on purpose (sub-%04d restarts in every folder)
        k = sizes.get(folder, 0)
        sizes[folder] = k + 1
        with open(os.path.join(folder, "sub-%04d.yaml" % k), "w", encoding="utf-8") as f:
            f.write(text)
        if base == "xiaguan-new-1200.yaml" and not os.path.isdir(os.path.join(folder, "attachments")):
            shutil.copytree(os.path.join(SAMPLES, "attachments"), os.path.join(folder, "attachments"))
    print("%d submissions in %s" % (args.n, args.outdir))


if __name__ == "__main__":
    main()
