//! 整改情况报告: as `templates/rectification_report/main.typ.tera` prints it, with the 台账 of
//! its items as a landscape attachment unless the document brings its own attachments.

use std::collections::BTreeMap;

use crate::model::rectification_report::{RectificationStatus as S, ReportItem};
use crate::model::{Align, Attachment, Cell, Orientation, RectificationReport, Table, TableColumn};

use super::KindBody;
use crate::docx::text::{cn_date, label, numbered_measures};

/// A number as Typst's `str` prints it: no fraction when it is whole.
fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The body of a 整改情况报告.
pub fn body(d: &RectificationReport) -> KindBody {
    let mut b = KindBody::default();
    let org = d.signature.org_name.0.as_str();
    let fb = &d.feedback_ref;
    match &d.intro {
        Some(intro) => b.par(intro),
        None => b.par(format!(
            "{}根据《{}》{}的要求，{org}高度重视，坚持把巡察整改作为重大政治任务，逐条对照、逐项整改。现将整改落实情况报告如下。",
            fb.feedback_date
                .as_ref()
                .map(|date| format!("{}，巡察组向{org}反馈了巡察意见。", cn_date(date)))
                .unwrap_or_default(),
            fb.title,
            fb.doc_number
                .as_ref()
                .map(|n| format!("（{}）", n.0))
                .unwrap_or_default(),
        )),
    }
    if !d.overall.is_empty() {
        b.heading(1, "整改工作总体情况");
        for part in &d.overall {
            b.heading(2, &part.heading.0);
            b.par(&part.text);
        }
    }
    b.heading(1, "反馈问题整改落实情况");
    b.par(stats_sentence(d));
    for (i, item) in d.items.iter().enumerate() {
        b.par(format!("{}.{}", i + 1, item.problem));
        if !item.measures.is_empty() {
            b.par(format!("整改措施：{}", numbered_measures(&item.measures)));
        }
        let mut duty = Vec::new();
        if let Some(leader) = &item.responsible_leader {
            duty.push(format!("责任领导：{leader}"));
        }
        if let Some(dept) = &item.responsible_dept {
            duty.push(format!("责任部门：{dept}"));
        }
        if let Some(deadline) = &item.deadline {
            duty.push(format!("整改时限：{}", cn_date(deadline)));
        }
        duty.push(format!("整改状态：{}", label(&item.status)));
        b.par(duty.join("；") + "。");
        if let Some(result) = &item.result {
            b.par(format!("整改成效：{result}"));
        }
    }
    if !d.next_steps.is_empty() {
        b.heading(1, "下一步打算");
        for step in &d.next_steps {
            b.par(step);
        }
    }
    if let Some(contact) = &d.public_contact {
        let mut ways = Vec::new();
        if let Some(phone) = &contact.phone {
            ways.push(format!("监督电话：{phone}"));
        }
        if let Some(mailbox) = &contact.mailbox {
            ways.push(format!("邮政信箱：{mailbox}"));
        }
        if let Some(email) = &contact.email {
            ways.push(format!("电子邮箱：{email}"));
        }
        let how = if ways.is_empty() {
            String::new()
        } else {
            format!("如有意见建议，请通过以下方式反映：{}。", ways.join("；"))
        };
        b.par(format!("欢迎广大干部群众对巡察整改落实情况进行监督。{how}"));
    }
    if d.attachments.is_empty() {
        b.attachments = Some(vec![ledger(&d.items)]);
    }
    b
}

/// 整改统计: the counts given, else the items' statuses counted.
fn stats_sentence(d: &RectificationReport) -> String {
    let given = d.stats.clone().unwrap_or_default();
    let counted = |wanted: &[S]| {
        d.items
            .iter()
            .filter(|i| wanted.contains(&i.status))
            .count() as u32
    };
    let total = given.total.unwrap_or(d.items.len() as u32);
    let completed = given.completed.unwrap_or(counted(&[S::Completed]));
    let basically = given
        .basically_completed
        .unwrap_or(counted(&[S::BasicallyCompleted]));
    let ongoing = given.ongoing.unwrap_or(counted(&[S::Ongoing]));
    let open = given
        .not_completed
        .unwrap_or(counted(&[S::NotCompleted, S::Pending]));
    let rate = if total > 0 {
        (f64::from(completed) / f64::from(total) * 1000.0).round() / 10.0
    } else {
        0.0
    };
    let mut parts = vec![format!("巡察反馈问题{total}个，已完成{completed}个")];
    if basically > 0 {
        parts.push(format!("基本完成{basically}个"));
    }
    if ongoing > 0 {
        parts.push(format!("持续推进{ongoing}个"));
    }
    if open > 0 {
        parts.push(format!("未完成{open}个"));
    }
    let mut sentence = format!("截至目前，{}，完成率{}%", parts.join("，"), number(rate));
    let mut more = Vec::new();
    if let Some(n) = given.rules_made {
        more.push(format!("建立完善制度{n}项"));
    }
    if let Some(wan) = given.funds_recovered_wan {
        more.push(format!("清退追缴资金{}万元", number(wan)));
    }
    if let Some(n) = given.persons_held_accountable {
        more.push(format!("问责{n}人"));
    }
    if !more.is_empty() {
        sentence.push('；');
        sentence.push_str(&more.join("，"));
    }
    sentence + "。"
}

/// The 台账: one row per item, on landscape pages with the header repeated.
fn ledger(items: &[ReportItem]) -> Attachment {
    let column = |key: &str, label: &str, ratio: f64, align: Option<Align>| TableColumn {
        key: key.to_string(),
        label: label.to_string(),
        width_ratio: Some(ratio),
        align,
    };
    let columns = vec![
        column("n", "序号", 0.7, Some(Align::Center)),
        column("problem", "问题", 2.8, None),
        column("measures", "整改措施", 3.0, None),
        column("leader", "责任领导", 1.15, Some(Align::Center)),
        column("dept", "责任部门", 1.3, Some(Align::Center)),
        column("deadline", "整改时限", 1.3, Some(Align::Center)),
        column("status", "整改状态", 1.15, Some(Align::Center)),
        column("result", "整改结果", 2.2, None),
    ];
    let text = |s: Option<String>| s.map_or(Cell::Empty(()), Cell::Text);
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let measures: Vec<String> = item
                .measures
                .iter()
                .enumerate()
                .map(|(k, m)| format!("{}.{m}", k + 1))
                .collect();
            BTreeMap::from([
                ("n".to_string(), Cell::Text((i + 1).to_string())),
                ("problem".to_string(), Cell::Text(item.problem.clone())),
                ("measures".to_string(), Cell::Text(measures.join("\n"))),
                ("leader".to_string(), text(item.responsible_leader.clone())),
                ("dept".to_string(), text(item.responsible_dept.clone())),
                (
                    "deadline".to_string(),
                    text(item.deadline.as_ref().map(cn_date)),
                ),
                ("status".to_string(), Cell::Text(label(&item.status))),
                ("result".to_string(), text(item.result.clone())),
            ])
        })
        .collect();
    Attachment {
        seq: 1,
        title: "巡察反馈问题整改落实台账".to_string(),
        body: None,
        table: Some(Table {
            caption: None,
            orientation: Orientation::Landscape,
            repeat_header: true,
            columns,
            rows,
            footnote: None,
        }),
        file_ref: None,
    }
}
