//! Extraction: from raw documents to attributed statements, driven entirely by the rule
//! files. This module holds the layers the patterns and frames stand on:
//!
//! - [`document`]: checks raw bytes (UTF-8, binary, size), reads front matter and bylines,
//!   and finds the body;
//! - [`token`] and [`sentence`]: tokens, sentences and paragraphs of the body, every one a
//!   byte range into the file's text;
//! - [`lexicon`]: entity mentions from the declared names, aliases and demonyms;
//! - [`chars`]: the character classes they share.
//!
//! Nothing here knows a domain word: the only built-in word lists are English orthography
//! (abbreviations, sentence-starting function words, the "By" of a byline). All vocabulary
//! comes from data passed in. Nothing here does I/O.

pub mod chars;
pub mod document;
pub mod lexicon;
pub mod sentence;
pub mod token;

// Patterns, frames and the statements they produce (see `run`).
mod anaphora;
mod dates;
pub mod english;
mod frames;
pub(crate) mod matcher;
mod numbers;
pub(crate) mod pattern;
pub mod run;

pub use document::{
    BytesError, DEFAULT_MAX_LEN, Document, DocumentError, DocumentFormat, check_bytes,
    parse_document, parse_document_as,
};
pub use lexicon::{Lexicon, LexiconEntry, Mention, MentionKind};
pub use run::{extract_all, extract_document, extract_text};
pub use sentence::{Paragraph, Sentence, TextUnits, split, split_into};
pub use token::{Token, TokenKind};
