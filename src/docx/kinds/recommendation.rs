//! 巡察建议书: as `templates/inspection_recommendation/main.typ.tera` prints it.

use crate::model::RecommendationLetter;

use super::KindBody;
use crate::docx::text::cn_date;

/// The body of a 建议书: 问题来源 → 存在的主要问题 → 原因分析 → 建议措施 → 回复要求.
pub fn body(d: &RecommendationLetter) -> KindBody {
    let mut b = KindBody::default();
    b.par(&d.source.text);
    b.heading(1, "存在的主要问题");
    for p in &d.problems {
        b.heading(2, &p.heading.0);
        b.par(&p.description);
        for c in &p.typical_cases {
            b.par(format!("典型事例：{c}"));
        }
    }
    if !d.cause_analysis.is_empty() {
        b.heading(1, "原因分析");
        for c in &d.cause_analysis {
            b.heading(2, &c.heading.0);
            b.par(&c.text);
        }
    }
    b.heading(1, "建议措施");
    for r in &d.recommendations {
        b.heading(2, &r.heading.0);
        // One measure is the heading's text; several are numbered 1. 2. …, as the template.
        let numbered = r.measures.len() > 1;
        for (i, m) in r.measures.iter().enumerate() {
            if numbered {
                b.par(format!("{}.{m}", i + 1));
            } else {
                b.par(m);
            }
        }
    }
    b.heading(1, "回复要求");
    match d.reply.text.as_deref().filter(|t| !t.is_empty()) {
        Some(text) => b.par(text),
        None => {
            let to = d
                .reply
                .to
                .as_ref()
                .map_or(d.signature.org_name.0.as_str(), |o| o.0.as_str());
            b.par(format!(
                "请于{}前将采纳和落实情况书面函告{to}。",
                cn_date(&d.reply.deadline)
            ));
        }
    }
    if let Some(c) = &d.contact {
        b.par(format!("联系人：{}，联系电话：{}。", c.name, c.phone));
    }
    b
}
