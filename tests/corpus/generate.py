#!/usr/bin/env python3
"""The extraction corpus: design documents (设计说明) written and printed by several producers,
with the truth taken from this generator's own data (never from anfang).

    cd tests/corpus && python3 generate.py            # all documents
    python3 generate.py d03 h05                       # some of them

Needs: python-docx, odfpy, reportlab, typst (PyPI), fonttools; LibreOffice (libreoffice-writer-nogui),
Chromium, xelatex with xeCJK (texlive-xetex, texlive-lang-chinese), poppler-utils (pdftotext,
pdftoppm), the Noto CJK and WenQuanYi fonts. The tests need none of them: the PDFs and the
truth files are committed.

Each document is a list of blocks (headings, paragraphs, key–value lines, tables) built from a
project drawn with a seeded random generator; every producer renders the same blocks in its own
way. The truth (`truth/ID.json`) lists the facts the document states with their page, the
distractors it also states (per-building figures, norm quotes) that must never be taken as the
project's value, and every equipment row (name, model, quantity, unit, location) as written. The
page of a fact is found by searching the generator's own sentence in poppler's text of each page.

The documents are split: `dev` (develop against these) and `held` (held back: score them only
when done).
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PDF_DIR = os.path.join(HERE, "pdf")
TRUTH_DIR = os.path.join(HERE, "truth")

CN_NUM = "一二三四五六七八九十"

# (name, model, unit, kind): the equipment catalogue. Names that contain 立杆 or 电源 are real
# devices, not accessories, in some rows.
CATALOGUE = [
    ("高清网络摄像机（枪式）", "DS-2CD3T47WD", "台", "camera"),
    ("高清网络半球摄像机", "DS-2CD3346FWD", "台", "camera"),
    ("人脸抓拍摄像机", "iDS-2CD7A46G0", "台", "camera"),
    ("高空抛物监测摄像机（立杆安装）", "GK-HPC400", "台", "camera"),
    ("车牌识别一体机", "LPR-860", "台", "camera"),
    ("网络硬盘录像机", "DS-9664N-I16", "台", "storage"),
    ("人脸识别门禁终端", "MV-FR200", "台", "access"),
    ("门禁控制器", "AC-2004", "套", "access"),
    ("紧急报警按钮", "EB-100", "个", "button"),
    ("一键报警柱", "SOS-300", "套", "button"),
    ("脉冲电子围栏主机", "ZN-MC300", "套", "detector"),
    ("红外对射探测器", "ABT-100", "对", "detector"),
    ("独立式烟感探测器", "YG-30", "个", "iot"),
    ("可视对讲门口机", "DS-KD8003", "台", "intercom"),
    ("POE交换机", "S5720-28P", "台", "other"),
    ("UPS不间断电源", "UPS-3KVA", "台", "other"),
    ("超五类网线", "CAT5E-UTP", "米", "cable"),
    ("监控立杆", "LG-3M", "根", "other"),
    ("车辆道闸", "DZ-300", "套", "barrier"),
    ("人行通道闸机", "ZJ-600", "套", "access"),
    ("电子巡查点", "XG-01", "个", "other"),
    ("液晶拼接显示屏", "LS-55B", "块", "other"),
    ("监控专用硬盘", "ST8000VX", "块", "storage"),
    ("周界入侵探测雷达", "PR-200", "台", "detector"),
]

CATALOGUE_EN = [
    ("Dome camera 4MP", "DS-2CD2143G2", "pcs"),
    ("Bullet camera with IR", "DS-2CD2T47G2", "pcs"),
    ("Face capture camera", "iDS-2CD7A46", "pcs"),
    ("Network video recorder", "DS-9632NI-I8", "set"),
    ("Access control terminal with face recognition", "DS-K1T671", "set"),
    ("Emergency call button", "EB-100", "pcs"),
    ("Vehicle barrier gate", "DZ-300", "set"),
    ("Pedestrian turnstile", "ZJ-600", "set"),
    ("Smoke detector", "YG-30", "pcs"),
    ("PoE switch 24 ports", "S5720-28P", "pcs"),
    ("Video wall display panel", "LS-55B", "pcs"),
]

CATEGORY_OF = {
    "camera": "视频监控系统", "storage": "视频监控系统", "access": "出入口控制系统",
    "barrier": "出入口控制系统", "button": "入侵和紧急报警系统", "detector": "入侵和紧急报警系统",
    "iot": "物联感知系统", "intercom": "楼寓对讲系统", "other": "监控中心及网络",
    "cable": "监控中心及网络",
}

LOCATIONS = ["小区周界", "主出入口", "次出入口", "各单元门厅", "监控中心机房", "地下车库",
             "小区道路及周界", "周界围墙顶部", "中心广场", "各楼栋屋面", "消防控制室", "地下车库出入口"]
LOCATIONS_EN = ["Main gate", "Perimeter fence", "Lobby of each block", "Control room",
                "Underground car park", "Central square", "Side entrance"]

ESTATES = ["锦绣华庭", "翠湖雅苑", "滨江花园", "金域蓝湾", "清风明月苑", "阳光水岸", "紫荆华府",
           "云栖山庄", "银杏家园", "海棠湾", "丽景名都", "书香门第", "东湖新村", "和平里小区"]
CITIES = ["大理市", "昆明市", "曲靖市", "玉溪市", "红河州蒙自市", "丽江市", "普洱市"]
ESTATES_EN = ["Riverside Gardens", "Maple Court", "Harbour View"]


# ---------------------------------------------------------------------------------------------
# The documents: producer, half and the traps each one carries.

SPECS = [
    # id, producer, half, options
    ("d01", "docx", "dev", dict(table="A", categories=True, totals=True, header_footer=True)),
    ("d02", "html", "dev", dict(table="E", rowspan=True, totals=True, chromium_header=True, prose=True)),
    ("d03", "reportlab", "dev", dict(table="B", landscape=True, prices=True, categories=True, totals=True, header_footer=True, pages=5)),
    ("d04", "typst", "dev", dict(table="C", english=True, totals=True, header_footer=True)),
    ("d05", "odt", "dev", dict(table="D", prose=True, two_per_line=True, fullwidth=True, pages=3)),
    ("d06", "html-type3", "dev", dict(table="A", totals=True, categories=True, norm_quote=True)),
    ("d07", "latex", "dev", dict(table="B", prices=True, totals=True, buildings_table=True, header_footer=True, pages=8)),
    ("h01", "docx", "held", dict(table="B", prices=True, categories=True, totals=True, header_footer=True, prose=True)),
    ("h02", "html", "held", dict(table="A", rowspan=True, categories=True, totals=True, norm_quote=True)),
    ("h03", "reportlab", "held", dict(table="A", totals=True, header_footer=True, buildings_table=True, buildings=24, pages=66)),
    ("h04", "typst", "held", dict(table="D", prose=True, two_per_line=True, header_footer=True, landscape=True)),
    ("h05", "odt", "held", dict(table="C", english=True, totals=True)),
    ("h06", "html-type3", "held", dict(table="E", rowspan=True, totals=True, chromium_header=True, fullwidth=True)),
    ("h07", "latex", "held", dict(table="A", categories=True, totals=True, prose=True, norm_quote=True, header_footer=True, pages=4)),
    # Timing only (benches/extract_speed.sh), never scored: 32 pages printed by Chromium with
    # Type 3 fonts, the producer whose fonts cost pdf-extract the most.
    ("t01", "html-type3", "timing", dict(table="A", categories=True, totals=True, chromium_header=True, pages=69)),
    # A scan with a text layer (added after the first held-back scoring): the pages are
    # images of a LibreOffice document, the text an invisible layer (render mode 3) laid word
    # by word over them from the word boxes, as an OCR program writes it.
    ("h08", "scan", "held", dict(table="E", categories=True, totals=True, prose=True, header_footer=True, pages=3)),
]

TABLES = {
    # column keys: no name model unit qty qtyunit loc remark price amount
    "A": [("no", "序号"), ("name", "设备名称"), ("model", "规格型号"), ("unit", "单位"),
          ("qty", "数量"), ("loc", "安装位置"), ("remark", "备注")],
    "B": [("no", "序号"), ("name", "名称"), ("model", "型号"), ("qty", "数量"), ("unit", "单位"),
          ("price", "单价（元）"), ("amount", "合价（元）"), ("loc", "安装位置")],
    "C": [("no", "No."), ("name", "Item"), ("model", "Model"), ("qty", "Qty"), ("unit", "Unit"),
          ("loc", "Location"), ("remark", "Remarks")],
    "D": [("no", "序号"), ("name", "设备名称"), ("model", "品牌型号"), ("qtyunit", "数量"),
          ("loc", "安装部位"), ("remark", "备注")],
    "E": [("no", "序号"), ("name", "设备名称"), ("model", "型号"), ("unit", "单位"),
          ("qty", "数量"), ("loc", "安装位置")],
}


def fw(s):
    """Full-width digits."""
    return "".join(chr(ord(c) - ord("0") + ord("０")) if c.isdigit() else c for c in s)


class Doc:
    def __init__(self, ident, producer, half, opts, seed):
        self.id = ident
        self.producer = producer
        self.half = half
        self.o = opts
        self.rng = random.Random(seed)
        self.blocks = []
        self.facts = []  # dict(field, value, needle)
        self.distractors = []
        self.rows = []  # truth rows
        self.not_items = []
        self.english = opts.get("english", False)

    # -- blocks ---------------------------------------------------------------------------------
    def heading(self, text):
        self.blocks.append(("heading", text))

    def para(self, text):
        self.blocks.append(("para", text))

    def fact(self, field, value, needle):
        self.facts.append(dict(field=field, value=value, needle=needle))

    def pagebreak(self):
        self.blocks.append(("pagebreak",))


def make_project(d):
    r = d.rng
    p = {}
    if d.english:
        p["name"] = r.choice(ESTATES_EN) + " Residential Community"
    else:
        p["name"] = r.choice(CITIES) + r.choice(ESTATES) + "住宅小区"
    p["buildings"] = d.o.get("buildings", r.randint(4, 18))
    p["households"] = p["buildings"] * r.choice([24, 36, 48, 60, 72]) + r.randint(1, 9) * 2
    p["floor_area"] = p["households"] * r.randint(95, 130)
    p["level"] = r.choice(["一级", "二级", "三级"])
    p["kind"] = r.choice(["new_build", "renovation"])
    p["retention"] = r.choice([30, 60, 90])
    p["alarm_backup"] = r.choice([8, 12, 24])
    p["centre_backup"] = r.choice([2, 4, 6])
    p["centre_area"] = r.choice([25, 30, 36, 45, 60])
    p["operators"] = r.choice([2, 3, 4])
    p["entrances"] = r.choice([2, 3, 4, 5])
    p["developer"] = r.choice(["云南城投置业有限公司", "大理海东开发有限公司", "昆明安居房地产开发有限公司"])
    return p


LEVEL_EN = {"一级": "Level 1", "二级": "Level 2", "三级": "Level 3"}
LEVEL_ID = {"一级": "level1", "二级": "level2", "三级": "level3"}


def build_chinese(d):
    r, o = d.rng, d.o
    p = make_project(d)
    num = (lambda s: fw(str(s))) if o.get("fullwidth") else str
    d.blocks.append(("title", p["name"] + "安全防范系统设计说明"))
    d.heading("一、工程概况")
    d.blocks.append(("kv", "项目名称", p["name"]))
    d.fact("project.name", p["name"], "项目名称" + p["name"])
    d.blocks.append(("kv", "建设单位", p["developer"]))
    d.fact("project.developer", p["developer"], "建设单位" + p["developer"])
    kind_zh = "新建住宅小区" if p["kind"] == "new_build" else "老旧小区改造项目"
    if o.get("prose"):
        s = (f"本项目为{kind_zh}，位于{r.choice(CITIES)}，总户数{num(p['households'])}户，"
             f"共有住宅楼{num(p['buildings'])}栋，总建筑面积约{num(p['floor_area'])}平方米，"
             f"按{p['level']}防范要求设计。")
        d.para(s)
        d.fact("project.kind", p["kind"], f"本项目为{kind_zh}")
        d.fact("project.households", p["households"], f"总户数{num(p['households'])}户")
        d.fact("project.buildings", p["buildings"], f"共有住宅楼{num(p['buildings'])}栋")
        d.fact("project.floor_area_m2", p["floor_area"], f"总建筑面积约{num(p['floor_area'])}平方米")
        d.fact("project.protection_level", LEVEL_ID[p["level"]], f"按{p['level']}防范要求设计")
    else:
        d.blocks.append(("kv", "项目类型", "新建" if p["kind"] == "new_build" else "改造"))
        d.fact("project.kind", p["kind"], "项目类型")
        if o.get("two_per_line"):
            d.blocks.append(("kv2", ("户数", num(p["households"]) + "户"), ("楼栋数量", num(p["buildings"]) + "栋")))
        else:
            d.blocks.append(("kvn", "住户数量", num(p["households"]) + "户"))
            d.blocks.append(("kv", "楼栋数量", num(p["buildings"]) + "栋"))
        d.fact("project.households", p["households"], num(p["households"]) + "户")
        d.fact("project.buildings", p["buildings"], num(p["buildings"]) + "栋")
        d.blocks.append(("kv", "总建筑面积", num(p["floor_area"]) + "㎡"))
        d.fact("project.floor_area_m2", p["floor_area"], num(p["floor_area"]) + "㎡")
        d.blocks.append(("kv", "安全防范级别", p["level"]))
        d.fact("project.protection_level", LEVEL_ID[p["level"]], "安全防范级别")
    # per-phase figures: distractors for the project total
    ph1 = p["households"] // 2 + 3
    d.para(f"项目分两期建设，其中一期{ph1}户，二期{p['households'] - ph1}户，本次设计范围为全部两期。")
    d.distractors += [dict(field="project.households", value=ph1),
                      dict(field="project.households", value=p["households"] - ph1)]
    if o.get("two_per_line"):
        d.blocks.append(("kv2", ("小区出入口", f"{num(p['entrances'])}个"), ("监控中心面积", f"{num(p['centre_area'])}㎡")))
        d.fact("entrances", p["entrances"], f"小区出入口{num(p['entrances'])}个")
        d.fact("monitoring_centre.area_m2", p["centre_area"], f"监控中心面积{num(p['centre_area'])}㎡")
    else:
        d.para(f"小区共设出入口{num(p['entrances'])}处，其中车行出入口1处。")
        d.fact("entrances", p["entrances"], f"小区共设出入口{num(p['entrances'])}处")
    if o.get("buildings_table"):
        building_table(d, p)
    d.heading("二、设计依据")
    for s in ["《安全防范工程技术标准》GB 50348-2018", "《视频安防监控系统工程设计规范》GB 50395-2007",
              "《出入口控制系统工程设计规范》GB 50396-2007", "《入侵报警系统工程设计规范》GB 50394-2007"]:
        d.para(s)
    d.heading("三、视频监控系统")
    if o.get("norm_quote"):
        d.para(f"《规范》要求录像保存时间不少于30天，本项目录像保存时间为{num(p['retention'])}天。")
        d.fact("technical.video_storage.retention_days", p["retention"], f"本项目录像保存时间为{num(p['retention'])}天")
        if p["retention"] != 30:
            d.distractors.append(dict(field="technical.video_storage.retention_days", value=30))
    else:
        lab = r.choice(["视频录像保存时间", "录像保存天数", "图像存储时间"])
        d.blocks.append(("kv", lab, num(p["retention"]) + "天"))
        d.fact("technical.video_storage.retention_days", p["retention"], lab + num(p["retention"]) + "天")
    d.para("摄像机采用400万像素网络摄像机，前端通过光纤接入监控中心，采用NVR集中存储。")
    d.heading("四、出入口控制系统")
    d.para("各单元门厅设人脸识别门禁终端，门禁控制器备用电源2小时。")
    d.distractors += [dict(field="technical.alarm_system.backup_power_hours", value=2),
                      dict(field="monitoring_centre.backup_power_hours", value=2)] if p["centre_backup"] != 2 and p["alarm_backup"] != 2 else []
    d.heading("五、入侵和紧急报警系统")
    lab = r.choice(["报警系统备用电源", "报警主机后备电源", "入侵报警系统后备电源"])
    if o.get("prose"):
        d.para(f"报警主机设置蓄电池，{lab}{num(p['alarm_backup'])}小时。")
    else:
        d.blocks.append(("kvn", lab, num(p["alarm_backup"]) + "小时"))
    d.fact("technical.alarm_system.backup_power_hours", p["alarm_backup"], lab + num(p["alarm_backup"]) + "小时")
    d.heading("六、监控中心")
    if not o.get("two_per_line"):
        if o.get("prose"):
            d.para(f"监控中心设于1号楼首层，使用面积为{num(p['centre_area'])}平方米。")
            d.fact("monitoring_centre.area_m2", p["centre_area"], f"使用面积为{num(p['centre_area'])}平方米")
        else:
            d.blocks.append(("kvn", "监控中心面积", num(p["centre_area"]) + "㎡"))
            d.fact("monitoring_centre.area_m2", p["centre_area"], "监控中心面积" + num(p["centre_area"]) + "㎡")
    lab = r.choice(["UPS后备供电时间", "后备电源"])
    d.blocks.append(("kv", lab, num(p["centre_backup"]) + "小时"))
    d.fact("monitoring_centre.backup_power_hours", p["centre_backup"], lab + num(p["centre_backup"]) + "小时")
    if o.get("prose"):
        d.para(f"监控中心实行24小时值班，每班{num(p['operators'])}人。")
        d.fact("staffing.control_room_operators_per_shift", p["operators"], f"每班{num(p['operators'])}人")
    else:
        d.blocks.append(("kvn", "值班人数", f"{num(p['operators'])}人/班"))
        d.fact("staffing.control_room_operators_per_shift", p["operators"], f"值班人数{num(p['operators'])}人/班")
    filler(d, o.get("pages", 2))
    d.heading("七、主要设备材料表")
    equipment_table(d)
    return p


def build_english(d):
    r, o = d.rng, d.o
    p = make_project(d)
    d.blocks.append(("title", "Security System Design Description: " + p["name"]))
    d.heading("1. Project overview")
    d.blocks.append(("kv", "Project name", p["name"]))
    d.fact("project.name", p["name"], "Project name: " + p["name"])
    kind = "a new-build residential community" if p["kind"] == "new_build" else "the renovation of an existing residential community"
    d.para(f"This project is {kind} with {p['households']} households in {p['buildings']} buildings "
           f"and a total floor area of {p['floor_area']} m².")
    d.fact("project.kind", p["kind"], "This project is " + kind)
    d.fact("project.households", p["households"], f"{p['households']} households")
    d.fact("project.buildings", p["buildings"], f"{p['buildings']} buildings")
    d.fact("project.floor_area_m2", p["floor_area"], f"total floor area of {p['floor_area']} m")
    d.blocks.append(("kv", "Protection level", LEVEL_EN[p["level"]]))
    d.fact("project.protection_level", LEVEL_ID[p["level"]], "Protection level: " + LEVEL_EN[p["level"]])
    d.blocks.append(("kv", "Number of entrances", str(p["entrances"])))
    d.fact("entrances", p["entrances"], f"Number of entrances: {p['entrances']}")
    ph1 = p["households"] // 3 + 1
    d.para(f"Phase one alone has {ph1} households; the design covers both phases.")
    d.distractors.append(dict(field="project.households", value=ph1))
    d.heading("2. Video surveillance")
    d.blocks.append(("kv", "Video retention period", f"{p['retention']} days"))
    d.fact("technical.video_storage.retention_days", p["retention"], f"Video retention period: {p['retention']} days")
    d.heading("3. Intrusion and emergency alarm")
    d.blocks.append(("kv", "Alarm system backup power", f"{p['alarm_backup']} hours"))
    d.fact("technical.alarm_system.backup_power_hours", p["alarm_backup"], f"Alarm system backup power: {p['alarm_backup']} hours")
    d.heading("4. Control room")
    d.blocks.append(("kv", "Control room area", f"{p['centre_area']} m²"))
    d.fact("monitoring_centre.area_m2", p["centre_area"], f"Control room area: {p['centre_area']} m")
    d.blocks.append(("kv", "Control room UPS backup time", f"{p['centre_backup']} hours"))
    d.fact("monitoring_centre.backup_power_hours", p["centre_backup"], f"Control room UPS backup time: {p['centre_backup']} hours")
    d.blocks.append(("kv", "Operators per shift", str(p["operators"])))
    d.fact("staffing.control_room_operators_per_shift", p["operators"], f"Operators per shift: {p['operators']}")
    d.heading("5. Design notes")
    for i in range(8):
        d.para(FILLER_EN[i % len(FILLER_EN)] + " " + FILLER_EN[(i + 2) % len(FILLER_EN)])
    d.heading("6. Equipment schedule")
    equipment_table(d)
    return p


def building_table(d, p):
    """Households per building: figures of a section, never the project's total."""
    n = p["buildings"]
    base = p["households"] // n
    per = [base] * n
    per[-1] += p["households"] - base * n
    d.para("各楼栋户数如下表：")
    rows = [[f"{i + 1}号楼", str(d.rng.choice([11, 18, 26, 33])), str(per[i])] for i in range(n)]
    d.blocks.append(("plain_table", ["楼号", "层数", "户数"], rows))
    for v in sorted(set(per)):
        if v != p["households"]:
            d.distractors.append(dict(field="project.households", value=v))


