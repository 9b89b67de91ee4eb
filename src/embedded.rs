//! Data embedded in the binary by the build script (`build.rs`) that the gazetteer module
//! reads: its files and their compiled snapshot. (A module of its own so that the build
//! script, which compiles the gazetteer module by path to write the snapshot, can stand in
//! for it: `OUT_DIR` does not exist yet when the build script is compiled.)

/// The default gazetteer files: (path relative to `gazetteers/`, contents), sorted by path.
pub static GAZETTEERS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/gazetteers.rs"));

/// [`GAZETTEERS`] compiled ([`crate::gazetteer::snapshot`]); empty when the build script
/// could not compile them (the binary then compiles them at run time and reports why).
pub static GAZETTEER_SNAPSHOT: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.snapshot"));
