//! Extraction of one document, or many in parallel: document → sentences → the units whose
//! anchor each sentence contains → matches → attributed [`Statement`]s.
//!
//! For each pattern match the statement gets:
//!
//! - **speaker, reporter**: from the innermost frame whose claim contains the match (its
//!   enclosing frame's speaker reports it); the author, with no reporter, outside any frame;
//! - **stance**: the frame's (asserts without a frame), flipped when the head says `not` or an
//!   odd number of negation cues stand in the clause (from the claim's start, or the sentence's,
//!   to the end of the match); a flipped denial is an assertion;
//! - **modality**: the strongest of the pattern head's, the frame head's and the cues' in the
//!   clause, in the order fact < expected < intended < hedged < warned < feared < dismissed <
//!   declined (the one furthest from a plain fact wins). Words the pattern itself spells out
//!   are never cues: the head already says what they mean;
//! - **proposition**: the head's arguments from slots (one statement per item of a list slot),
//!   entities, literals and `@date`; `_` and unmatched optional slots are unknown, and a
//!   propositional anaphor in the match ("any such agreement") fills them from the nearest
//!   earlier statement of the same predicate;
//! - **time**: the first date slot, else the date nearest the match in its sentence; `@date`
//!   falls back to the document date;
//! - **source**: the match, a propositional anaphor in it, and the words of its frames
//!   ("Putin denied that … was made"), in bytes of the file; **reported**: the document date;
//!   **found_by**: the pattern, the innermost frame and every anaphor resolved on the way (an
//!   entity anaphor never stands for an entity the same match names outright).
//!
//! A document is split and matched a run of whole paragraphs at a time, so memory stays small
//! whatever its size; anaphors still look back into the run before.
//!
//! A frame without a claim ("declined to comment") repeats the nearest earlier statement with
//! its own speaker and modality. Statements come out in document order, without duplicates
//! (same span, proposition and speaker: of two patterns that state the same thing at the same
//! place, the one that spells out more words wins).

use super::anaphora::{self, Antecedents};
use super::dates::find_dates_into;
use super::document::{Document, DocumentFormat, parse_document_as};
use super::frames::{self, FrameHit};
use super::lexicon::Mention;
use super::matcher::{
    Cap, CapKind, Found, MTok, Machine, Scratch, SlotValue, View, ViewInput, build_view,
};
use super::pattern::{Matcher, NO_WORD, PhraseOwner, WordHasher};
use super::sentence::{TextUnits, split_into};
use super::token::TokenKind;
use crate::diagnostic::Diagnostic;
use crate::resolve::hir::{
    Anaphor, DocumentInfo, FoundBy, Method, Modality, Program, Proposition, Speaker, Stance,
    Statement, Type,
};
use crate::resolve::patterns::{
    AnaphorTarget, ArgSource, CueEffect, ExtractionRules, PatternInfo, SpeakerSource,
};
use crate::source::{FileId, SourceMap, Span};
use crate::value::{Date, EntityId, Interval, Value};
use rayon::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasherDefault;

/// Most statements one match may produce (list slots multiply).
const MAX_PRODUCT: usize = 64;

/// Extracts the statements of one document. The document must be in `sources`; its path
/// decides whether it may have front matter (`.md`). Problems with the document (empty, bad
/// front matter) come back as diagnostics; an empty document has no statements.
pub fn extract_document(
    program: &Program,
    rules: &ExtractionRules,
    sources: &SourceMap,
    file: FileId,
) -> (DocumentInfo, Vec<Statement>, Vec<Diagnostic>) {
    extract_document_with(program, rules, sources, file, &mut Work::default())
}

fn extract_document_with(
    program: &Program,
    rules: &ExtractionRules,
    sources: &SourceMap,
    file: FileId,
    work: &mut Work,
) -> (DocumentInfo, Vec<Statement>, Vec<Diagnostic>) {
    let source = sources.file(file);
    let format = DocumentFormat::of_path(&source.path);
    let (doc, diagnostics) = parse_document_as(file, &source.text, format);
    let info = DocumentInfo {
        file,
        name: None,
        title: doc.title.clone(),
        author: doc.author.clone(),
        outlet: doc.outlet.clone(),
        date: doc.date,
        url: doc.url.clone(),
    };
    let statements = extract_text_with(program, rules, &source.text, &doc, work);
    (info, statements, diagnostics)
}

/// [`extract_document`] for many documents, in parallel; results are in the order of `files`.
pub fn extract_all(
    program: &Program,
    rules: &ExtractionRules,
    sources: &SourceMap,
    files: &[FileId],
) -> Vec<(DocumentInfo, Vec<Statement>, Vec<Diagnostic>)> {
    files
        .par_iter()
        .map_init(Work::default, |work, f| {
            extract_document_with(program, rules, sources, *f, work)
        })
        .collect()
}

