//! Names as offices write them. A unit is registered by its Party organisation's full name
//! (中共临江市卫生健康委员会党组); the body it leads (临江市卫生健康委员会), its short name (简称,
//! or 市卫生健康委员会 from the full name) and, for a 镇 or a 村, its 镇 are read from it. A
//! department written without its unit is named with the unit's body, a 村's 镇-level
//! department (镇财政所) with its 镇, a department written with an abbreviation of its unit
//! (市卫健委规划财务科) is recognised as the unit's; a 镇 leader's post says which 镇.

/// The Party organisation words at the end of a unit's full name, longest first: what is left
/// is the body the organisation leads.
const PARTY_BODIES: [&str; 19] = [
    "党组（党委）",
    "党委（党组）",
    "党组(党委)",
    "机关委员会",
    "党总支部委员会",
    "总支部委员会",
    "党支部委员会",
    "支部委员会",
    "工作委员会",
    "机关党委",
    "党工委",
    "党总支部",
    "党总支",
    "总支部",
    "党支部",
    "总支",
    "支部",
    "党委",
    "党组",
];

/// Characters a body ends with before a plain “委员会” (中共临江市人民医院委员会); a body such
/// as 卫生健康委员会 keeps its own 委员会.
const BODY_ENDS: &str = "院校学司团镇乡道村区局厂社所心馆站队行场园港办台厅";

/// The levels of a county-level place name, as a county's name ends.
const LEVELS: [char; 4] = ['市', '县', '区', '旗'];

/// Words of a 镇-level place.
const TOWN_WORDS: [&str; 3] = ["街道", "镇", "乡"];

/// The county (or city, or district) of the round, read from the 巡察办's name
/// (中共临江市委巡察工作领导小组办公室 → 临江市).
pub(super) fn county_of(office: &str) -> Option<String> {
    let name = office.strip_prefix("中共").unwrap_or(office);
    let chars: Vec<char> = name.chars().collect();
    (2..chars.len().min(8)).find_map(|i| {
        (LEVELS.contains(&chars[i]) && chars.get(i + 1) == Some(&'委'))
            .then(|| chars[..=i].iter().collect())
    })
}

/// A unit's names.
#[derive(Debug, Clone)]
pub(super) struct UnitName {
    /// The Party organisation's full name, as registered.
    pub(super) full: String,
    /// The body it leads: 临江市卫生健康委员会.
    pub(super) body: String,
    /// The body without the county: 卫生健康委员会.
    core: String,
    /// The short name: the 简称 given, else the body with the county's level for its name
    /// (市卫生健康委员会), a 镇 (江滨街道) or a 村 with its 镇 (石门镇桃源村).
    pub(super) short: String,
    /// The county of the round, when known.
    county: Option<String>,
    /// The 镇 (乡, 街道) a 镇 unit is or a 村 unit belongs to: 石门镇.
    pub(super) town: Option<String>,
}

impl UnitName {
    /// The names of the unit `full`, with its 简称 if given, in a round of `county`.
    pub(super) fn new(full: &str, short: Option<&str>, county: Option<&str>) -> Self {
        let body = body_of(full);
        let core = county
            .and_then(|c| body.strip_prefix(c))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(&body)
            .to_string();
        let town = town_of(&core);
        let derived = match (&town, county) {
            (Some(_), _) => core.clone(),
            (None, Some(county)) if core != body => {
                let level = county.chars().last().unwrap_or('县');
                format!("{level}{core}")
            }
            _ => body.clone(),
        };
        Self {
            full: full.to_string(),
            short: short.map_or(derived, str::to_string),
            body,
            core,
            county: county.map(str::to_string),
            town,
        }
    }

    /// The 镇 with its county: 青溪县石门镇.
    fn town_in_full(&self) -> Option<String> {
        let town = self.town.as_deref()?;
        Some(format!(
            "{}{town}",
            self.county.as_deref().unwrap_or_default()
        ))
    }

