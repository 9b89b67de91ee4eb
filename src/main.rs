//! The `khabar` command: thin wrapper over `khabar::cli`.

fn main() {
    std::process::exit(khabar::cli::main());
}
