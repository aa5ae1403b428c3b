//! The code is in layers: no module of `src/` imports another that imports it back, directly or
//! through others.
//!
//! Every `.rs` file under `src/` is a module (inline `mod tests { … }` blocks count as their
//! file). The test parses each file with `syn`, resolves every path it names (`use` trees, paths
//! in types and expressions, macro paths) to the file of the module that defines it, and looks
//! for strongly connected components in that graph. A child module named by its parent counts as
//! an import; `mod child;` alone does not. Run it with `cargo test --test layers`; on failure it
//! prints every circle with the names each file takes from the next.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module path inside one crate (`["model", "kind"]`).
type ModPath = Vec<String>;

/// One module (a file, or an inline `mod x { … }` in a file).
#[derive(Default)]
struct Module {
    file: PathBuf,
    /// Names of the items defined here (types, functions, traits, constants, macros…).
    defined: BTreeSet<String>,
    /// Names brought in by `use` (also `pub use`), with the path they stand for.
    imported: BTreeMap<String, Vec<String>>,
    /// Paths of `use x::*`.
    globs: Vec<Vec<String>>,
}

/// What the module tree of one crate looks like.
#[derive(Default)]
struct Crate {
    modules: HashMap<ModPath, Module>,
    /// `macro_rules!` names and the file that defines them (`#[macro_export]` puts them at the
    /// crate root, but they live in their file).
    macros: HashMap<String, PathBuf>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn parse(file: &Path) -> syn::File {
    let text = std::fs::read_to_string(file).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Walks the module tree from a root file, recording each module's file, items and imports.
fn load_crate(root: &Path) -> Crate {
    let mut krate = Crate::default();
    load_module(&mut krate, root, Vec::new(), root.parent().unwrap());
    krate
}

/// `dir` is where the module's `mod x;` children live.
fn load_module(krate: &mut Crate, file: &Path, path: ModPath, dir: &Path) {
    let ast = parse(file);
    load_items(krate, file, &ast.items, path, dir);
}

fn use_names(prefix: &mut Vec<String>, tree: &syn::UseTree, module: &mut Module) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_names(prefix, &p.tree, module);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let mut full = prefix.clone();
            if name != "self" {
                full.push(name.clone());
            }
            let alias = if name == "self" {
                prefix.last().cloned().unwrap_or_default()
            } else {
                name
            };
            module.imported.insert(alias, full);
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            full.push(r.ident.to_string());
            module.imported.insert(r.rename.to_string(), full);
        }
        syn::UseTree::Glob(_) => module.globs.push(prefix.clone()),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_names(prefix, tree, module);
            }
        }
    }
}

fn load_items(krate: &mut Crate, file: &Path, items: &[syn::Item], path: ModPath, dir: &Path) {
    let mut module = Module {
        file: file.to_path_buf(),
        ..Module::default()
    };
    for item in items {
        let defined = match item {
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::Fn(i) => Some(&i.sig.ident),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::Type(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            syn::Item::Macro(m) => {
                if m.mac.path.is_ident("macro_rules")
                    && let Some(ident) = &m.ident
                {
                    krate.macros.insert(ident.to_string(), file.to_path_buf());
                }
                m.ident.as_ref()
            }
            _ => None,
        };
        if let Some(ident) = defined {
            module.defined.insert(ident.to_string());
        }
        match item {
            syn::Item::Use(u) => use_names(&mut Vec::new(), &u.tree, &mut module),
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                let mut child = path.clone();
                child.push(name.clone());
                match &m.content {
                    Some((_, inner)) => load_items(krate, file, inner, child, &dir.join(&name)),
                    None => {
                        let flat = dir.join(format!("{name}.rs"));
                        let nested = dir.join(&name).join("mod.rs");
                        let child_file = if flat.exists() {
                            flat
                        } else if nested.exists() {
                            nested
                        } else {
                            panic!("module {name} of {} has no file", file.display())
                        };
                        load_module(krate, &child_file, child, &dir.join(&name));
                    }
                }
            }
            _ => {}
        }
    }
    krate.modules.insert(path, module);
}

/// The paths one module names, each as written (segments), found by walking its syntax.
struct Names {
    /// Module path of the innermost module being walked.
    module: ModPath,
    /// (module the path was written in, segments, is a macro path).
    paths: Vec<(ModPath, Vec<String>, bool)>,
}

