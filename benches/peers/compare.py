#!/usr/bin/env python3
"""Rule-outcome agreement: anfang vs the Python baseline vs the Rego baseline (regorus).

For each case the three must give, for each of the 30 rules, the same
(outcome, number of subjects, number failed, failing subject pointers, cannot-evaluate pointers).
anfang's side is read from `anfang check --format json` (rules[] and findings[]).

Cases (all converted to JSON with `waivers` dropped, so that no outcome is `waived`):
  1. every top-level sample in samples/*.yaml;
  2. mutations of erhai-large-5000 that flip the 30 rules to fail / cannot_evaluate / not_applicable;
  3. every rule example (pass and fail fragments of all 206 rules) merged onto
     standards/cn-baseline/example-base.yaml the way `anfang standards test` does: a small, sparse
     submission, so most of the 30 rules there are cannot_evaluate or not_applicable.

  4. any --extra files (e.g. the scaled submissions of gen_scale.py).

Run from the project root (ANFANG_REPO overrides); the binary is $ANFANG_BIN (default
target/release/anfang), regorus is $REGORUS, or on PATH, or ~/.cargo/bin/regorus.

usage: compare.py [--anfang BIN] [--regorus BIN] [--work DIR] [--no-examples] [--out results/agreement]
                  [--extra FILE...]
"""

import argparse
import copy
import glob
import json
import os
import shutil
import tempfile
import subprocess
import sys
from collections import Counter, defaultdict

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import python_peer as pycheck  # noqa: E402

MAIN = os.environ.get("ANFANG_REPO", ".")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yload(path_or_text, text=False):
    return yaml.load(path_or_text if text else open(path_or_text, "rb").read(), Loader=LOADER)


def merge(base, frag):
    """Mappings merge key by key; lists and scalars replace (standards/README.md)."""
    if isinstance(base, dict) and isinstance(frag, dict):
        out = dict(base)
        for k, v in frag.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return copy.deepcopy(frag)


