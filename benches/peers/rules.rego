# Rego peer baseline for anfang: 30 rules of standards/cn-baseline hand-translated (see RULES.md).
# Input: the submission as JSON (to_json.py). Query: data.anfang.result
# Output: {"rules": {ID: {outcome, subjects, failed, failing: [ptr], cannot: [ptr]}}}, the shape
# python_peer.py prints, so compare.py can set both beside anfang's JSON report.
#
# Semantics kept from anfang (src/engine/{applies,checks,eval}.rs, src/standard/{condition,path}.rs):
#  - three-valued tests and filters ("t" / "f" / "u"): a field that is not stated is unknown;
#  - a list not stated at any depth on the way to an element (a unit without `lifts`) gives one
#    cannot_evaluate subject named by that place; an empty list is none; no subject at all gives
#    not_applicable;
#  - an element whose filter is unknown is a subject only if its check does not pass (then it is
#    cannot_evaluate);
#  - applies: kind/level not met → not_applicable; a local rule's region and `when` are
#    three-valued: unknown → the check's results if they all pass, else one cannot_evaluate;
#  - counts and ratios are intervals [lo, hi] (hi infinite when the list is not stated);
#  - each_has: a subject is cannot_evaluate when it has no surely-matching related element but
#    one may match, or some related element's filter or link is not stated;
#  - rule outcome: fail > cannot_evaluate > pass > not_applicable;
#  - expr rules follow the `cel` crate's error semantics (true || err = true, false && err = false).
package anfang

import rego.v1

project := object.get(input, "project", {})

str_or_empty(x) := x if is_string(x)
else := ""

kind := str_or_empty(object.get(project, "kind", ""))

level := str_or_empty(object.get(project, "protection_level", ""))

region_code := object.get(project, "region_code", null)

p := {
	"video_retention_days": 30,
	"video_retention_days_level1": 90,
	"staffing_patrol_interval_hours_grade1": 1,
	"staffing_control_room_operators_level1": 2,
	"perimeter_min_height_m": 1.8,
	"perimeter_zone_max_m": 200,
	"camera_min_resolution_mp": 2,
	"dwelling_emergency_buttons_per_household": 1,
	"staffing_guards_per_entrance": 3,
	"ebike_charging_ratio_max": 3,
}

# ---------------------------------------------------------------- three-valued tests
val(x, path) := object.get(x, path, null)

t_eq(v, x) := "u" if v == null
else := "t" if v == x
else := "f"

t_ne(v, x) := "u" if v == null
else := "f" if v == x
else := "t"

t_min(v, b) := "u" if v == null
else := "t" if {
	is_number(v)
	v >= b
}
else := "f"

t_max(v, b) := "u" if v == null
else := "t" if {
	is_number(v)
	v <= b
}
else := "f"

t_in(v, xs) := "u" if v == null
else := "t" if v in xs
else := "f"

t_not_in(v, xs) := "u" if v == null
else := "f" if v in xs
else := "t"

t_contains(v, x) := "u" if v == null
else := "t" if {
	is_array(v)
	x in v
}
else := "f"

t_contains_any(v, xs) := "u" if v == null
else := "t" if {
	is_array(v)
	some x in v
	x in xs
}
else := "f"

t_exists(v) := "f" if v == null
else := "t"

f_and(a, b) := "f" if a == "f"
else := "f" if b == "f"
else := "u" if a == "u"
else := "u" if b == "u"
else := "t"

f_or(a, b) := "t" if a == "t"
else := "t" if b == "t"
else := "u" if a == "u"
else := "u" if b == "u"
else := "f"

f_not(a) := {"t": "f", "f": "t", "u": "u"}[a]

outc(t) := {"t": "pass", "f": "fail", "u": "cannot_evaluate"}[t]

# A subject whose filter is unknown counts only if its check does not pass.
settle(o, ft) := o if ft == "t"
else := "pass" if o == "pass"
else := "cannot_evaluate"

# ---------------------------------------------------------------- selections (path::select)
# {"items": [[pointer, element]], "unstated": [pointer]}
sel_top(keys) := {"items": [[sprintf("%s/%d", [base, i]), x] | some i, x in l], "unstated": []} if {
	l := val(input, keys)
	is_array(l)
	base := concat("/", array.concat([""], keys))
}
else := {"items": [], "unstated": [missing_ptr(keys)]}

