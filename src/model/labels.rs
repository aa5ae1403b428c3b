//! The Chinese name of every input member and of every coded option, as a clerk knows them.
//!
//! They go into each kind's JSON Schema: a property's `title`, and beside an `enum` of codes
//! (`standard`, `signer_seal`) an `x-enum-descriptions` list in the same order (the extension
//! that OpenAPI generators read). A form generated from the schema (the workbench page, or any
//! other) then labels every field in Chinese. Options that are Chinese already (密级, 整改状态)
//! need no name. A test checks that every member of every kind has its title.

use serde_json::{Map, Value, json};

/// Members whose name means the same wherever it stands.
const MEMBERS: &[(&str, &str)] = &[
    ("doc_kind", "文书种类"),
    ("extra", "模板自定义字段"),
    ("template", "模板"),
    ("layout", "版式"),
    ("envelope", "版头"),
    ("render_hints", "排版提示"),
    ("signature", "署名和成文日期"),
    ("annotation", "附注"),
    ("attachments", "附件"),
    ("cc", "抄送机关"),
    ("imprint", "印发机关和印发日期"),
    ("doc_number", "发文字号"),
    ("title", "标题"),
    ("addressee", "主送机关"),
    ("round", "巡察轮次"),
    ("inspection_group", "巡察组"),
    ("inspected_org", "被巡察党组织"),
    ("inspected_orgs", "被巡察单位"),
    ("contact", "联系人"),
    ("receipt", "签收栏"),
    ("basis", "依据"),
    ("requirements", "要求"),
    ("problems", "问题"),
    ("items", "整改事项"),
    ("deadline", "时限"),
    ("heading", "标题"),
    ("text", "内容"),
    ("content", "内容"),
    ("summary", "概述"),
    ("description", "问题描述"),
    ("id", "编号"),
    ("problem_id", "问题编号"),
    ("problem", "问题"),
    ("measures", "措施"),
    ("responsible_leader", "责任领导"),
    ("responsible_dept", "责任部门"),
    ("responsible", "责任单位"),
    ("status", "整改状态"),
    ("result", "整改结果"),
    ("seq", "序号"),
    ("date", "日期"),
    ("name", "名称"),
    ("to", "报送单位"),
    ("opinion", "意见"),
    ("note", "说明"),
    ("paragraphs", "段落"),
    ("stats", "统计"),
    // 反馈意见
    ("period", "进驻时间"),
    ("basic_info", "巡察基本情况"),
    ("overall_assessment", "总体评价"),
    ("framework", "问题框架"),
    ("problem_intro", "问题部分导语"),
    ("problem_groups", "发现的问题（按方面）"),
    ("suggestions", "意见建议"),
    ("rectification", "整改要求"),
    ("clue_transfer", "问题线索移交情况"),
    ("principal", "主要负责人"),
    ("extended_units", "延伸巡察单位"),
    ("leader", "组长"),
    ("deputy_leaders", "副组长"),
    ("members", "成员"),
    ("start", "进驻开始"),
    ("end", "进驻结束"),
    ("feedback_meeting", "反馈会日期"),
    ("individual_talks", "个别谈话（人次）"),
    ("documents_reviewed", "调阅资料（份）"),
    ("petitions_received", "受理信访（件次）"),
    ("site_visits", "实地走访（次）"),
    ("questionnaires", "问卷调查（份）"),
    ("problems_found", "发现问题（个）"),
    ("immediate_fix_items", "立行立改事项（个）"),
    ("plan_deadline", "整改方案报送时限"),
    ("report_deadline", "整改情况报告时限"),
    ("report_to", "报送单位"),
    ("public_disclosure", "整改情况公开"),
    ("persons", "人数"),
    ("recipients", "移交单位"),
    ("typical_cases", "典型案例"),
    ("immediate_fix", "已作为立行立改事项移交"),
    ("tags", "标签"),
    // 抄告单
    ("form_title", "文书名称"),
    ("serial_no", "编号"),
    ("issuer", "抄告单位"),
    ("recipient", "抄告对象"),
    ("duty_suggestions", "履责建议"),
    ("org", "涉及单位"),
    ("category", "类别"),
    ("suggested_action", "处理建议"),
    ("handle_deadline", "办理时限"),
    ("feedback_deadline", "反馈时限"),
    ("feedback_form", "反馈方式"),
    ("signer", "签收人"),
    // 建议书
    ("source", "问题来源"),
    ("rounds", "巡察轮次"),
    ("cause_analysis", "原因分析"),
    ("recommendations", "建议措施"),
    ("reply", "回复要求"),
    // 整改
    ("feedback_ref", "所答复的反馈意见"),
    ("feedback_date", "反馈日期"),
    ("intro", "开头段"),
    ("overall", "整改工作总体情况"),
    ("next_steps", "下一步打算"),
    ("public_contact", "公开监督联系方式"),
    ("total", "反馈问题总数"),
    ("completed", "已完成"),
    ("basically_completed", "基本完成"),
    ("ongoing", "持续推进"),
    ("not_completed", "未完成（含待整改）"),
    ("rules_made", "建立完善制度（项）"),
    ("funds_recovered_wan", "清退（追缴）资金（万元）"),
    ("persons_held_accountable", "问责（人）"),
    ("phone", "电话"),
    ("mailbox", "邮政信箱"),
    ("email", "电子邮箱"),
    ("report_ref", "审核的整改情况报告"),
    ("reviewers", "审核单位"),
    ("overall_opinion", "总体意见"),
    ("assessments", "分项评价"),
    ("verdicts", "逐项审核结论"),
    ("rereport", "再次报告要求"),
    ("body", "正文"),
    ("aspect", "方面"),
    ("verdict", "审核结论"),
    ("reported_status", "报告所称整改状态"),
    // 清单
    ("list_type", "清单类型"),
    ("unit", "被巡察单位"),
    ("rows", "清单各行"),
    ("area", "领域"),
    ("units", "涉及单位"),
    ("requirement", "整改要求"),
    ("transferred_to", "移交单位"),
    ("transferred_on", "移交日期"),
    ("supervising_office", "督促科室"),
    ("responsible_person", "责任人"),
    ("closure", "销号情况"),
    ("units_total", "涉及单位总数"),
    ("person", "姓名"),
    ("post", "职务"),
    ("handling", "处理（运用）建议"),
    // 版头, 署名, 附件
    ("copy_no", "份号"),
    ("classification", "密级"),
    ("secrecy_period", "保密期限"),
    ("urgency", "紧急程度"),
    ("header_org", "发文机关标志"),
    ("header_suffix_wenjian", "发文机关标志后加“文件”"),
    ("party_star", "红色分隔线中加五角星"),
    ("signers", "签发人"),
    ("org_name", "发文机关署名"),
    ("seal", "印章"),
    ("seal_image_ref", "印章图片"),
    ("signer_title", "签发人职务"),
    ("signer_name", "签发人姓名"),
    ("title_lines", "标题分行"),
    ("heading_bold", "标题加粗"),
    ("table", "表格"),
    ("file_ref", "另装订的文件"),
    ("caption", "表题"),
    ("orientation", "页面方向"),
    ("repeat_header", "每页重复表头"),
    ("columns", "列"),
    ("footnote", "表注"),
    ("key", "列键名"),
    ("label", "列名"),
    ("width_ratio", "相对宽度"),
    ("align", "对齐"),
];