# ------------------------------------------------------------------ erhai mutations
def mutations(erhai):
    def m(name, fn):
        d = copy.deepcopy(erhai)
        fn(d)
        return name, d

    T = lambda d: d["technical"]  # noqa: E731
    out = []
    out.append(m("erhai", lambda d: None))
    out.append(m("no-retention+no-patrol-interval", lambda d: (
        T(d)["video_storage"].pop("retention_days"), d["staffing"].pop("patrol_interval_hours"))))
    out.append(m("level2-renovation", lambda d: d["project"].update(protection_level="level2", kind="renovation")))
    out.append(m("level3-grade2", lambda d: d["project"].update(protection_level="level3", property_service_grade="grade2")))

    def cams(d):
        for i, c in enumerate(T(d)["cameras"]):
            if i % 97 == 0:
                c.pop("resolution_mp", None)
            if i % 101 == 0:
                c["resolution_mp"] = 1
            if i % 89 == 0 and ("face_capture" in c.get("functions", []) or c["type"] == "face_capture"):
                c["resume_after_network_loss"] = False
            if i % 53 == 0:
                c.pop("faces_outward", None)
            if i == 1500:
                c["in_private_space"] = True
                c["quantity"] = 3
    out.append(m("cameras-mixed", cams))

    def drop_unit_cover(d):
        # no camera covers B01-U1 any more, nor its lifts; the entrances lose their face cameras
        for c in T(d)["cameras"]:
            c["covers"] = [x for x in c.get("covers", []) if not x.startswith("B01-U1") and x != "E3"]
            if c.get("functions") == ["plate_recognition"] and "E2-VIN" in c["covers"]:
                c["functions"] = []
                c["type"] = "bullet"
    out.append(m("uncovered-unit-lift-entrance", drop_unit_cover))

    def access(d):
        for i, ap in enumerate(T(d)["access_points"]):
            if i % 7 == 0:
                ap.pop("fire_alarm_release", None)
            if i % 11 == 0:
                ap["credentials"] = ["face"]
            if i % 13 == 0:
                ap.pop("credentials", None)
        d["site"]["entrances"][0]["staffed_24h"] = False
        d["site"]["entrances"][1]["main"] = True
        d["site"]["entrances"][1].pop("staffed_24h", None)
    out.append(m("access-points-mixed", access))

    def perimeter(d):
        segs = d["site"]["perimeter"]["segments"]
        segs[2].pop("height_m")
        segs[3]["openings"] = [{"id": "S04-O1", "kind": "gate", "attended": False},
                               {"id": "S04-O2", "kind": "drain", "barrier_equal_strength": False},
                               {"id": "S04-O3", "kind": "drain", "attended": True}]
        segs[5]["openings"] = [{"id": "S06-O1", "kind": "drain", "attended": False, "barrier_equal_strength": False}]
        zones = T(d)["alarm_zones"]
        zones[0].pop("length_m")
        zones[0]["technology"] = "ir_beam"
        zones[1]["linked_cameras"] = []
        zones[2]["segments"] = ["S01"]  # S03 loses its zone
    out.append(m("perimeter-mixed", perimeter))

    def ratios(d):
        d["staffing"].pop("guards_total")
        T(d)["ebike"]["charging_ports"] = 0
        for b in T(d)["emergency_buttons"]:
            if b.get("in_dwelling"):
                b["quantity"] = b["quantity"] // 2
        T(d)["visitor_management"].pop("registration")
        T(d)["visitor_management"]["host_authorisation"] = False
    out.append(m("ratios-and-expr", ratios))

    def expr(d):
        for b in d["site"]["buildings"][:2]:
            for u in b["units"]:
                u["entrance_door"].pop("anti_theft_grade")
                for l in u["lifts"]:
                    l["ebike_blocking"] = False
        d["site"]["buildings"][0]["units"][0]["lifts"][0].pop("ebike_blocking")
        T(d)["iot_sensors"] = [s for s in T(d)["iot_sensors"] if s["kind"] != "ebike_lift_blocking"]
        T(d)["ebike"]["physical_separation"] = False
        d["physical"]["doors"] = [x for x in d["physical"]["doors"] if not x["location"].startswith("B02")]
        for lane in d["site"]["entrances"][4]["lanes"]:  # E5 (vehicle) keeps its lanes, none for vehicles
            lane["kind"] = "pedestrian"
    out.append(m("expr-mixed", expr))

    def sparse(d):
        T(d).pop("cameras")
        T(d).pop("alarm_zones")
        d["site"]["perimeter"]["closed"] = False
        d["site"].pop("public_areas")
        d["site"].pop("facades", None)
        scrub_refs(d)
    out.append(m("no-cameras-no-zones", sparse))

    # local rules (region prefixes 31, 50, 53) and applicability that cannot be told
    out.append(m("region-31", lambda d: d["project"].update(region_code="310104")))
    out.append(m("region-50", lambda d: d["project"].update(region_code="500103")))

    def no_region(d):
        d["project"].pop("region_code")
        cams(d)
    out.append(m("no-region-code+cameras-mixed", no_region))

    def renovation_53(d):
        expr(d)
        ratios(d)
        d["project"]["kind"] = "renovation"
    out.append(m("renovation-53+expr+ratios", renovation_53))

    def renovation_no_region(d):
        d["project"]["kind"] = "expansion"
        d["project"].pop("region_code")
        d["site"]["buildings"][1]["units"][0]["lifts"][0]["ebike_blocking"] = False
    out.append(m("expansion-no-region", renovation_no_region))

    def when_unknown(d):
        d["project"].pop("property_service_grade")
        d["site"]["perimeter"].pop("closed")
    out.append(m("when-unknown", when_unknown))

    def when_unknown_failing(d):
        when_unknown(d)
        d["staffing"]["patrol_interval_hours"] = 4
        d["staffing"]["guards_total"] = 3
        zones = T(d)["alarm_zones"]
        zones[2]["segments"] = ["S01"]
    out.append(m("when-unknown-failing", when_unknown_failing))

    def filters_unknown(d):
        # filter fields not stated: the element is a subject only where its check would fail
        aps = T(d)["access_points"]
        for i, ap in enumerate(aps):
            if i % 5 == 0:
                ap.pop("on_evacuation_route", None)
            if i % 10 == 0:
                ap.pop("fire_alarm_release", None)
        for i, c in enumerate(T(d)["cameras"]):
            if i % 41 == 0:
                c.pop("functions", None)
            if i % 82 == 0:
                c.pop("resume_after_network_loss", None)
            if i % 67 == 0:
                c.pop("in_private_space", None)
        for e in d["site"]["entrances"][:3]:
            e.pop("main", None)
        segs = d["site"]["perimeter"]["segments"]
        segs[0].pop("barrier", None)
        segs[1].pop("barrier", None)
        segs[1]["height_m"] = 1.2
        segs[4]["openings"] = [{"id": "S05-O1", "kind": "drain", "barrier_equal_strength": False},
                               {"id": "S05-O2", "kind": "gate", "barrier_equal_strength": True}]
        for b in T(d)["emergency_buttons"][:3]:
            b.pop("in_dwelling", None)
    out.append(m("filters-unknown", filters_unknown))

    def unstated_at_depth(d):
        # lists not stated below the top: a unit's lifts, an entrance's lanes, a segment's openings,
        # a camera's covers (a link that may go anywhere), a zone's linked cameras
        d["site"]["buildings"][0]["units"][1].pop("lifts")
        d["site"]["entrances"][4].pop("lanes")
        d["site"]["perimeter"]["segments"][6].pop("openings", None)
        T(d)["cameras"][7].pop("covers", None)
        T(d)["alarm_zones"][3].pop("linked_cameras", None)
        T(d)["alarm_zones"][4].pop("segments", None)
        scrub_refs(d)
    out.append(m("unstated-at-depth", unstated_at_depth))

    def counts_open(d):
        T(d).pop("emergency_buttons")
        T(d).pop("platform_links", None)
        d["project"]["region_code"] = "500103"
        for c in T(d)["cameras"][:3]:
            c.pop("in_private_space", None)
        d["site"]["entrances"][0].pop("lanes")
        scrub_refs(d)
    out.append(m("counts-open", counts_open))
    return out


