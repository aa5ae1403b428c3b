//! Where the fonts and templates shipped with xuncha are found, so that the binary works from
//! wherever it is installed: `XUNCHA_HOME`, next to the binary, `../share/xuncha` beside it, and
//! the source checkout it was built from, in that order. (`--fonts` and `--templates` come on
//! top of these; see `cli::engine`.)

use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable naming a folder that holds `fonts/` and `templates/`.
pub const HOME_VARIABLE: &str = "XUNCHA_HOME";

/// One of the two asset folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asset {
    /// `fonts/`: the open fonts the templates name.
    Fonts,
    /// `templates/`: the built-in templates and their Typst library.
    Templates,
}

impl Asset {
    /// The folder's name inside an asset home.
    pub fn folder(self) -> &'static str {
        match self {
            Asset::Fonts => "fonts",
            Asset::Templates => "templates",
        }
    }
}

/// A place looked in, described for the person reading the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// How the place was chosen, in Chinese and English.
    pub reason: &'static str,
    /// The folder expected to hold `fonts/` and `templates/`.
    pub dir: PathBuf,
    /// Named by the user (`XUNCHA_HOME`): a miss here is final, since falling through to
    /// another place would hide the mistake.
    pub explicit: bool,
}

/// The places looked in, in order: `$XUNCHA_HOME` (when set), the binary's folder,
/// `../share/xuncha` beside it, and the checkout the binary was built from.
pub fn places() -> Vec<Place> {
    let mut places = Vec::new();
    if let Some(home) = std::env::var_os(HOME_VARIABLE).filter(|h| !h.is_empty()) {
        places.push(Place {
            reason: "环境变量 XUNCHA_HOME / the XUNCHA_HOME variable",
            dir: PathBuf::from(home),
            explicit: true,
        });
    }
    if let Some(bin) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        places.push(Place {
            reason: "程序所在文件夹 / next to the binary",
            dir: bin.clone(),
            explicit: false,
        });
        places.push(Place {
            reason: "程序旁的 ../share/xuncha / ../share/xuncha beside the binary",
            dir: bin.join("../share/xuncha"),
            explicit: false,
        });
    }
    places.push(Place {
        reason: "编译时的源代码目录 / the source checkout it was built from",
        dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        explicit: false,
    });
    places
}

/// The first of `places` holding `asset`; an explicit place that lacks it ends the search.
pub fn locate_in(places: &[Place], asset: Asset) -> Result<PathBuf, AssetNotFound> {
    for place in places {
        let dir = place.dir.join(asset.folder());
        if dir.is_dir() {
            return Ok(dir);
        }
        if place.explicit {
            return Err(AssetNotFound {
                asset,
                looked_in: vec![place.clone()],
            });
        }
    }
    Err(AssetNotFound {
        asset,
        looked_in: places.to_vec(),
    })
}

/// Where `asset` is, by [`places`].
pub fn locate(asset: Asset) -> Result<PathBuf, AssetNotFound> {
    locate_in(&places(), asset)
}

/// An asset folder found nowhere; the message names every place looked in and what to do, in
/// Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetNotFound {
    /// The folder that is missing.
    pub asset: Asset,
    /// Every place looked in, in order.
    pub looked_in: Vec<Place>,
}

impl fmt::Display for AssetNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let folder = self.asset.folder();
        writeln!(
            f,
            "找不到 xuncha 的 {folder}/ 文件夹 / cannot find xuncha's {folder}/ folder. \
             已查找 / looked in:"
        )?;
        for (i, place) in self.looked_in.iter().enumerate() {
            writeln!(
                f,
                "  {}. {}（{}）",
                i + 1,
                place.dir.join(folder).display(),
                place.reason
            )?;
        }
        write!(
            f,
            "请把发布包中的 fonts/ 和 templates/ 放在以上任一位置，或设置 {HOME_VARIABLE} 为包含它们的文件夹；\
             `xuncha assets` 列出查找顺序。\n\
             Put the release's fonts/ and templates/ in one of these places, or set {HOME_VARIABLE} \
             to the folder holding them; `xuncha assets` lists the search order."
        )
    }
}

impl std::error::Error for AssetNotFound {}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(reason: &'static str, dir: &Path) -> Place {
        Place {
            reason,
            dir: dir.to_path_buf(),
            explicit: reason.contains(HOME_VARIABLE),
        }
    }

    #[test]
    fn the_first_place_holding_the_folder_wins_and_a_miss_names_every_place() {
        let root = tempfile::tempdir().unwrap();
        let (empty, full) = (root.path().join("empty"), root.path().join("full"));
        std::fs::create_dir_all(full.join("fonts")).unwrap();
        std::fs::create_dir_all(&empty).unwrap();
        let places = [
            place("程序所在文件夹 / next to the binary", &empty),
            place("../share/xuncha", &full),
        ];
        assert_eq!(locate_in(&places, Asset::Fonts), Ok(full.join("fonts")));
        let missing = locate_in(&places, Asset::Templates).unwrap_err();
        assert_eq!(missing.looked_in, places);
        let message = missing.to_string();
        assert!(message.contains("找不到 xuncha 的 templates/"), "{message}");
        assert!(message.contains(&empty.join("templates").display().to_string()));
        assert!(message.contains(&full.join("templates").display().to_string()));
        assert!(message.contains("XUNCHA_HOME"));
    }

    #[test]
    fn a_home_set_without_the_folder_is_an_error_not_a_fall_through() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("fallback/templates")).unwrap();
        let places = [
            place(
                "环境变量 XUNCHA_HOME / the XUNCHA_HOME variable",
                root.path(),
            ),
            place("next to the binary", &root.path().join("fallback")),
        ];
        let missing = locate_in(&places, Asset::Templates).unwrap_err();
        assert_eq!(missing.looked_in, places[..1]);
    }
}
