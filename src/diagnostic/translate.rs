//! The input errors a person meets most, said in Chinese. Problems are built in English by every
//! layer that reads files (the English is also what `summary.json` and the JSON of a batch
//! record); this table turns the common ones into Chinese when the terminal's language is
//! Chinese. A message not in the table keeps its English.

/// A pattern: the English text with `{}` standing for one value, and the Chinese with `{}`.
type Pattern = (&'static str, &'static str);

const MESSAGES: &[Pattern] = &[
    ("unknown field {}", "未知字段 {}"),
    ("missing required field {}", "缺少必填字段 {}"),
    ("{} is not one of the allowed values", "{} 不是允许的取值"),
    ("expected {}, found {}", "应为{}，实为 {}"),
    ("{} is not a valid {}", "{} 不是有效的{}"),
    ("{} is not in the expected form", "{} 格式不符"),
    ("no such file", "文件不存在"),
    ("permission denied", "无权读取"),
    ("is a directory, not a file", "是文件夹，不是文件"),
    ("is empty", "是空文件"),
    ("is encoded as UTF-16", "是 UTF-16 编码"),
    (
        "is not valid UTF-8 (byte offset {})",
        "不是有效的 UTF-8 编码（字节偏移 {}）",
    ),
    (
        "cannot tell the file's format from its name",
        "无法从文件名判断格式",
    ),
    (
        "the top level must be a mapping of sections",
        "顶层应为各部分的映射（project、site、technical……）",
    ),
    (
        "holds no data (only comments or blank lines)",
        "没有数据（只有注释或空行）",
    ),
    ("holds more than one YAML document", "包含多个 YAML 文档"),
    ("is not valid JSON: {}", "不是有效的 JSON：{}"),
    ("is not valid TOML: {}", "不是有效的 TOML：{}"),
    ("is not valid YAML: {}", "不是有效的 YAML：{}"),
    (
        "unknown id {} in {}: no element has this id",
        "{1} 中的编号 {0} 不存在：没有元素使用此编号",
    ),
    (
        "\"{}\" is {} ({}), but {} takes the id of {}",
        "\"{0}\" 是{1}（{2}），但 {3} 应填{4}的编号",
    ),
    (
        "duplicate id \"{}\": already used by {} at {}",
        "编号 \"{0}\" 重复：已被 {2} 处的{1}使用",
    ),
    (
        "id \"{}\" is reserved for the monitoring centre",
        "编号 \"{}\" 专用于监控中心",
    ),
    ("and {} more {}", "另有 {} 处{}"),
    ("{} is read as {}", "{} 按 {} 处理"),
    ("must not be empty", "不能为空"),
];

const HINTS: &[Pattern] = &[
    (
        "did you mean {}? allowed: {}",
        "是否想写 {}？允许的取值：{}",
    ),
    (
        "did you mean \"{}\" ({} at {})?",
        "是否想写 \"{0}\"（{2} 处的{1}）？",
    ),
    ("did you mean {}?", "是否想写 {}？"),
    (
        "expected the id of {}, and none is declared",
        "应填{}的编号，但申报中没有",
    ),
    (
        "expected the id of {}; declared: {}",
        "应填{}的编号；已申报：{}",
    ),
    ("expected the id of {}", "应填{}的编号"),
    (
        "ids must be unique across the whole submission; rename one of the two",
        "编号在整份申报中必须唯一；请修改其中一个",
    ),
    (
        "references to \"{}\" mean the {} section; give this element another id",
        "引用 \"{}\" 指 {} 部分；请给此元素另取编号",
    ),
    ("{} belongs under {}", "{} 应写在 {} 之下"),
    ("write the canonical value: {}", "建议写作规范取值：{}"),
    (
        "write dates as YYYY-MM-DD, e.g. 2026-03-15",
        "日期写作 YYYY-MM-DD，例如 2026-03-15",
    ),
    (
        "write true or false (YAML 1.2: yes/no are text)",
        "请写 true 或 false（YAML 1.2 中 yes/no 是文本）",
    ),
    (
        "write true or false, without quotes",
        "请写 true 或 false，不加引号",
    ),
    ("write a list: {}", "请写成列表：{}"),
    (
        "write the quantity as a number (digits), e.g. 12, not 十二",
        "数量请用阿拉伯数字，例如 12，不要写“十二”",
    ),
    (
        "write just the number, {}; the unit is part of the field name ({})",
        "只写数字 {}；单位已包含在字段名中（{}）",
    ),
    ("allowed: {}", "允许的取值：{}"),
    ("the fields allowed here are: {}", "此处允许的字段：{}"),
    ("remove it", "请删除该字段"),
    (
        "add {} here; `anfang schema` describes every field",
        "请在此处添加 {}；`anfang schema` 说明每个字段",
    ),
    (
        "write a value or remove the field",
        "请填写取值，或删除该字段",
    ),
    (
        "counts, lengths and durations cannot be negative",
        "数量、长度和时长不能为负数",
    ),
    (
        "ratios are written as fractions: 0.8 for 80 %",
        "比例写成小数：80% 写作 0.8",
    ),
    (
        "check the path; `anfang init` writes a starter submission",
        "请检查路径；`anfang init` 可生成起步申报文件",
    ),
    ("save the file as UTF-8", "请将文件另存为 UTF-8 编码"),
    (
        "name submissions *.yaml, *.yml, *.json or *.toml",
        "申报文件应命名为 *.yaml、*.yml、*.json 或 *.toml",
    ),
    (
        "check for a missing comma, quote or bracket just before this point",
        "请检查此处之前是否缺少逗号、引号或括号",
    ),
    (
        "check the quoting and brackets on this line",
        "请检查本行的引号和括号",
    ),
    (
        "put one submission per file; remove the `---` separator",
        "每个文件只放一份申报；请删除 `---` 分隔符",
    ),
];

