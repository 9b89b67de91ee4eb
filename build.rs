//! Embeds the default gazetteers, rules and tagger models: lists the data files at build time so that
//! `include_str!` picks up every file, and rebuilds when one changes.

use std::fmt::Write as _;
use std::path::PathBuf;

// The crate's one directory walker (dot-files such as an editor's lock file are left out).
#[allow(dead_code)]
#[path = "src/fs.rs"]
mod fs;

/// Writes `OUT_DIR/{dir}.rs`: a slice expression of (path relative to `dir/`, contents) for
/// every `dir/**/*.ext`.
fn table(dir: &str, ext: &str) {
    table_of(dir, &[ext], "include_str", &format!("{dir}.rs"));
}

/// The same for files embedded as bytes (`include_bytes`), with several extensions.
fn table_of(dir: &str, exts: &[&str], include: &str, out_name: &str) {
    let mut code = String::new();
    // Read at run time of the build script: env!() would freeze the directory the script was
    // compiled in.
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let base = root.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let files: Vec<PathBuf> = fs::walk(&base)
        .into_iter()
        .filter_map(|f| match f {
            fs::Found::File(p) if p.extension().is_some_and(|e| exts.iter().any(|x| e == *x)) => {
                Some(p)
            }
            _ => None,
        })
        .collect();
    let _ = writeln!(code, "&[");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&base)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, {include}!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{dir}/{rel}\"))),"
        );
    }
    let _ = writeln!(code, "]");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join(out_name);
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

fn main() {
    table("gazetteers", "tsv");
    table("rules", "rules");
    // Tagger models (their word clusters are inside them), as bytes.
    table_of("models", &["bin"], "include_bytes", "models.rs");
}