FILLER = [
    "系统设计遵循先进性、可靠性、实用性和可扩展性的原则，前端设备选型应满足室外环境使用要求。",
    "施工单位应按照设计图纸进行管线敷设，弱电线缆与强电线缆应分槽敷设，交叉处采取屏蔽措施。",
    "所有室外设备应做好防雷接地，接地电阻不大于4欧姆，设备外壳防护等级不低于IP66。",
    "系统调试完成后应进行不少于30日的试运行，试运行期间应做好运行记录。",
    "监控中心应设置防盗安全门，并配置与公安机关联网的报警通讯接口。",
    "各子系统应能与小区智慧安防管理平台对接，实现数据共享和联动控制。",
]


FILLER_EN = [
    "All outdoor equipment shall be protected against lightning and earthed with a resistance of at most 4 ohms.",
    "Signal and power cables shall run in separate trays; where they cross, they shall be screened.",
    "The system shall run on trial for at least 30 days after commissioning, with a log of every fault.",
    "Every subsystem shall connect to the community's security management platform.",
]


def filler(d, pages):
    """Running text so that a document reaches its number of pages."""
    paras = max(6, (pages - 2) * 9)
    for i in range(paras):
        if i % 9 == 0:
            d.heading(f"设计要点 {i // 9 + 1}")
        d.para(FILLER[i % len(FILLER)] + FILLER[(i + 3) % len(FILLER)])


