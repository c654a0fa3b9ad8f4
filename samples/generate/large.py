#!/usr/bin/env python3
"""Generate samples/erhai-large-5000.yaml: a large level-1 estate designed to FAIL the reference standard.

洱海天境花园 (大理市海东镇): 5,000 households in 30 high-rise buildings built in three phases, three
underground garages, nine entrances, a 2.55 km closed perimeter and about 2,000 cameras, almost all
listed one by one (a real equipment schedule is that long). The design is sound except for a handful
of deliberate faults, each a realistic shortcut a reviewer finds in practice:

  技防 technical  VID-005 / VID-006  recordings kept 15 days (storage cut to save cost)
                  ACC-003           phase-3 basement lift-lobby doors not released by the fire alarm
                  ACC-012           clubhouse door opened by face recognition only
                  PER-009           one 270 m vibration-cable zone along the hillside (> 200 m)
  物防 physical   PER-004           one hillside fence segment only 1.6 m high
  人防 people     STF-007           night patrol every 2 h at a grade-1 property service
                  STF-016           one control-room operator per shift at protection level 1

Python 3 standard library only; deterministic (no randomness, no clock): the same script always
writes the same bytes.

usage: python3 samples/generate/large.py [OUTPUT]   (default: samples/erhai-large-5000.yaml)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(os.path.dirname(HERE), "erhai-large-5000.yaml")

# ----------------------------------------------------------------------------- the estate
# 一期 1#–10#、二期 11#–20#：27 层，3 个单元，一梯两户（162 户/栋）
# 三期 21#–30#：22 层，2 个单元，一梯四户（176 户/栋）
PHASES = {1: range(1, 11), 2: range(11, 21), 3: range(21, 31)}
PHASE_ZH = {1: "一期", 2: "二期", 3: "三期"}


def building(n):
    if n <= 20:
        return dict(n=n, id=f"B{n:02d}", floors=27, height=81.3, units=3, per_floor=2,
                    phase=1 if n <= 10 else 2)
    return dict(n=n, id=f"B{n:02d}", floors=22, height=66.6, units=2, per_floor=4, phase=3)


BUILDINGS = [building(n) for n in range(1, 31)]
for b in BUILDINGS:
    b["hh_unit"] = b["floors"] * b["per_floor"]
    b["households"] = b["hh_unit"] * b["units"]
HOUSEHOLDS = sum(b["households"] for b in BUILDINGS)
assert HOUSEHOLDS == 5000, HOUSEHOLDS


def units(b):
    return [f"{b['id']}-U{u}" for u in range(1, b["units"] + 1)]


def garage_of(b):
    return f"G{b['phase']}"


GARAGES = [
    # id, name, spaces, ramp id, ramp name, cameras per level (B1, B2)
    ("G1", "一期地下车库（两层）", 2000, "G1-R1", "一期车库坡道（接 E5）", 150),
    ("G2", "二期地下车库（两层）", 2000, "G2-R1", "二期车库坡道（接 E6）", 150),
    ("G3", "三期地下车库（两层）", 2000, "G3-R1", "三期车库坡道（接 E7）", 150),
]

# perimeter: 28 segments, clockwise from the south-west corner
SEGMENTS = []
_SEG_PLAN = [
    # count, side, barrier, height, length pattern
    (7, "南侧（洱海大道临街）", "railing", 2.0, [93, 92, 88, 94, 90, 86, 94]),
    (7, "东侧（临湖生态绿带）", "railing", 2.0, [92, 94, 90, 93, 88, 91, 89]),
    (7, "北侧（山坡地段）", "fence", 2.2, [93, 90, 90, 90, 93, 87, 92]),
    (7, "西侧（与海东二小及规划路相邻）", "wall", 2.4, [94, 91, 94, 89, 92, 90, 93]),
]
_k = 0
for count, side, barrier, height, lengths in _SEG_PLAN:
    for i in range(count):
        _k += 1
        SEGMENTS.append(dict(id=f"S{_k:02d}", name=f"{side}{i + 1}段", length=lengths[i],
                             barrier=barrier, height=height))
# 北侧山坡地段 S16–S18：陡坎处改用振动光缆，一个防区覆盖三段（约 270 m）——PER-009（宜）
HILL = ["S16", "S17", "S18"]
# S17 为坡地段钢栅栏，施工图沿用原方案 1.6 m，未按 1.8 m 调整——PER-004（应）
LOW_FENCE = "S17"
for s in SEGMENTS:
    if s["id"] == LOW_FENCE:
        s["height"] = 1.6
PERIMETER_M = sum(s["length"] for s in SEGMENTS)

ENTRANCES = [
    # id, name, kind, main, staffed_24h, guards_day, guards_night, lanes [(id, kind, direction)]
    ("E1", "南主入口（洱海大道）", "mixed", True, True, 3, 2,
     [("E1-VIN1", "vehicle", "in"), ("E1-VIN2", "vehicle", "in"), ("E1-VOUT1", "vehicle", "out"),
      ("E1-VOUT2", "vehicle", "out"), ("E1-PIN1", "pedestrian", "in"), ("E1-PIN2", "pedestrian", "in"),
      ("E1-POUT1", "pedestrian", "out"), ("E1-POUT2", "pedestrian", "out"), ("E1-NM1", "non_motor", "both")]),
    ("E2", "西入口（海东大道）", "mixed", False, True, 2, 1,
     [("E2-VIN", "vehicle", "in"), ("E2-VOUT", "vehicle", "out"), ("E2-PIN", "pedestrian", "in"),
      ("E2-POUT", "pedestrian", "out")]),
    ("E3", "北人行入口（山地公园）", "pedestrian", False, True, 1, 1,
     [("E3-P1", "pedestrian", "in"), ("E3-P2", "pedestrian", "out")]),
    ("E4", "东人行入口（临湖步道）", "pedestrian", False, True, 1, 1,
     [("E4-P1", "pedestrian", "in"), ("E4-P2", "pedestrian", "out")]),
    ("E5", "一期车库出入口", "vehicle", False, True, 1, 1,
     [("E5-VIN", "vehicle", "in"), ("E5-VOUT", "vehicle", "out")]),
    ("E6", "二期车库出入口", "vehicle", False, True, 1, 1,
     [("E6-VIN", "vehicle", "in"), ("E6-VOUT", "vehicle", "out")]),
    ("E7", "三期车库出入口", "vehicle", False, True, 1, 1,
     [("E7-VIN", "vehicle", "in"), ("E7-VOUT", "vehicle", "out")]),
]
EMERGENCY_GATES = [("E8", "东北消防应急出入口"), ("E9", "西南消防应急出入口")]

PUBLIC_AREAS = [
    # id, name, kind, extra
    ("PA-SQ1", "一期中心广场", "square", "area_m2: 3200"),
    ("PA-SQ2", "二期中心广场", "square", "area_m2: 3000"),
    ("PA-SQ3", "三期中心广场", "square", "area_m2: 2600"),
    ("PA-PLAY1", "一期儿童游乐场", "play_area", "area_m2: 800"),
    ("PA-PLAY2", "二期儿童游乐场", "play_area", "area_m2: 760"),
    ("PA-PLAY3", "三期儿童游乐场", "play_area", "area_m2: 700"),
    ("PA-ACT1", "一期全龄活动区", "activity_area", "area_m2: 1800"),
    ("PA-ACT2", "二期全龄活动区", "activity_area", "area_m2: 1600"),
    ("PA-ACT3", "三期全龄活动区", "activity_area", "area_m2: 1500"),
    ("PA-LAKE", "临湖景观步道", "activity_area", "area_m2: 5200"),
    ("PA-ROAD", "小区环形主干道", "main_road", None),
    ("PA-FIRE", "环形消防车道及登高场地", "fire_lane", None),
    ("PA-CLUB", "会所（健身房、泳池）", "other", "area_m2: 2400"),
    ("PA-PARK", "南主入口地面访客停车场", "parking_surface", "area_m2: 1800"),
    ("PA-EB1", "一期北电动自行车棚", "ebike_shed", "ebike_spaces: 520, charging_ports: 190"),
    ("PA-EB2", "一期南电动自行车棚", "ebike_shed", "ebike_spaces: 480, charging_ports: 180"),
    ("PA-EB3", "二期北电动自行车棚", "ebike_shed", "ebike_spaces: 520, charging_ports: 190"),
    ("PA-EB4", "二期南电动自行车棚", "ebike_shed", "ebike_spaces: 480, charging_ports: 180"),
    ("PA-EB5", "三期东电动自行车棚", "ebike_shed", "ebike_spaces: 500, charging_ports: 180"),
    ("PA-EB6", "三期西电动自行车棚", "ebike_shed", "ebike_spaces: 500, charging_ports: 180"),
    ("PA-ROOM1", "G1 负一层弱电机房", "equipment_room", "area_m2: 60"),
    ("PA-ROOM2", "G2 负一层弱电机房", "equipment_room", "area_m2: 60"),
    ("PA-ROOM3", "G3 负一层弱电机房", "equipment_room", "area_m2: 60"),
]
EBIKES = 3000
CHARGING_PORTS = 1100

# ----------------------------------------------------------------------------- camera types
OUT = "outdoor: true, ip_rating: IP67"
T_BULLET = "type: bullet, model: DS-2CD3T47EWD-L, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, colour: true, wdr: true"
T_BULLET_IR = "type: bullet, model: DS-2CD3T46WDV3-I5, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, colour: true, ir_illumination: true, wdr: true"
T_DOME = "type: dome, model: DS-2CD3347WDV3-L, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, colour: true, wdr: true"
T_FACE = ("type: face_capture, model: iDS-2CD7A46G0/P-IZHS, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, "
          "colour: true, wdr: true, functions: [face_capture], edge_storage: true, resume_after_network_loss: true")
T_FACE_DOME = ("type: dome, model: iDS-2CD7146G0-IZS, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, "
               "colour: true, wdr: true, functions: [face_capture], edge_storage: true, resume_after_network_loss: true")
T_LPR = ("type: plate_recognition, model: DS-TCG405-E, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, "
         "colour: true, wdr: true, functions: [plate_recognition], edge_storage: true, resume_after_network_loss: true")
T_LIFT = "type: lift, model: DS-2CD3547FWD-LIS, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, colour: true, functions: [ebike_detection]"
T_THROW = ("type: throwing_detection, model: iDS-2CD7T87EWDV2-L, resolution_mp: 8, frame_rate_fps: 25, bitrate_mbps: 8, "
           "colour: true, functions: [throwing_detection], overlooks_private_windows: false")
T_PTZ = "type: ptz, model: iDS-2DE7423MW-AB, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, colour: true, ir_illumination: true, wdr: true"
T_PANO = "type: panoramic, model: iDS-2PT9A144MXS-D/T2, resolution_mp: 8, frame_rate_fps: 25, bitrate_mbps: 8, colour: true"
T_GARAGE = "type: bullet, model: DS-2CD3T47EWD-L, resolution_mp: 4, frame_rate_fps: 25, bitrate_mbps: 4, colour: true, wdr: true"


# ----------------------------------------------------------------------------- writer
class Out:
    def __init__(self):
        self.lines = []

    def __call__(self, text=""):
        self.lines.extend(text.split("\n"))

    def text(self):
        return "\n".join(self.lines).rstrip("\n") + "\n"


def flow(pairs):
    """A one-line YAML flow mapping from (key, value-text) pairs; values are already YAML."""
    return "{ " + ", ".join(f"{k}: {v}" for k, v in pairs if v is not None) + " }"


def ids(xs):
    return "[" + ", ".join(xs) + "]"


class Cameras:
    def __init__(self):
        self.rows = []   # (comment or None, line)

    def add(self, cid, name, kind, covers, extra=None, comment=None, quantity=None):
        parts = [f"id: {cid}", f"name: {name}", kind]
        if extra:
            parts.append(extra)
        # State what the rules ask of every camera: no smart functions is `functions: []`, not
        # silence (a list not stated is "not stated", see standards/README.md).
        if "functions:" not in kind + (extra or ""):
            parts.append("functions: []")
        if "face_capture" in kind or "face_capture" in (extra or ""):
            parts.append("analytics_schedule: continuous")
        if cid.startswith("CAM-HIGH-"):
            parts.append("high_point: true")
        for flag in ("in_private_space", "overlooks_private_windows"):
            if f"{flag}:" not in kind + (extra or ""):
                parts.append(f"{flag}: false")
        if quantity:
            parts.append(f"quantity: {quantity}")
        parts.append(f"covers: {ids(covers)}")
        self.rows.append((comment, "- { " + ", ".join(parts) + " }"))

    def section(self, comment):
        self.rows.append((comment, None))

    def count(self):
        n = 0
        for _, line in self.rows:
            if line is None:
                continue
            q = 1
            if "quantity: " in line:
                q = int(line.split("quantity: ")[1].split(",")[0])
            n += q
        return n

    def bitrate(self):
        total = 0
        for _, line in self.rows:
            if line is None:
                continue
            q = int(line.split("quantity: ")[1].split(",")[0]) if "quantity: " in line else 1
            total += q * int(line.split("bitrate_mbps: ")[1].split(",")[0])
        return total


def build_cameras():
    c = Cameras()
    # entrances
    c.section("出入口：每条人行道、非机动车道设人脸抓拍，每条车行道设车牌识别，摄像机一律朝外")
    for eid, name, kind, main, _, _, _, lanes in ENTRANCES:
        short = name.split("（")[0]
        for lid, lkind, direction in lanes:
            dir_zh = {"in": "进口", "out": "出口", "both": "双向"}[direction]
            if lkind in ("pedestrian", "non_motor"):
                what = "人行道" if lkind == "pedestrian" else "非机动车道"
                c.add(f"CAM-{lid}-FACE", f"{short}{what}{dir_zh}人脸抓拍", T_FACE, [eid, lid],
                      f"{OUT}, faces_outward: true")
            else:
                c.add(f"CAM-{lid}-LPR", f"{short}车行道{dir_zh}车牌识别", T_LPR, [lid],
                      f"{OUT}, faces_outward: true")
        c.add(f"CAM-{eid}-OV-01", f"{short}门前全景", T_BULLET, [eid], f"{OUT}, faces_outward: true")
        if main:
            c.add(f"CAM-{eid}-OV-02", f"{short}门前广场全景", T_BULLET, [eid, "PA-PARK"], f"{OUT}, faces_outward: true")
            c.add(f"CAM-{eid}-PTZ-01", f"{short}球机", T_PTZ, [eid, "PA-PARK"], f"{OUT}, faces_outward: true")
        c.add(f"CAM-{eid}-BOOTH", f"{short}门岗室", T_DOME, [eid], "faces_outward: true")
    for eid, name in EMERGENCY_GATES:
        c.add(f"CAM-{eid}-01", name, T_BULLET, [eid], f"{OUT}, faces_outward: true")

    # perimeter
    c.section("周界：每段 3 台红外枪机（两端对向 + 中部），转角设球机；防区报警联动本段枪机")
    for s in SEGMENTS:
        for k in (1, 2, 3):
            c.add(f"CAM-{s['id']}-{k:02d}", f"周界{s['name']}{k}号", T_BULLET_IR, [s["id"]],
                  f"{OUT}, functions: [intrusion_analytics]")
    corners = [("SW", "西南", ["S28", "S01"]), ("SE", "东南", ["S07", "S08"]), ("NE", "东北", ["S14", "S15"]),
               ("NW", "西北", ["S21", "S22"])]
    for code, zh, segs in corners:
        c.add(f"CAM-PER-{code}-PTZ", f"周界{zh}转角球机", T_PTZ, segs, OUT)

    # buildings
    c.section("楼栋：每单元首层门厅半球 + 人脸抓拍、屋面出口半球、首层消防楼梯间半球；每部电梯轿厢摄像机")
    for b in BUILDINGS:
        for u, uid in enumerate(units(b), 1):
            label = f"{b['n']}#楼{u}单元"
            c.add(f"CAM-{uid}-HALL", f"{label}首层门厅", T_DOME, [uid])
            c.add(f"CAM-{uid}-FACE", f"{label}首层门厅人脸抓拍", T_FACE_DOME, [uid])
            c.add(f"CAM-{uid}-ROOF", f"{label}屋面出口", T_DOME, [uid])
            c.add(f"CAM-{uid}-STAIR", f"{label}首层消防楼梯间", T_DOME, [uid])
            for l in (1, 2):
                c.add(f"CAM-{uid}-L{l}", f"{label}{l}号电梯轿厢", T_LIFT, [f"{uid}-L{l}"])

    # garages
    c.section("地下车库：坡道口、各单元地下候梯厅（人脸抓拍 + 半球）；行车道和车位区按约 15 个车位 1 台逐台编号")
    for gid, gname, spaces, ramp, rname, per_level in GARAGES:
        c.add(f"CAM-{ramp}-01", f"{rname}上口", T_BULLET, [ramp, gid])
        c.add(f"CAM-{ramp}-02", f"{rname}下口", T_BULLET, [ramp, gid])
        c.add(f"CAM-{ramp}-03", f"{rname}B1/B2 层间坡道", T_BULLET, [ramp, gid])
        phase = int(gid[1])
        for n in PHASES[phase]:
            b = BUILDINGS[n - 1]
            for u, uid in enumerate(units(b), 1):
                ge = f"{gid}-{uid}"
                c.add(f"CAM-{ge}-FACE", f"{b['n']}#楼{u}单元地下候梯厅人脸抓拍", T_FACE_DOME, [ge])
                c.add(f"CAM-{ge}-DOME", f"{b['n']}#楼{u}单元地下候梯厅", T_DOME, [ge])
        for level in ("B1", "B2"):
            for k in range(1, per_level + 1):
                zone = "ABCDEFGHJK"[(k - 1) // 17]
                c.add(f"CAM-{gid}-{level}-{k:03d}", f"{gname.split('（')[0]}{level} {zone}区{k}号", T_GARAGE, [gid])

    # façades
    c.section("高空抛物：每栋南、北立面各 2 台 8 MP 仰拍摄像机（立杆距立面约 18 m），已设隐私遮蔽区")
    for b in BUILDINGS:
        for face, zh in (("S", "南"), ("N", "北")):
            for k in (1, 2):
                c.add(f"CAM-F-{b['id']}-{face}-{k}", f"{b['n']}#楼{zh}立面高空抛物{k}号", T_THROW,
                      [f"F-{b['id']}-{face}"], OUT)

    # public areas
    c.section("公共区域：广场、活动区、主干道路口设人脸抓拍；主干道约 30 m 一台枪机；3 台高点瞭望球机")
    for i in (1, 2, 3):
        c.add(f"CAM-SQ{i}-FACE-01", f"{PHASE_ZH[i]}中心广场人脸抓拍1号", T_FACE, [f"PA-SQ{i}"], OUT)
        c.add(f"CAM-SQ{i}-FACE-02", f"{PHASE_ZH[i]}中心广场人脸抓拍2号", T_FACE, [f"PA-SQ{i}"], OUT)
        c.add(f"CAM-SQ{i}-PANO", f"{PHASE_ZH[i]}中心广场全景", T_PANO, [f"PA-SQ{i}", f"PA-ACT{i}"], OUT)
        for k in (1, 2):
            c.add(f"CAM-SQ{i}-{k:02d}", f"{PHASE_ZH[i]}中心广场{k}号", T_BULLET, [f"PA-SQ{i}"], OUT)
        for k in (1, 2, 3):
            c.add(f"CAM-PLAY{i}-{k:02d}", f"{PHASE_ZH[i]}儿童游乐场{k}号", T_BULLET, [f"PA-PLAY{i}"], OUT)
        c.add(f"CAM-ACT{i}-FACE", f"{PHASE_ZH[i]}全龄活动区人脸抓拍", T_FACE, [f"PA-ACT{i}"], OUT)
        for k in (1, 2):
            c.add(f"CAM-ACT{i}-{k:02d}", f"{PHASE_ZH[i]}全龄活动区{k}号", T_BULLET, [f"PA-ACT{i}"], OUT)
    for k in (1, 2, 3):
        c.add(f"CAM-LAKE-FACE-{k:02d}", f"临湖步道人脸抓拍{k}号", T_FACE, ["PA-LAKE"], OUT)
    for k in range(1, 13):
        c.add(f"CAM-LAKE-{k:02d}", f"临湖步道{k}号", T_BULLET_IR, ["PA-LAKE"], OUT)
    for k in range(1, 25):
        c.add(f"CAM-ROAD-FACE-{k:02d}", f"环形主干道{k}号路口人脸抓拍", T_FACE, ["PA-ROAD"], OUT)
    for k in range(1, 91):
        c.add(f"CAM-ROAD-{k:03d}", f"环形主干道{k}号", T_BULLET_IR, ["PA-ROAD", "PA-FIRE"], OUT)
    for k, b in enumerate(("B05", "B15", "B25"), 1):
        c.add(f"CAM-HIGH-{k:02d}", f"{int(b[1:])}#楼屋面高点瞭望球机", T_PTZ, ["PA-ROAD", "PA-FIRE", f"PA-SQ{k}"], OUT)
    for k in range(1, 7):
        c.add(f"CAM-PARK-{k:02d}", f"访客停车场{k}号", T_BULLET, ["PA-PARK"], OUT)
    c.add("CAM-CLUB-FACE", "会所入口人脸抓拍", T_FACE_DOME, ["PA-CLUB"])
    c.add("CAM-CLUB-IN", "会所室内（大堂、健身房、泳池区）", T_DOME, ["PA-CLUB"], quantity=10,
          comment="会所室内同型号半球合并为一行")
    for i in range(1, 7):
        for k in (1, 2, 3, 4):
            c.add(f"CAM-EB{i}-{k:02d}", f"{dict(PUBLIC_AREAS_NAMES)[f'PA-EB{i}']}{k}号", T_BULLET,
                  [f"PA-EB{i}"], f"{OUT}, functions: [ebike_detection]")
    for i in (1, 2, 3):
        c.add(f"CAM-ROOM{i}-01", f"G{i} 负一层弱电机房1号", T_DOME, [f"PA-ROOM{i}"])
        c.add(f"CAM-ROOM{i}-02", f"G{i} 负一层弱电机房2号", T_DOME, [f"PA-ROOM{i}"])
    c.section("监控中心")
    for k, zh in ((1, "出入口"), (2, "值机区"), (3, "设备区"), (4, "大屏区")):
        c.add(f"CAM-CC-{k:02d}", f"监控中心{zh}", T_DOME, ["monitoring_centre"])
    return c


PUBLIC_AREAS_NAMES = [(pid, name) for pid, name, _, _ in PUBLIC_AREAS]


# ----------------------------------------------------------------------------- sections
def write(o):
    cams = build_cameras()
    ncam = cams.count()
    rate = cams.bitrate()
    retention = 15
    need_tb = rate / 8 * 86400 * retention / 1e6
    capacity = 1800
    units_all = [uid for b in BUILDINGS for uid in units(b)]
    lifts_all = [f"{uid}-L{l}" for uid in units_all for l in (1, 2)]

    o(f"""# yaml-language-server: $schema=submission.schema.json
