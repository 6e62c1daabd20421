//! The alias lexicon: finds mentions of entities (names, aliases, demonyms) in text with one
//! Aho-Corasick automaton, built once per run from the entries the rule files declare.
//!
//! Matching rules:
//!
//! - **Case.** An alias with a capital letter in it ("Russia", "the Kremlin", "DPRK") matches
//!   exactly as written, except that its first letter may be either case ("The Kremlin" at the
//!   start of a sentence). An all-lowercase alias ("artillery shells") matches in lower case,
//!   with a capital first letter, in title case and in capitals — the casings text uses.
//! - **Apostrophes.** Straight and curly apostrophes are the same, in aliases and in text.
//! - **Word boundaries.** A match never starts or ends inside a word (letters, digits and
//!   combining marks in any script, and apostrophes between them): "Russian" does not
//!   mention "Russia", "Koreans" does not mention "Korean". Hyphens separate words here, so
//!   "Russia-North Korea" mentions both.
//! - **Possessives.** "Russia's" and "Russia’s" mention "Russia"; the mention's span covers
//!   the "'s" and is flagged as possessive.
//! - **Overlap.** Leftmost-longest: "South Korea's" is one mention of "South Korea", never
//!   "Korea". When the longest candidate at a position fails the boundary check, the shorter
//!   aliases that match there are tried, longest first.
//!
//! Case variants and apostrophe variants are expanded into one automaton (an `aho-corasick`
//! leftmost-longest DFA, or a contiguous NFA for very large lexicons) when the lexicon is
//! built, so a match is already correct in case and only boundaries are checked. The search
//! walks the text once; at each position where a name could start (a word start, or a
//! character some alias starts with) a two-byte filter rejects most words at once, and
//! otherwise the automaton is walked anchored there until it dies, remembering the longest
//! match that ends on a boundary. Every walk is bounded by the longest alias, so the scan is
//! linear, and it allocates nothing but the output. This module holds no vocabulary: all of it
//! comes from the entries passed in.

use super::chars::{char_at, char_before, is_apostrophe, is_word_char, word_char_at};
use super::token::clamp_range;
use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, Input, MatchKind, StartKind, dfa, nfa};
use std::collections::HashMap;
use std::ops::Range;

/// One name the lexicon should find, and whom it names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LexiconEntry {
    /// The text as declared: "North Korea", "the Kremlin", "Russian".
    pub text: String,
    /// The caller's id for the named thing (e.g. `EntityId.0`).
    pub target: u32,
    /// Which kind of name it is.
    pub kind: MentionKind,
}

/// Which kind of name a mention used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionKind {
    /// The display name ("North Korea").
    Name,
    /// Another name ("Pyongyang", "the DPRK").
    Alias,
    /// An adjective ("North Korean").
    Demonym,
}

/// One mention found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mention {
    /// Byte range in the text, including a possessive "'s" or "’s".
    pub span: (u32, u32),
    /// The matched entry's target.
    pub target: u32,
    /// The matched entry's kind.
    pub kind: MentionKind,
    /// Whether a possessive "'s" follows the name (and is inside `span`).
    pub possessive: bool,
    /// Index of the matched entry in the list given to [`Lexicon::new`].
    pub entry: u32,
}

impl Mention {
    /// The byte range as `usize`s.
    pub fn range(&self) -> Range<usize> {
        self.span.0 as usize..self.span.1 as usize
    }
}

/// Total pattern bytes up to which the automaton is built as a DFA: the fastest walk, with
/// memory that grows with the patterns (a few megabytes at this size).
const DFA_LIMIT: usize = 64 * 1024;

/// Pattern count up to which the DFA also gets an unanchored start state, so that its
/// prefilter (which `aho-corasick` builds only for small pattern sets) can skip text.
const PREFILTER_PATTERNS: usize = 128;

