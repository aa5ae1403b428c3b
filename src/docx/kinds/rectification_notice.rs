//! 整改通知书 / 立行立改通知书: as `templates/rectification_notice/main.typ.tera` prints it, a
//! table form (`form`) or a 公文 (`letter`, `standard`).

use crate::model::{Layout, RectificationNotice};

use super::KindBody;
use super::cc_notice::keep_together;
use crate::docx::closing::SealPicture;
use crate::docx::content::Align;
use crate::docx::form::{Fit, Value, Width, column, form_list, form_rows, receipt, seal_cell};
use crate::docx::text::{cn_date, label, numbered_measures};

/// The body of a 整改通知书.
pub fn body(d: &RectificationNotice, layout: Layout, seal: Option<&SealPicture>) -> KindBody {
    let mut b = KindBody::default();
    let org = d.signature.org_name.0.as_str();
    let basis = d.basis.clone().unwrap_or_else(|| match &d.feedback_ref {
        Some(fb) => format!(
            "根据《{}》{}，现将需要整改的问题通知如下，请认真抓好整改。",
            fb.title,
            fb.doc_number
                .as_ref()
                .map(|n| format!("（{}）", n.0))
                .unwrap_or_default()
        ),
        None => format!("巡察期间，{org}发现你单位存在以下问题，需立行立改，现通知如下。"),
    });
    // Without requirements, the standard text the template prints.
    let requirement = match &d.requirements {
        None => format!("请对照以上问题立即整改，整改完成后将整改情况书面报告{org}。"),
        Some(r) => r.text.clone().unwrap_or_else(|| {
            let how = r
                .feedback_form
                .as_ref()
                .map_or("书面".to_string(), |f| format!("以{}形式", label(f)));
            let first = r.handle_deadline.as_ref().map_or("请".to_string(), |h| {
                format!("请于{}前整改到位，并", cn_date(h))
            });
            format!(
                "{first}于{}前{how}向{org}报告整改情况。",
                cn_date(&r.feedback_deadline)
            )
        }),
    };
    let contact = d
        .contact
        .as_ref()
        .map(|c| format!("{}，{}", c.name, c.phone));
    if layout != Layout::Form {
        b.par(basis);
        b.heading(1, "需要整改的问题");
        for (i, item) in d.items.iter().enumerate() {
            b.par(format!("{}.{}", i + 1, item.problem));
            if !item.measures.is_empty() {
                b.par(format!("整改要求：{}", numbered_measures(&item.measures)));
            }
            if let Some(deadline) = &item.deadline {
                b.par(format!("整改时限：{}前。", cn_date(deadline)));
            }
        }
        b.heading(1, "有关要求");
        b.par(requirement);
        if let Some(contact) = contact {
            b.par(format!("联系人：{contact}。"));
        }
        return b;
    }
    let units: Vec<&str> = d.addressee.iter().map(|o| o.0.as_str()).collect();
    b.blocks.push(form_rows(vec![
        ("被通知单位", Value::Text(units.join("、"))),
        ("依据", Value::Text(basis)),
    ]));
    let items = d
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let measures: Vec<String> = item
                .measures
                .iter()
                .enumerate()
                .map(|(k, m)| format!("{}.{m}", k + 1))
                .collect();
            vec![
                (i + 1).to_string(),
                item.problem.clone(),
                measures.join("\n"),
                item.deadline.as_ref().map(cn_date).unwrap_or_default(),
            ]
        })
        .collect();
    b.blocks.push(form_list(
        "整改事项",
        &[
            column("序号", Width::Em(3.0), Align::Center, Fit::Number),
            column("问题", Width::Fr(2.0), Align::Left, Fit::Keep),
            column("整改要求", Width::Fr(2.0), Align::Left, Fit::Fold),
            column("整改时限", Width::Em(6.2), Align::Center, Fit::Fold),
        ],
        items,
    ));
    b.blocks
        .push(form_rows(vec![("反馈要求", Value::Text(requirement))]));
    let mut rows = Vec::new();
    if let Some(contact) = contact {
        rows.push(("联系人及电话", Value::Text(contact)));
    }
    rows.push((
        "通知单位\n（盖章）",
        Value::Paras(seal_cell(&d.signature, seal)),
    ));
    rows.push(("签收栏", Value::Paras(receipt(d.receipt.as_ref()))));
    b.blocks.push(keep_together(form_rows(rows)));
    b
}