missing_ptr(keys) := concat("/", array.concat([""], array.slice(keys, 0, n + 1))) if {
	gaps := {i | some i, _ in keys; val(input, array.slice(keys, 0, i + 1)) == null}
	count(gaps) > 0
	n := min(gaps)
}
else := concat("/", array.concat([""], keys))

sel_sub(sel, key) := {
	"items": [[sprintf("%s/%s/%d", [e[0], key, j]), x] |
		some e in sel.items
		l := object.get(e[1], key, null)
		is_array(l)
		some j, x in l
	],
	"unstated": array.concat(sel.unstated, [sprintf("%s/%s", [e[0], key]) |
		some e in sel.items
		not is_array(object.get(e[1], key, null))
	]),
}

cameras := sel_top(["technical", "cameras"])

access_points := sel_top(["technical", "access_points"])

alarm_zones := sel_top(["technical", "alarm_zones"])

emergency_buttons := sel_top(["technical", "emergency_buttons"])

platform_links := sel_top(["technical", "platform_links"])

segments := sel_top(["site", "perimeter", "segments"])

openings := sel_sub(segments, "openings")

buildings := sel_top(["site", "buildings"])

units := sel_sub(buildings, "units")

lifts := sel_sub(units, "lifts")

entrances := sel_top(["site", "entrances"])

lanes := sel_sub(entrances, "lanes")

public_areas := sel_top(["site", "public_areas"])

# ---------------------------------------------------------------- rule shapes
na := [["not_applicable", ""]]

# The subjects of a for_each check: a cannot_evaluate per unstated place, then `subs`
# (computed over the elements whose filter is not false); none at all → not_applicable.
each(sel, subs) := na if {
	count(subs) == 0
	count(sel.unstated) == 0
}
else := array.concat([["cannot_evaluate", u] | some u in sel.unstated], subs)

# applies: "no" / "u" / "yes" (kinds, levels, regions: null when the rule does not say)
app(kinds, levels, regions, wt) := "no" if {
	kinds != null
	not kind in kinds
}
else := "no" if {
	levels != null
	not level in levels
}
else := "no" if {
	regions != null
	is_string(region_code)
	not in_region(regions)
}
else := "no" if wt == "f"
else := "u" if {
	regions != null
	not is_string(region_code)
}
else := "u" if wt == "u"
else := "yes"

in_region(regions) if {
	some r in regions
	startswith(region_code, r)
}

# the check's results when applicability is "yes" or "u" (then only if they all pass)
settled(a, subs) := subs if a == "yes"
else := subs if {
	every s in subs {
		s[0] in {"pass", "not_applicable"}
	}
}
else := [["cannot_evaluate", ""]]

rank := {"fail": 0, "cannot_evaluate": 1, "pass": 3, "not_applicable": 4}

by_rank := ["fail", "cannot_evaluate", "waived", "pass", "not_applicable"]

summary(subs) := {
	"outcome": by_rank[min({rank[s[0]] | some s in subs})],
	"subjects": count([1 | some s in subs; s[0] != "not_applicable"]),
	"failed": count([1 | some s in subs; s[0] == "fail"]),
	"failing": sort([s[1] | some s in subs; s[0] == "fail"]),
	"cannot": sort([s[1] | some s in subs; s[0] == "cannot_evaluate"]),
}

weight(e, field) := w if {
	w := e[field]
	is_number(w)
}
else := 1

# A count in [lo, hi]: tw = [[filter truth, weight]]; inf when the list is not stated.
tally(sel, tw) := {
	"lo": sum([x[1] | some x in tw; x[0] == "t"]),
	"hi": sum([x[1] | some x in tw; x[0] != "f"]),
	"inf": count(sel.unstated) > 0,
}

q_field(v) := {"lo": v, "hi": v, "inf": false} if is_number(v)
else := null

# Condition::eval_range for min / max
range_min(q, b) := "t" if q.lo >= b
else := "f" if {
	not q.inf
	q.hi < b
}
else := "u"

range_max(q, b) := "t" if {
	not q.inf
	q.hi <= b
}
else := "f" if q.lo > b
else := "u"

range_op("min", q, b) := range_min(q, b)

range_op("max", q, b) := range_max(q, b)

rounded(n, d) := round((n / d) * 1000) / 1000

ratio_lo(n, d) := 0 if d.inf
else := rounded(n.lo, d.hi)

ratio_inf(n, d) if d.lo == 0

ratio_inf(n, d) if n.inf