/// The buffers of extraction, kept from one sentence and one document to the next so that
/// extracting allocates little more than its results.
#[derive(Default)]
struct Work {
    scratch: Scratch,
    view: View,
    units: TextUnits,
    mentions: Vec<Mention>,
    /// `stamp[u] == sentence_no` when unit `u` is already a candidate of the sentence.
    stamp: Vec<u32>,
    sentence_no: u32,
    candidates: Vec<u32>,
    /// The word id of each token of the sentence.
    words: Vec<u32>,
    sentence: SentenceWork,
    /// The statements of the document so far (the list itself is handed over at the end; the
    /// rest is reused).
    extracted: Extracted,
}

/// The buffers of matching one sentence.
#[derive(Default)]
struct SentenceWork {
    hits: Vec<PatternHit>,
    frame_hits: Vec<FrameHit>,
    /// The dates of the sentence, once a statement needed them.
    dates: Vec<(usize, usize, Interval)>,
    dates_found: bool,
    /// The buffers of building the statements of one match.
    build: BuildWork,
    /// For each unit anchored by words, the last token of the sentence that spells one of its
    /// anchor words ([`NO_TOKEN`] when none does); only the candidates' entries are current.
    last_anchor: Vec<u32>,
}

/// No token.
const NO_TOKEN: u32 = u32::MAX;

/// The buffers of building the statements of one match, reused from one match to the next.
#[derive(Default)]
struct BuildWork {
    /// The match's frame and its enclosing frames, innermost first.
    chain: Vec<usize>,
    /// The entities the match names outright.
    bound: Vec<EntityId>,
    /// The anaphors resolved on the way.
    anaphora: Vec<Anaphor>,
    /// The choices of every argument, one argument after another ...
    values: Vec<Value>,
    /// ... argument `i` having `values[choices[i].0..choices[i].1]`.
    choices: Vec<(usize, usize)>,
    /// The entities a slot gives, before their types are checked.
    entities: Vec<EntityId>,
    /// The choice taken for each argument while listing the combinations.
    at: Vec<usize>,
    /// The statements of the match.
    statements: Vec<Statement>,
}

/// Bytes of text split and matched at a time: a document is taken a run of whole paragraphs
/// at a time (cut at blank lines), so that its tokens never all sit in memory at once.
const CHUNK: usize = 64 * 1024;

/// The body cut into runs of whole paragraphs, each ending after a blank line (or at the end),
/// about [`CHUNK`] bytes long. A blank line always ends a paragraph, so splitting each run on its
/// own gives the sentences and paragraphs of the whole.
fn chunks(
    text: &str,
    body: std::ops::Range<usize>,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let end = body.end.min(bytes.len());
    let mut start = body.start.min(end);
    std::iter::from_fn(move || {
        if start >= end {
            return None;
        }
        let mut cut = end;
        let mut i = start.saturating_add(CHUNK);
        while i < end {
            let Some(nl) = bytes
                .get(i..end)
                .and_then(|b| b.iter().position(|&c| c == b'\n'))
            else {
                break;
            };
            let mut k = i + nl + 1;
            while bytes
                .get(k)
                .is_some_and(|&c| c == b' ' || c == b'\t' || c == b'\r')
            {
                k += 1;
            }
            if bytes.get(k) == Some(&b'\n') && k < end {
                cut = k + 1;
                break;
            }
            i = k;
        }
        let range = start..cut;
        start = cut;
        Some(range)
    })
}

/// The statements of a document body whose metadata is already read.
pub fn extract_text(
    program: &Program,
    rules: &ExtractionRules,
    text: &str,
    doc: &Document,
) -> Vec<Statement> {
    extract_text_with(program, rules, text, doc, &mut Work::default())
}