impl Names {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                if n.ident != "self" {
                    full.push(n.ident.to_string());
                }
                self.paths.push((self.module.clone(), full, false));
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                full.push(r.ident.to_string());
                self.paths.push((self.module.clone(), full, false));
            }
            syn::UseTree::Glob(_) => {
                self.paths
                    .push((self.module.clone(), prefix.clone(), false));
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    /// `pub(super)` and `pub(in crate::x)` say who may see an item, not what it uses.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.paths.push((self.module.clone(), segments, false));
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let segments: Vec<String> = mac
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        self.paths.push((self.module.clone(), segments, true));
        // Macro bodies (`format!`, `json!`) may name paths too: parse them as expressions.
        if let Ok(args) = mac.parse_body_with(
            syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
        ) {
            for expr in &args {
                self.visit_expr(expr);
            }
        }
    }
}

/// The module a path's first segment starts from, and the segments after it; `None` when the
/// path does not start in this crate (an extern crate, a local variable, a generic).
fn start<'p>(
    krate: &Crate,
    from: &ModPath,
    segments: &'p [String],
) -> Option<(ModPath, &'p [String])> {
    let first = segments.first()?;
    match first.as_str() {
        "crate" => Some((Vec::new(), &segments[1..])),
        "self" => Some((from.clone(), &segments[1..])),
        "super" => {
            let mut base = from.clone();
            let mut rest = segments;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            Some((base, rest))
        }
        _ => {
            let mut child = from.clone();
            child.push(first.clone());
            let here = krate.modules.get(from)?;
            if krate.modules.contains_key(&child)
                || here.defined.contains(first)
                || here.imported.contains_key(first)
            {
                Some((from.clone(), segments))
            } else {
                None
            }
        }
    }
}

/// The file that defines what a path names (following `use` and `pub use` to the definition),
/// if the path names something of this crate.
fn resolve(
    krate: &Crate,
    from: &ModPath,
    segments: &[String],
    is_macro: bool,
    depth: usize,
) -> Option<PathBuf> {
    if depth > 16 {
        return None;
    }
    if is_macro {
        let name = segments.last()?;
        if segments.len() == 1 || (segments.len() == 2 && segments[0] == "crate") {
            return krate.macros.get(name).cloned();
        }
    }
    let (mut module, rest) = start(krate, from, segments)?;
    for (i, segment) in rest.iter().enumerate() {
        let mut child = module.clone();
        child.push(segment.clone());
        if krate.modules.contains_key(&child) {
            module = child;
            continue;
        }
        let here = krate.modules.get(&module)?;
        if here.defined.contains(segment) {
            return Some(here.file.clone());
        }
        if let Some(target) = here.imported.get(segment) {
            // `use a::b::Thing` here: what follows the name continues from its target.
            let mut path = target.clone();
            path.extend(rest[i + 1..].iter().cloned());
            return resolve(krate, &module, &path, false, depth + 1).or(Some(here.file.clone()));
        }
        for glob in &here.globs {
            let mut path = glob.clone();
            path.extend(rest[i..].iter().cloned());
            if let Some(file) = resolve(krate, &module, &path, false, depth + 1) {
                return Some(file);
            }
        }
        return Some(here.file.clone());
    }
    krate.modules.get(&module).map(|m| m.file.clone())
}

/// Edges between files: from → to → the names taken.
type Graph = BTreeMap<PathBuf, BTreeMap<PathBuf, BTreeSet<String>>>;

fn graph_of(root: &Path) -> Graph {
    let krate = load_crate(root);
    // The outermost module a file holds is the file's own.
    let mut module_of_file: BTreeMap<PathBuf, ModPath> = BTreeMap::new();
    for (path, module) in &krate.modules {
        let entry = module_of_file
            .entry(module.file.clone())
            .or_insert_with(|| path.clone());
        if path.len() < entry.len() {
            *entry = path.clone();
        }
    }
    let mut graph = Graph::new();
    for (file, module) in &module_of_file {
        let mut names = Names {
            module: module.clone(),
            paths: Vec::new(),
        };
        names.visit_file(&parse(file));
        let edges = graph.entry(file.clone()).or_default();
        for (from, segments, is_macro) in &names.paths {
            if let Some(target) = resolve(&krate, from, segments, *is_macro, 0)
                && &target != file
            {
                edges
                    .entry(target)
                    .or_default()
                    .insert(segments.last().cloned().unwrap_or_default());
            }
        }
    }
    graph
}