def equipment_table(d):
    r, o = d.rng, d.o
    cols = TABLES[o["table"]]
    if d.english:
        picks = r.sample(CATALOGUE_EN, 8)
        items = [dict(name=n, model=m, unit=u, kind="x") for n, m, u in picks]
    else:
        picks = r.sample(CATALOGUE, 11)
        must = [c for c in CATALOGUE if c[0].startswith("高空抛物")]
        if must[0] not in picks:
            picks[0] = must[0]
        items = [dict(name=n, model=m, unit=u, kind=k) for n, m, u, k in picks]
    for it in items:
        if it["unit"] == "米":
            it["qty"] = r.choice([320, 850, 1200, 2400])
        else:
            it["qty"] = r.randint(1, 160)
        it["loc"] = r.choice(LOCATIONS_EN if d.english else LOCATIONS)
        it["price"] = r.choice([120, 380, 650, 1280, 2600, 4800])
    if o.get("categories") and not d.english:
        order = []
        for k in ["camera", "storage", "access", "barrier", "button", "detector", "iot", "intercom", "other", "cable"]:
            order += [it for it in items if it["kind"] == k]
        items = order
    if o.get("rowspan"):
        # runs of the same location, written once in a merged cell
        items.sort(key=lambda it: (CATEGORY_OF.get(it["kind"], ""), ))
        for i in range(1, len(items), 3):
            items[i]["loc"] = items[i - 1]["loc"]
            if i + 1 < len(items):
                items[i + 1]["loc"] = items[i - 1]["loc"]
    rows = []
    last_cat = None
    n = 0
    for it in items:
        if o.get("categories") and not d.english:
            cat = CATEGORY_OF[it["kind"]]
            if cat != last_cat:
                k = len({CATEGORY_OF[x["kind"]] for x in items[: items.index(it)]})
                label = f"{CN_NUM[k]}、{cat}"
                rows.append(dict(kind="category", text=label))
                d.not_items.append(label)
                last_cat = cat
        n += 1
        it["no"] = str(n)
        rows.append(dict(kind="item", item=it))
        unit = it["unit"]
        d.rows.append(dict(name=it["name"], model=it["model"], quantity=it["qty"], unit=unit, location=it["loc"]))
    if o.get("totals"):
        total = sum(it["qty"] for it in items)
        amount = sum(it["qty"] * it["price"] for it in items)
        label = "Total" if d.english else r.choice(["合计", "总计"])
        rows.append(dict(kind="total", text=label, qty=total, amount=amount))
        d.not_items.append(label)
    d.blocks.append(("table", cols, rows))
    d.para("注：以上数量为设计数量，以实际施工为准。" if not d.english else "Note: quantities are design quantities.")