fn extract_text_with(
    program: &Program,
    rules: &ExtractionRules,
    text: &str,
    doc: &Document,
    work: &mut Work,
) -> Vec<Statement> {
    let m = &rules.matcher;
    if m.units.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx {
        program,
        rules,
        text,
        file: doc.file,
        doc_date: doc.date,
    };
    let Work {
        scratch,
        view,
        units,
        mentions,
        stamp,
        sentence_no,
        candidates,
        words,
        sentence: sentence_work,
        extracted: out,
    } = work;
    out.clear();
    mentions.clear();
    if stamp.len() != m.units.len() {
        stamp.clear();
        stamp.resize(m.units.len(), u32::MAX);
    }
    // Start of the last paragraph of the previous run: anaphors may look back to it.
    let mut carried: Option<u32> = None;
    for chunk in chunks(text, doc.body.clone()) {
        split_into(text, chunk.clone(), units);
        let keep_from = carried.unwrap_or(chunk.start as u32);
        mentions.retain(|x| x.span.0 >= keep_from);
        let mut mention_at = mentions.len();
        m.entities.find_into(text, chunk.clone(), mentions);
        let antecedents = Antecedents {
            mentions,
            types: &m.entity_types,
            program,
        };
        for (p_index, paragraph) in units.paragraphs.iter().enumerate() {
            let window_start = match p_index.checked_sub(1) {
                Some(p) => units
                    .paragraphs
                    .get(p)
                    .map_or(paragraph.span.0, |x| x.span.0),
                None => carried.unwrap_or(paragraph.span.0),
            };
            for si in paragraph.sentences.clone() {
                let Some(sentence) = units.sentences.get(si as usize) else {
                    continue;
                };
                *sentence_no = sentence_no.wrapping_add(1);
                if *sentence_no == u32::MAX {
                    stamp.fill(0);
                    *sentence_no = 1;
                }
                let sentence_no = *sentence_no;
                let tokens = units.sentence_tokens(sentence);
                while antecedents
                    .mentions
                    .get(mention_at)
                    .is_some_and(|x| x.span.0 < sentence.span.0)
                {
                    mention_at += 1;
                }
                let mut mention_end = mention_at;
                while antecedents
                    .mentions
                    .get(mention_end)
                    .is_some_and(|x| x.span.1 <= sentence.span.1)
                {
                    mention_end += 1;
                }
                let sent_mentions = antecedents
                    .mentions
                    .get(mention_at..mention_end)
                    .unwrap_or(&[]);

                candidates.clear();
                let mut add = |list: &[u32], candidates: &mut Vec<u32>| {
                    for &u in list {
                        if let Some(s) = stamp.get_mut(u as usize)
                            && *s != sentence_no
                        {
                            *s = sentence_no;
                            candidates.push(u);
                        }
                    }
                };
                // Every token is looked up once: the ids serve the anchors and the view.
                words.clear();
                words.extend(
                    tokens
                        .iter()
                        .map(|t| m.words.lookup_span(text, t.start(), t.end())),
                );
                for (t, &w) in tokens.iter().zip(words.iter()) {
                    if w == NO_WORD
                        || (!m.anchor_symbols
                            && !matches!(t.kind, TokenKind::Word | TokenKind::Number))
                    {
                        continue;
                    }
                    if let Some(list) = m.anchor_units.get(w as usize)
                        && !list.is_empty()
                        && (m.anchor_non_ascii || t.text(text).is_ascii())
                    {
                        add(list, candidates);
                    }
                }
                for x in sent_mentions {
                    if let Some(list) = m
                        .entity_types
                        .get(x.target as usize)
                        .and_then(|t| m.type_anchors.get(t.0 as usize))
                    {
                        add(list, candidates);
                    }
                }
                add(&m.unanchored, candidates);
                // Frames alone state nothing: a sentence needs a pattern (or a frame without
                // a claim, which repeats an earlier statement).
                let wanted = candidates.iter().any(|&u| {
                    m.units.get(u as usize).is_some_and(|x| {
                        !x.frame
                            || rules
                                .frames
                                .get(x.index)
                                .is_some_and(|f| f.stance.is_none())
                    })
                });
                if !wanted {
                    continue;
                }
                candidates.sort_unstable();
                let input = ViewInput {
                    text,
                    file: doc.file,
                    matcher: m,
                    program,
                    anaphors: &rules.anaphors,
                    antecedents: &antecedents,
                    window_start,
                };
                build_view(&input, sentence.span, tokens, words, sent_mentions, view);
                ctx.sentence(view, candidates, window_start, scratch, sentence_work, out);
            }
        }
        carried = units.paragraphs.last().map(|p| p.span.0).or(carried);
    }
    out.finish()
}

/// The document-wide inputs of statement building.
struct Ctx<'a> {
    program: &'a Program,
    rules: &'a ExtractionRules,
    text: &'a str,
    file: FileId,
    doc_date: Option<Date>,
}

/// Statements so far, with what keeps them unique.
#[derive(Default)]
struct Extracted {
    statements: Vec<Statement>,
    /// How many words each statement's pattern spelled out (its specificity).
    specificity: Vec<u32>,
    /// (span, speaker) → index in `statements` of the last statement with them.
    seen: HashMap<(Span, Speaker), usize, BuildHasherDefault<WordHasher>>,
    /// For each statement, the one before it with the same span and speaker ([`NONE`]).
    same_before: Vec<usize>,
}

/// No statement.
const NONE: usize = usize::MAX;

impl Extracted {
    /// Empties it for the next document (keeping the buffers).
    fn clear(&mut self) {
        self.statements.clear();
        self.specificity.clear();
        self.seen.clear();
        self.same_before.clear();
    }

    /// Adds a statement; when one with the same span, proposition and speaker exists, the one
    /// whose pattern spelled more words stays (the more specific pattern knows better).
    fn push(&mut self, s: Statement, specificity: u32) {
        let entry = self.seen.entry((s.source, s.speaker));
        let last = match &entry {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(_) => NONE,
        };
        let mut at = last;
        let found = loop {
            let Some(other) = self.statements.get(at) else {
                break None;
            };
            if other.prop == s.prop {
                break Some(at);
            }
            at = self.same_before.get(at).copied().unwrap_or(NONE);
        };
        match found {
            Some(i) => {
                if self
                    .specificity
                    .get(i)
                    .is_some_and(|old| specificity > *old)
                    && let Some(slot) = self.statements.get_mut(i)
                {
                    *slot = s;
                    if let Some(sp) = self.specificity.get_mut(i) {
                        *sp = specificity;
                    }
                }
            }
            None => {
                let at = self.statements.len();
                match entry {
                    Entry::Occupied(mut e) => {
                        e.insert(at);
                    }
                    Entry::Vacant(e) => {
                        e.insert(at);
                    }
                }
                self.same_before.push(last);
                self.statements.push(s);
                self.specificity.push(specificity);
            }
        }
    }

