//! How documents word things: clause references in the document's language (第23条第3款,
//! 第2章), lists of subjects with their count (东大门、北门（共 2 处）), and which sources make up
//! the basis of a review (审查依据).

use std::cmp::Ordering;

use crate::i18n::{Lang, Text};

/// A clause reference as a reviewer writes it: `Art. 21(3)` → 第21条第3款, `ch. 2` → 第2章,
/// `scope` → 适用范围, `3.5.2(5)` → 第3.5.2条第5款, `10.2` → 第10.2节; `?` (not identified) → "".
/// English keeps the source's own form (`Art. 21(3)`, `cl. 3.5.2(5)`).
pub fn clause(clause: &str, lang: Lang) -> String {
    let c = clause.trim();
    if c.is_empty() || c == "?" {
        return String::new();
    }
    match lang {
        Lang::En => {
            if c.starts_with(|ch: char| ch.is_ascii_digit()) {
                format!("cl. {c}")
            } else {
                c.to_owned()
            }
        }
        Lang::Zh => clause_zh(c),
    }
}

fn clause_zh(c: &str) -> String {
    if c.eq_ignore_ascii_case("scope") {
        return "适用范围".into();
    }
    if let Some(rest) = c.strip_prefix("ch.").or_else(|| c.strip_prefix("Ch.")) {
        return format!("第{}章", rest.trim());
    }
    if let Some(rest) = c.strip_prefix("Art.").or_else(|| c.strip_prefix("art.")) {
        return rest
            .split(',')
            .map(|part| numbered(part.trim(), "条"))
            .collect::<Vec<_>>()
            .join("、");
    }
    let (body, commentary) = match c.strip_suffix("commentary") {
        Some(b) => (b.trim(), true),
        None => (c, false),
    };
    let unit = |part: &str| {
        let head = part.split(['(', '–', '-']).next().unwrap_or(part);
        match head.matches('.').count() {
            0 => "章",
            1 => "节",
            _ => "条",
        }
    };
    let text = body
        .split(',')
        .map(|part| {
            let part = part.trim();
            numbered(part, unit(part))
        })
        .collect::<Vec<_>>()
        .join("、");
    if commentary {
        format!("{text}条文说明")
    } else {
        text
    }
}

/// `21(3)` → 第21条第3款; `5.2.3(2)(3)` → 第5.2.3条第2、3款; `55–56` → 第55–56条.
fn numbered(part: &str, unit: &str) -> String {
    let (head, paragraphs) = match part.find('(') {
        Some(i) => (&part[..i], &part[i..]),
        None => (part, ""),
    };
    let items: Vec<&str> = paragraphs
        .split(['(', ')'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = format!("第{}{unit}", head.trim());
    if !items.is_empty() {
        out.push_str(&format!("第{}款", items.join("、")));
    }
    out
}

/// The short name of a source and the clause: `GB 55029-2022 第3.5.2条第5款`.
pub fn clause_ref(source_title: &Text, key: &str, clause_text: &str, lang: Lang) -> String {
    let name = short_source(source_title.get(lang), source_title, key);
    let c = clause(clause_text, lang);
    match (c.is_empty(), lang) {
        (true, _) => name,
        (false, Lang::Zh) if name.ends_with(|ch: char| ch.is_ascii()) => format!("{name} {c}"),
        (false, Lang::Zh) => format!("{name}{c}"),
        (false, Lang::En) => format!("{name} {c}"),
    }
}

/// A source's short name: its code (`GB 55029-2022`, `GB/T 21741-2021`) or the title before any
/// parenthesis (`公共安全视频图像信息系统管理条例`).
pub fn short_source(title: &str, both: &Text, key: &str) -> String {
    let zh = both.zh.trim();
    if let Some(code) = standard_code(zh) {
        return code;
    }
    let t = title.trim();
    let short = t
        .split(['（', '('])
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(key);
    short.to_owned()
}

/// `GB 55029-2022` from `GB 55029-2022 安全防范工程通用规范`; `DB31/294` from `DB31/294 住宅…`.
pub fn standard_code(title: &str) -> Option<String> {
    let t = title.trim();
    let prefixes = ["GB", "GA", "JGJ", "DB", "CECS", "T/"];
    if !prefixes.iter().any(|p| t.starts_with(p)) {
        return None;
    }
    let mut parts = t.split_whitespace();
    let a = parts.next()?;
    match parts.next() {
        Some(b) if b.chars().next().is_some_and(|c| c.is_ascii_digit()) => Some(format!("{a} {b}")),
        _ => Some(a.to_owned()),
    }
}

/// What kind of document a source is, in the order a basis lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    /// 法律.
    Law,
    /// 行政法规、部门规章、司法解释.
    Regulation,
    /// 国家标准.
    National,
    /// 行业标准.
    Industry,
    /// 地方标准和地方文件.
    Local,
    /// 行业惯例、指南（非规范性）.
    Practice,
}

/// What a basis needs to know about a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMeta {
    /// Its kind.
    pub kind: SourceKind,
    /// 行政区划 code prefixes it applies in (local sources); empty: everywhere.
    pub region: Vec<String>,
    /// The catalogue marks the source (or its figures) unverified.
    pub unverified: bool,
    /// It has been superseded by a later edition.
    pub superseded: bool,
}