ratio_hi(n, d) := 0 if ratio_inf(n, d)
else := rounded(n.hi, d.lo)

ratio_q(n, d) := {"lo": ratio_lo(n, d), "hi": ratio_hi(n, d), "inf": ratio_inf(n, d)} if ratio_inf(n, d)
else := {"lo": ratio_lo(n, d), "hi": ratio_hi(n, d), "inf": false}

ratio(n, d, num_ptr, den_ptr, op, b) := [["cannot_evaluate", ""]] if n == null
else := [["cannot_evaluate", ""]] if d == null
else := [["cannot_evaluate", den_ptr]] if {
	not d.inf
	d.hi == 0
}
else := [[outc(range_op(op, ratio_q(n, d), b)), num_ptr]]

# link targets of a `covers`-style field: a set of ids, or null when not stated / not a list
targets(v) := {v} if is_string(v)
else := {x | some x in v; is_string(x)} if is_array(v)
else := null

sid(e) := e.id if is_string(e.id)
else := ""

# each_has with `link` (min 1). rts = [[related filter truth, link value]] for the related
# elements whose filter is not false.
links(rel, rts) := {
	"definite": {id | some r in rts; r[0] == "t"; t := targets(r[1]); t != null; some id in t},
	"maybe": {id | some r in rts; r[0] == "u"; t := targets(r[1]); t != null; some id in t},
	"open": links_open(rel, rts),
}

links_open(rel, rts) := true if count(rel.unstated) > 0
else := true if {
	some r in rts
	r[0] == "u"
}
else := true if {
	some r in rts
	targets(r[1]) == null
}
else := false

has_link(e, l) := "pass" if sid(e) in l.definite
else := "fail" if {
	not l.open
	not sid(e) in l.maybe
}
else := "cannot_evaluate"

# ---------------------------------------------------------------- value, scalar
vid_005 := [[outc(t_min(val(input, ["technical", "video_storage", "retention_days"]), p.video_retention_days)), "/technical/video_storage/retention_days"]]

a_vid_006 := app(null, ["level1"], null, "t")

vid_006 := na if a_vid_006 == "no"
else := settled(a_vid_006, [[outc(t_min(val(input, ["technical", "video_storage", "retention_days"]), p.video_retention_days_level1)), "/technical/video_storage/retention_days"]])

a_stf_007 := app(null, null, null, t_eq(val(input, ["project", "property_service_grade"]), "grade1"))

stf_007 := na if a_stf_007 == "no"
else := settled(a_stf_007, [[outc(t_max(val(input, ["staffing", "patrol_interval_hours"]), p.staffing_patrol_interval_hours_grade1)), "/staffing/patrol_interval_hours"]])

a_stf_016 := app(null, ["level1"], null, "t")

stf_016 := na if a_stf_016 == "no"
else := settled(a_stf_016, [[outc(t_min(val(input, ["staffing", "control_room_operators_per_shift"]), p.staffing_control_room_operators_level1)), "/staffing/control_room_operators_per_shift"]])

# ---------------------------------------------------------------- value, per element
acc_003 := each(access_points, [[settle(outc(t_eq(object.get(x, "fire_alarm_release", null), true)), ft), e[0]] |
	some e in access_points.items
	x := e[1]
	ft := t_eq(object.get(x, "on_evacuation_route", null), true)
	ft != "f"
])

alt_credentials := {"card", "password", "qr_code", "phone_app", "id_card", "fingerprint", "key", "staffed_check"}

acc_012 := each(access_points, [[settle(outc(t_contains_any(object.get(x, "credentials", null), alt_credentials)), ft), e[0]] |
	some e in access_points.items
	x := e[1]
	ft := t_contains(object.get(x, "credentials", null), "face")
	ft != "f"
])

a_per_004 := app(["new_build"], null, null, "t")

per_004 := na if a_per_004 == "no"
else := settled(a_per_004, each(segments, [[settle(outc(t_min(object.get(x, "height_m", null), p.perimeter_min_height_m)), ft), e[0]] |
	some e in segments.items
	x := e[1]
	ft := t_in(object.get(x, "barrier", null), ["wall", "fence", "railing"])
	ft != "f"
]))

# where: { not: { attended: true } }
per_007 := each(openings, [[settle(outc(t_eq(object.get(x, "barrier_equal_strength", null), true)), ft), e[0]] |
	some e in openings.items
	x := e[1]
	ft := f_not(t_eq(object.get(x, "attended", null), true))
	ft != "f"
])