/// Tarjan's strongly connected components with more than one file.
fn circles(graph: &Graph) -> Vec<Vec<PathBuf>> {
    struct State<'g> {
        graph: &'g Graph,
        index: HashMap<&'g PathBuf, usize>,
        low: HashMap<&'g PathBuf, usize>,
        stack: Vec<&'g PathBuf>,
        on_stack: BTreeSet<&'g PathBuf>,
        next: usize,
        found: Vec<Vec<PathBuf>>,
    }
    fn connect<'g>(s: &mut State<'g>, v: &'g PathBuf) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(edges) = s.graph.get(v) {
            for w in edges.keys() {
                if !s.index.contains_key(w) {
                    connect(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            connect(&mut state, v);
        }
    }
    state.found
}

fn describe(graph: &Graph, circle: &[PathBuf]) -> String {
    let base = src();
    let short = |p: &Path| p.strip_prefix(&base).unwrap_or(p).display().to_string();
    let mut text = format!(
        "circle of {}:\n",
        circle
            .iter()
            .map(|p| short(p))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for from in circle {
        for (to, names) in &graph[from] {
            if circle.contains(to) {
                text += &format!(
                    "  {} -> {}: {}\n",
                    short(from),
                    short(to),
                    names.iter().cloned().collect::<Vec<_>>().join(", ")
                );
            }
        }
    }
    text
}

fn assert_no_circles(root: &Path) {
    let graph = graph_of(root);
    let found = circles(&graph);
    let report: String = found.iter().map(|c| describe(&graph, c)).collect();
    assert!(
        found.is_empty(),
        "modules that import each other:\n{report}"
    );
}

#[test]
fn the_library_has_no_import_circles() {
    assert_no_circles(&src().join("lib.rs"));
}

#[test]
fn the_binary_has_no_import_circles() {
    assert_no_circles(&src().join("main.rs"));
}

/// The check itself finds circles: a made-up crate whose two modules import each other.
#[test]
fn a_circle_is_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(
        dir.path().join("a.rs"),
        "use crate::b::B;\npub struct A(B);\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.rs"),
        "pub struct B;\nfn f(_: super::a::A) {}\n",
    )
    .unwrap();
    let graph = graph_of(&dir.path().join("lib.rs"));
    let found = circles(&graph);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].len(), 2);
    // and a child named by its parent, which uses the parent back, is one too
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.rs"), "mod m;\n").unwrap();
    std::fs::create_dir(dir.path().join("m")).unwrap();
    std::fs::write(
        dir.path().join("m/mod.rs"),
        "mod c;\npub use c::C;\npub struct P;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("m/c.rs"), "pub struct C(super::P);\n").unwrap();
    assert_eq!(circles(&graph_of(&dir.path().join("lib.rs"))).len(), 1);
    // but a child taking a sibling's item through its parent's re-export is not
    std::fs::write(
        dir.path().join("m/mod.rs"),
        "mod c;\nmod k;\npub use c::C;\npub use k::K;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("m/k.rs"), "pub struct K;\n").unwrap();
    std::fs::write(dir.path().join("m/c.rs"), "pub struct C(super::K);\n").unwrap();
    assert!(circles(&graph_of(&dir.path().join("lib.rs"))).is_empty());
}

/// The leaves of `docs/ARCHITECTURE.md` (“Layers”) import nothing of the crate outside
/// themselves: what every stage reports in (`diagnostics`), the writers over Typst's pages
/// (`export`) and the directory listing (`walk`).
#[test]
fn the_leaves_import_nothing_else() {
    let base = src();
    let graph = graph_of(&base.join("lib.rs"));
    let leaves = ["diagnostics", "export", "walk.rs"];
    let mut wrong = Vec::new();
    for (from, edges) in &graph {
        let from_short = from.strip_prefix(&base).unwrap();
        let Some(leaf) = leaves.iter().find(|l| from_short.starts_with(l)) else {
            continue;
        };
        for (to, names) in edges {
            if !to.strip_prefix(&base).unwrap().starts_with(leaf) {
                wrong.push(format!(
                    "{} -> {}: {names:?}",
                    from_short.display(),
                    to.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a leaf imports the crate:\n{}",
        wrong.join("\n")
    );
}
