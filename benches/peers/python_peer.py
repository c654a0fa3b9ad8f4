#!/usr/bin/env python3
"""Python peer baseline for anfang: what a user would write instead.

PyYAML load (C loader if available, or the pure-Python one) + jsonschema validation against
samples/submission.schema.json (Draft 2020-12, formats checked, as anfang does) + 30 rules of
standards/cn-baseline hand-translated to plain Python (see RULES.md for the list).

Output (stdout, JSON): {"rules": {ID: {outcome, subjects, failed, failing: [ptr...],
cannot: [ptr...]}}, "schema_errors": N}. The same shape as rules.rego gives,
so compare.py can set both beside `anfang check --format json`.

usage: python_peer.py FILE [--loader c|pure] [--schema PATH] [--stage load|validate|all] [--quiet]
  FILE may be .yaml/.yml (PyYAML) or .json (json module).
  --stage load      parse only;   validate: parse + schema;   all (default): + rules
  --quiet           compute everything but print only a one-line summary
"""

import argparse
import json
import math
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.environ.get("ANFANG_REPO", ".")
DEFAULT_SCHEMA = os.environ.get("ANFANG_SCHEMA", os.path.join(MAIN, "samples/submission.schema.json"))

PASS, FAIL, CANNOT, NA = "pass", "fail", "cannot_evaluate", "not_applicable"
# fail > cannot_evaluate > (waived) > pass > not_applicable, as anfang's aggregate()
RANK = {FAIL: 0, CANNOT: 1, PASS: 3, NA: 4}
INF = float("inf")

# Parameters of the 30 rules (standards/cn-baseline), by_level resolved in params_for().
PARAMS = {
    "video_retention_days": (30, {}),
    "video_retention_days_level1": (90, {}),
    "staffing_patrol_interval_hours_grade1": (1, {}),
    "staffing_control_room_operators_level1": (2, {}),
    "perimeter_min_height_m": (1.8, {}),
    "perimeter_zone_max_m": (200, {}),
    "camera_min_resolution_mp": (2, {}),
    "dwelling_emergency_buttons_per_household": (1, {}),
    "staffing_guards_per_entrance": (3, {}),
    "ebike_charging_ratio_max": (3, {}),
}


def params_for(level):
    return {k: by.get(level, v) for k, (v, by) in PARAMS.items()}


# ------------------------------------------------------------------ values and paths
def get(v, keys):
    """path::get: the value at a dotted path, None when not stated (or null)."""
    for k in keys:
        if not isinstance(v, dict):
            return None
        v = v.get(k)
        if v is None:
            return None
    return v


def select(root, path):
    """path::select: ([(pointer, value)], [pointers of places not stated on the way]).
    A key not stated (or null) and a non-list where `[*]` is wanted are *not stated*, at any
    depth (a unit without `lifts`); an empty list `[]` is none."""
    cur = [("", root)]
    unstated = []
    for seg in path:
        nxt = []
        for ptr, v in cur:
            if seg == "*":
                if isinstance(v, list):
                    nxt.extend((f"{ptr}/{i}", it) for i, it in enumerate(v))
                else:
                    unstated.append(ptr)
            else:
                child = v.get(seg) if isinstance(v, dict) else None
                if child is not None:
                    nxt.append((f"{ptr}/{seg}", child))
                else:
                    unstated.append(f"{ptr}/{seg}")
        cur = nxt
    return cur, unstated


def P(text):
    """'site.entrances[*].lanes[*]' -> ['site', 'entrances', '*', 'lanes', '*']"""
    out = []
    for part in text.split("."):
        if part.endswith("[*]"):
            out += [part[:-3], "*"]
        else:
            out.append(part)
    return out


def list_pointer(text):
    return "/" + text.split("[")[0].replace(".", "/")


