//! `--help` in Chinese: the command line's descriptions and headings, for a Chinese locale or
//! `--lang zh` (the English ones are the doc comments of the argument types).

use clap::Command;

/// What each command does, by name.
const ABOUT: &[(&str, &str)] = &[
    (
        "anfang",
        "anfang（安防）对照智慧安防小区标准检查住宅小区安全防范设计，出具审查意见书、现场核查表和验收记录。\n先运行 `anfang init` 生成带注释的起步申报文件，再运行 `anfang check 文件`。\n退出码：0 通过；1 未通过（基本通过 / 需补正 / 不通过）；2 用法或输入错误。",
    ),
    ("check", "对照标准检查申报文件，出具审查意见书（审查）"),
    (
        "batch",
        "并行检查一批申报文件：每份一份报告，另有汇总表和仪表板",
    ),
    (
        "diff",
        "比较同一项目的两轮申报（报告或申报文件）：已整改、仍未整改、新增问题、豁免变化",
    ),
    (
        "validate",
        "只按申报文件结构（JSON Schema）校验，不评判规则",
    ),
    ("schema", "输出申报文件的 JSON Schema（供编辑器补全）"),
    ("init", "生成带注释的起步申报文件（中文注释附英文）"),
    ("rules", "列出标准的规则，每行一条，以规则编号开头"),
    (
        "explain",
        "说明一条规则：检查什么、为什么、依据条款、参数和示例",
    ),
    (
        "checklist",
        "由批准的设计生成现场核查表：HTML 供打印，XLSX / CSV 供现场填写后交回 `anfang accept`",
    ),
    (
        "accept",
        "比较竣工与批准的设计，出具验收记录：偏差、分部评分、通过 / 基本通过 / 不通过、整改清单",
    ),
    (
        "extract",
        "从设计文件（PDF）和设备清单读取申报草稿，每个值注明所在页和行",
    ),
    ("standards", "标准编写者的工具"),
    ("test", "运行每条规则的通过和不通过示例"),
    ("lint", "检查标准文件夹：编号、双语说明、引用、未用的参数"),
    (
        "completions",
        "输出命令行补全脚本（bash、zsh、fish、elvish、powershell）",
    ),
    ("man", "输出手册页（roff 格式）"),
    ("help", "显示帮助"),
];

/// What each option means, by its id.
const ARGS: &[(&str, &str)] = &[
    ("files", "申报文件（.yaml、.yml、.json、.toml）"),
    ("standard", "标准文件夹，或内置标准的编号"),
    ("lang", "消息和文书的语言（zh 中文，en 英文）"),
    ("edition", "采用此版本，而不是申报日期所适用的版本"),
    ("format", "输出格式"),
    ("output", "写入此文件（多份申报时为文件夹）"),
    ("as_of", "判定豁免所依据的日期（YYYY-MM-DD，默认当天）"),
    ("date", "在文书上印此日期（YYYY-MM-DD）；不指定则留空待填"),
    ("templates", "覆盖内置模板的文件夹（如主管部门的信笺）"),
    (
        "only",
        "终端只显示这些结果（逗号分隔）：fail 不符合，cannot-evaluate 无法判定，waived 已豁免，near-miss 临界",
    ),
    ("quiet", "终端只显示结论和计数"),
    (
        "color",
        "终端着色：auto（终端且未设 NO_COLOR 时）、always、never",
    ),
    ("font_dir", "PDF：排版所用字体的文件夹"),
    (
        "doc_number",
        "PDF 等文书：要印的文号；默认由标准和输入文件的摘要生成",
    ),
    ("force", "覆盖已有文件"),
    ("path", "写到哪里（`-` 为标准输出）"),
    ("design", "批准的设计（申报文件）"),
    (
        "as_built",
        "现场核查记录：填好的核查表（.xlsx / .csv）或竣工申报文件",
    ),
    (
        "previous",
        "上次验收记录（--format json 输出），用于整改后复验",
    ),
    ("deadline", "整改完成期限（YYYY-MM-DD）"),
    ("old", "前一轮：JSON 报告或申报文件"),
    ("new", "本轮：JSON 报告或申报文件"),
    (
        "allow_different_standard",
        "允许比较用不同标准或版本检查的两轮",
    ),
    (
        "allow_different_project",
        "允许比较两个不同项目（项目编号不同）",
    ),
    ("jobs", "并行检查的线程数"),
    ("fresh", "全部重新检查，不沿用上次的报告"),
    ("verbose", "逐份显示检查结果"),
    ("report", "输出 `check --format json` 报告的 JSON Schema"),
    ("shell", "命令行外壳"),
    ("help", "显示帮助"),
    ("version", "显示版本和内置的标准版本"),
];

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn find(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The command with its help in Chinese, recursively.
pub fn localise(mut cmd: Command) -> Command {
    // Building adds the generated `--help` and `--version` flags, so they are translated too.
    cmd.build();
    let name = cmd.get_name().to_owned();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if let Some(about) = find(ABOUT, &name) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in args {
        let help = find(ARGS, &id);
        cmd = cmd.mut_arg(id, |a| {
            let a = a.help_heading(if positional { "参数" } else { "选项" });
            match help {
                Some(h) => a.help(h).long_help(None::<&str>),
                None => a,
            }
        });
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for s in subcommands {
        cmd = cmd.mut_subcommand(s, localise);
    }
    cmd
}