/// Matches `text` against a pattern whose `{}` each stand for a non-empty run of text; returns
/// the values in order.
fn capture<'a>(pattern: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = pattern.split("{}").collect();
    let mut rest = text.strip_prefix(parts.first()?)?;
    let mut values = Vec::new();
    for (i, literal) in parts.iter().enumerate().skip(1) {
        let last = i + 1 == parts.len();
        let at = if last && literal.is_empty() {
            rest.len()
        } else if last {
            rest.strip_suffix(literal).map(str::len)?
        } else {
            rest.find(literal)?
        };
        if at == 0 {
            return None;
        }
        values.push(&rest[..at]);
        rest = &rest[at + literal.len()..];
    }
    rest.is_empty().then_some(values)
}

fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(0);
        let index = after[..close].parse::<usize>().unwrap_or_else(|_| {
            next += 1;
            next - 1
        });
        out.push_str(values.get(index).copied().unwrap_or(""));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn translate(table: &[Pattern], text: &str) -> String {
    for (en, zh) in table {
        if let Some(values) = capture(en, text) {
            let values: Vec<String> = values.iter().map(|v| words(v)).collect();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            return fill(zh, &refs);
        }
    }
    text.to_owned()
}

/// The JSON types and a few words inside messages, in Chinese.
fn words(value: &str) -> String {
    if let Some(kinds) = element_kinds(value) {
        return kinds;
    }
    // A list cut short: `"B01", "B02" and 7 more`.
    if let Some((list, n)) = value
        .strip_suffix(" more")
        .and_then(|rest| rest.rsplit_once(" and "))
        .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b','))
    {
        return format!("{list}，另有 {n} 个");
    }
    match value {
        "string" => "文本".into(),
        "number" => "数字".into(),
        "integer" => "整数".into(),
        "boolean" => "是/否（true / false）".into(),
        "object" => "映射（若干字段）".into(),
        "array" => "列表".into(),
        "null" => "空值".into(),
        // The kinds of problem a long report counts ("and 990 more unknown fields").
        "unknown fields" => "未知字段".into(),
        "missing required fields" => "缺少的必填字段".into(),
        "values of the wrong type" => "类型不符的取值".into(),
        "values that are not allowed" => "不允许的取值".into(),
        "values out of range" => "超出范围的取值".into(),
        "values in the wrong form" => "格式不符的取值".into(),
        "empty values" => "空值".into(),
        "other schema errors" => "其他格式问题".into(),
        "schema errors" => "格式问题".into(),
        "numbers too large" => "过大的数字".into(),
        "duplicate ids" => "重复编号".into(),
        "reserved ids" => "保留编号".into(),
        "unknown ids" => "不存在的编号".into(),
        "references to the wrong kind of element" => "类别不符的引用".into(),
        "rows that could not be read" => "无法读取的行".into(),
        "any element (or \"monitoring_centre\")" => "任一元素（或 \"monitoring_centre\"）".into(),
        other => other
            .replace(" or ", " 或 ")
            .replace("a string", "文本")
            .replace("a number", "数字")
            .replace("a list", "列表")
            .replace("a mapping", "映射"),
    }
}

