//! The measures of GB/T 9704 in Word's units (twips, half-points, EMU), the same numbers as
//! `templates/lib/spec.typ` (rows of `gbt9704.md` in brackets).

/// Twips (twentieths of a point) in `mm` millimetres, rounded.
pub fn twips(mm: f64) -> i64 {
    (mm * 1440.0 / 25.4).round() as i64
}

/// English Metric Units (DrawingML) in `mm` millimetres.
pub fn emu(mm: f64) -> i64 {
    (mm * 36_000.0).round() as i64
}

/// Twips in `pt` points.
pub fn pt_twips(pt: f64) -> i64 {
    (pt * 20.0).round() as i64
}

/// A4 [1], in millimetres.
pub const PAGE_WIDTH_MM: f64 = 210.0;
/// A4 [1], in millimetres.
pub const PAGE_HEIGHT_MM: f64 = 297.0;
/// 天头 [2].
pub const MARGIN_TOP_MM: f64 = 37.0;
/// The bottom margin [2]: 297 − 37 − 225.
pub const MARGIN_BOTTOM_MM: f64 = 35.0;
/// 订口 [2] (inside: left on odd pages, mirrored on even ones).
pub const MARGIN_INSIDE_MM: f64 = 28.0;
/// 切口 [2]: 210 − 28 − 156.
pub const MARGIN_OUTSIDE_MM: f64 = 26.0;
/// 版心 width [2].
pub const TYPE_WIDTH_MM: f64 = 156.0;
/// 版心 height [2].
pub const TYPE_HEIGHT_MM: f64 = 225.0;
/// Landscape pages' margins [26], as the templates set them: top, bottom, left, right.
pub const LANDSCAPE_MARGINS_MM: [f64; 4] = [27.0, 27.0, 35.0, 37.0];

/// The line pitch [3]: 22 × 579 = 12,738 twips fits the 12,756-twip 版心 and 23 lines do
/// not; 580 (what other tools use) gives 21 lines in LibreOffice.
pub const PITCH: i64 = 579;
/// Character spacing of 三号 body text in twentieths of a point: −0.25 pt, so that 28
/// characters (28 × 15.75 pt = 441 pt) fill the 442.2 pt line and a 29th does not fit.
pub const BODY_CHAR_SPACING: i64 = -5;
/// One 三号 character cell (字) as the body sets it: 16 pt − 0.25 pt, in twips.
pub const ZI: i64 = 315;

/// Font sizes in half-points (S19): 二号 22 pt.
pub const ER: u32 = 44;
/// 三号 16 pt.
pub const SAN: u32 = 32;
/// 四号 14 pt.
pub const SI: u32 = 28;
/// 小四 12 pt.
pub const XIAOSI: u32 = 24;
/// 五号 10.5 pt.
pub const WU: u32 = 21;

/// The 发文机关标志 [7]: 40 pt, narrowed to 70 % at most, then smaller.
pub const MARK_SIZE_PT: f64 = 40.0;
/// The least horizontal scale of the 标志.
pub const MARK_MIN_SQUEEZE: f64 = 0.7;
/// The 标志's top under the 版心 top [7].
pub const MARK_TOP_MM: f64 = 35.0;
/// 信函格式: the 标志's top from the page top [27].
pub const LETTER_MARK_TOP_MM: f64 = 30.0;
/// 信函格式: the double lines' length [27].
pub const LETTER_RULE_MM: f64 = 170.0;
/// 信函格式: the lower double line from the page bottom [27].
pub const LETTER_FOOT_MM: f64 = 20.0;
/// 版头分隔线: 4 mm under the 发文字号 [10].
pub const RULE_GAP_MM: f64 = 4.0;
/// 页码: the dash's top 7 mm under the 版心 [25].
pub const PAGE_NUMBER_GAP_MM: f64 = 7.0;
/// 印章 across (practice) [16].
pub const SEAL_MM: f64 = 42.0;

/// The red of the 版头 and the rules.
pub const RED: &str = "FF0000";

/// The width of `text` set in 三号 body text, in twips: a CJK or full-width character is one
/// 字, anything narrower half of one (digits and Latin letters in 仿宋 are half-width).
pub fn text_width(text: &str) -> i64 {
    text.chars()
        .map(|c| if c.is_ascii() { ZI / 2 } else { ZI })
        .sum()
}