/// A set of names compiled into one automaton. Build it once per run and share it: it is
/// `Send + Sync` and searching never mutates it.
#[derive(Clone, Debug)]
pub struct Lexicon {
    automaton: Option<Walker>,
    entries: Vec<LexiconEntry>,
    patterns: Vec<Pattern>,
    /// Bit set over the first two bytes of every pattern (a one-byte pattern sets every pair
    /// with its byte): positions whose pair is not in it cannot start a match.
    pairs: Box<[u64; 1024]>,
    /// Bit set over [`run_bit`] of every pattern's first run of ASCII letters and digits
    /// (empty when it starts otherwise): a match's text starts with the same run, so a position
    /// whose run's bit is not set cannot start one.
    runs: Box<[u64; 1024]>,
    /// Whether some pattern starts with a character that is not a word character, so that
    /// positions outside words are worth trying too.
    non_word_starts: bool,
}

/// The automaton, walked anchored from each position where a mention could start.
#[derive(Clone, Debug)]
enum Walker {
    /// A DFA; `skip` when it also has an unanchored start state and a prefilter, so that an
    /// unanchored search can jump to the next candidate.
    Dfa { dfa: dfa::DFA, skip: bool },
    /// A contiguous NFA, for lexicons too large for a DFA.
    Nfa(nfa::contiguous::NFA),
}

/// What the search needs to know about one automaton pattern.
#[derive(Clone, Copy, Debug)]
struct Pattern {
    /// Length in bytes.
    len: u32,
    /// The entry a match of this pattern reports, and its target and kind.
    entry: u32,
    target: u32,
    kind: MentionKind,
    /// Whether the last character is a word character (and so needs a boundary after it).
    word_end: bool,
}

impl Lexicon {
    /// Compiles the entries. Entries whose text is empty or only whitespace are kept (their
    /// index stays valid) but never match. When several entries share a text, a match reports
    /// the one written exactly as the text (case and apostrophes), then names before aliases
    /// before demonyms, then the first given.
    pub fn new(entries: Vec<LexiconEntry>) -> Lexicon {
        // Variant text -> pattern id, and for each pattern the best entry and its rank.
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut best: Vec<(u8, MentionKind, u32)> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            if entry.text.trim().is_empty() {
                continue;
            }
            let index = index as u32;
            for variant in variants(&entry.text) {
                let rank = (u8::from(variant != entry.text), entry.kind, index);
                match ids.get(&variant) {
                    Some(&id) => {
                        if let Some(b) = best.get_mut(id as usize)
                            && rank < *b
                        {
                            *b = rank;
                        }
                    }
                    None => {
                        ids.insert(variant.clone(), texts.len() as u32);
                        texts.push(variant);
                        best.push(rank);
                    }
                }
            }
        }

        let mut pairs = Box::new([0u64; 1024]);
        let mut runs = Box::new([0u64; 1024]);
        let mut non_word_starts = false;
        let mut patterns = Vec::with_capacity(texts.len());
        for (text, &(_, kind, entry)) in texts.iter().zip(&best) {
            non_word_starts |= !text.chars().next().is_some_and(is_word_char);
            let bytes = text.as_bytes();
            match bytes {
                [] => {}
                [first] => {
                    for second in 0..=255u8 {
                        set_pair(&mut pairs, *first, second);
                    }
                }
                [first, second, ..] => set_pair(&mut pairs, *first, *second),
            }
            set_bit(&mut runs, run_bit(bytes, run_len(bytes)));
            patterns.push(Pattern {
                len: text.len() as u32,
                entry,
                target: entries.get(entry as usize).map_or(0, |e| e.target),
                kind,
                word_end: text.chars().next_back().is_some_and(is_word_char),
            });
        }