    /// A department of the unit, as written in the register, named so that it stands on its
    /// own: `name` (临江市卫生健康委员会规划财务科, 青溪县石门镇财政所, 临江市财政局) and
    /// `local`, as the unit's own documents print it (规划财务科, 石门镇财政所).
    pub(super) fn department(&self, written: &str) -> Department {
        let written = written.trim();
        if let (Some(town), Some(rest)) = (&self.town, strip_town_word(written)) {
            // 镇财政所 of a 村 (or of the 镇 itself) is the 镇's.
            let local = format!("{town}{rest}");
            return Department {
                name: format!("{}{local}", self.county.as_deref().unwrap_or_default()),
                local,
            };
        }
        if self.town.as_deref().is_some_and(|t| written.starts_with(t)) {
            return Department {
                name: format!("{}{written}", self.county.as_deref().unwrap_or_default()),
                local: written.to_string(),
            };
        }
        if let Some(split) = self.unit_prefix(written) {
            let bare: String = written.chars().skip(split).collect();
            return if bare.is_empty() {
                Department {
                    name: self.body.clone(),
                    local: self.short.clone(),
                }
            } else {
                Department {
                    name: format!("{}{bare}", self.body),
                    local: bare,
                }
            };
        }
        let county = self.county.as_deref().unwrap_or_default();
        let level = county.chars().last();
        if !county.is_empty() && written.starts_with(county) {
            return Department {
                name: written.to_string(),
                local: written.to_string(),
            };
        }
        if let Some(rest) = level.and_then(|l| written.strip_prefix(l))
            && !rest.is_empty()
        {
            // 县财政局: another body of the county.
            return Department {
                name: format!("{county}{rest}"),
                local: written.to_string(),
            };
        }
        Department {
            name: format!("{}{written}", self.body),
            local: written.to_string(),
        }
    }

    /// How many characters at the start of `written` name this unit (临江市卫生健康委员会,
    /// 市卫生健康委员会, 市卫健委, 卫健委), if any do.
    fn unit_prefix(&self, written: &str) -> Option<usize> {
        let chars: Vec<char> = written.chars().collect();
        let short_core = self.strip_marks(&self.short).1;
        (2..=chars.len()).rev().find(|&k| {
            let prefix: String = chars[..k].iter().collect();
            let (marked, core) = self.strip_marks(&prefix);
            if core.is_empty() {
                return false;
            }
            let rest: String = chars[k..].iter().collect();
            if core == self.core || core == short_core {
                return true;
            }
            // An abbreviation (卫健委, 城投集团): its characters in order in the body's name,
            // not a cut of it; without a 市/县 before it, three characters at least, starting
            // as the body does.
            let abbreviation = is_subsequence(&core, &self.core)
                && !self.core.starts_with(&core)
                && rest.chars().count() >= 2;
            let first = core.chars().next() == self.core.chars().next();
            abbreviation && (marked || (core.chars().count() >= 3 && first))
        })
    }

    /// A name with 中共, the county and a level taken off its start: whether any was, and
    /// the rest.
    fn strip_marks(&self, name: &str) -> (bool, String) {
        let mut rest = name.strip_prefix("中共").unwrap_or(name);
        let mut marked = rest.len() != name.len();
        if let Some(county) = self.county.as_deref() {
            if let Some(after) = rest.strip_prefix(county) {
                rest = after;
                marked = true;
            } else if let Some(after) = county
                .chars()
                .last()
                .and_then(|level| rest.strip_prefix(level))
            {
                rest = after;
                marked = true;
            }
        }
        (marked, rest.to_string())
    }