REF_FIELDS = {"location", "covers", "linked_cameras", "linked_camera", "segments", "to_building", "building", "entrance"}


def scrub_refs(d):
    """Drops references to ids that no longer exist (they would be input errors)."""
    ids = {"monitoring_centre"}

    def collect(v):
        if isinstance(v, dict):
            if isinstance(v.get("id"), str):
                ids.add(v["id"])
            for x in v.values():
                collect(x)
        elif isinstance(v, list):
            for x in v:
                collect(x)

    def scrub(v):
        if isinstance(v, dict):
            for k in list(v):
                x = v[k]
                if k in REF_FIELDS and isinstance(x, str) and x not in ids:
                    del v[k]
                elif k in REF_FIELDS and isinstance(x, list) and all(isinstance(i, str) for i in x):
                    v[k] = [i for i in x if i in ids]
                else:
                    scrub(x)
        elif isinstance(v, list):
            for x in v:
                scrub(x)
    collect(d)
    scrub(d)


# ------------------------------------------------------------------ runners
def anfang_rules(binary, path):
    p = subprocess.run([binary, "check", "--format", "json", "--as-of", "2026-12-01", path],
                       capture_output=True, text=True)
    if p.returncode == 2:
        return None, [l[:240] for l in p.stderr.strip().splitlines() if "|" not in l][:4]
    rep = json.loads(p.stdout)
    fails, cannots = defaultdict(list), defaultdict(list)
    for f in rep["findings"]:
        if f["outcome"] == "fail":
            fails[f["rule"]].append(f["subject"])
        elif f["outcome"] == "cannot_evaluate":
            cannots[f["rule"]].append(f["subject"])
    out = {}
    for r in rep["rules"]:
        if r["id"] in pycheck.RULES:
            out[r["id"]] = {"outcome": r["outcome"], "subjects": r["subjects"], "failed": r["failed"],
                            "failing": sorted(fails[r["id"]]), "cannot": sorted(cannots[r["id"]])}
    return out, None