def num(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def loose_eq(a, b):
    x, y = num(a), num(b)
    if x is not None and y is not None:
        return abs(x - y) < 1e-9
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b


def rust_round3(x):
    """(x * 1000).round() / 1000 with Rust's half-away-from-zero rounding."""
    if math.isinf(x):
        return x
    y = x * 1000.0
    r = math.floor(y + 0.5) if y >= 0 else -math.floor(-y + 0.5)
    return r / 1000.0


# Three-valued tests (True / False / None = not stated), as anfang's condition::test().
def t_eq(v, x):
    return None if v is None else loose_eq(v, x)


def t_ne(v, x):
    return None if v is None else not loose_eq(v, x)


def t_min(v, x):
    return None if v is None else (num(v) is not None and num(v) >= x)


def t_max(v, x):
    return None if v is None else (num(v) is not None and num(v) <= x)


def t_in(v, xs):
    return None if v is None else any(loose_eq(v, x) for x in xs)


def t_not_in(v, xs):
    return None if v is None else not any(loose_eq(v, x) for x in xs)


def t_contains(v, x):
    return None if v is None else (isinstance(v, list) and any(loose_eq(i, x) for i in v))


def t_contains_any(v, xs):
    return None if v is None else (isinstance(v, list) and any(loose_eq(i, x) for x in xs for i in v))


def t_exists(v, want=True):
    return (v is not None) == want


def range_min(lo, hi, b):
    """Condition::eval_range for `min: b` on a number known to lie in [lo, hi]."""
    if lo == hi:
        return lo >= b
    if lo >= b:
        return True
    if hi < b:
        return False
    return None


def range_max(lo, hi, b):
    if lo == hi:
        return lo <= b
    if hi <= b:
        return True
    if lo > b:
        return False
    return None


def outcome(t):
    return PASS if t is True else FAIL if t is False else CANNOT


# Filters: functions element -> True / False / None (cannot be told).
def f_all(*preds):
    """A filter's clauses: false if one is false, else unknown if one is unknown."""
    def f(el):
        res = True
        for p in preds:
            t = p(el)
            if t is False:
                return False
            if t is None:
                res = None
        return res
    return f


def f_any(*preds):
    """`any: [...]`: true if one holds, else unknown if one is unknown, else false."""
    def f(el):
        res = False
        for p in preds:
            t = p(el)
            if t is True:
                return True
            if t is None:
                res = None
        return res
    return f


def f_not(pred):
    def f(el):
        t = pred(el)
        return None if t is None else not t
    return f


# ------------------------------------------------------------------ rule shapes
class Ctx:
    def __init__(self, root):
        self.root = root
        project = root.get("project") if isinstance(root.get("project"), dict) else {}
        s = lambda k: project.get(k) if isinstance(project.get(k), str) else ""  # noqa: E731
        self.kind = s("kind")
        self.phase = s("phase")
        self.level = s("protection_level")
        self.region = project.get("region_code") if isinstance(project.get("region_code"), str) else None
        self.p = params_for(self.level)


def applicability(ctx, kinds=None, levels=None, regions=None, when=None):
    """engine/applies.rs: 'yes', 'no' or 'unknown'. kind/level not stated = not in the list; a
    local rule's region and `when` (a filter on the submission) are three-valued; a condition
    that is false decides even when another cannot be told."""
    if kinds is not None and ctx.kind not in kinds:
        return "no"
    if levels is not None and ctx.level not in levels:
        return "no"
    unknown = False
    if regions is not None:
        if ctx.region is None:
            unknown = True
        elif not any(ctx.region.startswith(r) for r in regions):
            return "no"
    if when is not None:
        t = when(ctx.root)
        if t is False:
            return "no"
        if t is None:
            unknown = True
    return "unknown" if unknown else "yes"


def rule(ctx, check, **applies):
    """A rule: not applicable, its check, or — when applicability cannot be told — the check's
    results if they all pass (it holds either way), else one cannot-evaluate subject."""
    a = applicability(ctx, **applies)
    if a == "no":
        return [(NA, "")]
    res = check()
    if a == "yes" or all(o in (PASS, NA) for o, _ in res):
        return res
    return [(CANNOT, "")]


def settle(o, ft):
    """A subject whose filter cannot be told counts only if its check does not pass: then it is
    cannot_evaluate (engine/checks.rs settle_filter)."""
    return o if ft is True or o == PASS else CANNOT


def each_subject(ctx, for_each, where):
    """([(ptr, element, filter truth)], [unstated pointers]) or None for not applicable."""
    items, unstated = select(ctx.root, P(for_each))
    subs = []
    for ptr, el in items:
        ft = True if where is None else where(el)
        if ft is not False:
            subs.append((ptr, el, ft))
    if not subs and not unstated:
        return None
    return subs, unstated


def value_one(ctx, field, test):
    return [(outcome(test(get(ctx.root, field.split(".")))), "/" + field.replace(".", "/"))]


def value_each(ctx, for_each, where, field, test):
    es = each_subject(ctx, for_each, where)
    if es is None:
        return [(NA, "")]
    subs, unstated = es
    keys = field.split(".")
    return [(CANNOT, u) for u in unstated] + [(settle(outcome(test(get(el, keys))), ft), ptr)
                                             for ptr, el, ft in subs]


def tally(ctx, of, where=None, weight=None):
    """A count known to lie in [lo, hi]: hi adds the elements whose filter cannot be told, and is
    infinite when a list on the way is not stated."""
    items, unstated = select(ctx.root, P(of))
    lo = hi = 0.0
    if unstated:
        hi = INF
    for _, el in items:
        w = num(get(el, [weight])) if weight else None
        w = 1.0 if w is None else w
        t = True if where is None else where(el)
        if t is True:
            lo += w
            hi += w
        elif t is None:
            hi += w
    return lo, hi


def count_rule(ctx, of, where, weight, rng, bound):
    lo, hi = tally(ctx, of, where, weight)
    return [(outcome(rng(lo, hi, bound)), list_pointer(of))]


def each_has(ctx, for_each, where, related, related_where=None, link=None, via=None, minimum=1):
    es = each_subject(ctx, for_each, where)
    if es is None:
        return [(NA, "")]
    subs, unstated = es
    rel, rel_unstated = select(ctx.root, P(related))
    open_ = bool(rel_unstated)
    by_id, maybe_by_id, ids, maybe_ids = {}, {}, set(), set()
    for _, el in rel:
        t = True if related_where is None else related_where(el)
        if t is False:
            continue
        if t is None:
            open_ = True
        if via is not None:
            if isinstance(el.get("id"), str):
                (ids if t is True else maybe_ids).add(el["id"])
            continue
        v = el.get(link)
        if isinstance(v, str):
            targets = {v}
        elif isinstance(v, list):
            targets = {i for i in v if isinstance(i, str)}
        else:  # what it links to is not stated: it may link to any subject
            open_ = True
            continue
        index = by_id if t is True else maybe_by_id
        for i in targets:
            index[i] = index.get(i, 0) + 1
    out = [(CANNOT, u) for u in unstated]
    for ptr, el, ft in subs:
        if via is None:
            sid = el.get("id") if isinstance(el.get("id"), str) else ""
            d, m, op = by_id.get(sid, 0), maybe_by_id.get(sid, 0), open_
        else:
            v = el.get(via)
            if v is None:
                d, m, op = 0, 0, True
            else:
                listed = {v} if isinstance(v, str) else {i for i in v if isinstance(i, str)} if isinstance(v, list) else set()
                d, m, op = len(listed & ids), len(listed & maybe_ids), open_
        o = PASS if d >= minimum else FAIL if (m == 0 and not op) else CANNOT
        out.append((settle(o, ft), ptr))
    return out


def q_field(ctx, dotted):
    def q():
        v = num(get(ctx.root, dotted.split(".")))
        return None if v is None else (v, v)
    return q


def q_count(ctx, of, where=None, weight=None):
    return lambda: tally(ctx, of, where, weight)


def ratio(ctx, num_q, den_q, num_ptr, den_ptr, rng, bound):
    n, d = num_q(), den_q()
    if n is None or d is None:
        return [(CANNOT, "")]
    if d[1] == 0:
        return [(CANNOT, den_ptr)]
    lo = rust_round3(n[0] / d[1])
    hi = INF if d[0] == 0 else rust_round3(n[1] / d[0])
    return [(outcome(rng(lo, hi, bound)), num_ptr)]


# CEL with anfang's `cel` crate semantics: an error (a key not stated) is ERR; `a || b` is true
# if either is true, `a && b` false if either is false, else ERR if either is ERR;
# exists() is true if any element is, else ERR if any errs, else false.
ERR = object()


def cel_field(obj, key):
    if isinstance(obj, dict) and key in obj and obj[key] is not None:
        return obj[key]
    return ERR


def cel_or(a, b):
    if a is True:
        return True
    b = b()
    if b is ERR:
        return ERR
    if a is ERR:
        return True if b is True else ERR
    return b


def cel_and(a, b):
    if a is False:
        return False
    b = b()
    if b is ERR:
        return ERR
    if a is ERR:
        return False if b is False else ERR
    return b


def cel_exists(xs, pred):
    if xs is ERR or not isinstance(xs, list):
        return ERR
    err = False
    for x in xs:
        r = pred(x)
        if r is True:
            return True
        if r is ERR:
            err = True
    return ERR if err else False


def cel_eq(a, b):
    return ERR if a is ERR or b is ERR else a == b


def cel_outcome(r):
    return PASS if r is True else FAIL if r is False else CANNOT


def expr_rule(ctx, for_each, where, fn):
    if for_each is None:
        return [(cel_outcome(fn(None)), "")]
    es = each_subject(ctx, for_each, where)
    if es is None:
        return [(NA, "")]
    subs, unstated = es
    return [(CANNOT, u) for u in unstated] + [(settle(cel_outcome(fn(el)), ft), ptr) for ptr, el, ft in subs]


# ------------------------------------------------------------------ the 30 rules
ALT_CREDENTIALS = ["card", "password", "qr_code", "phone_app", "id_card", "fingerprint", "key", "staffed_check"]


def fld(name, test, *args):
    """A filter clause on a field of the element: `{name: {op: args}}`."""
    keys = name.split(".")
    return lambda el: test(get(el, keys), *args)


def root_when(dotted, test, *args):
    keys = dotted.split(".")
    return lambda root: test(get(root, keys), *args)


face_cam = f_any(fld("type", t_eq, "face_capture"), fld("functions", t_contains, "face_capture"))
plate_cam = f_any(fld("type", t_eq, "plate_recognition"), fld("functions", t_contains, "plate_recognition"))


def r_vid_005(c):
    return rule(c, lambda: value_one(c, "technical.video_storage.retention_days",
                                     lambda v: t_min(v, c.p["video_retention_days"])))


def r_vid_006(c):
    return rule(c, lambda: value_one(c, "technical.video_storage.retention_days",
                                     lambda v: t_min(v, c.p["video_retention_days_level1"])), levels=["level1"])


def r_stf_007(c):
    return rule(c, lambda: value_one(c, "staffing.patrol_interval_hours",
                                     lambda v: t_max(v, c.p["staffing_patrol_interval_hours_grade1"])),
                when=root_when("project.property_service_grade", t_eq, "grade1"))


def r_stf_016(c):
    return rule(c, lambda: value_one(c, "staffing.control_room_operators_per_shift",
                                     lambda v: t_min(v, c.p["staffing_control_room_operators_level1"])),
                levels=["level1"])


def r_acc_003(c):
    return rule(c, lambda: value_each(c, "technical.access_points[*]", fld("on_evacuation_route", t_eq, True),
                                      "fire_alarm_release", lambda v: t_eq(v, True)))


def r_acc_012(c):
    return rule(c, lambda: value_each(c, "technical.access_points[*]", fld("credentials", t_contains, "face"),
                                      "credentials", lambda v: t_contains_any(v, ALT_CREDENTIALS)))


def r_per_004(c):
    return rule(c, lambda: value_each(c, "site.perimeter.segments[*]", fld("barrier", t_in, ["wall", "fence", "railing"]),
                                      "height_m", lambda v: t_min(v, c.p["perimeter_min_height_m"])),
                kinds=["new_build"])


def r_per_007(c):
    return rule(c, lambda: value_each(c, "site.perimeter.segments[*].openings[*]", f_not(fld("attended", t_eq, True)),
                                      "barrier_equal_strength", lambda v: t_eq(v, True)))


def r_per_009(c):
    where = f_all(fld("segments", t_exists), fld("technology", t_not_in, ["pulse_fence", "tension_fence"]))
    return rule(c, lambda: value_each(c, "technical.alarm_zones[*]", where, "length_m",
                                      lambda v: t_max(v, c.p["perimeter_zone_max_m"])))


def r_vid_015(c):
    return rule(c, lambda: value_each(c, "technical.cameras[*]", None, "resolution_mp",
                                      lambda v: t_min(v, c.p["camera_min_resolution_mp"])), kinds=["new_build"])


def r_vid_016(c):
    where = f_any(fld("type", t_in, ["face_capture", "plate_recognition"]),
                  fld("functions", t_contains_any, ["face_capture", "plate_recognition"]))
    return rule(c, lambda: value_each(c, "technical.cameras[*]", where, "resume_after_network_loss",
                                      lambda v: t_eq(v, True)))


def r_vid_017(c):
    def check():
        # { ids_of: [site.entrances[*], site.entrances[*].lanes[*]] }: ids of the stated elements
        ids = [el["id"] for p in ("site.entrances[*]", "site.entrances[*].lanes[*]")
               for _, el in select(c.root, P(p))[0] if isinstance(el.get("id"), str)]
        return value_each(c, "technical.cameras[*]", fld("covers", t_contains_any, ids), "faces_outward",
                          lambda v: t_eq(v, True))
    return rule(c, check, kinds=["new_build"], regions=["31"])


def r_icm_001(c):
    return rule(c, lambda: value_each(c, "site.buildings[*].units[*]", None, "entrance_door.electric_lock",
                                      lambda v: t_eq(v, True)), kinds=["new_build"])


def r_stf_005(c):
    return rule(c, lambda: value_each(c, "site.entrances[*]", fld("main", t_eq, True), "staffed_24h",
                                      lambda v: t_eq(v, True)))


def r_prv_002(c):
    return rule(c, lambda: count_rule(c, "technical.cameras[*]", fld("in_private_space", t_eq, True), "quantity",
                                      range_max, 0))


def r_ebk_005(c):
    return rule(c, lambda: count_rule(c, "site.public_areas[*]",
                                      fld("kind", t_in, ["ebike_shed", "charging_point", "bicycle_garage"]), None,
                                      range_min, 1))


def r_net_010(c):
    return rule(c, lambda: count_rule(c, "technical.platform_links[*]",
                                      fld("target", t_in, ["police_video_network", "street_grid_platform"]), None,
                                      range_min, 1), kinds=["new_build"], regions=["50"])


def r_vid_008(c):
    return rule(c, lambda: each_has(c, "site.entrances[*]", fld("kind", t_in, ["pedestrian", "mixed"]),
                                    "technical.cameras[*]", face_cam, link="covers"))


def r_vid_012(c):
    return rule(c, lambda: each_has(c, "site.buildings[*].units[*]", None, "technical.cameras[*]", link="covers"),
                kinds=["new_build"])


def r_vid_013(c):
    return rule(c, lambda: each_has(c, "site.buildings[*].units[*].lifts[*]", None, "technical.cameras[*]",
                                    link="covers"), kinds=["new_build"])


def r_per_014(c):
    where = f_all(fld("segments", t_exists), fld("technology", t_ne, "video_analytics"))
    return rule(c, lambda: each_has(c, "technical.alarm_zones[*]", where, "technical.cameras[*]",
                                    via="linked_cameras"))


def r_per_008(c):
    return rule(c, lambda: each_has(c, "site.perimeter.segments[*]", None, "technical.alarm_zones[*]",
                                    link="segments"),
                when=root_when("site.perimeter.closed", t_eq, True))


def r_veh_004(c):
    return rule(c, lambda: each_has(c, "site.entrances[*].lanes[*]", fld("kind", t_eq, "vehicle"),
                                    "technical.cameras[*]", plate_cam, link="covers"))


def r_alm_015(c):
    return rule(c, lambda: ratio(
        c, q_count(c, "technical.emergency_buttons[*]", fld("in_dwelling", t_eq, True), "quantity"),
        q_field(c, "project.households"), "/technical/emergency_buttons", "/project/households",
        range_min, c.p["dwelling_emergency_buttons_per_household"]),
        kinds=["new_build"], levels=["level2", "level1"])


def r_stf_014(c):
    return rule(c, lambda: ratio(
        c, q_field(c, "staffing.guards_total"),
        q_count(c, "site.entrances[*]", fld("kind", t_in, ["pedestrian", "vehicle", "mixed"])),
        "/staffing/guards_total", "/site/entrances", range_min, c.p["staffing_guards_per_entrance"]),
        when=root_when("site.perimeter.closed", t_eq, True))


def r_ebk_001(c):
    return rule(c, lambda: ratio(
        c, q_field(c, "technical.ebike.ebikes"), q_field(c, "technical.ebike.charging_ports"),
        "/technical/ebike/ebikes", "/technical/ebike/charging_ports", range_max, c.p["ebike_charging_ratio_max"]),
        kinds=["renovation", "expansion"], regions=["53"])


def r_ebk_002(c):
    s = c.root
    tech = cel_field(s, "technical")

    def fn(it):
        # (has(it.ebike_blocking) && it.ebike_blocking)
        a = cel_and("ebike_blocking" in it and it["ebike_blocking"] is not None,
                    lambda: cel_field(it, "ebike_blocking"))

        def b():  # has(s.technical.iot_sensors) && s.technical.iot_sensors.exists(...)
            if tech is ERR:
                return ERR
            return cel_and(
                cel_field(tech, "iot_sensors") is not ERR,
                lambda: cel_exists(cel_field(tech, "iot_sensors"), lambda x: cel_and(
                    cel_and(cel_eq(cel_field(x, "kind"), "ebike_lift_blocking"),
                            lambda: cel_field(x, "location") is not ERR),
                    lambda: cel_eq(cel_field(x, "location"), cel_field(it, "id")))))

        def c3():  # s.technical.ebike.physical_separation && double(ebikes) <= double(p.max) * double(ports)
            ebike = cel_field(tech, "ebike") if tech is not ERR else ERR
            sep = cel_field(ebike, "physical_separation") if ebike is not ERR else ERR

            def cmp():
                if ebike is ERR:
                    return ERR
                e, ports = cel_field(ebike, "ebikes"), cel_field(ebike, "charging_ports")
                if e is ERR or ports is ERR:
                    return ERR
                return float(e) <= float(c.p["ebike_charging_ratio_max"]) * float(ports)
            return cel_and(sep, cmp)
        return cel_or(cel_or(a, b), c3)
    return rule(c, lambda: expr_rule(c, "site.buildings[*].units[*].lifts[*]", None, fn),
                kinds=["renovation", "expansion"], regions=["53"])


def r_phy_004(c):
    s = c.root

    def fn(it):
        door = cel_field(it, "entrance_door")
        cond = cel_and(door is not ERR, lambda: cel_field(door, "anti_theft_grade") is not ERR)
        if cond is ERR:
            return ERR
        if cond:
            g = cel_field(door, "anti_theft_grade")
            return ERR if g is ERR else g != ""
        phys = cel_field(s, "physical")
        doors = cel_field(phys, "doors") if phys is not ERR else ERR
        return cel_exists(doors, lambda d: cel_and(cel_and(cel_and(
            cel_field(d, "location") is not ERR,
            lambda: cel_eq(cel_field(d, "location"), cel_field(it, "id"))),
            lambda: cel_field(d, "kind") is not ERR),
            lambda: cel_eq(cel_field(d, "kind"), "anti_theft")))
    return rule(c, lambda: expr_rule(c, "site.buildings[*].units[*]", None, fn), kinds=["new_build"])


def r_acc_016(c):
    def fn(_):
        vm = get(c.root, ["technical", "visitor_management"])
        if vm is None:
            return ERR
        f = lambda k: cel_field(vm, k)  # noqa: E731
        return cel_and(cel_and(cel_or(f("registration"), lambda: f("host_authorisation")),
                               lambda: f("destination_limited")), lambda: f("temporary_rights_expire"))
    return rule(c, lambda: expr_rule(c, None, None, fn))


def r_veh_008(c):
    def fn(it):
        return cel_exists(cel_field(it, "lanes"), lambda l: cel_eq(cel_field(l, "kind"), "vehicle"))
    return rule(c, lambda: expr_rule(c, "site.entrances[*]", fld("kind", t_in, ["vehicle", "mixed"]), fn))


RULES = {
    "VID-005": r_vid_005, "VID-006": r_vid_006, "STF-007": r_stf_007, "STF-016": r_stf_016,
    "ACC-003": r_acc_003, "ACC-012": r_acc_012, "PER-004": r_per_004, "PER-007": r_per_007,
    "PER-009": r_per_009, "VID-015": r_vid_015, "VID-016": r_vid_016, "VID-017": r_vid_017,
    "ICM-001": r_icm_001, "STF-005": r_stf_005,
    "PRV-002": r_prv_002, "EBK-005": r_ebk_005, "NET-010": r_net_010,
    "VID-008": r_vid_008, "VID-012": r_vid_012, "VID-013": r_vid_013, "PER-014": r_per_014,
    "PER-008": r_per_008, "VEH-004": r_veh_004,
    "ALM-015": r_alm_015, "STF-014": r_stf_014, "EBK-001": r_ebk_001,
    "EBK-002": r_ebk_002, "PHY-004": r_phy_004, "ACC-016": r_acc_016, "VEH-008": r_veh_008,
}


def evaluate(root):
    ctx = Ctx(root)
    out = {}
    for rid, fn in RULES.items():
        subs = fn(ctx)
        agg = min((o for o, _ in subs), key=RANK.__getitem__, default=NA)
        out[rid] = {
            "outcome": agg,
            "subjects": sum(1 for o, _ in subs if o != NA),  # as the report: not-applicable ones not counted
            "failed": sum(1 for o, _ in subs if o == FAIL),
            "failing": sorted(p for o, p in subs if o == FAIL),
            "cannot": sorted(p for o, p in subs if o == CANNOT),
        }
    return out


# ------------------------------------------------------------------ main
def load(path, loader):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".json"):
        return json.loads(data)
    L = yaml.CSafeLoader if loader == "c" else yaml.SafeLoader
    return yaml.load(data, Loader=L)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--loader", choices=["c", "pure"], default="c")
    ap.add_argument("--schema", default=DEFAULT_SCHEMA)
    ap.add_argument("--stage", choices=["load", "validate", "all"], default="all")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if a.loader == "c" and not hasattr(yaml, "CSafeLoader"):
        sys.exit("yaml.CSafeLoader not available (PyYAML without libyaml)")
    root = load(a.file, a.loader)
    result = {"file": a.file}
    if a.stage in ("validate", "all"):
        import jsonschema
        with open(a.schema, encoding="utf-8") as f:
            schema = json.load(f)
        v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = list(v.iter_errors(root))
        result["schema_errors"] = len(errors)
        result["schema_messages"] = [e.message[:200] for e in errors[:5]]
    if a.stage == "all":
        result["rules"] = evaluate(root)
    if a.quiet:
        rules = result.get("rules", {})
        print(f"schema_errors={result.get('schema_errors')} rules={len(rules)} "
              f"failed={sum(1 for r in rules.values() if r['outcome'] == FAIL)}")
    else:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        print()


if __name__ == "__main__":
    main()