/// Members that mean something else inside a definition, or at the top level of a kind (named
/// by its `doc_kind`): (definition, member, name).
const IN_DEFINITION: &[(&str, &str, &str)] = &[
    ("inspection_cc_notice", "problems", "抄告的问题"),
    ("inspection_cc_notice", "basis", "抄告依据"),
    ("inspection_cc_notice", "requirements", "办理和反馈要求"),
    ("inspection_recommendation", "problems", "存在的问题"),
    ("inspection_recommendation", "addressee", "主送单位"),
    ("rectification_notice", "addressee", "被通知单位"),
    ("rectification_notice", "basis", "通知依据"),
    ("rectification_notice", "items", "需整改的问题"),
    ("rectification_notice", "requirements", "反馈要求"),
    ("rectification_report", "items", "逐项整改情况"),
    ("rectification_review", "problems", "报告所列问题"),
    ("rectification_review", "addressee", "主送单位"),
    ("Person", "name", "姓名"),
    ("Person", "title", "职务"),
    ("Contact", "name", "联系人姓名"),
    ("Contact", "phone", "联系电话"),
    ("Recipient", "type", "对象类型"),
    ("Recipient", "name", "名称或姓名"),
    ("Recipient", "title", "职务"),
    ("Round", "label", "轮次名称"),
    ("Round", "type", "巡察类型"),
    ("Signature", "date", "成文日期"),
    ("Imprint", "org_name", "印发机关"),
    ("Imprint", "date", "印发日期"),
    ("InspectedOrg", "name", "被巡察党组织名称"),
    ("InspectionGroup", "name", "巡察组名称"),
    ("Receipt", "date", "签收时间"),
    ("Attachment", "title", "附件名称"),
    ("Attachment", "body", "附件正文"),
    ("Problem", "heading", "问题标题"),
    ("Problem", "deadline", "整改时限"),
    ("ProblemGroup", "heading", "方面标题"),
    ("ProblemGroup", "summary", "概述段"),
    ("FeedbackRef", "title", "反馈意见标题"),
    ("FeedbackRef", "doc_number", "反馈意见文号"),
    ("ReportRef", "title", "整改情况报告标题"),
    ("ReportRef", "doc_number", "整改情况报告文号"),
    ("ReportRef", "date", "报送日期"),
    ("Reviewer", "body", "审核单位类别"),
    ("Reviewer", "name", "审核单位全称"),
    ("Reviewer", "persons", "审核人员"),
    ("ReviewedProblem", "problem", "问题"),
    ("ReviewedProblem", "id", "问题编号"),
    ("ClueTransfer", "items", "移交线索（件）"),
    ("ClueTransfer", "persons", "涉及人员（人）"),
    ("ClueTransfer", "note", "说明"),
    ("Reply", "deadline", "回复时限"),
    ("Reply", "text", "回复要求"),
    ("Rereport", "deadline", "再次报告时限"),
    ("Rereport", "text", "其他要求"),
    ("NoticeRequirements", "text", "要求（文字）"),
    ("NoticeItem", "measures", "整改要求"),
    ("NoticeItem", "deadline", "整改时限"),
    ("ReportItem", "measures", "整改措施"),
    ("ReportItem", "deadline", "整改时限"),
    ("ListRow", "deadline", "整改时限"),
    ("ListRow", "id", "编号"),
    ("Recommendation", "heading", "建议标题"),
    ("Recommendation", "measures", "具体措施"),
    ("Cause", "heading", "原因标题"),
    ("OverallPart", "heading", "工作标题"),
    ("Suggestion", "heading", "建议标题"),
    ("Assessment", "opinion", "评价"),
    ("ProblemVerdict", "opinion", "理由和要求"),
    ("BasicInfo", "paragraphs", "基本情况段落"),
    ("BasicInfo", "stats", "工作量统计"),
    ("ProblemSource", "inspected_orgs", "发现问题的被巡察单位"),
    ("ProblemSource", "text", "问题来源说明"),
    ("Rectification", "requirements", "整改要求"),
];

