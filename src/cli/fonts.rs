//! `xuncha fonts`: which font fills each role.

use anyhow::bail;
use serde_json::{Value, json};

use xuncha::Engine;

/// Prints the role chains and every face found.
pub fn print_fonts(engine: &Engine, as_json: bool) -> anyhow::Result<()> {
    let Some(roles_file) = engine
        .templates()
        .resolve(std::path::Path::new("lib/fonts.toml"))
    else {
        bail!("no lib/fonts.toml in the template folders");
    };
    let roles = xuncha::typeset::fonts::roles(&roles_file)?;
    let fonts = engine.fonts();
    let role_rows: Vec<Value> = roles
        .iter()
        .map(|role| {
            let chain: Vec<Value> = role
                .families
                .iter()
                .map(|f| json!({"family": f, "installed": fonts.has_family(f)}))
                .collect();
            let used = role.families.iter().find(|f| fonts.has_family(f));
            json!({"role": role.key, "label": role.label, "uses": used, "chain": chain})
        })
        .collect();
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"roles": role_rows, "faces": fonts.faces()}))?
        );
        return Ok(());
    }
    println!("Roles (first installed family of each chain is used):");
    for role in &roles {
        let used = role.families.iter().find(|f| fonts.has_family(f));
        println!(
            "  {:<9} {} → {}",
            role.key,
            role.label,
            used.map(String::as_str).unwrap_or("(none installed!)")
        );
        for family in &role.families {
            let mark = if fonts.has_family(family) {
                "found"
            } else {
                "not found"
            };
            println!("      {family:<24} {mark}");
        }
    }
    println!("\nFaces ({}):", fonts.len());
    for face in fonts.faces() {
        println!(
            "  {:<20} weight {:<3} {}{}",
            face.family,
            face.weight,
            face.path.display(),
            if face.index > 0 {
                format!(" #{}", face.index)
            } else {
                String::new()
            }
        );
    }
    if roles.is_empty() {
        bail!("no roles defined in lib/fonts.toml");
    }
    Ok(())
}