        let total: usize = texts.iter().map(String::len).sum();
        let automaton = if texts.is_empty() {
            None
        } else if total <= DFA_LIMIT {
            // Few patterns may get a prefilter, which only unanchored searches use.
            let start_kind = if texts.len() <= PREFILTER_PATTERNS {
                StartKind::Both
            } else {
                StartKind::Anchored
            };
            dfa::DFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(start_kind)
                .build(&texts)
                .ok()
                .map(|dfa| Walker::Dfa {
                    skip: start_kind == StartKind::Both && dfa.prefilter().is_some(),
                    dfa,
                })
        } else {
            None
        };
        let automaton = automaton.or_else(|| {
            if texts.is_empty() {
                return None;
            }
            nfa::contiguous::NFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&texts)
                .ok()
                .map(Walker::Nfa)
        });
        Lexicon {
            automaton,
            entries,
            patterns,
            pairs,
            runs,
            non_word_starts,
        }
    }

    /// The entries, in the order given.
    pub fn entries(&self) -> &[LexiconEntry] {
        &self.entries
    }

    /// The entry behind a mention's `entry` index.
    pub fn entry(&self, index: u32) -> Option<&LexiconEntry> {
        self.entries.get(index as usize)
    }

    /// Number of patterns in the automaton (entries times their case and apostrophe variants).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// All mentions in `text[range]`: longest match, on word boundaries, non-overlapping, in
    /// order. Word boundaries look at the whole `text`, so a range that cuts a word finds no
    /// mention in the cut word.
    pub fn find(&self, text: &str, range: Range<usize>) -> Vec<Mention> {
        let mut out = Vec::new();
        self.find_into(text, range, &mut out);
        out
    }

    /// Same as [`Lexicon::find`], appending to `out`.
    pub fn find_into(&self, text: &str, range: Range<usize>, out: &mut Vec<Mention>) {
        let range = clamp_range(text, range);
        match &self.automaton {
            Some(Walker::Dfa { dfa, skip: true }) => self.skip_scan(dfa, text, range, out),
            Some(Walker::Dfa { dfa, skip: false }) => self.scan(dfa, text, range, out),
            Some(Walker::Nfa(a)) => self.scan(a, text, range, out),
            None => {}
        }
    }

    /// The scan for automata with a prefilter: an unanchored search finds the next position
    /// where some pattern matches, skipping text the prefilter rules out; the anchored walk
    /// there then picks the longest match that ends on a boundary.
    fn skip_scan<A: Automaton>(
        &self,
        automaton: &A,
        text: &str,
        range: Range<usize>,
        out: &mut Vec<Mention>,
    ) {
        let Ok(start_state) = automaton.start_state(Anchored::Yes) else {
            return;
        };
        let mut input = Input::new(text.as_bytes()).span(range.clone());
        let mut pos = range.start;
        while pos < range.end {
            input.set_start(pos);
            let m = match automaton.try_find(&input) {
                Ok(Some(m)) => m,
                Ok(None) => break,
                // Unreachable with the start kinds built here; the plain scan is always right.
                Err(_) => return self.scan(automaton, text, pos..range.end, out),
            };
            let start = m.start();
            let first_is_word = word_char_at(text, start);
            if !(first_is_word && starts_inside_word(text, start))
                && let Some((mention, _)) =
                    self.walk(automaton, start_state, text, start, range.end)
            {
                out.push(mention);
                pos = mention.span.1 as usize;
                continue;
            }
            pos = start + char_at(text, start).map_or(1, char::len_utf8);
        }
    }

    /// The scan: visits every position where a mention could start and walks the automaton
    /// there.
    // The hot loop: every `bytes[i]` has `i < end`, and `end` (a clamped range) is at most
    // `bytes.len()`; `BYTE_CLASS` has an entry for every byte.
    #[allow(clippy::indexing_slicing)]
    fn scan<A: Automaton>(
        &self,
        automaton: &A,
        text: &str,
        range: Range<usize>,
        out: &mut Vec<Mention>,
    ) {
        let Ok(start_state) = automaton.start_state(Anchored::Yes) else {
            return;
        };
        let bytes = text.as_bytes();
        let end = range.end;
        let mut i = range.start;
        // Whether the character before `i` makes a word character at `i` part of its word.
        let mut in_word = starts_inside_word(text, i);
        while i < end {
            let b = bytes[i];
            let class = BYTE_CLASS[usize::from(b)];
            if class == WORD {
                // A run of ASCII letters and digits: a mention can only start at its first
                // byte, when that starts a word, and only if some pattern starts with the run.
                let mut run_end = i + 1;
                while run_end < end && BYTE_CLASS[usize::from(bytes[run_end])] == WORD {
                    run_end += 1;
                }
                if !in_word {
                    let second = if i + 1 < end { bytes[i + 1] } else { 0 };
                    if has_pair(&self.pairs, b, second)
                        && has_bit(&self.runs, run_bit(&bytes[i..], run_end - i))
                        && let Some((mention, word_end)) =
                            self.walk(automaton, start_state, text, i, end)
                    {
                        out.push(mention);
                        i = mention.span.1 as usize;
                        in_word = word_end;
                        continue;
                    }
                }
                in_word = true;
                i = run_end;
                continue;
            }
            let (is_word, len) = match class {
                OTHER | APOSTROPHE => (false, 1),
                _ => match char_at(text, i) {
                    Some(c) => (is_word_char(c), c.len_utf8()),
                    None => (false, 1),
                },
            };
            if (is_word && !in_word) || (!is_word && self.non_word_starts) {
                // No run of ASCII letters and digits starts here: only patterns without one
                // can match.
                let second = if i + 1 < end { bytes[i + 1] } else { 0 };
                if has_pair(&self.pairs, b, second)
                    && has_bit(&self.runs, run_bit(&[], 0))
                    && let Some((mention, word_end)) =
                        self.walk(automaton, start_state, text, i, end)
                {
                    out.push(mention);
                    i = mention.span.1 as usize;
                    in_word = word_end;
                    continue;
                }
            }
            in_word = if is_word {
                true
            } else if class == OTHER {
                false
            } else {
                // An apostrophe between two word characters ("O'Brien") is inside a word.
                in_word
                    && (class == APOSTROPHE || char_at(text, i).is_some_and(is_apostrophe))
                    && word_char_at(text, i + len)
            };
            i += len;
        }
    }

    /// Walks the automaton anchored at `start` and returns the longest match that ends on a
    /// word boundary, and whether it ends with a word character.
    // `j < limit`, and `limit` (the scanned range's end) is at most `bytes.len()`.
    #[allow(clippy::indexing_slicing)]
    #[inline]
    fn walk<A: Automaton>(
        &self,
        automaton: &A,
        start_state: aho_corasick::automaton::StateID,
        text: &str,
        start: usize,
        limit: usize,
    ) -> Option<(Mention, bool)> {
        let bytes = text.as_bytes();
        let mut state = start_state;
        let mut best: Option<(Mention, bool)> = None;
        let mut j = start;
        while j < limit {
            state = automaton.next_state(Anchored::Yes, state, bytes[j]);
            j += 1;
            if !automaton.is_special(state) {
                continue;
            }
            if automaton.is_dead(state) {
                break;
            }
            if !automaton.is_match(state) {
                continue;
            }
            let len = j - start;
            let Some(pattern) = (0..automaton.match_len(state))
                .map(|k| automaton.match_pattern(state, k).as_usize())
                .find_map(|id| self.patterns.get(id).filter(|p| p.len as usize == len))
            else {
                continue;
            };
            let (stop, possessive) = if pattern.word_end {
                match end_boundary(text, j, limit) {
                    End::Inside => continue,
                    End::Plain => (j, false),
                    End::Possessive(stop) => (stop, true),
                }
            } else {
                (j, false)
            };
            best = Some((
                Mention {
                    span: (start as u32, stop as u32),
                    target: pattern.target,
                    kind: pattern.kind,
                    possessive,
                    entry: pattern.entry,
                },
                pattern.word_end,
            ));
        }
        best
    }
}

