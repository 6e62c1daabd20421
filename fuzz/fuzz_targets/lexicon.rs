//! The alias lexicon: the input's first lines (up to a blank line) are aliases, the rest is the
//! text searched. Mentions must lie inside the searched range, on character boundaries, in
//! order and without overlap; nothing panics.

#![no_main]

use claimcheck::extract::{Lexicon, LexiconEntry, MentionKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (names, text) = input.split_once("\n\n").unwrap_or((input, input));
    let kinds = [MentionKind::Name, MentionKind::Alias, MentionKind::Demonym];
    let entries: Vec<LexiconEntry> = names
        .lines()
        .take(64)
        .enumerate()
        .map(|(i, line)| LexiconEntry {
            text: line.to_string(),
            target: (i / 2) as u32,
            kind: kinds[i % 3],
        })
        .collect();
    let lexicon = Lexicon::new(entries);
    // Search the whole text, and a range that starts and ends mid-text (on any byte).
    let cut = text.len() / 3;
    for range in [0..text.len(), cut..text.len() - cut / 2] {
        let mentions = lexicon.find(text, range.clone());
        let mut last = range.start;
        for m in &mentions {
            let r = m.range();
            assert!(
                r.start >= last && r.start < r.end && r.end <= range.end,
                "{r:?} in {range:?}"
            );
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            assert!(
                lexicon.entry(m.entry).is_some(),
                "mention of an unknown entry"
            );
            last = r.end;
        }
    }
});
