//! The document layers of extraction: raw bytes through the byte checks, front matter and
//! byline (as Markdown and as plain text), then sentences, paragraphs and tokens. Every span
//! must be a byte range of the text on character boundaries, in order; nothing panics.

#![no_main]

use claimcheck::extract::document::{DocumentFormat, parse_document_as};
use claimcheck::extract::{check_bytes, split};
use claimcheck::source::FileId;
use libfuzzer_sys::fuzz_target;

fn assert_span(text: &str, span: (u32, u32), what: &str) {
    let (start, end) = (span.0 as usize, span.1 as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what} span {start}..{end} outside the text"
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} span {start}..{end} splits a character"
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = check_bytes(data, 1 << 20) else {
        return;
    };
    for format in [DocumentFormat::Markdown, DocumentFormat::Text] {
        let (doc, _diags) = parse_document_as(FileId(0), text, format);
        assert!(doc.body.start <= doc.body.end && doc.body.end <= text.len());
        assert!(text.is_char_boundary(doc.body.start) && text.is_char_boundary(doc.body.end));
        let units = split(text, doc.body.clone());
        let mut last = 0;
        for t in &units.tokens {
            assert_span(text, t.span, "token");
            assert!(t.span.0 as usize >= last, "tokens out of order");
            last = t.span.1 as usize;
        }
        for s in &units.sentences {
            assert_span(text, s.span, "sentence");
            let _ = units.sentence_tokens(s);
        }
        for p in &units.paragraphs {
            assert_span(text, p.span, "paragraph");
            let _ = units.paragraph_sentences(p);
        }
    }
});