/// Byte classes for the scan: ASCII word characters, the ASCII apostrophe, other ASCII, and
/// bytes of multi-byte characters (decoded on the slow path).
const WORD: u8 = 0;
const OTHER: u8 = 1;
const APOSTROPHE: u8 = 2;
const MULTI: u8 = 3;
// Evaluated at compile time: an index out of range would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            WORD
        } else if c == b'\'' {
            APOSTROPHE
        } else if c >= 0x80 {
            MULTI
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

#[inline]
fn set_pair(pairs: &mut [u64; 1024], first: u8, second: u8) {
    set_bit(pairs, (usize::from(first) << 8) | usize::from(second));
}

#[inline]
fn has_pair(pairs: &[u64; 1024], first: u8, second: u8) -> bool {
    has_bit(pairs, (usize::from(first) << 8) | usize::from(second))
}

// Bits are below 65536 (two bytes, or sixteen bits of a hash), so `bit >> 6 < 1024`: always
// inside the set.
#[allow(clippy::indexing_slicing)]
#[inline]
fn set_bit(set: &mut [u64; 1024], bit: usize) {
    set[(bit >> 6) & 1023] |= 1 << (bit & 63);
}

#[allow(clippy::indexing_slicing)]
#[inline]
fn has_bit(set: &[u64; 1024], bit: usize) -> bool {
    set[(bit >> 6) & 1023] & (1 << (bit & 63)) != 0
}

/// Length of the run of ASCII letters and digits that `bytes` starts with (0 when it starts
/// with anything else). A match of a pattern starts with exactly the pattern's own run: the
/// byte after it is the pattern's next byte, or, when the run is the whole pattern, a byte that
/// is not a letter or digit (the boundary check) or the end of the scanned range.
fn run_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len())
}

