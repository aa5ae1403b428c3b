//! Where a title may break between lines, and how good each break is (GB/T 9704 7.3.1:
//! 回行时，要做到词意完整). The layout library (`title-block` in `templates/lib/head.typ`)
//! chooses among these breaks the most balanced shape (梯形 or 菱形) whose lines hold at most
//! [`TITLE_LINE_CAPACITY`](super::TITLE_LINE_CAPACITY) characters.
//!
//! A title is cut into words by jieba (the `jieba-rs` crate, with the dictionary of
//! `title_words.txt`: the words of jieba's own dictionary used at least 100 times, about 36,000,
//! plus the words of 巡察 documents). The full dictionary (349,000 words) took 0.5 s and 30 MB
//! to load, against the 150 ms a cold `xuncha render` may take; this one loads in about 20 ms,
//! once per process and only when a title needs breaking. (jieba's dictionary: Copyright (c)
//! 2013 Sun Junyi, MIT License, as the `jieba-rs` crate that ships it.) The words are joined into
//! *pieces* a line may not split:
//! - a run of single characters jieba did not know (a place name such as 云岫), and a single
//!   character that ends a name (市, 镇, 局 …) with the word before it;
//! - a number with what it counts (十五届, 第三轮, 2024年);
//! - 的 and 之 with the word before them.
//!
//! Each place between two pieces gets a cost: 0 before 关于 (the issuing body stands on its
//! own line), 1 beside a name the document gives elsewhere (its author, addressee, signing
//! body), 2 after 关于 or 的, 4 between two words, 8 beside a single character, 20 inside a
//! name the document gives, and 6 more inside quotation marks or brackets. Punctuation is a piece
//! of its own: which marks may not start or end a line (避头尾) is the library's rule, written
//! once in `templates/lib/spec.typ`. An author who wants other breaks gives them
//! (`render_hints.title_lines`), or forces one with a line break in the title: each line the
//! author gave is then broken here on its own (the frame passes the lines, not the title).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jieba_rs::Jieba;
use serde::Serialize;

use super::TITLE_LINE_CAPACITY;

/// One piece of a title and the cost of a line break after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The piece's text.
    pub text: String,
    /// The cost of breaking the line after this piece: 0 (best) to 30.
    pub cost: u32,
}

/// The dictionary, loaded once per process on first use.
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(|| {
        let mut words = include_str!("title_words.txt").as_bytes();
        Jieba::with_dict(&mut words).expect("the bundled title dictionary parses")
    })
}

/// Characters of numbers, which stay with what they count.
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || "〇零一二三四五六七八九十百千万亿两".contains(c)
}

/// Hanzi and other letters (not punctuation, not spaces).
fn is_letter(c: char) -> bool {
    c.is_alphanumeric()
}

/// Single characters that end a place or body's name (临江市, 青石镇, 规划局): they stay with
/// the word before them.
const SUFFIXES: &str = "省市县区镇乡村州盟旗局委办组部厅处科室所站队院校会社";

/// Opening and closing quotation marks and brackets; a break between them costs more.
const OPENING: &str = "（「『《〈【〔〖［｛“‘";
const CLOSING: &str = "）」』》〉】〕〗］｝”’";

/// A word as jieba cut it, before it is joined into pieces.
struct Word<'a> {
    text: &'a str,
    /// jieba knew it (a dictionary word of two or more characters).
    known: bool,
}