# 洱海天境花园 安全技术防范系统工程 —— 设计审查申报（一级防范，新建，三期合并报审）
# 本文件由 samples/generate/large.py 生成，请勿手工修改；重新生成：python3 samples/generate/large.py
#
# 规模：30 栋高层住宅、{HOUSEHOLDS} 户；三座两层地下车库共 6000 个车位；9 个出入口；
# 封闭周界 {PERIMETER_M} m（{len(SEGMENTS)} 段）；摄像机 {ncam} 台；门禁点 {len(units_all) * 2 + len(lifts_all) + 12} 个。
#
# 检查：cargo run --release -- check samples/erhai-large-5000.yaml   预期结论：不通过（fail）
# 审查应发现的问题（其余条款均应符合）：
#   技防  VID-005/VID-006 录像只保存 {retention} 天；ACC-003 三期地下候梯厅门禁未接消防联动；
#         ACC-012 会所入口仅刷脸；PER-009 山坡地段振动光缆防区长 270 m
#   物防  PER-004 山坡地段 {LOW_FENCE} 栅栏高 1.6 m
#   人防  STF-007 一级物业服务夜间巡逻间隔 2 h；STF-016 监控中心每班仅 1 人值机

project:
  id: DLJF-SJ-2026-0810             # 大理市技防办设计审查受理编号
  name: 洱海天境花园住宅小区安全技术防范系统工程
  address: 云南省大理白族自治州大理市海东镇环海东路以东、海东大道以北（洱海天境花园）
  region_code: "532901"             # 大理市
  township: 海东镇
  developer: 大理海东天境房地产开发有限公司
  designer: 昆明华坤建筑设计研究院有限公司
  installer: 云南天网安防工程有限公司
  property_manager: 大理天境物业服务有限公司
  kind: new_build
  phase: design_review
  filing_date: "2026-08-10"
  protection_level: level1          # 一级防范：5000 户大型高端住宅小区
  households: {HOUSEHOLDS}
  buildings: {len(BUILDINGS)}
  floor_area_m2: 612000
  site_area_m2: 246000
  parking_spaces: 6060              # 地下 6000 + 地面访客 60
  property_service_grade: grade1
  investment_cny: 38600000
  high_risk: false