/// The names of coded options.
const OPTIONS: &[(&str, &str)] = &[
    ("standard", "文件格式"),
    ("letter", "信函格式"),
    ("form", "表格式"),
    ("plain", "无版头"),
    ("seal", "加盖印章"),
    ("none", "不加盖印章"),
    ("signer_seal", "加盖签发人签名章"),
    ("portrait", "纵向"),
    ("landscape", "横向"),
    ("left", "左对齐"),
    ("center", "居中"),
    ("right", "右对齐"),
    ("leader", "分管领导"),
    ("department", "主责部门 / 主管部门"),
    ("discipline_inspection", "纪检监察机关"),
    ("organization_dept", "组织部门"),
    ("problems", "问题清单"),
    ("common_problems", "共性问题清单"),
    ("leads", "问题线索清单"),
    ("supervision", "整改监督责任清单"),
    ("accountability", "追责问责清单"),
    ("persons_and_matters", "点人点事清单"),
    ("three_focus", "三个聚焦（村/社区）"),
    ("four_implementation", "四个落实"),
    ("three_big_problems", "三大问题"),
    ("four_focus_grassroots", "四个聚焦（基层）"),
    ("five_aspects_2024", "五个方面（2024）"),
    ("custom", "自定义"),
];

/// The Chinese name of `member` inside `definition` (a `$defs` name, or the `doc_kind` at a
/// document's top level).
pub fn member_label(definition: &str, member: &str) -> Option<&'static str> {
    IN_DEFINITION
        .iter()
        .find(|(d, m, _)| *d == definition && *m == member)
        .map(|(_, _, label)| *label)
        .or_else(|| MEMBERS.iter().find(|(m, _)| *m == member).map(|(_, l)| *l))
}

/// The Chinese name of a coded option.
pub fn option_label(code: &str) -> Option<&'static str> {
    OPTIONS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// Names every member and coded option of the schema of kind `doc_kind` (its top level and
/// each of its `$defs`).
pub fn label(schema: &mut Value, doc_kind: &str) {
    label_object(schema, doc_kind);
    if let Some(Value::Object(definitions)) = schema.get_mut("$defs") {
        for (name, definition) in definitions.iter_mut() {
            label_object(definition, name);
        }
    }
}

/// Names the properties of one object schema, and the options of every `enum` in it.
fn label_object(schema: &mut Value, definition: &str) {
    let Value::Object(map) = schema else { return };
    name_options(map);
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (member, property) in properties.iter_mut() {
            let Value::Object(property) = property else {
                continue;
            };
            if let Some(label) = member_label(definition, member) {
                property.insert("title".into(), json!(label));
            }
            name_options(property);
            for nested in ["items", "additionalProperties"] {
                if let Some(Value::Object(inner)) = property.get_mut(nested) {
                    name_options(inner);
                }
            }
        }
    }
}

/// `x-enum-descriptions` beside an `enum` whose every option is a code with a name.
fn name_options(schema: &mut Map<String, Value>) {
    let Some(Value::Array(options)) = schema.get("enum") else {
        return;
    };
    let names: Option<Vec<Value>> = options
        .iter()
        .map(|o| o.as_str().and_then(option_label).map(Value::from))
        .collect();
    if let Some(names) = names {
        schema.insert("x-enum-descriptions".into(), Value::Array(names));
    }
}