def cell_text(col, it):
    return {
        "no": it["no"], "name": it["name"], "model": it["model"], "unit": it["unit"],
        "qty": str(it["qty"]), "qtyunit": f"{it['qty']}{it['unit']}", "loc": it["loc"],
        "remark": "", "price": f"{it['price']:.2f}", "amount": f"{it['price'] * it['qty']:.2f}",
    }[col]


def table_grid(cols, rows):
    """The table as a grid of strings, with (row, col) → rowspan for merged location cells.
    Category and total rows are full rows with their text in the name column (category) or the
    first columns (total)."""
    header = [h for _, h in cols]
    grid, spans, kinds = [], {}, []
    keys = [k for k, _ in cols]
    for r in rows:
        if r["kind"] == "category":
            grid.append([r["text"]] + [""] * (len(cols) - 1))
            kinds.append("category")
        elif r["kind"] == "total":
            line = [""] * len(cols)
            line[0] = r["text"]
            if "qty" in keys:
                line[keys.index("qty")] = str(r["qty"])
            if "amount" in keys:
                line[keys.index("amount")] = f"{r['amount']:.2f}"
            grid.append(line)
            kinds.append("total")
        else:
            grid.append([cell_text(k, r["item"]) for k in keys])
            kinds.append("item")
    return header, grid, kinds


def location_spans(cols, grid, kinds):
    """Merged location cells: {row: span} for the first row of a run, {row: 0} for the others."""
    keys = [k for k, _ in cols]
    if "loc" not in keys:
        return {}
    c = keys.index("loc")
    spans = {}
    i = 0
    while i < len(grid):
        if kinds[i] != "item":
            i += 1
            continue
        j = i + 1
        while j < len(grid) and kinds[j] == "item" and grid[j][c] == grid[i][c]:
            j += 1
        if j - i > 1:
            spans[i] = j - i
            for k in range(i + 1, j):
                spans[k] = 0
        i = j
    return spans


# ---------------------------------------------------------------------------------------------
# Producers.