site:
  perimeter:
    closed: true
    closable: true
    # 南、东两侧临路、临湖为 2.0 m 通透式护栏（竖杆净距 11 cm），北侧山坡为钢栅栏，西侧为实体围墙。
    segments:""")
    for s in SEGMENTS:
        pairs = [("id", s["id"]), ("name", s["name"]), ("length_m", s["length"]), ("barrier", s["barrier"]),
                 ("height_m", s["height"])]
        if s["barrier"] == "railing":
            pairs += [("bar_spacing_cm", 11), ("horizontal_rail_below_1m", "false")]
        else:
            pairs += [("anti_climb", "true")]
        if s["id"] != "S24":
            pairs += [("openings", "[]")]
        if s["id"] == "S24":
            pairs += [("adjoins_dwellings", "false"),
                      ("openings", "[ { id: S24-O1, kind: drain, barrier_equal_strength: true, attended: false } ]")]
        comment = ""
        if s["id"] == LOW_FENCE:
            comment = "   # 坡地段栅栏沿用方案阶段 1.6 m，未按 1.8 m 调整"
        elif s["id"] == "S24":
            comment = "   # 雨水排放口设钢格栅"
        o(f"      - {flow(pairs)}{comment}")

    o("""
  entrances:""")
    for eid, name, kind, main, h24, gd, gn, lanes in ENTRANCES:
        o(f"    - id: {eid}")
        o(f"      name: {name}")
        o(f"      kind: {kind}")
        o(f"      main: {'true' if main else 'false'}")
        o(f"      staffed: true")
        o(f"      staffed_24h: {'true' if h24 else 'false'}")
        o(f"      guards_day: {gd}")
        o(f"      guards_night: {gn}")
        o(f"      lanes:")
        for lid, lkind, direction in lanes:
            o(f"        - {{ id: {lid}, kind: {lkind}, direction: {direction} }}")
    for eid, name in EMERGENCY_GATES:
        o(f"    - {{ id: {eid}, name: {name}, kind: emergency, main: false, staffed: false, lanes: [] }}")

    o("""
  # 住宅：单元门甲级防盗门，电控锁 + 可视对讲 + 闭门器；每单元 2 部电梯均设电动自行车阻止。
  buildings:""")
    for b in BUILDINGS:
        o(f"    - id: {b['id']}")
        o(f"      name: {b['n']}#楼（{PHASE_ZH[b['phase']]}）")
        o(f"      floors: {b['floors']}")
        o(f"      high_rise: true")
        o(f"      height_m: {b['height']}")
        o(f"      households: {b['households']}")
        o(f"      ground_floor_windows_protected: true")
        o(f"      roof_access_controlled: true")
        o(f"      top_floor_windows_protected: true")
        o(f"      units:")
        for u, uid in enumerate(units(b), 1):
            o(f"        - {{ id: {uid}, name: {b['n']}#楼{u}单元, households: {b['hh_unit']}, "
              f"entrance_door: {{ electric_lock: true, intercom: true, auto_relock: true, door_closer: true, anti_theft_grade: 甲级 }}, "
              f"lifts: [ {{ id: {uid}-L1, ebike_blocking: true }}, {{ id: {uid}-L2, ebike_blocking: true }} ] }}")

    o("""
  garages:""")
    for gid, gname, spaces, ramp, rname, _ in GARAGES:
        o(f"    - id: {gid}")
        o(f"      name: {gname}")
        o(f"      underground: true")
        o(f"      parking_spaces: {spaces}")
        o(f"      entrances:")
        o(f"        - {{ id: {ramp}, name: {rname}, lanes: 2 }}")
        for n in PHASES[int(gid[1])]:
            b = BUILDINGS[n - 1]
            for u, uid in enumerate(units(b), 1):
                o(f"        - {{ id: {gid}-{uid}, name: {b['n']}#楼{u}单元地下候梯厅, to_building: {b['id']} }}")

    o("""
  public_areas:""")
    for pid, name, kind, extra in PUBLIC_AREAS:
        pairs = [("id", pid), ("name", name), ("kind", kind)]
        line = flow(pairs)
        if extra:
            line = line[:-2] + ", " + extra + " }"
        o(f"    - {line}")

    o("""
  facades:""")
    for b in BUILDINGS:
        for face, zh, what in (("S", "south", "入户道路"), ("N", "north", "环形主干道")):
            o(f"    - {{ id: F-{b['id']}-{face}, building: {b['id']}, storeys: {b['floors']}, faces: {zh}, throwing_risk: true }}   # 临{what}")

    o(f"""