/// A sixteen-bit hash of the run of `len` bytes that `bytes` starts with: its length and its
/// first eight bytes.
#[inline]
fn run_bit(bytes: &[u8], len: usize) -> usize {
    let packed = match bytes.first_chunk::<8>() {
        Some(head) => u64::from_le_bytes(*head),
        None => {
            let mut head = [0u8; 8];
            for (d, s) in head.iter_mut().zip(bytes) {
                *d = *s;
            }
            u64::from_le_bytes(head)
        }
    };
    let keep = if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    };
    let h = ((packed & keep) ^ (len as u64).rotate_right(8)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 48) as usize
}

/// Whether byte `start` (a word character) continues a word: a word character before it, or
/// an apostrophe between word characters ("O'Brien").
#[inline]
fn starts_inside_word(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    match start.checked_sub(1).and_then(|i| bytes.get(i)) {
        None => false,
        Some(&b) if b.is_ascii_alphanumeric() => true,
        Some(&b) if b < 0x80 && b != b'\'' => false,
        Some(_) => match char_before(text, start) {
            Some(c) if is_apostrophe(c) => {
                let before = start - c.len_utf8();
                before > 0 && char_before(text, before).is_some_and(is_word_char)
            }
            Some(c) => is_word_char(c),
            None => false,
        },
    }
}

/// How a match that ends with a word character ends.
enum End {
    /// Inside a word: not a mention.
    Inside,
    /// On a boundary.
    Plain,
    /// On a boundary after a possessive "'s", which ends at this byte.
    Possessive(usize),
}

#[inline]
fn end_boundary(text: &str, end: usize, limit: usize) -> End {
    let bytes = text.as_bytes();
    match bytes.get(end) {
        None => return End::Plain,
        Some(&b) if b.is_ascii_alphanumeric() => return End::Inside,
        Some(&b) if b < 0x80 && b != b'\'' => return End::Plain,
        Some(_) => {}
    }
    let Some(c) = char_at(text, end) else {
        return End::Plain;
    };
    if !is_apostrophe(c) {
        return if is_word_char(c) {
            End::Inside
        } else {
            End::Plain
        };
    }
    let after = end + c.len_utf8();
    if !word_char_at(text, after) {
        return End::Plain;
    }
    let is_s = matches!(bytes.get(after), Some(b's' | b'S'));
    if is_s && !word_char_at(text, after + 1) && after < limit {
        End::Possessive(after + 1)
    } else {
        End::Inside
    }
}

