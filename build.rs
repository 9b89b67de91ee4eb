//! Embeds the default gazetteers and rules: lists the data files at build time so that
//! `include_str!` picks up every file, and rebuilds when one changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn table(name: &str, dir: &str, ext: &str, code: &mut String) {
    // Read at run time of the build script: env!() would freeze the directory the script was
    // compiled in.
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let base = root.join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut files = Vec::new();
    collect(&base, ext, &mut files);
    files.sort();
    let _ = writeln!(
        code,
        "/// Embedded `{dir}/**/*.{ext}` files: (path relative to `{dir}/`, contents)."
    );
    let _ = writeln!(code, "pub static {name}: &[(&str, &str)] = &[");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&base)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{dir}/{rel}\"))),"
        );
    }
    let _ = writeln!(code, "];");
}

/// Embeds `models/*.bin` and `models/*.tsv` (tagger models and their word clusters) as bytes.
fn models(code: &mut String) {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let base = root.join("models");
    println!("cargo:rerun-if-changed=models");
    let mut files = Vec::new();
    collect(&base, "bin", &mut files);
    collect(&base, "tsv", &mut files);
    files.sort();
    let _ = writeln!(
        code,
        "/// Embedded `models/*.bin` and `models/*.tsv` files: (file name, bytes)."
    );
    let _ = writeln!(code, "pub static MODELS: &[(&str, &[u8])] = &[");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&base)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/models/{rel}\"))),"
        );
    }
    let _ = writeln!(code, "];");
}

fn main() {
    let mut code = String::new();
    table("GAZETTEERS", "gazetteers", "tsv", &mut code);
    table("RULES", "rules", "rules", &mut code);
    models(&mut code);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