technical:
  certified_equipment: true
  # 摄像机合计 {ncam} 台，码流合计 {rate} Mbit/s。
  cameras:""")
    for comment, line in cams.rows:
        if comment:
            o(f"    # {comment}")
        if line:
            o(f"    {line}")

    o(f"""
  # 存储：{ncam} 路、码流合计 {rate} Mbit/s × {retention} 天 ≈ {need_tb:.0f} TB。建设单位为压缩造价，
  # 存储按 {retention} 天配置（{capacity} TB，16 路 NVR 分布于三处弱电机房）——低于 30 天强制要求和一级防范 90 天要求。
  video_storage:
    retention_days: {retention}
    capacity_tb: {capacity}
    redundancy: raid6
    keeps_settings_on_power_loss: true
    original_integrity: true
    nvr_channels_max: 16
    storage_utilisation: {need_tb / capacity:.2f}

  platform_links:
    - {{ id: PL-POLICE, name: 大理市公安局视频专网（雪亮工程）, target: police_video_network, protocols: [gb28181, gat1400, gb35114], boundary_protection: true, linked_cameras: 186 }}
    - {{ id: PL-GRID, name: 海东镇综治中心网格化平台, target: street_grid_platform, protocols: [gb28181, gb35114], boundary_protection: true, linked_cameras: 60 }}
    - {{ id: PL-110, name: 大理州公安局 110 报警服务中心, target: public_security_alarm_centre, protocols: [other], boundary_protection: true }}