per_009 := each(alarm_zones, [[settle(outc(t_max(object.get(x, "length_m", null), p.perimeter_zone_max_m)), ft), e[0]] |
	some e in alarm_zones.items
	x := e[1]
	ft := f_and(t_exists(object.get(x, "segments", null)), t_not_in(object.get(x, "technology", null), ["pulse_fence", "tension_fence"]))
	ft != "f"
])

a_vid_015 := app(["new_build"], null, null, "t")

vid_015 := na if a_vid_015 == "no"
else := settled(a_vid_015, each(cameras, [[outc(t_min(object.get(e[1], "resolution_mp", null), p.camera_min_resolution_mp)), e[0]] |
	some e in cameras.items
]))

key_functions := {"face_capture", "plate_recognition"}

vid_016 := each(cameras, [[settle(outc(t_eq(object.get(x, "resume_after_network_loss", null), true)), ft), e[0]] |
	some e in cameras.items
	x := e[1]
	ft := f_or(t_in(object.get(x, "type", null), key_functions), t_contains_any(object.get(x, "functions", null), key_functions))
	ft != "f"
])

# where: { covers: { contains_any: { ids_of: [site.entrances[*], site.entrances[*].lanes[*]] } } }
entrance_ids := {x.id | some e in entrances.items; x := e[1]; is_string(x.id)} | {x.id | some e in lanes.items; x := e[1]; is_string(x.id)}

a_vid_017 := app(["new_build"], null, ["31"], "t")

vid_017 := na if a_vid_017 == "no"
else := settled(a_vid_017, each(cameras, [[settle(outc(t_eq(object.get(x, "faces_outward", null), true)), ft), e[0]] |
	some e in cameras.items
	x := e[1]
	ft := t_contains_any(object.get(x, "covers", null), entrance_ids)
	ft != "f"
]))

a_icm_001 := app(["new_build"], null, null, "t")

icm_001 := na if a_icm_001 == "no"
else := settled(a_icm_001, each(units, [[outc(t_eq(val(e[1], ["entrance_door", "electric_lock"]), true)), e[0]] |
	some e in units.items
]))

stf_005 := each(entrances, [[settle(outc(t_eq(object.get(x, "staffed_24h", null), true)), ft), e[0]] |
	some e in entrances.items
	x := e[1]
	ft := t_eq(object.get(x, "main", null), true)
	ft != "f"
])

# ---------------------------------------------------------------- count
prv_002 := [[outc(range_max(tally(cameras, [[t_eq(object.get(e[1], "in_private_space", null), true), weight(e[1], "quantity")] | some e in cameras.items]), 0)), "/technical/cameras"]]

ebk_005 := [[outc(range_min(tally(public_areas, [[t_in(object.get(e[1], "kind", null), ["ebike_shed", "charging_point", "bicycle_garage"]), 1] | some e in public_areas.items]), 1)), "/site/public_areas"]]

a_net_010 := app(["new_build"], null, ["50"], "t")

net_010 := na if a_net_010 == "no"
else := settled(a_net_010, [[outc(range_min(tally(platform_links, [[t_in(object.get(e[1], "target", null), ["police_video_network", "street_grid_platform"]), 1] | some e in platform_links.items]), 1)), "/technical/platform_links"]])

# ---------------------------------------------------------------- each_has (min 1)
face_cam(x) := f_or(t_eq(object.get(x, "type", null), "face_capture"), t_contains(object.get(x, "functions", null), "face_capture"))

plate_cam(x) := f_or(t_eq(object.get(x, "type", null), "plate_recognition"), t_contains(object.get(x, "functions", null), "plate_recognition"))

face_links := links(cameras, [[t, object.get(e[1], "covers", null)] | some e in cameras.items; t := face_cam(e[1]); t != "f"])

plate_links := links(cameras, [[t, object.get(e[1], "covers", null)] | some e in cameras.items; t := plate_cam(e[1]); t != "f"])

camera_links := links(cameras, [["t", object.get(e[1], "covers", null)] | some e in cameras.items])

zone_links := links(alarm_zones, [["t", object.get(e[1], "segments", null)] | some e in alarm_zones.items])

vid_008 := each(entrances, [[settle(has_link(x, face_links), ft), e[0]] |
	some e in entrances.items
	x := e[1]
	ft := t_in(object.get(x, "kind", null), ["pedestrian", "mixed"])
	ft != "f"
])