/// The texts an entry is matched as: its case variants, each with straight and curly
/// apostrophes.
fn variants(text: &str) -> Vec<String> {
    let mut cased = vec![text.to_string()];
    if text.chars().any(char::is_uppercase) {
        cased.push(flip_first(text));
    } else {
        cased.push(flip_first(text));
        cased.push(title_case(text));
        cased.push(text.to_uppercase());
    }
    let mut out = Vec::with_capacity(cased.len() * 2);
    for v in cased {
        if v.contains(is_apostrophe) {
            out.push(v.replace('\u{2019}', "'"));
            out.push(v.replace('\'', "\u{2019}"));
        } else {
            out.push(v);
        }
    }
    let mut seen = Vec::with_capacity(out.len());
    for v in out {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    seen
}

/// The text with its first character's case flipped, when that is one character either way.
fn flip_first(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let flipped = if first.is_uppercase() {
        single(first.to_lowercase())
    } else {
        single(first.to_uppercase())
    };
    let mut out = String::with_capacity(text.len());
    out.push(flipped.unwrap_or(first));
    out.push_str(chars.as_str());
    out
}

/// Every word's first letter in capitals.
fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = true;
    for c in text.chars() {
        if at_start && c.is_lowercase() {
            out.push(single(c.to_uppercase()).unwrap_or(c));
        } else {
            out.push(c);
        }
        at_start = !is_word_char(c) && !is_apostrophe(c);
    }
    out
}

fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strategy(lex: &Lexicon) -> &'static str {
        match &lex.automaton {
            Some(Walker::Dfa { skip: true, .. }) => "skip",
            Some(Walker::Dfa { skip: false, .. }) => "scan",
            Some(Walker::Nfa(_)) => "nfa",
            None => "none",
        }
    }

    fn entries(texts: &[&str], padding: usize, padding_len: usize) -> Vec<LexiconEntry> {
        let mut out: Vec<LexiconEntry> = texts
            .iter()
            .map(|t| LexiconEntry {
                text: t.to_string(),
                target: 0,
                kind: MentionKind::Name,
            })
            .collect();
        for i in 0..padding {
            out.push(LexiconEntry {
                text: format!("Zq{i} {}", "y".repeat(padding_len)),
                target: 1,
                kind: MentionKind::Alias,
            });
        }
        out
    }

    #[test]
    fn strategies_follow_the_lexicon_size() {
        // The tests in tests/extract.rs pad their lexicon the same way to reach each strategy.
        let small = [
            "Korea",
            "North Korea",
            "the Kremlin",
            "US",
            "us",
            "artillery shells",
        ];
        assert_eq!(strategy(&Lexicon::new(entries(&small, 0, 0))), "skip");
        assert_eq!(strategy(&Lexicon::new(entries(&small, 200, 4))), "scan");
        assert_eq!(strategy(&Lexicon::new(entries(&small, 2000, 40))), "nfa");
        assert_eq!(strategy(&Lexicon::new(Vec::new())), "none");
    }

    #[test]
    fn variants_cover_case_rules() {
        assert_eq!(variants("the Kremlin"), vec!["the Kremlin", "The Kremlin"]);
        assert_eq!(
            variants("artillery shells"),
            vec![
                "artillery shells",
                "Artillery shells",
                "Artillery Shells",
                "ARTILLERY SHELLS"
            ]
        );
        assert_eq!(
            variants("Côte d’Ivoire"),
            vec![
                "Côte d'Ivoire",
                "Côte d’Ivoire",
                "côte d'Ivoire",
                "côte d’Ivoire"
            ]
        );
    }
}