""")

    ap_common = ("anti_removal: true, tamper_alarm: true, cable_protected: true, response_time_s: 1, "
                 "clock_drift_s_per_day: 2, invalid_attempt_alarm_after: 5, event_log_days: 180, event_to_centre_s: 2")
    evac = "on_evacuation_route: true, free_egress: true, fire_alarm_release: true, egress_sign: true, fail_mode: fail_safe, backup_power_hours: 72"
    evac_no_fire = "on_evacuation_route: true, free_egress: true, fire_alarm_release: false, egress_sign: true, fail_mode: fail_safe, backup_power_hours: 72"
    face = "face_resolution_mp: 2, liveness_detection: true"
    o("""  # 门禁：人行通道闸、单元门、地下候梯厅门、电梯梯控；疏散路径上的门禁断电开启、消防联动释放。
  access_points:""")
    for eid, name, kind, main, _, _, _, lanes in ENTRANCES:
        for lid, lkind, direction in lanes:
            if lkind != "pedestrian":
                continue
            gate = "barrier_free_gate" if main else "turnstile"
            o(f"    - {{ id: AP-{lid}, location: {lid}, kind: {gate}, credentials: [face, card, qr_code, phone_app], {face}, {evac}, {ap_common} }}")
    for b in BUILDINGS:
        for uid in units(b):
            o(f"    - {{ id: AP-{uid}, location: {uid}, kind: door, credentials: [card, password, face, phone_app], {face}, {evac}, {ap_common} }}")
    o("    # 三期地下候梯厅门禁：施工图未将门禁控制器接入火灾自动报警系统联动模块（ACC-003）")
    for b in BUILDINGS:
        g = garage_of(b)
        for uid in units(b):
            e = evac_no_fire if b["phase"] == 3 else evac
            o(f"    - {{ id: AP-{g}-{uid}, location: {g}-{uid}, kind: door, credentials: [card, face, phone_app], {face}, {e}, {ap_common} }}")
    o("    # 梯控：刷卡、人脸、访客二维码，按授权楼层放行")
    for lid in lifts_all:
        o(f"    - {{ id: AP-{lid}, location: {lid}, kind: lift_control, credentials: [card, face, qr_code], {face}, on_evacuation_route: false, fail_mode: fail_secure, {ap_common} }}")
    o("    # 会所入口：仅设人脸识别门禁，未提供刷卡等替代方式（ACC-012）")
    o(f"    - {{ id: AP-CLUB, name: 会所入口, location: PA-CLUB, kind: door, credentials: [face], {face}, on_evacuation_route: false, fail_mode: fail_secure, backup_power_hours: 12, {ap_common} }}")
    o(f"    - {{ id: AP-CC, name: 监控中心门, location: monitoring_centre, kind: door, credentials: [card, fingerprint], on_evacuation_route: false, fail_mode: fail_secure, backup_power_hours: 12, {ap_common} }}")

    o("""
  visitor_management:
    registration: true
    host_authorisation: true
    destination_limited: true
    temporary_rights_expire: true
    kiosk: true

  alarm_system:
    backup_power_hours: 12
    response_time_s: 1
    records_tamper_proof: true
    police_link: true
    police_receipt_verified: true
    disarmed_tamper_alarm: true
    manual_reset_only: true
    resound_after_s: 30
    centre_sound_light: true
    emap: true
    camera_popup: true

  # 周界防区：每段一个脉冲电子围栏防区；北侧山坡 S16–S18 陡坎处改用振动光缆，三段合为一个防区。
  alarm_zones:""")
    for s in SEGMENTS:
        if s["id"] in HILL:
            continue
        z = "Z" + s["id"][1:]
        o(f"    - {{ id: {z}, name: {s['name']}, segments: [{s['id']}], length_m: {s['length']}, technology: pulse_fence, "
          f"detects: [climbing, crossing], linked_cameras: [CAM-{s['id']}-01, CAM-{s['id']}-02, CAM-{s['id']}-03], "
          f"armed_24h: true, response_time_s: 2, pulse_energy_j: 2.5, pulse_duration_s: 0.08, pulse_interval_s: 1.1, pulse_charge_mc: 1.8 }}")
    hill_len = sum(s["length"] for s in SEGMENTS if s["id"] in HILL)
    hill_cams = ", ".join(f"CAM-{sid}-{k:02d}" for sid in HILL for k in (1, 2, 3))
    o(f"    - {{ id: Z-HILL, name: 北侧山坡地段振动光缆, segments: {ids(HILL)}, length_m: {hill_len}, technology: vibration_cable, "
      f"detects: [climbing, digging], linked_cameras: [{hill_cams}], armed_24h: true, response_time_s: 3 }}   # 防区 {hill_len} m，超过 200 m（PER-009）")

    o("""
  # 紧急报警：门岗、监控中心、游乐场、车库设紧急报警按钮；每户客厅设 1 个紧急求助按钮（接可视对讲室内机）。
  emergency_buttons:""")
    for eid, name, *_ in ENTRANCES:
        o(f"    - {{ id: EB-{eid}, location: {eid}, always_armed: true, latching: true, anti_misoperation: true, linked_camera: CAM-{eid}-OV-01 }}")
    o("    - { id: EB-CC, location: monitoring_centre, always_armed: true, latching: true, anti_misoperation: true, linked_camera: CAM-CC-02 }")
    for i in (1, 2, 3):
        o(f"    - {{ id: EB-PLAY{i}, location: PA-PLAY{i}, always_armed: true, latching: true, anti_misoperation: true, linked_camera: CAM-PLAY{i}-01 }}")
    for gid, *_ in GARAGES:
        o(f"    - {{ id: EB-{gid}, location: {gid}, always_armed: true, latching: true, anti_misoperation: true, linked_camera: CAM-{gid}-R1-01, quantity: 24 }}")
    for b in BUILDINGS:
        o(f"    - {{ id: EB-{b['id']}-HH, location: {b['id']}, in_dwelling: true, always_armed: true, latching: true, anti_misoperation: true, quantity: {b['households']} }}")

    door_stations = len(units_all) * 2 + 10
    o(f"""
  intercom:
    system: visual_digital
    door_stations: {door_stations}             # 单元门、地下候梯厅各 {len(units_all)} 台 + 人行出入口 10 台
    indoor_units: {HOUSEHOLDS}
    centre_master_station: true
    fault_alarm_to_centre: true
    three_party_call: true
    gbt31070_report: true
    unlock_methods: [card, password, face, phone_app, qr_code]

  vehicle_barriers:""")
    for eid, name, kind, *_rest in ENTRANCES:
        lanes = _rest[-1]
        for lid, lkind, direction in lanes:
            if lkind == "vehicle":
                o(f"    - {{ id: VB-{lid}, location: {lid}, plate_recognition: true, anti_crush: true, manual_release: true, fire_release: true, arm_travel_s: 1.8, recognition_rate: 0.995, exit_mismatch_rate: 0.003 }}")

    o("""
  patrol:
    system: true
    realtime: true
    points:""")
    pts = [e[0] for e in ENTRANCES] + [e[0] for e in EMERGENCY_GATES] + [s["id"] for s in SEGMENTS] \
        + [g[0] for g in GARAGES] + [p[0] for p in PUBLIC_AREAS if p[2] in ("ebike_shed", "play_area", "equipment_room")] \
        + [b["id"] for b in BUILDINGS]
    for i, loc in enumerate(pts, 1):
        o(f"      - {{ id: PP-{i:03d}, location: {loc} }}")

    o("""
  iot_sensors:""")
    for b in BUILDINGS:
        o(f"    - {{ id: IOT-EBK-{b['id']}, kind: ebike_lift_blocking, location: {b['id']}, quantity: {b['units'] * 2}, blocking_type: control, spares_prams_wheelchairs: true }}")
    for i in range(1, 7):
        o(f"    - {{ id: IOT-SMOKE-EB{i}, kind: smoke, location: PA-EB{i}, quantity: 16 }}")
    for gid, *_ in GARAGES:
        o(f"    - {{ id: IOT-WATER-{gid}, kind: water_level, location: {gid}, quantity: 6 }}")
    o("    - { id: IOT-MANHOLE, kind: manhole, location: PA-ROAD, quantity: 160 }")
    o("    - { id: IOT-HYDRANT, kind: hydrant_pressure, location: PA-FIRE, quantity: 40 }")

    o(f"""
  ebike:
    ebikes: {EBIKES}
    charging_ports: {CHARGING_PORTS}
    physical_separation: true
    indoor_parking_prohibited_signs: true

  power:
    mains_capacity_ratio: 1.6
    ups: true
    ups_minutes: 90                 # 一级防范 UPS 不少于 60 min
    auto_switchover: true
    tn_s: true
    load_class: class1