def rego_rules(binary, policy, path):
    p = subprocess.run([binary, "eval", "-d", policy, "-i", path, "data.anfang.result"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None, [l[:240] for l in (p.stderr or p.stdout).strip().splitlines()[-3:]]
    out = json.loads(p.stdout)
    # regorus prints {"result": [{"expressions": [{"value": ...}]}]}
    v = out["result"][0]["expressions"][0]["value"]
    return v["rules"], None


def key(r):
    return (r["outcome"], r["subjects"], r["failed"], tuple(r["failing"]), tuple(r["cannot"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--anfang", default=os.environ.get("ANFANG_BIN", os.path.join(MAIN, "target/release/anfang")))
    ap.add_argument("--regorus", default=os.environ.get("REGORUS") or shutil.which("regorus")
                    or os.path.expanduser("~/.cargo/bin/regorus"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "anfang-peers-compare"))
    ap.add_argument("--no-examples", action="store_true")
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "anfang-peers-agreement"))
    ap.add_argument("--extra", nargs="*", default=[], help="more submission files (YAML/JSON) to compare on")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    policy = os.path.join(HERE, "rules.rego")

    cases = []  # (name, dict)
    for f in sorted(glob.glob(os.path.join(MAIN, "samples", "*.yaml"))):
        cases.append(("sample:" + os.path.basename(f), yload(f)))
    for f in a.extra:
        cases.append(("extra:" + os.path.basename(f), yload(f)))
    erhai = yload(os.path.join(MAIN, "samples", "erhai-large-5000.yaml"))
    cases += [("mutation:" + n, d) for n, d in mutations(erhai)]
    if not a.no_examples:
        base = yload(os.path.join(MAIN, "standards", "cn-baseline", "example-base.yaml"))
        for f in sorted(glob.glob(os.path.join(MAIN, "standards", "cn-baseline", "rules", "*.yaml"))):
            for r in yload(f).get("rules", []):
                for which in ("pass", "fail"):
                    frags = r.get("examples", {}).get(which)
                    if frags is None:
                        continue
                    for k, frag in enumerate(frags if isinstance(frags, list) else [frags]):
                        cases.append((f"example:{r['id']}:{which}{k}", merge(base, yload(frag, text=True) or {})))

    per_rule = defaultdict(lambda: Counter())
    outcomes = defaultdict(Counter)
    diffs = []
    skipped = []
    for n, (name, doc) in enumerate(cases):
        doc.pop("waivers", None)
        doc.pop("attachments", None)  # equipment-list cross-checks are not rules; their files are not copied
        path = os.path.join(a.work, f"case-{n:04d}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, default=str)
        an, err = anfang_rules(a.anfang, path)
        if an is None:
            skipped.append((name, err))
            continue
        py = pycheck.evaluate(json.load(open(path, encoding="utf-8")))
        rg, rerr = rego_rules(a.regorus, policy, path)
        if rg is None:
            diffs.append((name, "*", "rego error", rerr, ""))
            rg = {}
        for rid in pycheck.RULES:
            ka = key(an[rid])
            outcomes[rid][an[rid]["outcome"]] += 1
            for side, res in (("python", py), ("rego", rg)):
                if rid in res and key(res[rid]) == ka:
                    per_rule[rid][side] += 1
                else:
                    diffs.append((name, rid, side, res.get(rid), an[rid]))
        per_rule["*"]["cases"] += 1
        print(f"{n + 1}/{len(cases)} {name}", file=sys.stderr, end="\r")
    print(file=sys.stderr)

    total = per_rule["*"]["cases"]
    lines = [f"# Rule-outcome agreement (anfang vs Python vs Rego), {total} cases "
             f"({len(skipped)} skipped: anfang exit 2)", "",
             "Agreement = same (outcome, subjects, failed, failing pointers, cannot-evaluate pointers).", "",
             "| rule | python agrees | rego agrees | anfang outcomes over the cases |", "|---|---|---|---|"]
    for rid in pycheck.RULES:
        oc = ", ".join(f"{k} {v}" for k, v in sorted(outcomes[rid].items()))
        lines.append(f"| {rid} | {per_rule[rid]['python']}/{total} | {per_rule[rid]['rego']}/{total} | {oc} |")
    lines += ["", f"differences: {len(diffs)}"]
    for d in diffs[:60]:
        lines.append(f"- {d[0]} {d[1]} {d[2]}: got {json.dumps(d[3], ensure_ascii=False)[:300]} "
                     f"anfang {json.dumps(d[4], ensure_ascii=False)[:300]}")
    if skipped:
        lines += ["", "skipped (anfang refused the input):"] + [f"- {s[0]}: {s[1]}" for s in skipped[:40]]
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out + ".md", "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