    /// The statements, in document order (the rest is kept for the next document).
    fn finish(&mut self) -> Vec<Statement> {
        // Stable: statements of one span keep the order they were found in.
        self.statements
            .sort_by_key(|s| (s.source.start, s.source.end));
        std::mem::take(&mut self.statements)
    }
}

/// A pattern match in a sentence.
struct PatternHit {
    unit: usize,
    found: Found,
}

/// How far a modality is from a plain fact; the larger wins when several apply.
fn rank(m: Modality) -> u8 {
    match m {
        Modality::Fact => 0,
        Modality::Expected => 1,
        Modality::Intended => 2,
        Modality::Hedged => 3,
        Modality::Warned => 4,
        Modality::Feared => 5,
        Modality::Dismissed => 6,
        Modality::Declined => 7,
    }
}

fn stronger(a: Modality, b: Modality) -> Modality {
    if rank(b) > rank(a) { b } else { a }
}

/// A stance with the proposition's polarity flipped.
fn flip(s: Stance) -> Stance {
    match s {
        Stance::Asserts => Stance::Negates,
        Stance::Negates | Stance::Denies => Stance::Asserts,
    }
}

/// A date or interval as a value of the given parameter type (unknown when it does not fit).
fn date_value(i: Interval, ty: Type) -> Value {
    let point = match (i.from, i.until) {
        (Some(a), Some(b)) if a == b => Some(a),
        _ => None,
    };
    match (ty, point) {
        (Type::Interval, _) => Value::Interval(i),
        (Type::Date, Some(d)) => Value::Date(d),
        (Type::Month, Some(d)) => Value::Date(d.to_month()),
        (Type::Year, Some(d)) => Value::Date(d.to_year()),
        _ => Value::Unknown,
    }
}

