#!/usr/bin/env python3
"""Fills the on-site checklist of samples/xiaguan-new-1200.yaml the way an inspector would, for
the acceptance samples (deterministic, no randomness).

    anfang checklist samples/xiaguan-new-1200.yaml --format csv -o /tmp/checklist.csv
    python3 samples/generate/fill_checklist.py passed /tmp/checklist.csv samples/acceptance/xiaguan-passed.csv
    python3 samples/generate/fill_checklist.py deviations /tmp/checklist.csv samples/acceptance/xiaguan-deviations.csv

`passed`: everything installed as designed, samples of the required size without failures, every
measurement within its limit, every document present.
`deviations`: what samples/README.md lists for xiaguan-deviations.csv.
`rectified`: the re-inspection after rectification (整改后复验) of the `deviations` findings: the
two sampled models re-tested with doubled samples, the cameras installed, replaced and moved back
as designed, the extra cameras removed, the measurements repeated — but the trial-run report is
still missing and the alarm-to-video linkage now takes 5 s.
"""
import csv
import sys

NUMBERS_PASSED = {
    "试运行天数": "35",
    "技术专家人数": "5",
    "成员人数": "7",
    "报警响应时间": "1.2 秒",
    "实测备用电源供电时间": "12 h",
    "联动切换时间": "2",
    "实测录像保存天数": "32天",
    "报警测试漏报次数": "0",
}


def main(scenario, source, target):
    with open(source, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header_at = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1].startswith("编号"))
    header = [h.split(" / ")[0] for h in rows[header_at]]
    col = {name: i for i, name in enumerate(header)}

    def put(row, name, value):
        while len(row) <= col[name]:
            row.append("")
        row[col[name]] = value

    extras = []
    for row in rows[header_at + 1:]:
        item_id, item = row[col["编号"]], row[col["核查项目"]].removeprefix("★ ")
        kind = item_id[0]
        if kind == "S":
            put(row, "实际抽检数", row[col["抽样数量"]])
            put(row, "抽检不合格数", "0")
            put(row, "结果", "合格")
        elif kind == "C":
            put(row, "实装数量", row[col["设计数量"]])
            put(row, "结果", "合格")
        elif item in NUMBERS_PASSED:
            put(row, "实测值", NUMBERS_PASSED[item])
            put(row, "结果", "合格")
        elif "存在利害关系" in item:
            put(row, "实测值", "否")
            put(row, "结果", "合格")
        elif item == "检验结论":
            put(row, "实测值", "合格")
            put(row, "结果", "合格")
        else:
            put(row, "结果", "合格")
        if scenario == "rectified":
            if item_id in ("S03", "S14"):
                put(row, "实际抽检数", row[col["复检抽样数量"]])
            if "系统试运行报告" in item:
                put(row, "结果", "不合格")
                put(row, "备注", "试运行报告仍未提交")
            if item == "联动切换时间":
                put(row, "实测值", "5 秒")
                put(row, "结果", "不合格")
        if scenario != "deviations":
            continue
        # Installation quality: 2 of the 20 bullet cameras sampled failed, and 1 failed again
        # in the doubled re-test of 40; the in-dwelling buttons were under-sampled.
        if item_id == "S03":
            put(row, "抽检不合格数", "2")
            put(row, "复检数", "40")
            put(row, "复检不合格数", "1")
            put(row, "结果", "不合格")
        if item_id == "S14":
            put(row, "实际抽检数", "50")
        # Configuration: the north gate's face-capture camera was not installed; the east
        # garage overview camera is another model; the west fire-exit camera was put up at the
        # children's playground instead; two bullet cameras the design does not have.
        if item_id == "C006":
            put(row, "实装数量", "0")
            put(row, "结果", "不合格")
        if item_id == "C010":
            put(row, "实装型号", "DS-2CD1T47G2-L")
            put(row, "结果", "不合格")
        if item_id == "C011":
            put(row, "实装数量", "0")
            put(row, "结果", "不合格")
            extras.append(["", "", "技术验收", "现场发现", "摄像机", "", "", "", "", "", "", "", "", "1",
                           "DS-2CD3T47EWD-L", "儿童游乐场"])
        # Measurements: alarm response 3.5 s, video kept 25 days, no switchover to backup power.
        if item == "报警响应时间":
            put(row, "实测值", "3.5 秒")
            put(row, "结果", "不合格")
        if item == "实测录像保存天数":
            put(row, "实测值", "25")
            put(row, "结果", "不合格")
        if "主备电切换" in item:
            put(row, "实测值", "否")
            put(row, "结果", "不合格")
        # Documents: no trial-run report in the dossier.
        if "系统试运行报告" in item:
            put(row, "结果", "不合格")
            put(row, "备注", "资料中未见试运行报告")
    if scenario == "deviations":
        extras.append(["", "", "技术验收", "现场发现", "枪机", "", "", "", "", "", "", "", "", "2",
                       "DS-2CD2T47G2-L", "南大门（主出入口）", "", "", "", "", "", "", "设计外新增"])
    rows.extend(extras)
    with open(target, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    main(*sys.argv[1:])
