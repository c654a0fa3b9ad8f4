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
    ("{} is read as {}", "{} 按 {} 处理"),
    ("must not be empty", "不能为空"),
];

const HINTS: &[Pattern] = &[
    (
        "did you mean {}? allowed: {}",
        "是否想写 {}？允许的取值：{}",
    ),
    ("did you mean {}?", "是否想写 {}？"),
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
    match value {
        "string" => "文本".into(),
        "number" => "数字".into(),
        "integer" => "整数".into(),
        "boolean" => "是/否（true / false）".into(),
        "object" => "映射（若干字段）".into(),
        "array" => "列表".into(),
        "null" => "空值".into(),
        other => other
            .replace(" or ", " 或 ")
            .replace("a string", "文本")
            .replace("a number", "数字")
            .replace("a list", "列表")
            .replace("a mapping", "映射"),
    }
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
}