physical:
  walls_and_fences:
    anti_climb_top: true
  doors:""")
    for uid in units_all:
        o(f"    - {{ id: D-{uid}, location: {uid}, kind: anti_theft, grade: 甲级 }}")
    o("""    - { id: D-CC, location: monitoring_centre, kind: anti_theft, grade: 甲级 }
  lighting:
    perimeter_lux: 10
    entrance_lux: 75
    road_lux: 20
    night_lighting: true
  ground_floor_window_guards: true
  roof_doors_locked: true

# 人防：保安 96 人、四班三运转；一级物业服务。夜间巡逻每 2 小时一次（STF-007 要求每小时），
# 监控中心每班 1 名值机员（一级防范宜不少于 2 名，STF-016）。
staffing:
  guards_total: 96
  guards_per_shift: 24
  shifts_per_day: 3
  certified_ratio: 1.0
  patrols_per_day: 12
  patrols_per_night: 5
  patrol_interval_hours: 2
  persons_per_patrol: 2
  control_room_operators_per_shift: 1
  control_room_24h: true
  operators_certified: true
  main_gate_double_staffed_daytime: true
  fire_drills_per_year: 2
  training_hours_per_year: 48
  grid_workers: 10
  volunteers: 120
  duty_log: true
  duty_rules: true

