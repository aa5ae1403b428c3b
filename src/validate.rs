//! Input validation: every problem in a document at once, each with its JSON path.
//!
//! Three passes, all of which run so that a clerk sees everything in one go:
//! 1. the JSON Schema generated from the Rust types (types, lengths, patterns, unknown fields);
//! 2. characters the typesetter cannot print (control characters);
//! 3. cross-field rules that a schema cannot express (dates in order, unique ids, …).
//!
//! Messages are in Chinese, for the clerks who fix the data.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde::Serialize;
use serde_json::Value;

use crate::model::{
    Attachment, CcNotice, DocKind, Document, Feedback, IsoDate, Layout, RecommendationLetter,
    RenderHints,
};

/// One problem in an input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputProblem {
    /// JSON Pointer to the offending value, e.g. `/problem_groups/2/problems/0/description`.
    pub path: String,
    /// What is wrong and how to fix it, in Chinese.
    pub message: String,
}

impl InputProblem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// How big one document may be. Each limit, when passed, is a problem at the path of the
/// offending value (`max_pages` at the document itself), so an HTTP client gets a 422.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most characters in any one text. The longest field of the contract allows 3,000;
    /// this bound also covers `extra`, and keeps pattern checks fast (a megabyte in a pattern
    /// field took 5 s to check).
    pub max_text_chars: usize,
    /// The most items in any one list (problems, groups, table rows, …). The contract sets no
    /// bound on most lists; 10,000 problems took 4 s and 650 MB to typeset.
    pub max_list_items: usize,
    /// The most pages a typeset document may have.
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_text_chars: 10_000,
            max_list_items: 500,
            max_pages: 200,
        }
    }
}

/// Validates a parsed JSON value and returns the typed document, or every problem found.
pub fn validate(value: &Value, limits: &Limits) -> Result<Document, Vec<InputProblem>> {
    let kind = document_kind(value).map_err(|p| vec![p])?;
    let oversized = oversize_problems(value, limits);
    if !oversized.is_empty() {
        // Patterns over megabytes of text take seconds, and every item costs layout time:
        // such a document is refused before anything else looks at it.
        return Err(oversized);
    }
    let mut problems = schema_problems(kind, value);
    problems.extend(control_character_problems(value));
    let document = Document::from_value(kind, value).ok();
    match document {
        Some(document) => {
            problems.extend(cross_field_problems(&document));
            if problems.is_empty() {
                Ok(document)
            } else {
                Err(dedup(problems))
            }
        }
        None if problems.is_empty() => Err(vec![InputProblem::new(
            "",
            "文档结构无法识别，请对照 `xuncha schema` 输出的结构检查",
        )]),
        None => Err(dedup(problems)),
    }
}

/// Reads `doc_kind` and says clearly when it is missing or unknown.
pub fn document_kind(value: &Value) -> Result<DocKind, InputProblem> {
    let Some(object) = value.as_object() else {
        return Err(InputProblem::new(
            "",
            format!(
                "文档应为 JSON 对象（{{…}}），实际为{}",
                json_type_name(value)
            ),
        ));
    };
    match object.get("doc_kind") {
        None => Err(InputProblem::new(
            "/doc_kind",
            format!("缺少必填字段“doc_kind”（文种），可选值：{}", known_kinds()),
        )),
        Some(Value::String(s)) => s.parse().map_err(|_| {
            InputProblem::new(
                "/doc_kind",
                format!("不支持的文种“{s}”，可选值：{}", known_kinds()),
            )
        }),
        Some(other) => Err(InputProblem::new(
            "/doc_kind",
            format!("“doc_kind”应为字符串，实际为{}", json_type_name(other)),
        )),
    }
}

fn known_kinds() -> String {
    DocKind::ALL
        .iter()
        .map(|k| format!("{}（{}）", k.as_str(), k.chinese_name()))
        .collect::<Vec<_>>()
        .join("、")
}

fn validator(kind: DocKind) -> &'static jsonschema::Validator {
    static VALIDATORS: OnceLock<HashMap<DocKind, jsonschema::Validator>> = OnceLock::new();
    let all = VALIDATORS.get_or_init(|| {
        DocKind::ALL
            .iter()
            .map(|&k| {
                let validator = jsonschema::options()
                    .should_validate_formats(true)
                    .build(&k.schema())
                    .expect("the schema generated from the Rust types is valid");
                (k, validator)
            })
            .collect()
    });
    &all[&kind]
}