/// Element kinds as a reference message names them ("a garage", "an entrance, a lane or a
/// garage entrance"), in Chinese; `None` unless every name is an element kind's.
fn element_kinds(value: &str) -> Option<String> {
    let (rest, last) = match value.rsplit_once(" or ") {
        Some((rest, last)) => (Some(rest), last),
        None => (None, value),
    };
    let mut names = Vec::new();
    for name in rest.into_iter().flat_map(|r| r.split(", ")) {
        names.push(crate::model::refs::kind_zh(name)?);
    }
    let last = crate::model::refs::kind_zh(last)?;
    Some(if names.is_empty() {
        last.to_owned()
    } else {
        format!("{}或{last}", names.join("、"))
    })
}

/// A problem's message in Chinese (unchanged when it is not a common one).
pub(super) fn message(text: &str) -> String {
    translate(MESSAGES, text)
}

/// A problem's hint in Chinese (unchanged when it is not a common one).
pub(super) fn hint(text: &str) -> String {
    translate(HINTS, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_messages_are_said_in_chinese() {
        assert_eq!(
            message("unknown field `resolutin_mp`"),
            "未知字段 `resolutin_mp`"
        );
        assert_eq!(
            message("expected integer, found \"abc\""),
            "应为整数，实为 \"abc\""
        );
        assert_eq!(
            hint("did you mean `level3`? allowed: level3, level2, level1"),
            "是否想写 `level3`？允许的取值：level3, level2, level1"
        );
        assert_eq!(message("something new"), "something new");
    }

    /// A reference to the wrong kind of element, a duplicate or reserved id, and their hints,
    /// with the element kinds named in Chinese.
    #[test]
    fn reference_problems_are_said_in_chinese() {
        assert_eq!(
            message(
                "\"G1\" is a garage (/site/garages/0), but to_building takes the id of a building"
            ),
            "\"G1\" 是车库（/site/garages/0），但 to_building 应填楼栋的编号"
        );
        assert_eq!(
            message("duplicate id \"C1\": already used by a camera at /technical/cameras/0"),
            "编号 \"C1\" 重复：已被 /technical/cameras/0 处的摄像机使用"
        );
        assert_eq!(
            hint("did you mean \"B01\" (a building at /site/buildings/0)?"),
            "是否想写 \"B01\"（/site/buildings/0 处的楼栋）？"
        );
        assert_eq!(
            hint("expected the id of an entrance, a lane or a garage entrance; declared: \"E1\""),
            "应填出入口、通道或车库出入口的编号；已申报：\"E1\""
        );
        assert_eq!(
            hint("expected the id of a building; declared: \"B01\", \"B02\" and 7 more"),
            "应填楼栋的编号；已申报：\"B01\", \"B02\"，另有 7 个"
        );
        assert_eq!(
            hint("expected the id of a building, and none is declared"),
            "应填楼栋的编号，但申报中没有"
        );
        assert_eq!(
            hint("expected the id of any element (or \"monitoring_centre\")"),
            "应填任一元素（或 \"monitoring_centre\"）的编号"
        );
        assert_eq!(
            message("and 9,989 more duplicate ids"),
            "另有 9,989 处重复编号"
        );
        assert_eq!(
            message("and 3 more references to the wrong kind of element"),
            "另有 3 处类别不符的引用"
        );
        // A value that only looks like a list of kinds stays as written.
        assert_eq!(
            hint("expected the id of a building or a shed"),
            "应填a building 或 a shed的编号"
        );
        // Every kind has a Chinese name, and no two share one.
        let mut zh: Vec<&str> = crate::model::refs::ELEMENT_KINDS
            .iter()
            .map(|k| k.zh)
            .collect();
        assert!(zh.iter().all(|z| !z.is_empty() && !z.is_ascii()));
        zh.sort_unstable();
        zh.dedup();
        assert_eq!(zh.len(), crate::model::refs::ELEMENT_KINDS.len());
    }
}