/// The title's pieces. `names` are names the document gives elsewhere (its author, addressee,
/// signing body); a title usually contains some of them whole.
pub fn pieces(title: &str, names: &[&str]) -> Vec<Piece> {
    if title.is_empty() {
        return Vec::new();
    }
    let words: Vec<Word> = jieba()
        .cut(title, false)
        .into_iter()
        .map(|t| Word {
            text: t.word,
            known: t.word.chars().count() > 1,
        })
        .collect();
    // Byte spans of the document's names in the title.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for name in names.iter().filter(|n| n.chars().count() >= 4) {
        let mut from = 0;
        while let Some(at) = title[from..].find(name) {
            spans.push((from + at, from + at + name.len()));
            from += at + name.len();
        }
    }
    let inside_name = |at: usize| spans.iter().any(|&(a, b)| a < at && at < b);
    let at_name_edge = |at: usize| spans.iter().any(|&(a, b)| a == at || b == at);

    // Join words into pieces: unknown single characters in a run, numbers with what follows,
    // 的/之 with what precedes.
    let mut joined: Vec<(String, bool)> = Vec::new();
    for word in &words {
        let first = word.text.chars().next().unwrap_or(' ');
        let glue = joined
            .last()
            .is_some_and(|(prev, prev_known): &(String, bool)| {
                let last = prev.chars().last().unwrap_or(' ');
                let prev_is_number = prev.trim_start_matches('第').chars().all(is_numeral)
                    && prev.chars().any(is_numeral);
                let single_run = !prev_known
                    && !word.known
                    && is_letter(last)
                    && is_letter(first)
                    && !is_numeral(first);
                let suffix = word.text.chars().count() == 1 && SUFFIXES.contains(first);
                (prev_is_number && is_letter(first))
                    || (suffix && is_letter(last))
                    || prev.ends_with('第')
                    || (matches!(word.text, "的" | "之") && is_letter(last))
                    || single_run
            });
        if glue {
            let (prev, known) = joined.last_mut().unwrap();
            prev.push_str(word.text);
            *known = *known || word.known || matches!(word.text, "的" | "之");
        } else {
            joined.push((word.text.to_string(), word.known));
        }
    }

    let mut pieces = Vec::with_capacity(joined.len());
    let mut at = 0;
    let mut depth: i32 = 0;
    for (i, (text, known)) in joined.iter().enumerate() {
        at += text.len();
        for c in text.chars() {
            if OPENING.contains(c) {
                depth += 1;
            } else if CLOSING.contains(c) {
                depth = (depth - 1).max(0);
            }
        }
        let next = joined.get(i + 1);
        let cost = match next {
            None => 0,
            Some((next_text, next_known)) => {
                let mut cost = if next_text == "关于" {
                    0
                } else if inside_name(at) {
                    20
                } else if at_name_edge(at) {
                    1
                } else if text == "关于" || text.ends_with('的') {
                    2
                } else if *known && *next_known {
                    4
                } else {
                    8
                };
                if matches!(next_text.as_str(), "和" | "与" | "及" | "并" | "或") {
                    cost += 4;
                }
                if depth > 0 {
                    cost += 6;
                }
                cost
            }
        };
        pieces.push(Piece {
            text: text.clone(),
            cost,
        });
    }
    pieces
}

/// The pieces of every title that is longer than a line, by title
/// (`title-breaks` of the frame); jieba is not even loaded for a document whose titles fit.
pub fn of_titles<'t>(
    titles: impl IntoIterator<Item = &'t str>,
    names: &[&str],
) -> BTreeMap<String, Vec<Piece>> {
    titles
        .into_iter()
        .filter(|t| t.chars().count() > TITLE_LINE_CAPACITY)
        .map(|t| (t.to_string(), pieces(t, names)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(title: &str) -> Vec<String> {
        pieces(title, &[]).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn pieces_concatenate_to_the_title() {
        let title = "中共临江市委第三巡察组关于巡察中共临江市青石镇委员会的反馈意见";
        assert_eq!(breaks(title).concat(), title);
    }

    #[test]
    fn words_numbers_and_particles_stay_whole() {
        let p = breaks("关于十五届县委第三轮巡察中共临江市青石镇委员会的反馈意见");
        for whole in ["中共", "十五届", "第三轮", "委员会的"] {
            assert!(p.iter().any(|x| x == whole), "{whole} is one piece: {p:?}");
        }
    }

    #[test]
    fn a_break_before_guanyu_is_best() {
        let p = pieces("中共临江市委第三巡察组关于巡察青石镇的反馈意见", &[]);
        let before = p.iter().position(|p| p.text == "关于").unwrap() - 1;
        assert_eq!(p[before].cost, 0);
        assert!(p.iter().take(p.len() - 1).all(|x| x.cost >= p[before].cost));
    }

    #[test]
    fn names_of_the_document_are_kept_together() {
        let name = "中共临江市青石镇委员会";
        let p = pieces("关于巡察中共临江市青石镇委员会的反馈意见", &[name]);
        let mut at = 0;
        for piece in &p {
            at += piece.text.len();
            let title = "关于巡察中共临江市青石镇委员会的反馈意见";
            let start = title.find(name).unwrap();
            if at > start && at < start + name.len() {
                assert!(piece.cost >= 12, "{p:?}");
            }
        }
    }
}
