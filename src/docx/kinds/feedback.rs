//! 巡察反馈意见: as `templates/inspection_feedback/main.typ.tera` prints it.

use crate::model::Feedback;

use super::KindBody;
use crate::docx::text::cn_date;

/// The body of a 反馈意见.
pub fn body(d: &Feedback) -> KindBody {
    let mut b = KindBody::default();
    // 巡察基本情况: the paragraphs as written, or a sentence made from the counts.
    if let Some(info) = &d.basic_info {
        for p in &info.paragraphs {
            b.par(p);
        }
        if let (true, Some(s)) = (info.paragraphs.is_empty(), &info.stats) {
            let mut text = format!(
                "{}至{}，{}对{}开展了巡察。巡察期间，",
                cn_date(&d.period.start),
                cn_date(&d.period.end),
                d.inspection_group.name.0,
                d.inspected_org.name.0
            );
            let counts = [
                ("个别谈话", s.individual_talks, "人次"),
                ("调阅资料", s.documents_reviewed, "份"),
                ("受理信访", s.petitions_received, "件次"),
                ("实地走访", s.site_visits, "次"),
                ("发放问卷", s.questionnaires, "份"),
                ("发现问题", s.problems_found, "个"),
                ("交办立行立改事项", s.immediate_fix_items, "个"),
            ];
            for (what, count, unit) in counts {
                if let Some(n) = count {
                    text.push_str(&format!("{what}{n}{unit}，"));
                }
            }
            text.push_str("现将巡察情况反馈如下。");
            b.par(text);
        }
    }
    for p in &d.overall_assessment {
        b.par(p);
    }
    if let Some(intro) = &d.problem_intro {
        b.par(intro);
    }
    // 主要问题: one 一、 heading per aspect, one （一） heading per problem.
    for g in &d.problem_groups {
        b.heading(1, &g.heading.0);
        if let Some(summary) = &g.summary {
            b.par(summary);
        }
        for p in &g.problems {
            b.heading(2, &p.heading.0);
            let fix = if p.immediate_fix {
                "（已作为立行立改事项交办）"
            } else {
                ""
            };
            b.par(format!("{}{fix}", p.description));
            for c in &p.typical_cases {
                b.par(format!("典型事例：{c}"));
            }
        }
    }
    if !d.suggestions.is_empty() {
        b.heading(1, "意见建议");
        for s in &d.suggestions {
            b.heading(2, &s.heading.0);
            if let Some(content) = s.content.as_deref().filter(|c| !c.is_empty()) {
                b.par(content);
            }
        }
    }
    b.heading(1, "整改要求");
    let r = &d.rectification;
    for req in &r.requirements {
        b.par(req);
    }
    if r.requirements.is_empty() && r.public_disclosure == Some(true) {
        b.par("整改进展情况按规定在一定范围内公开。");
    }
    let plan = r
        .plan_deadline
        .as_ref()
        .map(|p| format!("整改方案请于{}前、", cn_date(p)))
        .unwrap_or_default();
    let to = r
        .report_to
        .as_ref()
        .map_or("巡察工作领导小组办公室", |o| o.0.as_str());
    b.par(format!(
        "{plan}整改情况报告和主要负责人组织落实情况报告请于{}前报送{to}。",
        cn_date(&r.report_deadline)
    ));
    if let Some(clue) = &d.clue_transfer {
        if let Some(note) = clue.note.as_deref().filter(|n| !n.is_empty()) {
            b.par(note);
        } else if let Some(items) = clue.items {
            let persons = clue.persons.map(|p| format!("{p}人")).unwrap_or_default();
            let to = if clue.recipients.is_empty() {
                "有关部门".to_string()
            } else {
                clue.recipients
                    .iter()
                    .map(|o| o.0.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            };
            b.par(format!(
                "巡察期间发现的问题线索{items}件{persons}，已按有关规定移交{to}处理。"
            ));
        }
    }
    b
}