impl Ctx<'_> {
    /// Matches a sentence's candidate units and records its statements.
    fn sentence(
        &self,
        view: &View,
        candidates: &[u32],
        window_start: u32,
        scratch: &mut Scratch,
        work: &mut SentenceWork,
        out: &mut Extracted,
    ) {
        let m = &self.rules.matcher;
        let mut machine = Machine::new(view, self.text, m, self.program, self.doc_date, scratch);
        let n = view.toks.len() as u32;
        let SentenceWork {
            hits,
            frame_hits,
            dates,
            dates_found,
            build,
            last_anchor,
        } = work;
        hits.clear();
        frame_hits.clear();
        dates.clear();
        *dates_found = false;
        // A unit anchored by words has one of them in every match: it cannot match from a
        // token after the last of them.
        if last_anchor.len() != m.units.len() {
            last_anchor.clear();
            last_anchor.resize(m.units.len(), NO_TOKEN);
        }
        for &u in candidates {
            if let Some(last) = last_anchor.get_mut(u as usize) {
                *last = NO_TOKEN;
            }
        }
        for (i, t) in view.toks.iter().enumerate() {
            if t.word == NO_WORD {
                continue;
            }
            for &u in m
                .anchor_units
                .get(t.word as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                if let Some(last) = last_anchor.get_mut(u as usize) {
                    *last = i as u32;
                }
            }
        }
        for &u in candidates {
            let Some(unit) = m.units.get(u as usize) else {
                continue;
            };
            let end = if unit.word_anchor {
                match last_anchor.get(u as usize).copied() {
                    Some(NO_TOKEN) | None => continue,
                    Some(last) => (last + 1).min(n),
                }
            } else {
                n
            };
            let entity_first = unit.first.entity_only();
            let mut start = 0;
            while start < end {
                if entity_first {
                    // Such a match starts where an entity candidate does: on to the next one.
                    let k = view.ents.partition_point(|e| e.start < start);
                    match view.ents.get(k) {
                        Some(e) if e.start < end => start = e.start,
                        _ => break,
                    }
                }
                if !machine.may_start(unit, start) {
                    start += 1;
                    continue;
                }
                let Some(found) = machine.run(unit, start) else {
                    start += 1;
                    continue;
                };
                if unit.frame {
                    if let Some(h) = self.frame_hit(&machine, unit.index, &found) {
                        frame_hits.push(h);
                    }
                    start += 1;
                } else {
                    start = found.end.max(start + 1);
                    hits.push(PatternHit {
                        unit: unit.index,
                        found,
                    });
                }
            }
        }
        frames::attribute(frame_hits);
        hits.sort_by_key(|h| (h.found.start, h.found.end, h.unit));
        let mut dates = Dates {
            text: self.text,
            matcher: m,
            doc_date: self.doc_date,
            found: dates_found,
            dates,
        };
        for hit in hits.iter() {
            let Some(p) = self.rules.patterns.get(hit.unit) else {
                continue;
            };
            let specificity: u32 = machine
                .caps(&hit.found)
                .iter()
                .filter(|c| c.kind == CapKind::Literal)
                .map(|c| c.end - c.start)
                .sum();
            self.statements(
                p,
                hit,
                &machine,
                frame_hits,
                &mut dates,
                window_start,
                out,
                build,
            );
            for s in build.statements.drain(..) {
                out.push(s, specificity);
            }
        }
        for h in frame_hits.iter() {
            if h.claim.is_none() {
                self.claimless(h, view, frame_hits, window_start, out);
            }
        }
    }

    /// A frame match with its speaker (continuations get theirs in `frames::attribute`).
    fn frame_hit(&self, machine: &Machine<'_>, frame: usize, found: &Found) -> Option<FrameHit> {
        let info = self.rules.frames.get(frame)?;
        let mut anaphora = Vec::new();
        let speaker = match info.speaker {
            SpeakerSource::Author => Some(Speaker::Author),
            SpeakerSource::Entity(e) => Some(Speaker::Entity(e)),
            SpeakerSource::Previous => None,
            SpeakerSource::Slot(s) => {
                let cap = machine
                    .caps(found)
                    .iter()
                    .find(|c| c.kind == CapKind::Slot(s as u32))?;
                match machine.values().get(cap.value as usize)? {
                    SlotValue::One(c) => {
                        let cand = machine.view.ents.get(*c as usize)?;
                        if let Some(a) = cand
                            .anaphor
                            .and_then(|a| machine.view.anaphora.get(a as usize))
                        {
                            anaphora.push(a.clone());
                        }
                        Some(Speaker::Entity(cand.first))
                    }
                    _ => return None,
                }
            }
        };
        Some(FrameHit {
            frame,
            start: found.start,
            end: found.end,
            claim: machine.claim(found),
            speaker,
            continuation: info.speaker == SpeakerSource::Previous,
            anaphora,
            parent: None,
        })
    }

    fn byte_span(&self, view: &View, start: u32, end: u32) -> Span {
        let (s, e) = view.bytes(start as usize, end as usize);
        Span::new(self.file, s as usize, e as usize)
    }

    /// The statements of one pattern match, into `build.statements` (the other buffers of
    /// `build` are only reused).
    #[allow(
        clippy::too_many_arguments,
        reason = "one call site; the pieces are all different"
    )]
    fn statements(
        &self,
        p: &PatternInfo,
        hit: &PatternHit,
        machine: &Machine<'_>,
        frame_hits: &[FrameHit],
        dates: &mut Dates<'_>,
        window_start: u32,
        out: &Extracted,
        build: &mut BuildWork,
    ) {
        let BuildWork {
            chain,
            bound,
            anaphora,
            values,
            choices,
            entities,
            at,
            statements,
        } = build;
        chain.clear();
        bound.clear();
        anaphora.clear();
        values.clear();
        choices.clear();
        statements.clear();
        let view = machine.view;
        let found = &hit.found;
        let caps = machine.caps(found);
        let frame = frames::innermost(frame_hits, found.start, found.end);
        if let Some(f) = frame {
            frames::chain_into(frame_hits, f, chain);
        }
        let inner = frame.and_then(|f| frame_hits.get(f));
        let frame_info = inner.and_then(|h| self.rules.frames.get(h.frame));

        // Cues in the clause, outside the pattern's own words.
        let region_start = inner.and_then(|h| h.claim).map_or(0, |(cs, _)| cs);
        let literal = |s: u32, e: u32| {
            caps.iter()
                .any(|c| c.kind == CapKind::Literal && c.start < e && s < c.end)
        };
        let mut negations = 0usize;
        let mut cue_modality = Modality::Fact;
        for cue in &self.rules.cues {
            let mut last_end = 0;
            for occ in &view.phrases {
                if occ.owner != PhraseOwner::Lexicon(cue.lexicon as u32)
                    || occ.start < region_start
                    || occ.end > found.end
                    || occ.start < last_end
                    || literal(occ.start, occ.end)
                {
                    continue;
                }
                last_end = occ.end;
                match cue.effect {
                    CueEffect::Negates => negations += 1,
                    CueEffect::Modality(m) => cue_modality = stronger(cue_modality, m),
                }
            }
        }
        let mut modality = p.modality.unwrap_or(Modality::Fact);
        if let Some(fm) = frame_info.and_then(|f| f.modality) {
            modality = stronger(modality, fm);
        }
        modality = stronger(modality, cue_modality);
        let mut stance = frame_info.and_then(|f| f.stance).unwrap_or(Stance::Asserts);
        if p.negated ^ (negations % 2 == 1) {
            stance = flip(stance);
        }
        let speaker = inner.and_then(|h| h.speaker).unwrap_or(Speaker::Author);
        let reporter = inner
            .and_then(|h| h.parent)
            .and_then(|parent| frame_hits.get(parent))
            .and_then(|h| h.speaker);

        // Time: the first date slot, else the nearest date in the sentence.
        let slot_date = caps.iter().find_map(|c| match c.kind {
            CapKind::Slot(_) => match machine.values().get(c.value as usize) {
                Some(SlotValue::Date(i)) => Some(*i),
                _ => None,
            },
            _ => None,
        });
        let time = slot_date.or_else(|| {
            nearest_date(
                dates.of(&view.toks),
                found.start as usize,
                found.end as usize,
            )
        });
        let match_date = time.or_else(|| self.doc_date.map(Interval::at));

        // The entities named outright in the match: an anaphor in it stands for someone else.
        bound.extend(
            caps.iter()
                .filter_map(|c| match (c.kind, machine.values().get(c.value as usize)) {
                    (CapKind::Slot(_), Some(SlotValue::One(e))) => view.ents.get(*e as usize),
                    _ => None,
                })
                .filter(|e| e.anaphor.is_none())
                .map(|e| e.first),
        );

        // Arguments: each a list of choices (list slots give several).
        for &f in chain.iter() {
            if let Some(h) = frame_hits.get(f) {
                anaphora.extend(h.anaphora.iter().cloned());
            }
        }
        for (i, src) in p.args.iter().enumerate() {
            let ty = p.arg_types.get(i).copied().unwrap_or(Type::Str);
            let from = values.len();
            match src {
                ArgSource::Const(v) => values.push(v.clone()),
                ArgSource::Unknown => values.push(Value::Unknown),
                ArgSource::Date => {
                    values.push(match_date.map_or(Value::Unknown, |d| date_value(d, ty)));
                }
                ArgSource::Slot { slot, part } => {
                    let slot = SlotRef {
                        caps,
                        slot: *slot,
                        part: *part,
                        ty,
                    };
                    self.slot_values(machine, slot, bound, anaphora, entities, values);
                }
            }
            if values.len() == from {
                return;
            }
            choices.push((from, values.len()));
        }

        // A propositional anaphor in the match fills the unknown arguments.
        let prop_anaphor = view
            .phrases
            .iter()
            .filter(|o| o.start < found.end && found.start < o.end)
            .filter_map(|o| match o.owner {
                PhraseOwner::Anaphor(a) => match self.rules.anaphors.get(a as usize)?.target {
                    AnaphorTarget::Statement(pred) if pred == p.pred => Some(o),
                    _ => None,
                },
                PhraseOwner::Lexicon(_) => None,
            })
            .max_by_key(|o| (o.end - o.start, std::cmp::Reverse(o.start)));
        let mut antecedent: Option<&Statement> = None;
        if let Some(o) = prop_anaphor {
            let span = self.byte_span(view, o.start, o.end);
            let found_at =
                anaphora::statement(&out.statements, Some(p.pred), span.start, window_start);
            if let Some(s) = found_at.and_then(|i| out.statements.get(i)) {
                antecedent = Some(s);
                anaphora.push(Anaphor {
                    text: self.text.get(span.range()).unwrap_or("").to_string(),
                    span,
                    resolved_to: self.program.prop_text(&s.prop),
                });
            }
        }

        // The source: the match, its propositional anaphor and the words of its frames.
        let mut source = self.byte_span(view, found.start, found.end);
        if let Some(o) = prop_anaphor {
            source = source.to(self.byte_span(view, o.start, o.end));
        }
        for &f in chain.iter() {
            if let Some(h) = frame_hits.get(f) {
                for (s, e) in h.trigger() {
                    if s < e {
                        source = source.to(self.byte_span(view, s, e));
                    }
                }
            }
        }
        anaphora.sort_by_key(|a| (a.span.start, a.span.end));
        anaphora.dedup();

        // One statement per combination of choices.
        let total = combination_count(choices.iter().map(|(a, b)| b - a));
        at.clear();
        at.resize(choices.len(), 0);
        for _ in 0..total {
            let mut args: Box<[Value]> = choices
                .iter()
                .zip(at.iter())
                .map(|(&(from, _), &k)| values.get(from + k).cloned().unwrap_or(Value::Unknown))
                .collect();
            if let Some(a) = antecedent {
                for (k, v) in args.iter_mut().enumerate() {
                    if *v == Value::Unknown
                        && let Some(x) = a.prop.args.get(k)
                    {
                        *v = x.clone();
                    }
                }
            }
            statements.push(Statement {
                source,
                speaker,
                reporter,
                stance,
                modality,
                prop: Proposition { pred: p.pred, args },
                time,
                reported: self.doc_date,
                found_by: FoundBy {
                    method: Method::Extracted,
                    declared_at: Some(p.span),
                    pattern: Some(p.name.clone()),
                    frame: frame_info.map(|f| f.name.clone()),
                    anaphora: anaphora.as_slice().into(),
                    cite: None,
                },
            });
            next_combination(at, choices.iter().map(|(a, b)| b - a));
        }
    }

    /// The values a slot gives an argument of type `slot.ty`, pushed onto `values` (entities
    /// that do not fit the type are left out, and so is an entity already there; an unmatched
    /// optional slot is unknown). An anaphor resolves to its nearest antecedent that is not in
    /// `bound` (the entities the match names outright). `entities` is a buffer.
    fn slot_values(
        &self,
        machine: &Machine<'_>,
        slot: SlotRef<'_>,
        bound: &[EntityId],
        anaphora: &mut Vec<Anaphor>,
        entities: &mut Vec<EntityId>,
        values: &mut Vec<Value>,
    ) {
        let view = machine.view;
        let Some(cap) = slot
            .caps
            .iter()
            .find(|c: &&Cap| c.kind == CapKind::Slot(slot.slot as u32))
        else {
            values.push(Value::Unknown);
            return;
        };
        let Some(value) = machine.values().get(cap.value as usize) else {
            values.push(Value::Unknown);
            return;
        };
        entities.clear();
        let mut use_cand = |c: u32, which: Option<usize>, anaphora: &mut Vec<Anaphor>| {
            let Some(cand) = view.ents.get(c as usize) else {
                return;
            };
            let mut first = cand.first;
            if let Some(i) = cand.anaphor
                && let Some(a) = view.anaphora.get(i as usize)
            {
                // A pronoun does not stand for another participant of the same match.
                let alternates = view
                    .alternates
                    .get(i as usize)
                    .map_or(&[][..], Vec::as_slice);
                let mut record = a.clone();
                if let Some(&other) = alternates.iter().find(|e| !bound.contains(e))
                    && other != first
                {
                    first = other;
                    record.resolved_to = self.program.ent(other).name.clone();
                }
                anaphora.push(record);
            }
            match which {
                Some(1) => entities.extend(cand.second),
                Some(_) => entities.push(first),
                None => {
                    entities.push(first);
                    entities.extend(cand.second);
                }
            }
        };
        match value {
            SlotValue::Number(q) => {
                values.push(Value::Num(Box::new(q.clone())));
                return;
            }
            SlotValue::Date(i) => {
                values.push(date_value(*i, slot.ty));
                return;
            }
            SlotValue::One(c) => use_cand(*c, Some(0), anaphora),
            SlotValue::PairOf(c) => use_cand(*c, Some(slot.part), anaphora),
            SlotValue::Pair(a, b) => {
                use_cand(if slot.part == 0 { *a } else { *b }, Some(0), anaphora)
            }
            SlotValue::List(cs) => {
                for c in cs {
                    use_cand(*c, None, anaphora);
                }
            }
        }
        let Type::Entity(want) = slot.ty else {
            return;
        };
        let from = values.len();
        for &e in entities.iter() {
            let fits = self
                .program
                .entities
                .get(e.0 as usize)
                .is_some_and(|info| self.program.is_subtype(info.ty, want));
            let v = Value::Entity(e);
            if fits && !values.get(from..).is_some_and(|vs| vs.contains(&v)) {
                values.push(v);
            }
        }
    }

    /// A frame without a claim repeats the nearest earlier statement with its own speaker.
    fn claimless(
        &self,
        h: &FrameHit,
        view: &View,
        frame_hits: &[FrameHit],
        window_start: u32,
        out: &mut Extracted,
    ) {
        let Some(info) = self.rules.frames.get(h.frame) else {
            return;
        };
        let Some(speaker) = h.speaker else { return };
        let span = self.byte_span(view, h.start, h.end);
        let Some(earlier) = anaphora::statement(&out.statements, None, span.start, window_start)
            .and_then(|i| out.statements.get(i))
        else {
            return;
        };
        let reporter = h
            .parent
            .and_then(|p| frame_hits.get(p))
            .and_then(|p| p.speaker);
        let mut anaphora = h.anaphora.clone();
        anaphora.push(Anaphor {
            text: self.text.get(span.range()).unwrap_or("").to_string(),
            span,
            resolved_to: self.program.prop_text(&earlier.prop),
        });
        let statement = Statement {
            source: span,
            speaker,
            reporter,
            stance: info.stance.unwrap_or(Stance::Asserts),
            modality: info.modality.unwrap_or(Modality::Fact),
            prop: earlier.prop.clone(),
            time: earlier.time,
            reported: self.doc_date,
            found_by: FoundBy {
                method: Method::Extracted,
                declared_at: Some(info.span),
                pattern: earlier.found_by.pattern.clone(),
                frame: Some(info.name.clone()),
                anaphora: anaphora.into(),
                cite: None,
            },
        };
        out.push(statement, 0);
    }
}