const PROVINCES: &[(&str, &str)] = &[
    ("北京", "11"),
    ("天津", "12"),
    ("河北", "13"),
    ("山西", "14"),
    ("内蒙古", "15"),
    ("辽宁", "21"),
    ("吉林", "22"),
    ("黑龙江", "23"),
    ("上海", "31"),
    ("江苏", "32"),
    ("浙江", "33"),
    ("安徽", "34"),
    ("福建", "35"),
    ("江西", "36"),
    ("山东", "37"),
    ("河南", "41"),
    ("湖北", "42"),
    ("湖南", "43"),
    ("广东", "44"),
    ("深圳", "4403"),
    ("广西", "45"),
    ("海南", "46"),
    ("重庆", "50"),
    ("四川", "51"),
    ("贵州", "52"),
    ("云南", "53"),
    ("大理", "5329"),
    ("西藏", "54"),
    ("陕西", "61"),
    ("甘肃", "62"),
    ("青海", "63"),
    ("宁夏", "64"),
    ("新疆", "65"),
];

/// Whether a source's title says a later edition replaced it (…已被 GB 51348-2019 替代).
pub fn superseded(title: &Text) -> bool {
    let t = title.zh.trim();
    t.contains("已被") && (t.contains("代替") || t.contains("替代"))
}

/// A source's kind, region and standing inferred from its Chinese title, for a standard whose
/// `sources:` carry no `kind` / `region` / `verified` metadata: `DB31/…` and a province's name
/// make it local to that province; 法 of the 中华人民共和国 is a law; 条例 / 规定 / 办法 / 令 /
/// 通知 / 司法解释 a regulation; GB a national standard; GA / JGJ an industry standard;
/// 行业惯例 / 非标准 / 行业实践 / 指南 practice; 未核实 / 待核实 / 转引 / 未识别 unverified;
/// 已被…代替 superseded.
pub fn infer_source(title: &Text) -> SourceMeta {
    let t = title.zh.trim();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let mut region = Vec::new();
    if let Some(rest) = t.strip_prefix("DB") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            region.push(digits);
        }
    }
    if region.is_empty() {
        let head: String = t.split(['（', '(']).next().unwrap_or(t).to_owned();
        if let Some((_, code)) = PROVINCES
            .iter()
            .filter(|(name, _)| {
                head.starts_with(name)
                    || head.contains(&format!("{name}省"))
                    || head.contains(&format!("{name}市"))
            })
            .max_by_key(|(_, code)| code.len())
        {
            region.push((*code).to_owned());
        }
    }
    let guide = !t.starts_with("GB") && has(&["指南"]);
    let kind = if guide || has(&["行业惯例", "非标准", "行业实践", "采购技术规格"])
    {
        SourceKind::Practice
    } else if t.starts_with("中华人民共和国") && !has(&["条例", "规定", "办法"]) {
        SourceKind::Law
    } else if t.starts_with("DB") || !region.is_empty() || has(&["地方"]) {
        SourceKind::Local
    } else if t.starts_with("GB") {
        SourceKind::National
    } else if t.starts_with("GA") || t.starts_with("JGJ") || t.starts_with("CECS") {
        SourceKind::Industry
    } else if has(&["条例", "规定", "办法", "令第", "通知", "最高人民法院"]) {
        SourceKind::Regulation
    } else if has(&["指南", "要点", "方案", "标准文本"]) {
        SourceKind::Practice
    } else {
        SourceKind::Industry
    };
    SourceMeta {
        kind,
        region,
        unverified: has(&["未核实", "待核实", "转引", "未识别", "转载"]),
        superseded: superseded(title),
    }
}

/// Whether a source belongs in the basis of a project in `region_code` (6-digit 行政区划):
/// normative, verified, in force, and local only to the project's region.
pub fn in_basis(meta: &SourceMeta, region_code: Option<&str>) -> bool {
    if meta.kind == SourceKind::Practice || meta.unverified || meta.superseded {
        return false;
    }
    if meta.region.is_empty() {
        return true;
    }
    region_code.is_some_and(|code| meta.region.iter().any(|r| code.starts_with(r.as_str())))
}

/// Orders basis entries: laws, regulations, national, industry, local; then by title.
pub fn basis_order(a: &(SourceMeta, Text), b: &(SourceMeta, Text)) -> Ordering {
    a.0.kind.cmp(&b.0.kind).then_with(|| a.1.zh.cmp(&b.1.zh))
}

