//! 巡察抄告单: as `templates/inspection_cc_notice/main.typ.tera` prints it, a table form
//! (`form`) or a 公文 with a text body (`letter`, `standard`, `plain`).

use crate::model::cc_notice::RecipientType;
use crate::model::{CcNotice, Layout};

use super::KindBody;
use crate::docx::closing::SealPicture;
use crate::docx::content::{Align, Block};
use crate::docx::form::{Fit, Value, Width, column, form_list, form_rows, receipt, seal_cell};
use crate::docx::text::{cn_date, label};

/// The body of a 抄告单.
pub fn body(d: &CcNotice, layout: Layout, seal: Option<&SealPicture>) -> KindBody {
    let mut b = KindBody::default();
    let r = &d.requirements;
    let requirement = r.text.clone().unwrap_or_else(|| {
        let handle = r.handle_deadline.as_ref().map_or("请".to_string(), |h| {
            format!("请于{}前办理完毕，", cn_date(h))
        });
        let how = r
            .feedback_form
            .as_ref()
            .map(|f| format!("以{}形式", label(f)))
            .unwrap_or_default();
        format!(
            "{handle}于{}前{how}反馈办理情况。",
            cn_date(&r.feedback_deadline)
        )
    });
    let contact = format!("{}，{}", d.contact.name, d.contact.phone);
    if let Some(basis) = &d.basis {
        b.par(basis);
    }
    if layout != Layout::Form {
        b.heading(1, "抄告事项");
        for p in &d.problems {
            let who = format!(
                "{}{}",
                p.org.as_deref().unwrap_or_default(),
                p.category
                    .as_ref()
                    .map(|c| format!("（{c}）"))
                    .unwrap_or_default()
            );
            let who = if who.is_empty() { who } else { who + "：" };
            let action = p
                .suggested_action
                .as_ref()
                .map(|a| format!("建议：{a}"))
                .unwrap_or_default();
            // The heading as the template prints it: a sentence of its own before the description.
            let heading = p
                .heading
                .as_deref()
                .map(|h| {
                    let stop = if h.ends_with(['。', '！', '？', '：']) {
                        ""
                    } else {
                        "。"
                    };
                    format!("{h}{stop}")
                })
                .unwrap_or_default();
            b.par(format!("{}.{who}{heading}{}{action}", p.seq, p.description));
        }
        if !d.duty_suggestions.is_empty() {
            b.heading(1, "履责建议");
            for duty in &d.duty_suggestions {
                b.par(duty);
            }
        }
        b.heading(1, "办理和反馈要求");
        b.par(requirement);
        b.par(format!("联系人：{contact}。"));
        return b;
    }
    let rec = &d.recipient;
    let leader = rec.recipient_type == RecipientType::Leader;
    let line = if leader {
        format!(
            "{}{}同志",
            rec.title.as_deref().unwrap_or_default(),
            rec.name
        )
    } else {
        rec.name.clone()
    };
    let line = if leader {
        format!("{}同志", line.trim_end_matches("同志"))
    } else {
        line
    };
    let inspected: Vec<&str> = d.inspected_orgs.iter().map(|o| o.0.as_str()).collect();
    let round_and_group: Vec<&str> = d
        .round
        .as_ref()
        .map(|r| r.label.as_str())
        .into_iter()
        .chain(d.inspection_group.as_ref().map(|g| g.0.as_str()))
        .collect();
    let mut rows = vec![
        ("抄告对象", Value::Text(line)),
        ("被巡察单位", Value::Text(inspected.join("、"))),
    ];
    if !round_and_group.is_empty() {
        rows.push(("巡察轮次及巡察组", Value::Text(round_and_group.join("，"))));
    }
    b.blocks.push(form_rows(rows));
    let items = d
        .problems
        .iter()
        .map(|p| {
            let problem = match &p.suggested_action {
                Some(action) => format!("{}\n\n建议：{action}", p.description),
                None => p.description.clone(),
            };
            // The problem's heading, when it has one, as its own line above the description.
            let problem = match &p.heading {
                Some(heading) => format!("{heading}\n\n{problem}"),
                None => problem,
            };
            vec![
                p.seq.to_string(),
                p.org.clone().unwrap_or_default(),
                p.category.clone().unwrap_or_default(),
                problem,
            ]
        })
        .collect();
    b.blocks.push(form_list(
        "抄告事项",
        &[
            column("序号", Width::Em(3.0), Align::Center, Fit::Number),
            column("单位", Width::Fr(1.25), Align::Left, Fit::Fold),
            column("类别", Width::Em(5.5), Align::Center, Fit::Fold),
            column("问题", Width::Fr(2.4), Align::Left, Fit::Keep),
        ],
        items,
    ));
    let mut rows = Vec::new();
    if !d.duty_suggestions.is_empty() {
        let duties: Vec<String> = d
            .duty_suggestions
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}.{s}", i + 1))
            .collect();
        rows.push(("履责建议", Value::Text(duties.join("\n"))));
    }
    // The sentence made from the dates names the 办理时限 already.
    if let (Some(handle), Some(_)) = (&r.handle_deadline, &r.text) {
        rows.push(("办理时限", Value::Text(cn_date(handle))));
    }
    rows.push(("反馈要求", Value::Text(requirement)));
    b.blocks.push(form_rows(rows));
    b.blocks.push(keep_together(form_rows(vec![
        ("联系人及电话", Value::Text(contact)),
        (
            "抄告单位\n（盖章）",
            Value::Paras(seal_cell(&d.signature, seal)),
        ),
        ("签收栏", Value::Paras(receipt(d.receipt.as_ref()))),
    ])));
    b
}

/// The sealing rows never stand on a page by themselves: each is kept with the next.
pub fn keep_together(block: Block) -> Block {
    match block {
        Block::Table(mut table) => {
            let count = table.rows.len();
            for row in table.rows.iter_mut().take(count.saturating_sub(1)) {
                for cell in &mut row.cells {
                    for para in &mut cell.paras {
                        para.set.keep_next = true;
                    }
                }
            }
            Block::Table(table)
        }
        other => other,
    }
}