a_vid_012 := app(["new_build"], null, null, "t")

vid_012 := na if a_vid_012 == "no"
else := settled(a_vid_012, each(units, [[has_link(e[1], camera_links), e[0]] | some e in units.items]))

a_vid_013 := app(["new_build"], null, null, "t")

vid_013 := na if a_vid_013 == "no"
else := settled(a_vid_013, each(lifts, [[has_link(e[1], camera_links), e[0]] | some e in lifts.items]))

# via: linked_cameras (related cameras, no related filter)
camera_ids := {x.id | some e in cameras.items; x := e[1]; is_string(x.id)}

has_via(z) := "cannot_evaluate" if object.get(z, "linked_cameras", null) == null
else := "pass" if {
	t := targets(z.linked_cameras)
	t != null
	some id in t
	id in camera_ids
}
else := "fail" if count(cameras.unstated) == 0
else := "cannot_evaluate"

per_014 := each(alarm_zones, [[settle(has_via(x), ft), e[0]] |
	some e in alarm_zones.items
	x := e[1]
	ft := f_and(t_exists(object.get(x, "segments", null)), t_ne(object.get(x, "technology", null), "video_analytics"))
	ft != "f"
])

a_per_008 := app(null, null, null, t_eq(val(input, ["site", "perimeter", "closed"]), true))

per_008 := na if a_per_008 == "no"
else := settled(a_per_008, each(segments, [[has_link(e[1], zone_links), e[0]] | some e in segments.items]))

veh_004 := each(lanes, [[settle(has_link(x, plate_links), ft), e[0]] |
	some e in lanes.items
	x := e[1]
	ft := t_eq(object.get(x, "kind", null), "vehicle")
	ft != "f"
])

# ---------------------------------------------------------------- ratio
a_alm_015 := app(["new_build"], ["level2", "level1"], null, "t")

alm_015 := na if a_alm_015 == "no"
else := settled(a_alm_015, ratio(
	tally(emergency_buttons, [[t_eq(object.get(e[1], "in_dwelling", null), true), weight(e[1], "quantity")] | some e in emergency_buttons.items]),
	q_field(val(input, ["project", "households"])),
	"/technical/emergency_buttons", "/project/households", "min", p.dwelling_emergency_buttons_per_household,
))

a_stf_014 := app(null, null, null, t_eq(val(input, ["site", "perimeter", "closed"]), true))

stf_014 := na if a_stf_014 == "no"
else := settled(a_stf_014, ratio(
	q_field(val(input, ["staffing", "guards_total"])),
	tally(entrances, [[t_in(object.get(e[1], "kind", null), ["pedestrian", "vehicle", "mixed"]), 1] | some e in entrances.items]),
	"/staffing/guards_total", "/site/entrances", "min", p.staffing_guards_per_entrance,
))

a_ebk_001 := app(["renovation", "expansion"], null, ["53"], "t")

ebikes := val(input, ["technical", "ebike", "ebikes"])

charging_ports := val(input, ["technical", "ebike", "charging_ports"])

ebk_001 := na if a_ebk_001 == "no"
else := settled(a_ebk_001, ratio(
	q_field(ebikes), q_field(charging_ports),
	"/technical/ebike/ebikes", "/technical/ebike/charging_ports", "max", p.ebike_charging_ratio_max,
))

# ---------------------------------------------------------------- expr (CEL translated)
# CEL three-valued logic ("e" = error), as the `cel` crate: `err || true` = true,
# `err && false` = false, otherwise an error on either side propagates.
t_or(a, b) := true if a == true
else := "e" if b == "e"
else := b if a == false
else := true if b == true
else := "e"

t_and(a, b) := false if a == false
else := "e" if b == "e"
else := b if a == true
else := false if b == false
else := "e"

tri(v) := "e" if v == null
else := v

cel_outcome(t) := "pass" if t == true
else := "fail" if t == false
else := "cannot_evaluate"

# EBK-002: (has(it.ebike_blocking) && it.ebike_blocking)
#       || (has(s.technical.iot_sensors) && s.technical.iot_sensors.exists(x, x.kind == 'ebike_lift_blocking' && has(x.location) && x.location == it.id))
#       || (s.technical.ebike.physical_separation && double(ebikes) <= double(p.ebike_charging_ratio_max) * double(charging_ports))
# (sensor kind and lift id are required by the schema, so the second term never errs once
# s.technical is stated)
blocking_sensor_locations := {x.location |
	some x in object.get(object.get(input, "technical", {}), "iot_sensors", [])
	x.kind == "ebike_lift_blocking"
	x.location != null
}

