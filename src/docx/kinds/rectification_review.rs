//! 整改情况审核意见: as `templates/rectification_review/main.typ.tera` prints it.

use crate::model::RectificationReview;
use crate::model::rectification_review::{ReviewBody, Reviewer, Verdict};

use super::KindBody;
use crate::docx::text::{cn_date, label};

/// A reviewing body's name: its full name, else the short one the template prints.
fn reviewer_name(r: &Reviewer) -> String {
    match &r.name {
        Some(name) => name.0.clone(),
        None => match r.body {
            ReviewBody::InspectionOffice => "县委巡察办",
            ReviewBody::DisciplineCommission => "县纪委监委",
            ReviewBody::OrganizationDept => "县委组织部",
            ReviewBody::InspectionGroup => "巡察组",
        }
        .to_string(),
    }
}

/// The body of a 审核意见: the report reviewed → 总体意见 → 逐项审核意见 → 有关要求.
pub fn body(d: &RectificationReview) -> KindBody {
    let mut b = KindBody::default();
    let report = &d.report_ref;
    let names: Vec<String> = d.reviewers.iter().map(reviewer_name).collect();
    b.par(format!(
        "{}你单位报送了《{}》{}。根据巡察整改工作有关规定，{}对整改情况进行了联合审核。现将审核意见反馈如下。",
        report
            .date
            .as_ref()
            .map(|date| format!("{}，", cn_date(date)))
            .unwrap_or_default(),
        report.title,
        report
            .doc_number
            .as_ref()
            .map(|n| format!("（{}）", n.0))
            .unwrap_or_default(),
        names.join("、")
    ));
    b.heading(1, "总体意见");
    for p in &d.overall_opinion {
        b.par(p);
    }
    for a in &d.assessments {
        b.heading(2, label(&a.aspect));
        b.par(&a.opinion);
    }
    b.heading(1, "逐项审核意见");
    let count = |v: Verdict| d.verdicts.iter().filter(|x| x.verdict == v).count();
    b.par(format!(
        "对报告所列{}个问题逐项审核，认可{}个，需补充完善{}个，不认可{}个。",
        d.problems.len(),
        count(Verdict::Accepted),
        count(Verdict::Supplement),
        count(Verdict::Rejected)
    ));
    for (i, v) in d.verdicts.iter().enumerate() {
        let problem = d.problems.iter().find(|p| p.id == v.problem_id);
        let reported = problem
            .and_then(|p| p.reported_status.as_ref())
            .map(|s| format!("（报告称{}）", label(s)))
            .unwrap_or_default();
        let text = problem.map_or(v.problem_id.as_str(), |p| p.problem.as_str());
        b.par(format!("{}.{text}{reported}", i + 1));
        b.par(format!(
            "审核意见：{}。{}",
            label(&v.verdict),
            v.opinion.as_deref().unwrap_or_default()
        ));
    }
    b.heading(1, "有关要求");
    match &d.rereport {
        Some(r) => {
            let open = d.verdicts.len() - count(Verdict::Accepted);
            let to =
                r.to.as_ref()
                    .map_or(d.signature.org_name.0.as_str(), |o| o.0.as_str());
            b.par(format!(
                "对审核意见为“需补充完善”和“不认可”的{open}个问题，请于{}前将补充整改情况报送{to}。{}",
                cn_date(&r.deadline),
                r.text.as_deref().unwrap_or_default()
            ));
        }
        None => b.par("请持续巩固整改成果，建立长效机制，防止问题反弹回潮。"),
    }
    let persons: Vec<String> = d
        .reviewers
        .iter()
        .filter(|r| !r.persons.is_empty())
        .map(|r| format!("{}（{}）", reviewer_name(r), r.persons.join("、")))
        .collect();
    if !persons.is_empty() {
        b.par(format!("参加审核：{}。", persons.join("；")));
    }
    if let Some(c) = &d.contact {
        b.par(format!("联系人：{}，联系电话：{}。", c.name, c.phone));
    }
    b
}
