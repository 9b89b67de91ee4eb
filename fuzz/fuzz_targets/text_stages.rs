//! Normalizer and tokenizer on any string: token and sentence spans cut the original.
#![no_main]

#[path = "../../tests/common/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(props::capped(data));
    props::text_stages(&text);
});