def run(*cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def kv_text(b, colon="："):
    if b[0] == "kv":
        return f"{b[1]}{colon}{b[2]}"
    if b[0] == "kvn":  # no colon: label, spaces, value
        return f"{b[1]}　{b[2]}"
    if b[0] == "kv2":
        return f"{b[1][0]}{colon}{b[1][1]}　　　　{b[2][0]}{colon}{b[2][1]}"
    return ""


def kv_text_en(b):
    return f"{b[1]}: {b[2]}"


# -- LibreOffice from .docx (python-docx) -------------------------------------------------------

def render_docx(d, path):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = docx.Document()
    st = doc.styles["Normal"]
    st.font.name = "Liberation Serif" if d.english else "DejaVu Serif"
    st.font.size = Pt(10.5)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    if d.o.get("header_footer"):
        sec.header.paragraphs[0].text = f"{d.title}　　工程编号 ZHK-{d.id.upper()}-2026"
        fp = sec.footer.paragraphs[0]
        fp.text = "设计单位：云南智安设计院　　第 "
        add_field(fp, "PAGE")
        fp.add_run(" 页 共 ")
        add_field(fp, "NUMPAGES")
        fp.add_run(" 页")
    for b in d.blocks:
        if b[0] == "title":
            p = doc.add_paragraph()
            r = p.add_run(b[1])
            r.bold = True
            r.font.size = Pt(16)
        elif b[0] == "heading":
            p = doc.add_paragraph()
            r = p.add_run(b[1])
            r.bold = True
            r.font.size = Pt(12)
        elif b[0] == "para":
            doc.add_paragraph(b[1])
        elif b[0] in ("kv", "kvn", "kv2"):
            doc.add_paragraph(kv_text(b))
        elif b[0] == "pagebreak":
            doc.add_page_break()
        elif b[0] == "plain_table":
            t = doc.add_table(rows=1 + len(b[2]), cols=len(b[1]))
            t.style = "Table Grid"
            for j, h in enumerate(b[1]):
                t.cell(0, j).text = h
            for i, row in enumerate(b[2]):
                for j, v in enumerate(row):
                    t.cell(i + 1, j).text = v
        elif b[0] == "table":
            cols, rows = b[1], b[2]
            header, grid, kinds = table_grid(cols, rows)
            t = doc.add_table(rows=1 + len(grid), cols=len(cols))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            widths = {"no": 1.0, "name": 3.0, "model": 3.0, "unit": 1.1, "qty": 1.3, "qtyunit": 1.6,
                      "loc": 2.8, "remark": 1.6, "price": 1.8, "amount": 2.0}
            for j, (k, h) in enumerate(cols):
                for i in range(1 + len(grid)):
                    t.cell(i, j).width = Cm(widths[k])
                cell = t.cell(0, j)
                cell.text = h
                cell.paragraphs[0].alignment = 1
                cell.paragraphs[0].runs[0].bold = True
            # repeat the header row on every page
            trpr = t.rows[0]._tr.get_or_add_trPr()
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
            for i, (row, kind) in enumerate(zip(grid, kinds)):
                if kind == "category":
                    c = t.cell(i + 1, 0).merge(t.cell(i + 1, len(cols) - 1))
                    c.text = row[0]
                    continue
                if kind == "total":
                    c = t.cell(i + 1, 0).merge(t.cell(i + 1, 2))
                    c.text = row[0]
                    c.paragraphs[0].alignment = 1
                    for j in range(3, len(cols)):
                        t.cell(i + 1, j).text = row[j]
                    continue
                for j, v in enumerate(row):
                    t.cell(i + 1, j).text = v
                    if cols[j][0] in ("no", "unit", "qty", "qtyunit"):
                        t.cell(i + 1, j).paragraphs[0].alignment = 1
    doc.save(path)


def add_field(paragraph, code):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    run = paragraph.add_run()
    for tag, text in (("begin", None), ("instr", code), ("end", None)):
        if tag == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        run._r.append(el)


def libreoffice(src, outdir):
    profile = tempfile.mkdtemp()
    try:
        run("soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
            "--outdir", outdir, src)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# -- LibreOffice from .odt (odfpy): WPS-like layout -------------------------------------------

def render_odt(d, path):
    from odf.opendocument import OpenDocumentText
    from odf.style import (ParagraphProperties, Style, TableCellProperties, TableColumnProperties,
                           TableProperties, TextProperties)
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentText()
    font = "Liberation Sans" if d.english else "WenQuanYi Micro Hei"
    base = Style(name="Body", family="paragraph")
    base.addElement(TextProperties(fontfamily=font, fontfamilyasian="WenQuanYi Micro Hei", fontsize="10.5pt",
                                   fontsizeasian="10.5pt"))
    doc.styles.addElement(base)
    title = Style(name="Title1", family="paragraph")
    title.addElement(TextProperties(fontsize="18pt", fontsizeasian="18pt", fontweight="bold", fontweightasian="bold",
                                    fontfamily=font, fontfamilyasian="WenQuanYi Micro Hei"))
    title.addElement(ParagraphProperties(textalign="center"))
    doc.styles.addElement(title)
    head = Style(name="Head1", family="paragraph")
    head.addElement(TextProperties(fontsize="13pt", fontsizeasian="13pt", fontweight="bold", fontweightasian="bold",
                                   fontfamily=font, fontfamilyasian="WenQuanYi Micro Hei"))
    doc.styles.addElement(head)
    cellp = Style(name="CellP", family="paragraph")
    cellp.addElement(TextProperties(fontfamily=font, fontfamilyasian="WenQuanYi Micro Hei", fontsize="9pt",
                                    fontsizeasian="9pt"))
    cellp.addElement(ParagraphProperties(textalign="center"))
    doc.automaticstyles.addElement(cellp)
    cellstyle = Style(name="Cell", family="table-cell")
    cellstyle.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.08cm",
                                             verticalalign="middle"))
    doc.automaticstyles.addElement(cellstyle)
    hcell = Style(name="HCell", family="table-cell")
    hcell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.08cm", backgroundcolor="#D9E2F3",
                                         verticalalign="middle"))
    doc.automaticstyles.addElement(hcell)
    tstyle = Style(name="Tbl", family="table")
    tstyle.addElement(TableProperties(width="16.5cm", align="center"))
    doc.automaticstyles.addElement(tstyle)

    def para(text, style=base):
        doc.text.addElement(P(stylename=style, text=text))

    def table(header, grid, kinds, widths, spans):
        t = Table(stylename=tstyle)
        for j, w in enumerate(widths):
            cs = Style(name=f"C{len(doc.automaticstyles.childNodes)}_{j}", family="table-column")
            cs.addElement(TableColumnProperties(columnwidth=f"{w}cm"))
            doc.automaticstyles.addElement(cs)
            t.addElement(TableColumn(stylename=cs))
        tr = TableRow()
        for h in header:
            c = TableCell(stylename=hcell)
            c.addElement(P(stylename=cellp, text=h))
            tr.addElement(c)
        t.addElement(tr)
        for i, (row, kind) in enumerate(zip(grid, kinds)):
            tr = TableRow()
            if kind == "category":
                c = TableCell(stylename=cellstyle, numbercolumnsspanned=len(header))
                c.addElement(P(stylename=base, text=row[0]))
                tr.addElement(c)
                for _ in range(len(header) - 1):
                    tr.addElement(CoveredTableCell())
            else:
                for j, v in enumerate(row):
                    if spans.get(i) == 0 and j == spans_col:
                        tr.addElement(CoveredTableCell())
                        continue
                    kw = {}
                    if spans.get(i, 1) > 1 and j == spans_col:
                        kw["numberrowsspanned"] = spans[i]
                    c = TableCell(stylename=cellstyle, **kw)
                    c.addElement(P(stylename=cellp, text=v))
                    tr.addElement(c)
            t.addElement(tr)
        doc.text.addElement(t)

    spans_col = -1
    for b in d.blocks:
        if b[0] == "title":
            para(b[1], title)
        elif b[0] == "heading":
            para(b[1], head)
        elif b[0] == "para":
            para(b[1])
        elif b[0] in ("kv", "kvn", "kv2"):
            para(kv_text_en(b) if d.english else kv_text(b))
        elif b[0] == "plain_table":
            table(b[1], b[2], ["item"] * len(b[2]), [3, 3, 3], {})
        elif b[0] == "table":
            cols, rows = b[1], b[2]
            header, grid, kinds = table_grid(cols, rows)
            keys = [k for k, _ in cols]
            spans = location_spans(cols, grid, kinds) if d.o.get("rowspan") else {}
            spans_col = keys.index("loc") if "loc" in keys else -1
            widths = {"no": 1.0, "name": 3.6, "model": 3.2, "unit": 1.1, "qty": 1.2, "qtyunit": 1.6,
                      "loc": 3.0, "remark": 1.8, "price": 1.8, "amount": 2.0}
            table(header, grid, kinds, [widths[k] for k in keys], spans)
    doc.save(path)