fn schema_problems(kind: DocKind, value: &Value) -> Vec<InputProblem> {
    let errors: Vec<_> = validator(kind).iter_errors(value).collect();
    let pattern_paths: HashSet<String> = errors
        .iter()
        .filter(|e| matches!(e.kind(), ValidationErrorKind::Pattern { .. }))
        .map(|e| e.instance_path().as_str().to_string())
        .collect();
    errors
        .iter()
        .filter(|e| {
            // A value that breaks its pattern need not also be told its format is wrong.
            !(matches!(e.kind(), ValidationErrorKind::Format { .. })
                && pattern_paths.contains(e.instance_path().as_str()))
        })
        .map(|error| {
            let path = error.instance_path().as_str().to_string();
            schema_message(path, error.kind(), error.instance())
        })
        .collect()
}

/// Turns one schema violation into a problem a clerk can act on.
fn schema_message(path: String, kind: &ValidationErrorKind, instance: &Value) -> InputProblem {
    use ValidationErrorKind as K;
    match kind {
        K::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            InputProblem::new(
                format!("{path}/{}", escape_pointer(name)),
                format!("缺少必填字段“{name}”"),
            )
        }
        K::AdditionalProperties { unexpected } => {
            // One problem per unknown field, each at its own path.
            let name = unexpected.first().cloned().unwrap_or_default();
            InputProblem::new(
                format!("{path}/{}", escape_pointer(&name)),
                format!(
                    "未知字段“{}”（字段名是否拼写错误？）",
                    unexpected.join("”“")
                ),
            )
        }
        K::Type { kind } => InputProblem::new(
            path,
            format!(
                "类型错误：应为{}，实际为{}",
                type_kind_name(kind),
                json_type_name(instance)
            ),
        ),
        K::MinLength { limit } => InputProblem::new(
            path,
            format!(
                "内容过短：至少 {limit} 个字符，实际 {} 个",
                char_count(instance)
            ),
        ),
        K::MaxLength { limit } => InputProblem::new(
            path,
            format!(
                "内容过长：最多 {limit} 个字符，实际 {} 个",
                char_count(instance)
            ),
        ),
        K::MinItems { limit } => InputProblem::new(path, format!("至少应有 {limit} 项")),
        K::MaxItems { limit } => InputProblem::new(
            path,
            format!(
                "最多 {limit} 项，实际 {} 项",
                instance.as_array().map_or(0, Vec::len)
            ),
        ),
        K::Minimum { limit } => InputProblem::new(path, format!("数值不能小于 {limit}")),
        K::Maximum { limit } => InputProblem::new(path, format!("数值不能大于 {limit}")),
        K::ExclusiveMinimum { limit } => InputProblem::new(path, format!("数值应大于 {limit}")),
        K::Enum { options } => InputProblem::new(
            path,
            format!(
                "取值“{}”无效，可选值：{}",
                display_value(instance),
                enum_options(options)
            ),
        ),
        K::Constant { expected_value } => {
            InputProblem::new(path, format!("取值应为“{}”", display_value(expected_value)))
        }
        K::Pattern { pattern } => {
            let message = pattern_message(&path, pattern);
            InputProblem::new(path, format!("“{}”{message}", display_value(instance)))
        }
        K::Format { format } if format == "date" => InputProblem::new(
            path,
            format!("“{}”不是真实存在的日期", display_value(instance)),
        ),
        K::OneOfNotValid { .. } | K::AnyOf { .. } => InputProblem::new(
            path,
            format!("取值“{}”不是允许的类型或格式", display_value(instance)),
        ),
        other => InputProblem::new(path, format!("不符合格式要求（{other:?}）")),
    }
}