    /// A leader's post as the 抄告单 prints it, and the body whose leader it is: a 镇 leader of
    /// a 村 unit (镇党委委员、副镇长) is the 镇's (石门镇党委委员、副镇长), shared by its 村; any
    /// other leader is the unit's.
    pub(super) fn leader(&self, title: Option<&str>) -> (Option<String>, String) {
        let own = (title.map(str::to_string), self.full.clone());
        let (Some(town), Some(title)) = (&self.town, title) else {
            return own;
        };
        let scope = self.town_in_full().unwrap_or_else(|| town.clone());
        if let Some(rest) = strip_town_word(title) {
            return (Some(format!("{town}{rest}")), scope);
        }
        if title.contains(town.as_str()) {
            return (Some(title.to_string()), scope);
        }
        if TOWN_WORDS.iter().any(|w| title.contains(w)) {
            return (Some(format!("{town}{title}")), scope);
        }
        own
    }
}

/// A department named on its own, and as its unit's documents print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Department {
    /// 临江市卫生健康委员会规划财务科.
    pub(super) name: String,
    /// 规划财务科.
    pub(super) local: String,
}

/// The body a Party organisation leads: its full name without 中共 and the organisation words.
pub(super) fn body_of(full: &str) -> String {
    let name = full.trim().strip_prefix("中共").unwrap_or(full.trim());
    for suffix in PARTY_BODIES {
        if let Some(body) = name.strip_suffix(suffix).filter(|b| b.chars().count() >= 2) {
            return body.to_string();
        }
    }
    if let Some(body) = name.strip_suffix("委员会")
        && body.chars().last().is_some_and(|c| BODY_ENDS.contains(c))
    {
        return body.to_string();
    }
    name.to_string()
}

/// The 镇 of a body without its county: 石门镇 of 石门镇 and of 石门镇桃源村 (a 村 or 社区).
fn town_of(core: &str) -> Option<String> {
    for word in TOWN_WORDS {
        let Some(at) = core.find(word) else { continue };
        let town = &core[..at + word.len()];
        let rest = &core[at + word.len()..];
        let name_chars = core[..at].chars().count();
        let village = ["村", "社区", "居委会"].iter().any(|v| rest.ends_with(v));
        if (1..=5).contains(&name_chars) && (rest.is_empty() || village) {
            return Some(town.to_string());
        }
    }
    None
}

/// What follows a leading 镇, 乡 or 街道 (镇财政所 → 财政所).
fn strip_town_word(text: &str) -> Option<&str> {
    TOWN_WORDS
        .iter()
        .find_map(|w| text.strip_prefix(w))
        .filter(|rest| !rest.is_empty())
}