/// The counting word for a list of subjects, from the list they stand in
/// (`/technical/cameras/3` → 台).
pub fn counter(subject_pointer: &str, lang: Lang) -> &'static str {
    let list = subject_pointer
        .rsplit('/')
        .find(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("");
    match lang {
        Lang::Zh => match list {
            "cameras" | "access_points" | "emergency_buttons" | "vehicle_barriers"
            | "iot_sensors" | "lifts" | "devices" => "台",
            "buildings" => "栋",
            "units" => "个单元",
            "segments" => "段",
            "alarm_zones" => "个防区",
            "garages" => "个车库",
            "waivers" => "项",
            _ => "处",
        },
        Lang::En => match list {
            "cameras" => "cameras",
            "access_points" => "access points",
            "buildings" => "buildings",
            "units" => "units",
            "segments" => "segments",
            "alarm_zones" => "zones",
            "lifts" => "lifts",
            _ => "places",
        },
    }
}

/// Names joined as a reviewer lists them, with the count: `东大门、北门（共 2 处）`.
pub fn names_with_count(names: &[String], counter_word: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}（共 {} {counter_word}）", names.join("、"), names.len()),
        Lang::En if names.len() == 1 => format!(
            "{} (1 {})",
            names.join(", "),
            counter_word.strip_suffix('s').unwrap_or(counter_word)
        ),
        Lang::En => format!("{} ({} {counter_word})", names.join(", "), names.len()),
    }
}

/// A file's name without its folders (documents print names, not the inspector's paths).
pub fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .find(|s| !s.is_empty())
        .unwrap_or(path)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_read_in_chinese() {
        for (given, zh) in [
            ("Art. 21(3)", "第21条第3款"),
            ("Art. 8, 14", "第8条、第14条"),
            ("Art. 55–56", "第55–56条"),
            ("ch. 2", "第2章"),
            ("scope", "适用范围"),
            ("3.5.2(5)", "第3.5.2条第5款"),
            ("5.2.3(2)(3)", "第5.2.3条第2、3款"),
            ("10.2", "第10.2节"),
            ("14.2 commentary", "第14.2节条文说明"),
            ("4.0.3–4.0.4", "第4.0.3–4.0.4条"),
            ("2.0.3, 4.0.2", "第2.0.3条、第4.0.2条"),
            ("?", ""),
        ] {
            assert_eq!(clause(given, Lang::Zh), zh, "{given}");
        }
        assert_eq!(clause("3.5.2(5)", Lang::En), "cl. 3.5.2(5)");
        assert_eq!(clause("Art. 21(3)", Lang::En), "Art. 21(3)");
    }

    #[test]
    fn sources_are_classified_from_their_titles() {
        let meta = |t: &str| infer_source(&Text::new(t, ""));
        assert_eq!(
            meta("中华人民共和国网络安全法（2016年公布）").kind,
            SourceKind::Law
        );
        assert_eq!(
            meta("GB 55029-2022 安全防范工程通用规范").kind,
            SourceKind::National
        );
        assert_eq!(
            meta("GA/T 368-2001 入侵报警系统技术要求").kind,
            SourceKind::Industry
        );
        let db = meta("DB31/294 住宅小区智能安全技术防范系统要求（上海市地方标准）");
        assert_eq!(
            (db.kind, db.region.clone()),
            (SourceKind::Local, vec!["31".to_owned()])
        );
        assert!(!in_basis(&db, Some("532901")));
        assert!(in_basis(&db, Some("310101")));
        let yunnan = meta("云南省关于住宅电梯加装电动自行车智能阻止系统的通知（2025年）");
        assert!(in_basis(&yunnan, Some("532930")));
        assert!(!in_basis(
            &meta("居民住宅小区安全防范系统技术规范（某市地方规范，据报道转引，城市及条款未核实）"),
            Some("532930")
        ));
        assert!(!in_basis(
            &meta("行业惯例、采购技术规格与安装指南（非标准）"),
            None
        ));
        assert!(!in_basis(
            &meta("GB 50348-2004 安全防范工程技术规范（已被 GB 50348-2018 代替）"),
            None
        ));
        assert_eq!(
            meta("公共安全视频图像信息系统管理条例（国务院令第 799 号）").kind,
            SourceKind::Regulation
        );
    }

    #[test]
    fn short_names_are_codes_or_titles_before_the_parenthesis() {
        let t = Text::new(
            "GB/T 21741-2021 住宅小区安全防范系统通用技术要求",
            "GB/T 21741-2021 …",
        );
        assert_eq!(
            clause_ref(&t, "GBT21741", "5.2.2", Lang::Zh),
            "GB/T 21741-2021 第5.2.2条"
        );
        let law = Text::new(
            "公共安全视频图像信息系统管理条例（国务院令第 799 号）",
            "Regulation on public-security video (State Council Decree 799)",
        );
        assert_eq!(
            clause_ref(&law, "VIDREG", "Art. 17", Lang::Zh),
            "公共安全视频图像信息系统管理条例第17条"
        );
    }
}