/// The dates of a sentence, found the first time a statement needs them.
struct Dates<'a> {
    text: &'a str,
    matcher: &'a Matcher,
    doc_date: Option<Date>,
    found: &'a mut bool,
    dates: &'a mut Vec<(usize, usize, Interval)>,
}

impl Dates<'_> {
    fn of(&mut self, toks: &[MTok]) -> &[(usize, usize, Interval)] {
        if !*self.found {
            *self.found = true;
            let m = self.matcher;
            find_dates_into(
                self.text,
                toks,
                self.doc_date,
                |w| m.may_start_date(w),
                self.dates,
            );
        }
        self.dates
    }
}

/// The date nearest a match: the first one overlapping it, else the closest before or after
/// (before on a tie).
fn nearest_date(dates: &[(usize, usize, Interval)], start: usize, end: usize) -> Option<Interval> {
    dates
        .iter()
        .min_by_key(|(s, e, _)| {
            if *s < end && start < *e {
                (0, *s)
            } else if *e <= start {
                (start - *e + 1, 0)
            } else {
                (*s - end + 1, 1)
            }
        })
        .map(|(_, _, i)| *i)
}

/// What [`Ctx::slot_values`] reads: a slot of a match and the argument it fills.
#[derive(Clone, Copy)]
struct SlotRef<'c> {
    /// The match's captures.
    caps: &'c [Cap],
    /// The slot (index into the pattern's slots).
    slot: usize,
    /// Which entity of a pair the argument takes.
    part: usize,
    /// The argument's type.
    ty: Type,
}