/// Whether the characters of `short` appear in `long` in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut long = long.chars();
    short.chars().all(|c| long.any(|l| l == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_is_named_by_the_body_it_leads_for_every_kind_of_party_organisation() {
        let county = county_of("中共临江市委巡察工作领导小组办公室");
        assert_eq!(county.as_deref(), Some("临江市"));
        let county = county.as_deref();
        for (full, body, short) in [
            (
                "中共临江市卫生健康委员会党组",
                "临江市卫生健康委员会",
                "市卫生健康委员会",
            ),
            ("中共临江市江滨街道工作委员会", "临江市江滨街道", "江滨街道"),
            ("中共临江市江滨街道党工委", "临江市江滨街道", "江滨街道"),
            ("中共临江市人民医院委员会", "临江市人民医院", "市人民医院"),
            ("中共临江市人民医院党委", "临江市人民医院", "市人民医院"),
            ("中共临江市第一中学委员会", "临江市第一中学", "市第一中学"),
            (
                "中共临江市广播电视台委员会",
                "临江市广播电视台",
                "市广播电视台",
            ),
            ("中共临江市财政局机关委员会", "临江市财政局", "市财政局"),
            ("中共临江市财政局机关党委", "临江市财政局", "市财政局"),
            ("中共临江市档案馆总支部委员会", "临江市档案馆", "市档案馆"),
            ("中共临江市档案馆党总支", "临江市档案馆", "市档案馆"),
            ("中共临江市档案馆支部委员会", "临江市档案馆", "市档案馆"),
            ("中共临江市档案馆党支部", "临江市档案馆", "市档案馆"),
            (
                "中共临江市城市管理局党组（党委）",
                "临江市城市管理局",
                "市城市管理局",
            ),
        ] {
            let unit = UnitName::new(full, None, county);
            assert_eq!(
                (unit.body.as_str(), unit.short.as_str()),
                (body, short),
                "{full}"
            );
            assert_eq!(
                unit.department("办公室").name,
                format!("{body}办公室"),
                "{full}"
            );
        }
    }

    #[test]
    fn a_department_written_any_way_is_named_with_its_unit() {
        let unit = UnitName::new(
            "中共临江市卫生健康委员会党组",
            Some("市卫健委"),
            Some("临江市"),
        );
        let named = |written: &str| unit.department(written);
        let expected = Department {
            name: "临江市卫生健康委员会规划财务科".into(),
            local: "规划财务科".into(),
        };
        for written in [
            "规划财务科",
            "市卫健委规划财务科",
            "卫健委规划财务科",
            "临江市卫生健康委员会规划财务科",
            "市卫生健康委员会规划财务科",
            "中共临江市卫生健康委员会规划财务科",
        ] {
            assert_eq!(named(written), expected, "{written}");
        }
        // Without a 简称, an abbreviation with the county's level is still the unit's.
        let plain = UnitName::new("中共临江市卫生健康委员会党组", None, Some("临江市"));
        assert_eq!(plain.department("市卫健委规划财务科"), expected);
        // A department whose name starts like the unit's is not cut.
        assert_eq!(
            named("卫生应急办公室").name,
            "临江市卫生健康委员会卫生应急办公室"
        );
        // Another body of the county keeps its name, in full.
        assert_eq!(named("市财政局").name, "临江市财政局");
        assert_eq!(named("临江市审计局").name, "临江市审计局");
        let investment = UnitName::new(
            "中共临江市城市建设投资集团有限公司委员会",
            None,
            Some("临江市"),
        );
        assert_eq!(investment.short, "市城市建设投资集团有限公司");
        assert_eq!(
            investment.department("城投集团财务部").name,
            "临江市城市建设投资集团有限公司财务部"
        );
    }

    #[test]
    fn a_village_s_town_departments_and_leaders_are_the_town_s() {
        let county = county_of("中共青溪县委巡察工作领导小组办公室");
        let village = UnitName::new("中共青溪县石门镇桃源村支部委员会", None, county.as_deref());
        assert_eq!(village.body, "青溪县石门镇桃源村");
        assert_eq!(village.short, "石门镇桃源村");
        assert_eq!(village.town.as_deref(), Some("石门镇"));
        for (written, name, local) in [
            ("镇财政所", "青溪县石门镇财政所", "石门镇财政所"),
            ("镇党政办", "青溪县石门镇党政办", "石门镇党政办"),
            ("石门镇财政所", "青溪县石门镇财政所", "石门镇财政所"),
            (
                "村务监督委员会",
                "青溪县石门镇桃源村村务监督委员会",
                "村务监督委员会",
            ),
        ] {
            assert_eq!(
                village.department(written),
                Department {
                    name: name.into(),
                    local: local.into()
                },
                "{written}"
            );
        }
        assert_eq!(
            village.leader(Some("镇党委委员、副镇长")),
            (
                Some("石门镇党委委员、副镇长".to_string()),
                "青溪县石门镇".to_string()
            )
        );
        assert_eq!(
            village.leader(Some("村党支部书记")),
            (
                Some("村党支部书记".to_string()),
                "中共青溪县石门镇桃源村支部委员会".to_string()
            )
        );
        let community = UnitName::new("中共青溪县城南街道和平社区委员会", None, county.as_deref());
        assert_eq!(community.town.as_deref(), Some("城南街道"));
        // A body whose name has 乡 inside is no 乡.
        let housing = UnitName::new("中共青溪县住房和城乡建设局党组", None, county.as_deref());
        assert_eq!(housing.town, None);
        assert_eq!(housing.short, "县住房和城乡建设局");
    }
}