design:                           # 设计文件 / design documents
  risk_assessment: true           # 防护对象与风险分析 / protected objects and risks identified
  novel_techniques: false         # 未采用标准未涵盖的新技术 / no technique the codes do not cover

operations:                       # 运行维护 / operation and maintenance
  om_plan: true                   # 运行维护保障方案 / O&M plan

# 监控中心：独立设置于会所首层，160 m²，与三处车库弱电机房光纤环网互联。
monitoring_centre:
  area_m2: 160
  dedicated: true
  shared_with: none
  ground_floor: true
  restricted_access: true
  duty_24h: true
  emergency_alarm: true
  police_link: true
  internal_external_comms: true
  backup_power_hours: 12
  distribution_box: true
  spare_circuits: true
  entrance_camera: true
  interior_camera: true

network:
  dedicated_network: true
  isolated_from_internet: false
  boundary_protection: true
  encryption: true
  log_retention_months: 12
  mlps_level: 3                     # 一级防范，等保三级
  bandwidth_uplink_mbps: 1000
  face_data:
    collected: true
    separate_consent: true
    guardian_consent_under_14: true
    stored_on_device: true
    sent_over_internet: false
    retention_days: 30
    persons_enrolled: 15000
    filed_with_cac: false
    alternative_entry: true         # 出入口、单元门均可刷卡、扫码（会所入口除外，见 ACC-012）
    encryption: true
    access_audit: true
  signage: true
  impact_assessment:
    done: true
    records_kept_years: 3
  video_access_authorised_only: true
  user_logs: true
  public_release_masking: true
  near_military_or_classified: false""")


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT_OUT
    o = Out()
    write(o)
    text = o.text()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {path} ({len(text.encode('utf-8'))} bytes, {text.count(chr(10))} lines)")


if __name__ == "__main__":
    main(sys.argv)
