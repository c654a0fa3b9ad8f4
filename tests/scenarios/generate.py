#!/usr/bin/env python3
"""Writes the scenario submissions of tests/scenarios/README.md from one base design (the
`anfang init` starter with its facts to fill in supplied) and each scenario's changes, as the
README's paragraphs describe them. Deterministic; needs PyYAML.

usage: python3 tests/scenarios/generate.py      (from the repository root)
"""
import copy
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def base():
    d = yaml.safe_load(open(os.path.join(ROOT, "templates", "starter.yaml"), encoding="utf-8"))
    d["project"]["property_service_grade"] = "grade3"
    d["technical"]["video_storage"]["capacity_tb"] = 24
    d["staffing"]["guards_total"] = 6
    d["staffing"]["patrols_per_day"] = 4
    d["staffing"]["patrols_per_night"] = 6
    d["network"]["face_data"]["retention_days"] = 30
    return d


def place(d, code, address, sid, name):
    d["project"].update(region_code=code, address=address, id=sid, name=name)


def renovation(d):
    d["project"].update(kind="renovation", year_built=1995, resident_approval_ratio=0.85,
                        renovation_class=["basic", "upgrade"])
    d["technical"]["ebike"] = {"ebikes": 200, "charging_ports": 40, "physical_separation": False,
                               "indoor_parking_prohibited_signs": True}
    d["site"]["buildings"][0]["units"][0]["lifts"] = [{"id": "B1-U1-L1", "ebike_blocking": False}]


def waiver(rule, expires, conditions=None):
    w = {"rule": rule, "reason": "现场条件限制", "approver": "大理州住房和城乡建设局",
         "document": "大住建安防〔2026〕31号", "date": "2026-01-15", "expires": expires}
    if conditions:
        w["conditions"] = conditions
    return w


def s01(d):
    place(d, "530102", "云南省昆明市五华区", "KM-2026-001", "情景S01 昆明新建小区")
    d["technical"]["alarm_zones"][0]["response_time_s"] = 6


def s02(d):
    place(d, "330106", "浙江省杭州市西湖区", "HZ-2026-002", "情景S02 杭州新建小区")
    d["technical"]["video_storage"]["retention_days"] = 20


def s03(d):
    place(d, "310104", "上海市徐汇区", "SH-2026-003", "情景S03 上海新建小区")
    d["project"]["protection_level"] = "level1"
    for c in d["technical"]["cameras"][:2]:
        c["faces_outward"] = False
    d["technical"]["access_points"][0]["liveness_detection"] = False


def s04(d):
    place(d, "532901", "云南省大理州大理市下关街道", "DL-2026-004", "情景S04 大理一级防范")
    d["project"]["protection_level"] = "level1"


def s05(d):
    place(d, "532901", "云南省大理州大理市下关街道", "DL-2026-005", "情景S05 大理资料不全")
    del d["technical"]["video_storage"]["retention_days"]
    del d["technical"]["alarm_system"]["backup_power_hours"]


def s06(d):
    place(d, "532923", "云南省大理州祥云县祥城镇", "DL-2026-006", "情景S06 祥云老旧小区改造")
    renovation(d)


def s07(d):
    place(d, "510104", "四川省成都市锦江区", "CD-2026-007", "情景S07 成都老旧小区改造")
    renovation(d)


def s08(d):
    place(d, "532901", "云南省大理州大理市下关街道", "DL-2026-008", "情景S08 大理有条件豁免")
    d["project"]["protection_level"] = "level2"
    d["technical"]["alarm_system"].update(police_link=True, police_receipt_verified=True)
    d["technical"]["emergency_buttons"].append(
        {"id": "EB-HH", "location": "B1", "in_dwelling": True, "always_armed": True, "latching": True,
         "anti_misoperation": True, "quantity": 120})
    d["site"]["perimeter"]["segments"][0]["length_m"] = 250
    d["technical"]["alarm_zones"][0]["length_m"] = 250
    d["waivers"] = [waiver("PER-009", "2027-06-30", ["每晚增加一次沿周界巡逻"])]


def s09(d):
    place(d, "532901", "云南省大理州大理市下关街道", "DL-2026-009", "情景S09 大理豁免已过期")
    d["monitoring_centre"]["restricted_access"] = False
    d["waivers"] = [waiver("CTR-003", "2026-06-30")]


