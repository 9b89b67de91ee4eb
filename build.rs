//! Embeds the default gazetteers, rules and tagger models: lists the data files at build time so that
//! `include_str!` picks up every file, and rebuilds when one changes. Also compiles the
//! embedded gazetteers once, here, into a snapshot that the binary decodes at start-up
//! (`src/gazetteer/snapshot.rs`) instead of parsing and compiling them at every run.

use std::fmt::Write as _;
use std::path::PathBuf;

// The crate's one directory walker (dot-files such as an editor's lock file are left out).
#[allow(dead_code)]
#[path = "src/fs.rs"]
mod fs;

// The gazetteer's loader and compiler and what they use, compiled into this script as they are
// in the library, so the snapshot is what the library would compile at run time.
#[allow(dead_code, unused_imports)]
#[path = "src/date.rs"]
mod date;
#[allow(dead_code, unused_imports)]
#[path = "src/gazetteer/mod.rs"]
mod gazetteer;
#[allow(dead_code, unused_imports)]
#[path = "src/hash.rs"]
mod hash;
#[allow(dead_code, unused_imports)]
#[path = "src/model.rs"]
mod model;
#[allow(dead_code, unused_imports)]
#[path = "src/text/mod.rs"]
mod text;
/// Stands in for the library's `src/embedded.rs` (whose files are what this script writes).
#[allow(dead_code)]
mod embedded {
    pub static GAZETTEERS: &[(&str, &str)] = &[];
    pub static GAZETTEER_SNAPSHOT: &[u8] = &[];
}

/// The files `dir/**/*.{exts}`: (path relative to `dir/`, path).
fn files_of(dir: &str, exts: &[&str]) -> Vec<(String, PathBuf)> {
    // Read at run time of the build script: env!() would freeze the directory the script was
    // compiled in.
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let base = root.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    fs::walk(&base)
        .into_iter()
        .filter_map(|f| match f {
            fs::Found::File(p) if p.extension().is_some_and(|e| exts.iter().any(|x| e == *x)) => {
                Some(p)
            }
            _ => None,
        })
        .map(|f| {
            println!("cargo:rerun-if-changed={}", f.display());
            let rel = f
                .strip_prefix(&base)
                .unwrap_or(&f)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, f)
        })
        .collect()
}

/// Writes `OUT_DIR/{dir}.rs`: a slice expression of (path relative to `dir/`, contents) for
/// every `dir/**/*.ext`.
fn table(dir: &str, ext: &str) {
    table_of(dir, &[ext], "include_str", &format!("{dir}.rs"));
}

/// The same for files embedded as bytes (`include_bytes`), with several extensions.
fn table_of(dir: &str, exts: &[&str], include: &str, out_name: &str) {
    let mut code = String::new();
    let _ = writeln!(code, "&[");
    for (rel, _) in files_of(dir, exts) {
        let _ = writeln!(
            code,
            "    ({rel:?}, {include}!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{dir}/{rel}\"))),"
        );
    }
    let _ = writeln!(code, "]");
    write_out(out_name, code.as_bytes());
}

fn write_out(name: &str, bytes: &[u8]) {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join(name);
    if let Err(e) = std::fs::write(&out, bytes) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// Writes `OUT_DIR/gazetteer.snapshot`: the embedded gazetteers compiled. When they cannot
/// be compiled (a bad row), an empty file and a warning: the binary then compiles them at run
/// time, where the errors are reported with their file and line.
fn gazetteer_snapshot() {
    let mut files = Vec::new();
    for (rel, path) in files_of("gazetteers", &["tsv"]) {
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((rel, text)),
            Err(e) => panic!("cannot read {}: {e}", path.display()),
        }
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let bytes = gazetteer::snapshot::build(&files).unwrap_or_else(|e| {
        println!("cargo:warning=embedded gazetteers not precompiled (compiled at run time): {e}");
        Vec::new()
    });
    write_out("gazetteer.snapshot", &bytes);
}

fn main() {
    table("gazetteers", "tsv");
    table("rules", "rules");
    // Tagger models (their word clusters are inside them), as bytes.
    table_of("models", &["bin"], "include_bytes", "models.rs");
    gazetteer_snapshot();
}