/// How many combinations of one choice per argument (of `lens` choices each) make statements:
/// all of them, at most [`MAX_PRODUCT`].
fn combination_count(lens: impl Iterator<Item = usize>) -> usize {
    let mut lens = lens;
    lens.try_fold(1usize, |n, c| n.checked_mul(c))
        .unwrap_or(usize::MAX)
        .min(MAX_PRODUCT)
}

/// Moves `at` (the choice taken for each argument) to the next combination, the last argument
/// changing fastest.
fn next_combination(
    at: &mut [usize],
    lens: impl DoubleEndedIterator<Item = usize> + ExactSizeIterator,
) {
    for (k, len) in at.iter_mut().zip(lens).rev() {
        *k += 1;
        if *k < len {
            break;
        }
        *k = 0;
    }
}

/// Every combination of one value per argument, at most [`MAX_PRODUCT`]: the first ones in
/// order, the last argument changing fastest (as statement building takes them).
#[cfg(test)]
fn product(choices: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let total = combination_count(choices.iter().map(Vec::len));
    let mut at = vec![0usize; choices.len()];
    let mut out = Vec::with_capacity(total);
    for _ in 0..total {
        out.push(
            choices
                .iter()
                .zip(&at)
                .filter_map(|(c, &i)| c.get(i).cloned())
                .collect(),
        );
        next_combination(&mut at, choices.iter().map(Vec::len));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_after_blank_lines_and_cover_the_body() {
        let paragraph = "x".repeat(1000) + "\n \t\n";
        let text = paragraph.repeat(200);
        let ranges: Vec<std::ops::Range<usize>> = chunks(&text, 3..text.len()).collect();
        assert!(ranges.len() > 1);
        assert_eq!(ranges.first().map(|r| r.start), Some(3));
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(text[..pair[0].end].ends_with("\n \t\n"));
            assert!(pair[0].len() >= CHUNK);
        }
        let single: Vec<_> = chunks("one line", 0..8).collect();
        assert_eq!(single, vec![std::ops::Range { start: 0, end: 8 }]);
        assert_eq!(chunks("", 0..0).count(), 0);
    }

    #[test]
    fn product_lists_the_first_combinations_last_argument_fastest() {
        let v = |n: u32| Value::Entity(EntityId(n));
        let choices = vec![vec![v(1), v(2)], vec![v(3)], vec![v(4), v(5)]];
        let all = product(&choices);
        let want = [[1, 3, 4], [1, 3, 5], [2, 3, 4], [2, 3, 5]];
        assert_eq!(all.len(), want.len());
        for (args, w) in all.iter().zip(want) {
            let w: Vec<Value> = w.iter().map(|n| v(*n)).collect();
            assert_eq!(args, &w);
        }
        assert_eq!(product(&[]), vec![Vec::<Value>::new()]);
        let wide: Vec<Vec<Value>> = (0..4).map(|_| (0..5).map(v).collect()).collect();
        let capped = product(&wide);
        assert_eq!(capped.len(), MAX_PRODUCT);
        assert_eq!(capped.last().and_then(|a| a.get(1)), Some(&v(2)));
    }

    #[test]
    fn modalities_are_ranked_from_plain_fact_to_declined() {
        let order: Vec<Modality> = Modality::ALL.iter().map(|(m, _)| *m).collect();
        let mut sorted = order.clone();
        sorted.sort_by_key(|m| rank(*m));
        assert_eq!(sorted.first(), Some(&Modality::Fact));
        assert_eq!(sorted.last(), Some(&Modality::Declined));
        assert_eq!(
            stronger(Modality::Intended, Modality::Hedged),
            Modality::Hedged
        );
        assert_eq!(
            stronger(Modality::Feared, Modality::Hedged),
            Modality::Feared
        );
        assert_eq!(flip(Stance::Denies), Stance::Asserts);
    }
}