def s10(d):
    place(d, "532901", "云南省大理州大理市下关街道", "DL-2026-010", "情景S10 大理豁免强制性条文")
    ap = d["technical"]["access_points"][0]
    ap["free_egress"] = False
    ap["break_glass_release"] = False
    d["waivers"] = [waiver("ACC-002", "2027-06-30")]


def s11(d):
    place(d, "532901", "云南省大理州大理市下关街道", "DL-2026-011", "情景S11 大理竣工验收")
    d["project"]["phase"] = "acceptance"
    d["staffing"]["duty_rules"] = True
    d["network"]["filed_with_police"] = False
    d["network"]["face_data"]["persons_enrolled"] = 300
    d["network"]["impact_assessment"] = {"done": True, "records_kept_years": 3}
    d["acceptance"] = {
        "trial_operation_days": 35, "trial_log_daily": True, "daily_alarm_test": True,
        "inspection_report": {"present": True, "body": "云南省安全技术防范产品质量检验站",
                              "qualified_body": True, "conclusion": "pass", "date": "2026-10-20"},
        "instruments_calibrated": True,
        "measured": {"alarm_response_s": 3, "storage_days_verified": 31, "backup_power_hours_verified": 8,
                     "backup_switchover_ok": True, "image_quality_ok": True, "evacuation_release_ok": True,
                     "linkage_switch_s": 3, "barrier_anti_crush_ok": True, "missed_alarms": 0},
        "sampling": [{"model": "DS-2CD3T47EWD-L", "units": 5, "sampled": 5, "failed": 0}],
        "hidden_works_accepted": True, "cables_labelled": True,
        "group": {"members": 5, "technical_experts": 3, "conflicts_of_interest": False},
        "dossier": {k: True for k in ("design_brief", "contract", "design_review_opinion",
                                      "rectification_note", "formal_design", "trial_run_report",
                                      "completion_report", "user_manual", "completion_check_report",
                                      "preliminary_acceptance_report", "inspection_report")},
        "as_built_inventory": True, "training_done": True,
    }


def s12(d):
    place(d, "532901", "云南省大理州大理市下关街道", "DL-2026-012", "情景S12 大理会所人脸唯一")
    d["project"]["protection_level"] = "level1"
    club = copy.deepcopy(d["technical"]["access_points"][0])
    club.update(id="AP2", location="PA1", kind="door", credentials=["face"], on_evacuation_route=False,
                fail_mode="fail_secure")
    d["technical"]["access_points"].append(club)


def s13(d):
    s01(d)
    place(d, "500103", "重庆市渝中区", "CQ-2026-013", "情景S13 重庆新建小区")


def s14(d):
    place(d, "110105", "北京市朝阳区", "BJ-2026-014", "情景S14 北京老旧小区改造")
    renovation(d)
    d["project"]["protection_level"] = "level2"
    d["technical"]["ebike"] = {"ebikes": 60, "charging_ports": 40, "indoor_parking_prohibited_signs": True}
    d["operations"]["maintenance_interval_months"] = 6


SCENARIOS = [
    ("s01-kunming-new-pass.yaml", s01), ("s02-hangzhou-retention.yaml", s02),
    ("s03-shanghai-level1.yaml", s03), ("s04-dali-level1-advisory.yaml", s04),
    ("s05-dali-missing.yaml", s05), ("s06-xiangyun-ebikes.yaml", s06),
    ("s07-chengdu-ebikes.yaml", s07), ("s08-dali-waiver-conditions.yaml", s08),
    ("s09-dali-expired-waiver.yaml", s09), ("s10-dali-mandatory-waiver.yaml", s10),
    ("s11-dali-acceptance.yaml", s11), ("s12-dali-face-only.yaml", s12),
    ("s13-chongqing-perimeter.yaml", s13), ("s14-beijing-maintenance.yaml", s14),
]


def main():
    for name, change in SCENARIOS:
        d = base()
        change(d)
        text = yaml.safe_dump(d, allow_unicode=True, sort_keys=False, default_flow_style=None, width=160)
        head = f"# {name}: a scenario of tests/scenarios/README.md, written by generate.py.\n"
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write(head + text)
        print("wrote", name)


if __name__ == "__main__":
    main()