# -- Chromium from HTML -----------------------------------------------------------------------

def render_html(d, path, type3_font=None):
    css_font = "'Restricted CJK'" if type3_font else "'Noto Sans CJK SC', 'WenQuanYi Micro Hei'"
    face = f"@font-face {{ font-family: 'Restricted CJK'; src: url('file://{type3_font}'); }}" if type3_font else ""
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>{d.title}</title><style>",
           face,
           f"body {{ font-family: {css_font}; font-size: 10.5pt; margin: 0 1.5cm; }}",
           "h1 { font-size: 17pt; text-align: center; } h2 { font-size: 12.5pt; margin: 12pt 0 4pt; }",
           "p { margin: 3pt 0; line-height: 1.5; }",
           "table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 6pt 0; }",
           "th, td { border: 0.6pt solid #333; padding: 3pt 4pt; text-align: center; vertical-align: middle; }",
           "th { background: #eee; } td.l { text-align: left; } thead { display: table-header-group; }",
           "tr { page-break-inside: avoid; }",
           "@page { size: A4; margin: 1.6cm 0 1.6cm 0; }",
           "</style></head><body>"]
    for b in d.blocks:
        if b[0] == "title":
            out.append(f"<h1>{b[1]}</h1>")
        elif b[0] == "heading":
            out.append(f"<h2>{b[1]}</h2>")
        elif b[0] == "para":
            out.append(f"<p>{b[1]}</p>")
        elif b[0] in ("kv", "kvn", "kv2"):
            out.append(f"<p>{kv_text(b).replace('　', '&emsp;')}</p>")
        elif b[0] == "plain_table":
            out.append("<table style='width:60%'><tr>" + "".join(f"<th>{h}</th>" for h in b[1]) + "</tr>")
            for row in b[2]:
                out.append("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>")
            out.append("</table>")
        elif b[0] == "table":
            cols, rows = b[1], b[2]
            header, grid, kinds = table_grid(cols, rows)
            keys = [k for k, _ in cols]
            spans = location_spans(cols, grid, kinds) if d.o.get("rowspan") else {}
            widths = {"no": 6, "name": 22, "model": 19, "unit": 7, "qty": 8, "qtyunit": 10, "loc": 20,
                      "remark": 10, "price": 10, "amount": 11}
            out.append("<table><thead><tr>" + "".join(
                f"<th style='width:{widths[k]}%'>{h}</th>" for k, h in cols) + "</tr></thead><tbody>")
            for i, (row, kind) in enumerate(zip(grid, kinds)):
                if kind == "category":
                    out.append(f"<tr><td class='l' colspan='{len(cols)}'><b>{row[0]}</b></td></tr>")
                    continue
                if kind == "total":
                    cells = [f"<td colspan='3'>{row[0]}</td>"] + [f"<td>{v}</td>" for v in row[3:]]
                    out.append("<tr>" + "".join(cells) + "</tr>")
                    continue
                cells = []
                for j, v in enumerate(row):
                    if keys[j] == "loc" and spans.get(i) == 0:
                        continue
                    rs = f" rowspan='{spans[i]}'" if keys[j] == "loc" and spans.get(i, 1) > 1 else ""
                    cls = " class='l'" if keys[j] in ("name",) else ""
                    cells.append(f"<td{rs}{cls}>{v}</td>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</tbody></table>")
    out.append("</body></html>")
    open(path, "w", encoding="utf-8").write("\n".join(out))


