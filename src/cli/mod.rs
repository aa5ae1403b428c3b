//! The subcommands of the `xuncha` binary, one module each, and the options every command shares.

pub mod asset_places;
pub mod batch;
pub mod fonts;
pub mod output;
pub mod render;
pub mod round;
pub mod serve;
pub mod templates;
pub mod watch;

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use xuncha::assets::{self, Asset, AssetNotFound};
use xuncha::engine::EngineConfig;
use xuncha::input::Limits;
use xuncha::{DocKind, Engine};

/// Options of `xuncha schema`.
#[derive(Args)]
pub struct SchemaArgs {
    /// The document kind.
    #[arg(value_parser = parse_kind)]
    pub kind: DocKind,
}

/// Parses a `doc_kind` argument.
pub fn parse_kind(s: &str) -> Result<DocKind, String> {
    s.parse()
}

/// Options of the engine, for every command.
#[derive(Args, Clone)]
pub struct EngineArgs {
    /// Your template folder, on top of the built-in templates: adds templates and overrides
    /// built-in templates or library files of the same name.
    #[arg(long, global = true, env = "XUNCHA_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Extra font folder, searched before the bundled fonts; repeatable.
    #[arg(
        long = "fonts",
        global = true,
        env = "XUNCHA_FONTS",
        value_name = "DIR",
        value_delimiter = ','
    )]
    pub fonts: Vec<PathBuf>,
    /// Also use the fonts installed on this system (e.g. the official 仿宋_GB2312).
    #[arg(long, global = true, env = "XUNCHA_SYSTEM_FONTS")]
    pub system_fonts: bool,
    /// Report characters that no font can draw as warnings, not errors.
    #[arg(long, global = true)]
    pub allow_missing_glyphs: bool,
    /// The most characters in any one text of a document.
    #[arg(long, global = true, env = "XUNCHA_MAX_TEXT_CHARS", value_name = "N",
          default_value_t = Limits::default().max_text_chars)]
    pub max_text_chars: usize,
    /// The most items in any one list of a document (problems, table rows, …).
    #[arg(long, global = true, env = "XUNCHA_MAX_LIST_ITEMS", value_name = "N",
          default_value_t = Limits::default().max_list_items)]
    pub max_list_items: usize,
    /// The most pages a typeset document may have.
    #[arg(long, global = true, env = "XUNCHA_MAX_PAGES", value_name = "N",
          default_value_t = Limits::default().max_pages)]
    pub max_pages: usize,
    /// The most rows read from a worksheet (a cell with something in it further down is an
    /// error naming it).
    #[arg(long, global = true, env = "XUNCHA_MAX_SHEET_ROWS", value_name = "N",
          default_value_t = Limits::default().max_sheet_rows)]
    pub max_sheet_rows: usize,
    /// The most columns read from a worksheet.
    #[arg(long, global = true, env = "XUNCHA_MAX_SHEET_COLUMNS", value_name = "N",
          default_value_t = Limits::default().max_sheet_columns)]
    pub max_sheet_columns: usize,
}

/// The engine the options describe; templates that failed to load are reported on stderr.
pub fn engine(args: &EngineArgs) -> anyhow::Result<Engine> {
    let mut config = engine_config(args, &assets::places())?;
    config.fonts.include_system = args.system_fonts;
    config.allow_missing_glyphs = args.allow_missing_glyphs;
    config.limits = Limits {
        max_text_chars: args.max_text_chars,
        max_list_items: args.max_list_items,
        max_pages: args.max_pages,
        max_sheet_rows: args.max_sheet_rows,
        max_sheet_columns: args.max_sheet_columns,
    };
    let engine = Engine::new(&config).context("cannot start the engine")?;
    for error in engine.templates().load_errors() {
        eprintln!("warning: a template was not loaded, the one below it is used:\n{error}");
    }
    Ok(engine)
}

/// The folders the options and the installation give. `--fonts` folders come before the
/// installed fonts and `--templates` on top of the installed templates; when nothing is
/// installed, `--fonts` (or `--system-fonts`) alone will do for fonts, and a `--templates`
/// folder holding a whole template set (its own `lib/`) for templates.
fn engine_config(
    args: &EngineArgs,
    places: &[assets::Place],
) -> Result<EngineConfig, AssetNotFound> {
    let (templates, user_templates) =
        match (assets::locate_in(places, Asset::Templates), &args.templates) {
            (Ok(installed), user) => (installed, user.iter().cloned().collect()),
            (Err(_), Some(user)) if user.join("lib").is_dir() => (user.clone(), Vec::new()),
            (Err(missing), _) => return Err(missing),
        };
    let mut font_dirs = args.fonts.clone();
    match assets::locate_in(places, Asset::Fonts) {
        Ok(installed) => font_dirs.push(installed),
        Err(_) if !font_dirs.is_empty() || args.system_fonts => {}
        Err(missing) => return Err(missing),
    }
    let mut config = EngineConfig::with_assets(templates, font_dirs);
    config.user_templates = user_templates;
    Ok(config)
}