/// What a pattern means, in words; keyed on the patterns the model uses.
fn pattern_message(path: &str, pattern: &str) -> String {
    let known: &[(&str, &str)] = &[
        (
            r"^\d{4}-\d{2}-\d{2}$",
            "不是有效日期，应写作 YYYY-MM-DD，如 2024-06-18",
        ),
        (
            "〔(19|20)",
            "不符合发文字号格式：机关代字＋〔四位年份〕＋序号＋号，如 云巡办〔2024〕27号（六角括号〔〕，序号不加“第”、不编虚位）",
        ),
        (r"^\S(.*\S)?$", "首尾不能有空白字符"),
        (
            "(?![一二三四五六七八九十]+、)",
            "不要自带序号（一、（一）1.（1））：序号由系统自动编排",
        ),
        (
            r"^(0\d{2,3}",
            "不是有效电话号码，应为固定电话（如 0871-6123456）或手机号码",
        ),
        (
            r"^[a-z][a-z0-9_]*$",
            "应由小写字母、数字和下划线组成，并以字母开头",
        ),
        (r"^\d{6}$", "份号应为 6 位阿拉伯数字，如 000017"),
        (r"^\d{1,2}(年|个月)$", "保密期限应写作“5年”“6个月”或“长期”"),
        (
            "(反馈意见|反馈报告|情况反馈)$",
            "标题应以“反馈意见”“反馈报告”或“情况反馈”结尾",
        ),
        ("[^。，；：、.,;:]$", "附件名称末尾不加标点符号"),
        (
            "^（.+）$",
            "附注应用全角圆括号括起，如“（此件发至局党组成员）”",
        ),
        (
            r"^[A-Za-z0-9_-]{1,16}$",
            "编号只能由字母、数字、下划线和连字符组成，最长 16 位",
        ),
        (
            r"^[A-Za-z0-9_\-]+\.",
            "印章图片应为模板 seals/ 文件夹中的文件名（png、jpg 或 svg），不能含路径",
        ),
    ];
    known
        .iter()
        .find(|(p, _)| pattern.contains(p))
        .map(|(_, m)| m.to_string())
        .unwrap_or_else(|| format!("不符合格式要求（{path} 应匹配 {pattern}）"))
}

/// Texts over `max_text_chars` and lists over `max_list_items`, wherever they are.
fn oversize_problems(value: &Value, limits: &Limits) -> Vec<InputProblem> {
    let mut problems = Vec::new();
    for_each_node(value, &mut String::new(), &mut |path, node| match node {
        Value::String(s) => {
            let chars = s.chars().count();
            if chars > limits.max_text_chars {
                problems.push(InputProblem::new(
                    path,
                    format!(
                        "内容过长：{chars} 个字符，任何一项最多 {} 个字符",
                        limits.max_text_chars
                    ),
                ));
            }
        }
        Value::Array(items) if items.len() > limits.max_list_items => {
            problems.push(InputProblem::new(
                path,
                format!(
                    "条目过多：{} 项，任何一个列表最多 {} 项；请拆分为几份文书",
                    items.len(),
                    limits.max_list_items
                ),
            ));
        }
        _ => {}
    });
    problems
}

/// The problem of a document that typeset to more than `max_pages` pages.
pub fn too_many_pages(pages: usize, limits: &Limits) -> Option<InputProblem> {
    (pages > limits.max_pages).then(|| {
        InputProblem::new(
            "",
            format!(
                "排版后共 {pages} 页，超过每份文书 {} 页的上限；请拆分为几份文书",
                limits.max_pages
            ),
        )
    })
}

fn control_character_problems(value: &Value) -> Vec<InputProblem> {
    let mut problems = Vec::new();
    for_each_string(value, &mut String::new(), &mut |path, s| {
        if let Some(c) = s.chars().find(|&c| c.is_control() && c != '\n') {
            problems.push(InputProblem::new(
                path,
                format!(
                    "含有不可打印的控制字符 U+{:04X}，请删除（换行可保留）",
                    c as u32
                ),
            ));
        } else if let Some(c) = s.chars().find(|&c| is_bidi_control(c)) {
            problems.push(InputProblem::new(
                path,
                format!(
                    "含有双向文本控制字符 U+{:04X}，它会使文字的显示顺序与实际内容不符，请删除",
                    c as u32
                ),
            ));
        }
    });
    problems
}

/// Characters that reorder text for display (Unicode's bidirectional formatting characters).
/// A 公文 has no right-to-left text, and these could make printed words differ from the data.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Calls `f` with the JSON Pointer and text of every string in `value`, keys excluded.
pub fn for_each_string(value: &Value, path: &mut String, f: &mut dyn FnMut(&str, &str)) {
    for_each_node(value, path, &mut |path, node| {
        if let Value::String(s) = node {
            f(path, s);
        }
    });
}