def chromium(html, pdf, header_footer):
    profile = tempfile.mkdtemp()
    try:
        args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", f"--print-to-pdf={pdf}"]
        if not header_footer:
            args.append("--no-pdf-header-footer")
        run(*args, "file://" + os.path.abspath(html))
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def restricted_font(dst):
    """WenQuanYi Micro Hei with its embedding permission set to 'restricted' (fsType 2): Chromium
    then draws the text with Type 3 fonts."""
    from fontTools.ttLib import TTCollection
    ttc = TTCollection("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    font = ttc.fonts[0]
    font["OS/2"].fsType = 2
    font.save(dst)


# -- reportlab --------------------------------------------------------------------------------

def render_reportlab(d, path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    size = landscape(A4) if d.o.get("landscape") else A4
    body = ParagraphStyle("b", fontName="WQY", fontSize=10.5, leading=16, wordWrap="CJK")
    cellst = ParagraphStyle("c", fontName="WQY", fontSize=9, leading=11, wordWrap="CJK", alignment=1)
    cell_left = ParagraphStyle("cl", parent=cellst, alignment=0)
    h1 = ParagraphStyle("h1", fontName="WQY", fontSize=17, leading=24, alignment=1, spaceAfter=8)
    h2 = ParagraphStyle("h2", fontName="WQY", fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=3)

    def on_page(canvas, doc):
        if not d.o.get("header_footer"):
            return
        canvas.saveState()
        canvas.setFont("WQY", 8.5)
        w, h = size
        canvas.drawString(2 * cm, h - 1.2 * cm, f"{d.title}")
        canvas.drawRightString(w - 2 * cm, h - 1.2 * cm, f"ZHK-{d.id.upper()}-2026")
        canvas.line(2 * cm, h - 1.35 * cm, w - 2 * cm, h - 1.35 * cm)
        canvas.drawCentredString(w / 2, 1.0 * cm, f"第{doc.page}页")
        canvas.restoreState()

    story = []
    for b in d.blocks:
        if b[0] == "title":
            story.append(Paragraph(b[1], h1))
        elif b[0] == "heading":
            story.append(Paragraph(b[1], h2))
        elif b[0] == "para":
            story.append(Paragraph(b[1], body))
        elif b[0] in ("kv", "kvn", "kv2"):
            story.append(Paragraph(kv_text(b).replace("　", "&nbsp;&nbsp;&nbsp;"), body))
        elif b[0] == "pagebreak":
            story.append(PageBreak())
        elif b[0] == "plain_table":
            data = [b[1]] + b[2]
            t = Table(data, colWidths=[3 * cm] * 3, repeatRows=1)
            t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "WQY", 9), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
            story.append(t)
        elif b[0] == "table":
            cols, rows = b[1], b[2]
            header, grid, kinds = table_grid(cols, rows)
            keys = [k for k, _ in cols]
            widths = {"no": 1.1, "name": 4.2, "model": 3.4, "unit": 1.2, "qty": 1.4, "qtyunit": 1.8, "loc": 3.6,
                      "remark": 2.0, "price": 2.2, "amount": 2.6}
            data = [[Paragraph(h, cellst) for h in header]]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8"))]
            for i, (row, kind) in enumerate(zip(grid, kinds)):
                if kind == "category":
                    data.append([Paragraph(row[0], cell_left)] + [""] * (len(cols) - 1))
                    style.append(("SPAN", (0, i + 1), (-1, i + 1)))
                elif kind == "total":
                    data.append([Paragraph(row[0], cellst), "", ""] + [Paragraph(v, cellst) for v in row[3:]])
                    style.append(("SPAN", (0, i + 1), (2, i + 1)))
                else:
                    data.append([Paragraph(v, cell_left if keys[j] == "name" else cellst) for j, v in enumerate(row)])
            t = Table(data, colWidths=[widths[k] * cm for k in keys], repeatRows=1)
            t.setStyle(TableStyle(style))
            story.append(Spacer(1, 4))
            story.append(t)
    doc = SimpleDocTemplate(path, pagesize=size, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=d.title, author="anfang corpus", creator="reportlab")
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


# -- typst ------------------------------------------------------------------------------------

def typst_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_typst(d, path_pdf):
    import typst
    o = d.o
    lines = [
        f'#set page(paper: "a4", flipped: {"true" if o.get("landscape") else "false"}, margin: (x: 2cm, y: 2.2cm),',
    ]
    if o.get("header_footer"):
        hdr = f"Security design · {d.id.upper()}" if d.english else f"{d.title} · ZHK-{d.id.upper()}"
        pg = '"Page " + str(here().page()) + " of " + str(counter(page).final().first())' if d.english else \
            '"第 " + str(here().page()) + " 页 共 " + str(counter(page).final().first()) + " 页"'
        lines.append(f'  header: align(right, text(size: 8pt, {typst_str(hdr)})),')
        lines.append(f'  footer: context align(center, text(size: 8pt, {pg})),')
    lines.append(")")
    lines.append('#set text(font: ("Liberation Serif", "Noto Serif CJK SC"), size: 10.5pt, lang: "%s")' % ("en" if d.english else "zh"))
    lines.append("#set par(leading: 0.8em)")
    for b in d.blocks:
        if b[0] == "title":
            lines.append(f"#align(center, text(size: 16pt, weight: \"bold\", {typst_str(b[1])}))")
        elif b[0] == "heading":
            lines.append(f"#v(6pt)#text(size: 12pt, weight: \"bold\", {typst_str(b[1])})")
        elif b[0] == "para":
            lines.append(f"#par({typst_str(b[1])})")
        elif b[0] in ("kv", "kvn", "kv2"):
            lines.append(f"#par({typst_str(kv_text_en(b) if d.english else kv_text(b))})")
        elif b[0] == "plain_table":
            cells = ", ".join(typst_str(x) for x in b[1] + [v for r in b[2] for v in r])
            lines.append(f"#table(columns: 3, {cells})")
        elif b[0] == "table":
            cols, rows = b[1], b[2]
            header, grid, kinds = table_grid(cols, rows)
            keys = [k for k, _ in cols]
            widths = {"no": 0.6, "name": 2.6, "model": 2.0, "unit": 0.7, "qty": 0.8, "qtyunit": 1.0, "loc": 2.0,
                      "remark": 1.0, "price": 1.1, "amount": 1.2}
            spec = ", ".join(f"{widths[k]}fr" for k in keys)
            cells = []
            for i, (row, kind) in enumerate(zip(grid, kinds)):
                if kind == "category":
                    cells.append(f"table.cell(colspan: {len(cols)}, align: left, {typst_str(row[0])})")
                elif kind == "total":
                    cells.append(f"table.cell(colspan: 3, {typst_str(row[0])})")
                    cells += [typst_str(v) for v in row[3:]]
                else:
                    cells += [typst_str(v) for v in row]
            head = ", ".join(f"[*{h}*]" for h in header)
            lines.append(f"#set text(size: 9pt)")
            lines.append(f"#table(columns: ({spec}), align: center + horizon, table.header({head}), {', '.join(cells)})")
            lines.append(f"#set text(size: 10.5pt)")
    src = "\n".join(lines)
    tmp = tempfile.mkdtemp()
    try:
        tp = os.path.join(tmp, "doc.typ")
        open(tp, "w", encoding="utf-8").write(src)
        typst.compile(tp, output=path_pdf, font_paths=["/usr/share/fonts"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- LaTeX / xeCJK ----------------------------------------------------------------------------

def tex(s):
    for a, b in [("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"),
                 ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("～", "~"), ("㎡", r"m\textsuperscript{2}")]:
        s = s.replace(a, b)
    return s


def render_latex(d, path_pdf):
    o = d.o
    lines = [r"\documentclass[10pt]{article}",
             r"\usepackage[a4paper,margin=2.2cm]{geometry}",
             r"\usepackage{xeCJK}", r"\setCJKmainfont{Noto Serif CJK SC}", r"\setmainfont{DejaVu Serif}",
             r"\usepackage{longtable,array,multirow}",
             r"\setlength{\parindent}{2em}"]
    if o.get("header_footer"):
        lines += [r"\usepackage{fancyhdr}", r"\pagestyle{fancy}", r"\fancyhf{}",
                  r"\lhead{\small " + tex(d.title) + "}", r"\rhead{\small ZHK-" + d.id.upper() + "}",
                  r"\cfoot{\small 第 \thepage{} 页}"]
    lines.append(r"\begin{document}")
    for b in d.blocks:
        if b[0] == "title":
            lines.append(r"\begin{center}{\Large\bfseries " + tex(b[1]) + r"}\end{center}")
        elif b[0] == "heading":
            lines.append(r"\par\medskip\noindent{\large\bfseries " + tex(b[1]) + r"}\par\smallskip")
        elif b[0] == "para":
            lines.append(tex(b[1]) + r"\par")
        elif b[0] in ("kv", "kvn", "kv2"):
            lines.append(tex(kv_text(b)).replace("　", r"\quad ") + r"\par")
        elif b[0] == "plain_table":
            lines.append(r"\begin{longtable}{|c|c|c|}\hline " + " & ".join(b[1]) + r"\\\hline\endhead")
            for row in b[2]:
                lines.append(" & ".join(row) + r"\\\hline")
            lines.append(r"\end{longtable}")
        elif b[0] == "table":
            cols, rows = b[1], b[2]
            header, grid, kinds = table_grid(cols, rows)
            keys = [k for k, _ in cols]
            widths = {"no": 0.6, "name": 2.9, "model": 2.4, "unit": 0.7, "qty": 0.9, "qtyunit": 1.2, "loc": 2.4,
                      "remark": 1.2, "price": 1.4, "amount": 1.6}
            spec = "|" + "|".join(r">{\centering\arraybackslash}p{%.1fcm}" % widths[k] for k in keys) + "|"
            lines.append(r"{\small\begin{longtable}{" + spec + r"}\hline")
            lines.append(" & ".join(r"\textbf{" + tex(h) + "}" for h in header) + r"\\\hline\endhead")
            for row, kind in zip(grid, kinds):
                if kind == "category":
                    lines.append(r"\multicolumn{%d}{|l|}{\textbf{%s}}\\\hline" % (len(cols), tex(row[0])))
                elif kind == "total":
                    lines.append(r"\multicolumn{3}{|c|}{%s} & " % tex(row[0]) + " & ".join(tex(v) for v in row[3:]) + r"\\\hline")
                else:
                    lines.append(" & ".join(tex(v) for v in row) + r"\\\hline")
            lines.append(r"\end{longtable}}")
    lines.append(r"\end{document}")
    tmp = tempfile.mkdtemp()
    try:
        tp = os.path.join(tmp, "doc.tex")
        open(tp, "w", encoding="utf-8").write("\n".join(lines))
        for _ in range(2):
            subprocess.run(["xelatex", "-interaction=nonstopmode", "doc.tex"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, "doc.pdf"), path_pdf)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- A scan with an invisible text layer --------------------------------------------------------

def scan_with_text_layer(d, base_pdf, out_pdf):
    """Every page of `base_pdf` as a grey image at 150 dpi, with the words laid over it in
    invisible text (render mode 3), each stretched to its word box and its baseline moved by up
    to 0.6 pt, as OCR programs (tesseract, ocrmypdf) write their text layer."""
    import html
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    tmp = os.path.dirname(out_pdf)
    run("pdftoppm", "-r", "150", "-gray", "-png", base_pdf, os.path.join(tmp, "scan"))
    bbox = subprocess.run(["pdftotext", "-bbox", base_pdf, "-"], check=True, capture_output=True).stdout.decode()
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    images = sorted(f for f in os.listdir(tmp) if f.startswith("scan") and f.endswith(".png"))
    c = canvas.Canvas(out_pdf, invariant=1)
    c.setTitle(d.title)
    c.setCreator("anfang corpus: scan with an OCR text layer")
    for (w, h, body), image in zip(pages, images):
        w, h = float(w), float(h)
        c.setPageSize((w, h))
        c.drawImage(os.path.join(tmp, image), 0, 0, w, h)
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body):
            x0, y0, x1, y1 = float(x0), float(y0), float(x1), float(y1)
            word = html.unescape(word)
            size = (y1 - y0) * 0.86
            natural = pdfmetrics.stringWidth(word, "WQY", size)
            t = c.beginText()
            t.setTextRenderMode(3)
            t.setFont("WQY", size)
            t.setHorizScale(100.0 * (x1 - x0) / natural if natural > 0 else 100.0)
            t.setTextOrigin(x0, h - y1 + 0.21 * (y1 - y0) + d.rng.uniform(-0.6, 0.6))
            t.textOut(word)
            c.drawText(t)
        c.showPage()
    c.save()


# ---------------------------------------------------------------------------------------------

def squash(s):
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"[\s:]+", "", s)


def page_texts(pdf):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True).stdout
    return [squash(p) for p in out.decode("utf-8").split("\f")][: pdf_pages(pdf)]


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def produce(d, pdf):
    tmp = tempfile.mkdtemp()
    try:
        if d.producer == "docx":
            src = os.path.join(tmp, d.id + ".docx")
            render_docx(d, src)
            libreoffice(src, tmp)
        elif d.producer == "odt":
            src = os.path.join(tmp, d.id + ".odt")
            render_odt(d, src)
            libreoffice(src, tmp)
        elif d.producer in ("html", "html-type3"):
            font = None
            if d.producer == "html-type3":
                font = os.path.join(tmp, "restricted.ttf")
                restricted_font(font)
            src = os.path.join(tmp, d.id + ".html")
            render_html(d, src, font)
            chromium(src, os.path.join(tmp, d.id + ".pdf"), d.o.get("chromium_header", False))
        elif d.producer == "reportlab":
            render_reportlab(d, os.path.join(tmp, d.id + ".pdf"))
        elif d.producer == "typst":
            render_typst(d, os.path.join(tmp, d.id + ".pdf"))
        elif d.producer == "latex":
            render_latex(d, os.path.join(tmp, d.id + ".pdf"))
        elif d.producer == "scan":
            src = os.path.join(tmp, d.id + ".docx")
            render_docx(d, src)
            libreoffice(src, tmp)
            base = os.path.join(tmp, "base.pdf")
            os.rename(os.path.join(tmp, d.id + ".pdf"), base)
            scan_with_text_layer(d, base, os.path.join(tmp, d.id + ".pdf"))
        shutil.copy(os.path.join(tmp, d.id + ".pdf"), pdf)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(only):
    os.makedirs(PDF_DIR, exist_ok=True)
    os.makedirs(TRUTH_DIR, exist_ok=True)
    for n, (ident, producer, half, opts) in enumerate(SPECS):
        if only and ident not in only:
            continue
        d = Doc(ident, producer, half, opts, seed=1000 + n)
        p = build_english(d) if d.english else build_chinese(d)
        d.title = ("Security design: " + p["name"]) if d.english else (p["name"] + "安全防范系统设计说明")
        pdf = os.path.join(PDF_DIR, ident + ".pdf")
        produce(d, pdf)
        pages = page_texts(pdf)
        facts = []
        for f in d.facts:
            needle = squash(f["needle"])
            hits = [i + 1 for i, t in enumerate(pages) if needle in t]
            if not hits:
                sys.exit(f"{ident}: {f['field']}: '{f['needle']}' is on no page")
            facts.append(dict(field=f["field"], value=f["value"], page=hits[0], text=f["needle"]))
        truth = dict(id=ident, producer=producer, half=half, pages=len(pages), traps=sorted(opts),
                     facts=facts, distractors=d.distractors, equipment=d.rows, not_items=d.not_items)
        with open(os.path.join(TRUTH_DIR, ident + ".json"), "w", encoding="utf-8") as fh:
            json.dump(truth, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        print(f"{ident} {producer:11} {half:4} {len(pages):2} pages, {len(facts)} facts, {len(d.rows)} rows")


if __name__ == "__main__":
    main(set(sys.argv[1:]))
