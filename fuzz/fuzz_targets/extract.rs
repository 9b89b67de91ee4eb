//! `extract` end to end on arbitrary bytes, as JSONL and as text, with the embedded
//! gazetteers and rules: every record an extraction or a reject, spans cut the text, the JSON
//! round-trips.
#![no_main]

#[path = "../../tests/common/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    props::extract_bytes(props::default_pipeline(), data);
});
