//! `xuncha assets`: where the fonts and templates are looked for, and which are used — the
//! command to run after installing the binary somewhere new.

use serde_json::{Value, json};

use xuncha::assets::{self, Asset};

/// Prints every place in search order, what each holds, and the folders in use; `Ok(false)`
/// when either folder is found nowhere.
pub fn run(as_json: bool) -> anyhow::Result<bool> {
    let places = assets::places();
    let fonts = assets::locate_in(&places, Asset::Fonts);
    let templates = assets::locate_in(&places, Asset::Templates);
    if as_json {
        let rows: Vec<Value> = places
            .iter()
            .map(|p| {
                json!({
                    "dir": p.dir,
                    "reason": p.reason,
                    "fonts": p.dir.join("fonts").is_dir(),
                    "templates": p.dir.join("templates").is_dir(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "places": rows,
                "fonts": fonts.as_ref().ok(),
                "templates": templates.as_ref().ok(),
            }))?
        );
    } else {
        println!("查找顺序 / search order (fonts/ and templates/ in each):");
        for (i, place) in places.iter().enumerate() {
            let holds: Vec<&str> = [Asset::Fonts, Asset::Templates]
                .into_iter()
                .map(Asset::folder)
                .filter(|folder| place.dir.join(folder).is_dir())
                .collect();
            let holds = if holds.is_empty() {
                "—".to_owned()
            } else {
                holds.join(", ")
            };
            println!(
                "  {}. {}  [{}]  {}",
                i + 1,
                place.dir.display(),
                holds,
                place.reason
            );
        }
        println!("使用中 / in use:");
        for (asset, found) in [(Asset::Fonts, &fonts), (Asset::Templates, &templates)] {
            match found {
                Ok(dir) => println!("  {:<10} {}", asset.folder(), dir.display()),
                Err(missing) => eprintln!("{missing}"),
            }
        }
    }
    Ok(fonts.is_ok() && templates.is_ok())
}