technical_stated if val(input, ["technical"]) != null

ebk_sep := tri(val(input, ["technical", "ebike", "physical_separation"]))

ebk_cmp := "e" if not is_number(ebikes)
else := "e" if not is_number(charging_ports)
else := ebikes <= p.ebike_charging_ratio_max * charging_ports

ebk_third := t_and(ebk_sep, ebk_cmp)

ebk_002_one(l) := true if l.ebike_blocking == true
else := true if l.id in blocking_sensor_locations
else := "e" if not technical_stated
else := ebk_third

a_ebk_002 := app(["renovation", "expansion"], null, ["53"], "t")

ebk_002 := na if a_ebk_002 == "no"
else := settled(a_ebk_002, each(lifts, [[cel_outcome(ebk_002_one(e[1])), e[0]] | some e in lifts.items]))

# PHY-004: has(it.entrance_door) && has(it.entrance_door.anti_theft_grade) ? it.entrance_door.anti_theft_grade != ''
#        : s.physical.doors.exists(d, has(d.location) && d.location == it.id && has(d.kind) && d.kind == 'anti_theft')
physical_doors := val(input, ["physical", "doors"])

anti_theft_door_locations := {d.location | some d in physical_doors; d.kind == "anti_theft"}

phy_004_one(u) := "pass" if {
	g := val(u, ["entrance_door", "anti_theft_grade"])
	g != null
	g != ""
}
else := "fail" if val(u, ["entrance_door", "anti_theft_grade"]) == ""
else := "cannot_evaluate" if physical_doors == null
else := "pass" if u.id in anti_theft_door_locations
else := "fail"

a_phy_004 := app(["new_build"], null, null, "t")

phy_004 := na if a_phy_004 == "no"
else := settled(a_phy_004, each(units, [[phy_004_one(e[1]), e[0]] | some e in units.items]))

# ACC-016: (vm.registration || vm.host_authorisation) && vm.destination_limited && vm.temporary_rights_expire
vm := val(input, ["technical", "visitor_management"])

acc_016 := [["cannot_evaluate", ""]] if vm == null
else := [[cel_outcome(t_and(t_and(t_or(tri(val(vm, ["registration"])), tri(val(vm, ["host_authorisation"]))), tri(val(vm, ["destination_limited"]))), tri(val(vm, ["temporary_rights_expire"])))), ""]]

# VEH-008 (for each entrance of kind vehicle/mixed): it.lanes.exists(l, l.kind == 'vehicle')
veh_008_one(e) := "cannot_evaluate" if not is_array(object.get(e, "lanes", null))
else := "pass" if {
	some l in e.lanes
	l.kind == "vehicle"
}
else := "cannot_evaluate" if {
	some l in e.lanes
	val(l, ["kind"]) == null
}
else := "fail"

veh_008 := each(entrances, [[settle(veh_008_one(x), ft), e[0]] |
	some e in entrances.items
	x := e[1]
	ft := t_in(object.get(x, "kind", null), ["vehicle", "mixed"])
	ft != "f"
])

# ---------------------------------------------------------------- result
result := {"rules": {
	"VID-005": summary(vid_005), "VID-006": summary(vid_006), "STF-007": summary(stf_007),
	"STF-016": summary(stf_016), "ACC-003": summary(acc_003), "ACC-012": summary(acc_012),
	"PER-004": summary(per_004), "PER-007": summary(per_007), "PER-009": summary(per_009),
	"VID-015": summary(vid_015), "VID-016": summary(vid_016), "VID-017": summary(vid_017),
	"ICM-001": summary(icm_001), "STF-005": summary(stf_005),
	"PRV-002": summary(prv_002), "EBK-005": summary(ebk_005), "NET-010": summary(net_010),
	"VID-008": summary(vid_008), "VID-012": summary(vid_012), "VID-013": summary(vid_013),
	"PER-014": summary(per_014), "PER-008": summary(per_008), "VEH-004": summary(veh_004),
	"ALM-015": summary(alm_015), "STF-014": summary(stf_014), "EBK-001": summary(ebk_001),
	"EBK-002": summary(ebk_002), "PHY-004": summary(phy_004), "ACC-016": summary(acc_016),
	"VEH-008": summary(veh_008),
}}