/// Calls `f` with the JSON Pointer of every value in `value`, parents before children.
fn for_each_node(value: &Value, path: &mut String, f: &mut dyn FnMut(&str, &Value)) {
    f(path, value);
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                for_each_node(item, path, f);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                path.push('/');
                path.push_str(&escape_pointer(key));
                for_each_node(item, path, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Rules across fields that the schema cannot state.
fn cross_field_problems(document: &Document) -> Vec<InputProblem> {
    let mut checks = Checks::default();
    let kind = document.kind();
    checks.layout(kind, document.layout());
    let title_path = match kind {
        DocKind::InspectionCcNotice => "/form_title",
        _ => "/title",
    };
    checks.title_lines(document.title(), title_path, document.render_hints());
    checks.attachments(document.attachments());
    let signed = ("/signature/date", &document.signature().date);
    if let Some(imprint) = document.imprint() {
        checks.not_before(
            ("/imprint/date", &imprint.date),
            signed,
            "印发日期",
            "成文日期",
        );
    }
    match document {
        Document::Feedback(d) => feedback_rules(d, &mut checks),
        Document::CcNotice(d) => cc_notice_rules(d, &mut checks),
        Document::Recommendation(d) => recommendation_rules(d, &mut checks),
    }
    checks.problems
}

#[derive(Default)]
struct Checks {
    problems: Vec<InputProblem>,
}

impl Checks {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(InputProblem::new(path, message));
    }

    /// `later` must not be before `earlier`.
    fn not_before(
        &mut self,
        later: (&str, &IsoDate),
        earlier: (&str, &IsoDate),
        what: &str,
        earlier_what: &str,
    ) {
        let (Some(l), Some(e)) = (later.1.parse(), earlier.1.parse()) else {
            return;
        };
        if l < e {
            self.add(
                later.0,
                format!(
                    "{what}（{}）早于{earlier_what}（{}，{}）",
                    later.1.0, earlier.1.0, earlier.0
                ),
            );
        }
    }

    fn layout(&mut self, kind: DocKind, layout: Layout) {
        if !kind.layouts().contains(&layout) {
            let allowed: Vec<_> = kind
                .layouts()
                .iter()
                .map(|l| {
                    serde_json::to_value(l)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect();
            self.add(
                "/layout",
                format!(
                    "{}不支持该版式，可选：{}",
                    kind.chinese_name(),
                    allowed.join("、")
                ),
            );
        }
    }

    fn title_lines(&mut self, title: &str, title_path: &str, hints: &RenderHints) {
        if hints.title_lines.is_empty() {
            return;
        }
        let joined: String = hints.title_lines.concat();
        if joined != title {
            self.add(
                "/render_hints/title_lines",
                format!(
                    "标题分行连起来应与 {} 完全一致（请检查是否漏字、多字或改动了标点）",
                    title_path.trim_start_matches('/')
                ),
            );
        }
        for (i, line) in hints.title_lines.iter().enumerate() {
            let n = line.chars().count();
            if n > 20 {
                self.add(
                    format!("/render_hints/title_lines/{i}"),
                    format!("标题每行最多 20 字（2号字一行的容量），本行 {n} 字"),
                );
            } else if n == 0 {
                self.add(format!("/render_hints/title_lines/{i}"), "标题行不能为空");
            }
        }
    }

    /// The `seq` numbers of a list (`/{list}/{i}/seq`) must run 1, 2, 3 …
    fn numbered_from_one(&mut self, list: &str, what: &str, seqs: impl Iterator<Item = u32>) {
        for (i, seq) in seqs.enumerate() {
            let expected = i as u32 + 1;
            if seq != expected {
                self.add(
                    format!("/{list}/{i}/seq"),
                    format!("{what}序号应从 1 起连续编排：此处应为 {expected}，实际为 {seq}"),
                );
            }
        }
    }

    fn attachments(&mut self, attachments: &[Attachment]) {
        self.numbered_from_one("attachments", "附件", attachments.iter().map(|a| a.seq));
        for (i, a) in attachments.iter().enumerate() {
            let parts = [a.body.is_some(), a.table.is_some(), a.file_ref.is_some()]
                .iter()
                .filter(|&&x| x)
                .count();
            if parts == 0 {
                self.add(
                    format!("/attachments/{i}"),
                    "附件应有正文（body）、表格（table）或外部文件（file_ref）之一",
                );
            }
            if let Some(table) = &a.table {
                let keys: HashSet<_> = table.columns.iter().map(|c| c.key.as_str()).collect();
                for (r, row) in table.rows.iter().enumerate() {
                    for key in row.keys() {
                        if !keys.contains(key.as_str()) {
                            self.add(
                                format!("/attachments/{i}/table/rows/{r}/{}", escape_pointer(key)),
                                format!("表格没有名为“{key}”的列（columns 中未定义）"),
                            );
                        }
                    }
                }
            }
        }
    }
}

fn feedback_rules(d: &Feedback, c: &mut Checks) {
    let signed = ("/signature/date", &d.signature.date);
    unique_problem_ids(
        c,
        d.problem_groups.iter().enumerate().flat_map(|(g, group)| {
            group.problems.iter().enumerate().map(move |(p, problem)| {
                (
                    format!("/problem_groups/{g}/problems/{p}/id"),
                    problem.id.as_str(),
                )
            })
        }),
    );
    c.not_before(
        ("/period/end", &d.period.end),
        ("/period/start", &d.period.start),
        "进驻结束日期",
        "开始日期",
    );
    if let Some(m) = &d.period.feedback_meeting {
        c.not_before(
            ("/period/feedback_meeting", m),
            ("/period/end", &d.period.end),
            "反馈会日期",
            "进驻结束日期",
        );
    }
    c.not_before(
        (
            "/rectification/report_deadline",
            &d.rectification.report_deadline,
        ),
        signed,
        "整改情况报告时限",
        "成文日期",
    );
    if let Some(plan) = &d.rectification.plan_deadline {
        c.not_before(
            ("/rectification/plan_deadline", plan),
            signed,
            "整改方案报送时限",
            "成文日期",
        );
        c.not_before(
            (
                "/rectification/report_deadline",
                &d.rectification.report_deadline,
            ),
            ("/rectification/plan_deadline", plan),
            "整改情况报告时限",
            "整改方案报送时限",
        );
    }
}

fn cc_notice_rules(d: &CcNotice, c: &mut Checks) {
    let signed = ("/signature/date", &d.signature.date);
    c.numbered_from_one("problems", "问题", d.problems.iter().map(|p| p.seq));
    c.not_before(
        (
            "/requirements/feedback_deadline",
            &d.requirements.feedback_deadline,
        ),
        signed,
        "反馈时限",
        "成文日期",
    );
    if let Some(handle) = &d.requirements.handle_deadline {
        c.not_before(
            ("/requirements/handle_deadline", handle),
            signed,
            "办理时限",
            "成文日期",
        );
    }
    if let Some(date) = d.receipt.as_ref().and_then(|r| r.date.as_ref()) {
        c.not_before(("/receipt/date", date), signed, "签收时间", "成文日期");
    }
}

fn recommendation_rules(d: &RecommendationLetter, c: &mut Checks) {
    let signed = ("/signature/date", &d.signature.date);
    unique_problem_ids(
        c,
        d.problems
            .iter()
            .enumerate()
            .map(|(p, problem)| (format!("/problems/{p}/id"), problem.id.as_str())),
    );
    c.not_before(
        ("/reply/deadline", &d.reply.deadline),
        signed,
        "回复时限",
        "成文日期",
    );
}

/// Problem ids are unique in a document; a repeat names the first use.
fn unique_problem_ids<'a>(c: &mut Checks, ids: impl Iterator<Item = (String, &'a str)>) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (path, id) in ids {
        if let Some(first) = seen.get(id) {
            c.add(path, format!("问题编号“{id}”重复（已用于 {first}）"));
        } else {
            seen.insert(id, path);
        }
    }
}

fn dedup(mut problems: Vec<InputProblem>) -> Vec<InputProblem> {
    let mut seen = HashSet::new();
    problems.retain(|p| seen.insert((p.path.clone(), p.message.clone())));
    problems
}

/// Escapes a key for use in a JSON Pointer (RFC 6901).
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn char_count(value: &Value) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

fn display_value(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn enum_options(options: &Value) -> String {
    options
        .as_array()
        .map(|a| a.iter().map(display_value).collect::<Vec<_>>().join("、"))
        .unwrap_or_default()
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "空值 null",
        Value::Bool(_) => "布尔值",
        Value::Number(_) => "数字",
        Value::String(_) => "字符串",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

fn type_kind_name(kind: &TypeKind) -> String {
    let name = |t: &str| match t {
        "string" => "字符串",
        "integer" => "整数",
        "number" => "数字",
        "boolean" => "布尔值（true/false）",
        "array" => "数组",
        "object" => "对象",
        "null" => "空值",
        _ => "其他类型",
    };
    match kind {
        TypeKind::Single(t) => name(&t.to_string()).to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| name(&t.to_string()))
            .collect::<Vec<_>>()
            .join("或"),
    }
}
