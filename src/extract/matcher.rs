//! Running compiled patterns and frames on one sentence. A sentence is first turned into a
//! [`View`]: its tokens (cut where an entity mention starts or ends inside a token, as in
//! "Russia-North Korea"), the word id of each token, the entities that can fill a slot at each
//! token (mentions, and anaphors already resolved to their antecedents), and the lexicon and
//! anaphor phrases found in it. Then [`Machine::run`] tries one unit at one start token with a
//! backtracking machine: first alternatives first, optional parts taken before skipped, gaps
//! and non-final claims as short as possible, slots as long as possible. Every try is bounded
//! by [`MAX_STEPS`], so no rule and no sentence can make matching run away.
//!
//! What a match means (speakers, stance, the statement) is decided elsewhere (`run`,
//! `frames`); this module only finds matches and what each slot holds.

use super::anaphora::{Antecedents, Resolution};
use super::dates::read_date;
use super::english;
use super::lexicon::Mention;
use super::numbers::{read_number, unit_word};
use super::pattern::{Inst, Matcher, NO_WORD, PhraseOwner, Unit};
use super::token::{Token, TokenKind};
use crate::resolve::hir::{Anaphor, Program, TypeId};
use crate::resolve::patterns::{AnaphorInfo, AnaphorTarget, SlotKind};
use crate::source::{FileId, Span};
use crate::value::{Date, EntityId, Interval, Quantity};

/// Most machine steps one try (one unit at one start token) may take.
pub(crate) const MAX_STEPS: u32 = 20_000;

/// A matching token: a byte range, the id of the word it spells (or [`NO_WORD`]) and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MTok {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Word id.
    pub word: u32,
    /// Kind.
    pub kind: TokenKind,
}

/// Something that can fill an entity slot at a token range: a mention, or a resolved anaphor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EntCand {
    /// First token.
    pub start: u32,
    /// One past the last token.
    pub end: u32,
    /// The entity.
    pub first: EntityId,
    /// The second entity of a pair anaphor ("the two countries").
    pub second: Option<EntityId>,
    /// Index into [`View::anaphora`] when this is an anaphor.
    pub anaphor: Option<u32>,
}

/// A lexicon or anaphor phrase found in the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PhraseOcc {
    /// First token.
    pub start: u32,
    /// One past the last token.
    pub end: u32,
    /// Whose phrase.
    pub owner: PhraseOwner,
}

/// One sentence, ready to match.
#[derive(Clone, Debug, Default)]
pub(crate) struct View {
    /// Byte range of the sentence.
    pub span: (u32, u32),
    /// Tokens.
    pub toks: Vec<MTok>,
    /// Entity candidates, by start token then longest first.
    pub ents: Vec<EntCand>,
    /// `ents[ent_index[i]..ent_index[i + 1]]` start at token `i`.
    pub ent_index: Vec<u32>,
    /// Phrases, by start token then longest first.
    pub phrases: Vec<PhraseOcc>,
    /// `phrases[phrase_index[i]..phrase_index[i + 1]]` start at token `i`.
    pub phrase_index: Vec<u32>,
    /// Resolved entity anaphors, referred to by [`EntCand::anaphor`].
    pub anaphora: Vec<Anaphor>,
    /// For each of `anaphora`, the antecedents nearest first (one entity per entry; a pair
    /// anaphor has none here).
    pub alternates: Vec<Vec<EntityId>>,
    /// Number of quotation marks and dashes the sentence opens with.
    pub leading: u32,
}

impl View {
    /// The entity candidates starting at a token.
    pub(crate) fn ents_at(&self, i: usize) -> &[EntCand] {
        let (a, b) = (
            self.ent_index.get(i).copied().unwrap_or(0) as usize,
            self.ent_index.get(i + 1).copied().unwrap_or(0) as usize,
        );
        self.ents.get(a..b).unwrap_or(&[])
    }

    /// The phrases starting at a token.
    pub(crate) fn phrases_at(&self, i: usize) -> &[PhraseOcc] {
        let (a, b) = (
            self.phrase_index.get(i).copied().unwrap_or(0) as usize,
            self.phrase_index.get(i + 1).copied().unwrap_or(0) as usize,
        );
        self.phrases.get(a..b).unwrap_or(&[])
    }

    /// Byte range of tokens `start..end` (empty at the sentence end when out of range).
    pub(crate) fn bytes(&self, start: usize, end: usize) -> (u32, u32) {
        let s = self.toks.get(start).map_or(self.span.1, |t| t.start);
        let e = end
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .map_or(s, |t| t.end);
        (s, e.max(s))
    }
}

/// What [`build_view`] needs besides the sentence.
pub(crate) struct ViewInput<'a> {
    /// The whole file text.
    pub text: &'a str,
    /// The file.
    pub file: FileId,
    /// The compiled rules.
    pub matcher: &'a Matcher,
    /// The program.
    pub program: &'a Program,
    /// The anaphors of the rules.
    pub anaphors: &'a [AnaphorInfo],
    /// Earlier mentions, for resolving anaphors.
    pub antecedents: &'a Antecedents<'a>,
    /// Anaphors look no further back than this byte (the previous paragraph's start).
    pub window_start: u32,
}

/// Builds the view of one sentence from its tokens, their word ids (`words[i]` is
/// `matcher.words.lookup` of token `i`) and the mentions inside it (in order), into `view`
/// (whose buffers are reused).
pub(crate) fn build_view(
    input: &ViewInput<'_>,
    span: (u32, u32),
    tokens: &[Token],
    words: &[u32],
    mentions: &[Mention],
    view: &mut View,
) {
    view.span = span;
    view.toks.clear();
    view.ents.clear();
    view.ent_index.clear();
    view.phrases.clear();
    view.phrase_index.clear();
    view.anaphora.clear();
    view.alternates.clear();
    let m = input.matcher;
    // Tokens, cut at mention boundaries that fall inside them. Mostly none does, and the
    // tokens are copied as they are.
    let cuts_a_token = mentions
        .iter()
        .any(|x| inside_a_token(tokens, x.span.0) || inside_a_token(tokens, x.span.1));
    if !cuts_a_token && words.len() == tokens.len() {
        view.toks
            .extend(tokens.iter().zip(words).map(|(t, &word)| MTok {
                start: t.span.0,
                end: t.span.1,
                word,
                kind: t.kind,
            }));
    } else {
        cut_tokens(input, tokens, words, mentions, &mut view.toks);
    }
    view.leading = view
        .toks
        .iter()
        .take_while(|t| matches!(t.kind, TokenKind::Quote | TokenKind::Dash))
        .count() as u32;

    // Entity candidates from mentions.
    let tok_at_start = |b: u32| view.toks.binary_search_by_key(&b, |t| t.start).ok();
    let tok_at_end = |b: u32| view.toks.binary_search_by_key(&b, |t| t.end).ok();
    let mut ents = std::mem::take(&mut view.ents);
    for x in mentions {
        if let (Some(s), Some(e)) = (tok_at_start(x.span.0), tok_at_end(x.span.1)) {
            ents.push(EntCand {
                start: s as u32,
                end: e as u32 + 1,
                first: EntityId(x.target),
                second: None,
                anaphor: None,
            });
        }
    }

    // Lexicon and anaphor phrases.
    let mut phrases = std::mem::take(&mut view.phrases);
    for (i, t) in view.toks.iter().enumerate() {
        if t.word == NO_WORD {
            continue;
        }
        let Some(starts) = m.phrase_starts.get(t.word as usize) else {
            continue;
        };
        for &p in starts {
            let Some(phrase) = m.phrases.get(p as usize) else {
                continue;
            };
            let fits = phrase
                .words
                .iter()
                .enumerate()
                .all(|(k, w)| view.toks.get(i + k).is_some_and(|t| t.word == *w));
            if fits {
                phrases.push(PhraseOcc {
                    start: i as u32,
                    end: (i + phrase.words.len()) as u32,
                    owner: phrase.owner,
                });
            }
        }
    }

    // Entity anaphors become candidates, resolved to the nearest earlier fitting mention.
    // The candidates so far are the mentions; anaphors are added after them.
    let mention_count = ents.len();
    for occ in &phrases {
        let PhraseOwner::Anaphor(a) = occ.owner else {
            continue;
        };
        let Some(info) = input.anaphors.get(a as usize) else {
            continue;
        };
        if matches!(info.target, AnaphorTarget::Statement(_)) {
            continue;
        }
        let overlaps = ents
            .get(..mention_count)
            .unwrap_or(&[])
            .iter()
            .any(|e| e.start < occ.end && occ.start < e.end);
        if overlaps {
            continue;
        }
        let (bs, be) = view.bytes(occ.start as usize, occ.end as usize);
        let Some(resolution) = input
            .antecedents
            .resolve(info.target, bs, input.window_start)
        else {
            continue;
        };
        let (first, second, alternates) = match resolution {
            Resolution::One(list) => match list.first() {
                Some(&e) => (e, None, list),
                None => continue,
            },
            Resolution::Two(a, b) => (a, Some(b), Vec::new()),
        };
        let name = |e: EntityId| {
            input
                .program
                .entities
                .get(e.0 as usize)
                .map_or_else(String::new, |i| i.name.clone())
        };
        let resolved_to = match second {
            Some(b) => format!("{}, {}", name(first), name(b)),
            None => name(first),
        };
        view.anaphora.push(Anaphor {
            text: input
                .text
                .get(bs as usize..be as usize)
                .unwrap_or("")
                .to_string(),
            span: Span::new(input.file, bs as usize, be as usize),
            resolved_to,
        });
        view.alternates.push(alternates);
        ents.push(EntCand {
            start: occ.start,
            end: occ.end,
            first,
            second,
            anaphor: Some(view.anaphora.len() as u32 - 1),
        });
    }

    ents.sort_by_key(|e| (e.start, std::cmp::Reverse(e.end)));
    phrases.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
    let n = view.toks.len();
    index_by_start(ents.iter().map(|e| e.start), n, &mut view.ent_index);
    index_by_start(phrases.iter().map(|p| p.start), n, &mut view.phrase_index);
    view.ents = ents;
    view.phrases = phrases;
}

/// Whether byte `b` falls strictly inside one of `tokens` (in order, not overlapping).
fn inside_a_token(tokens: &[Token], b: u32) -> bool {
    let k = tokens.partition_point(|t| t.span.1 <= b);
    tokens.get(k).is_some_and(|t| t.span.0 < b)
}

/// The matching tokens of a sentence whose mentions start or end inside some of its tokens:
/// those tokens are cut at the mention boundaries.
fn cut_tokens(
    input: &ViewInput<'_>,
    tokens: &[Token],
    words: &[u32],
    mentions: &[Mention],
    toks: &mut Vec<MTok>,
) {
    let m = input.matcher;
    let mut next_mention = 0;
    for (k, t) in tokens.iter().enumerate() {
        while mentions
            .get(next_mention)
            .is_some_and(|x| x.span.1 <= t.span.0)
        {
            next_mention += 1;
        }
        let cut = |b: u32| b > t.span.0 && b < t.span.1;
        let is_cut = mentions
            .iter()
            .skip(next_mention)
            .take_while(|x| x.span.0 < t.span.1)
            .any(|x| cut(x.span.0) || cut(x.span.1));
        if !is_cut {
            toks.push(MTok {
                start: t.span.0,
                end: t.span.1,
                word: words
                    .get(k)
                    .copied()
                    .unwrap_or_else(|| m.words.lookup(t.text(input.text))),
                kind: t.kind,
            });
            continue;
        }
        let mut cuts: Vec<u32> = Vec::new();
        for x in mentions.iter().skip(next_mention) {
            if x.span.0 >= t.span.1 {
                break;
            }
            for b in [x.span.0, x.span.1] {
                if cut(b) {
                    cuts.push(b);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = t.span.0;
        for to in cuts.into_iter().chain(std::iter::once(t.span.1)) {
            push_piece(toks, input.text, m, from, to);
            from = to;
        }
    }
}

/// A piece of a token cut at a mention boundary.
fn push_piece(toks: &mut Vec<MTok>, text: &str, m: &Matcher, from: u32, to: u32) {
    if to <= from {
        return;
    }
    let piece = text.get(from as usize..to as usize).unwrap_or("");
    let kind = if piece
        .chars()
        .all(|c| super::chars::is_joining_hyphen(c) || super::chars::is_dash(c))
    {
        TokenKind::Dash
    } else if piece
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    toks.push(MTok {
        start: from,
        end: to,
        word: m.words.lookup(piece),
        kind,
    });
}

/// For items sorted by start token, the index of the first item starting at each token (and
/// one past the end).
fn index_by_start(starts: impl Iterator<Item = u32>, n: usize, index: &mut Vec<u32>) {
    index.clear();
    index.resize(n + 1, 0);
    let mut counts = 0u32;
    let mut next = 0usize;
    for s in starts {
        let s = (s as usize).min(n);
        while next <= s {
            if let Some(slot) = index.get_mut(next) {
                *slot = counts;
            }
            next += 1;
        }
        counts += 1;
    }
    while next <= n {
        if let Some(slot) = index.get_mut(next) {
            *slot = counts;
        }
        next += 1;
    }
}

/// What a slot holds in a match.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SlotValue {
    /// One entity candidate (index into [`View::ents`]).
    One(u32),
    /// Several (a list); a pair anaphor in a list counts for its two entities.
    List(Vec<u32>),
    /// Two candidates written apart ("Russia and North Korea").
    Pair(u32, u32),
    /// One pair anaphor ("the two countries").
    PairOf(u32),
    /// A number.
    Number(Quantity),
    /// A date or interval.
    Date(Interval),
}

/// What a capture records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CapKind {
    /// A slot (index into the unit's slots); `value` indexes [`Machine::values`].
    Slot(u32),
    /// Tokens matched by a word, literal or lexicon element (cue words there do not count).
    Literal,
    /// The frame's claim.
    Claim,
}

/// A capture: what part of the match did what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cap {
    /// What.
    pub kind: CapKind,
    /// First token.
    pub start: u32,
    /// One past the last token.
    pub end: u32,
    /// Index into [`Machine::values`] for slots.
    pub value: u32,
}

/// One match of a unit. Its captures are kept by the machine that found it (see
/// [`Machine::caps`]), so that a match allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// First token.
    pub start: u32,
    /// One past the last token.
    pub end: u32,
    /// Where its captures (in match order) are in the machine's list of captures.
    caps: (u32, u32),
}

/// A backtracking thread: where to go on when the current path fails.
#[derive(Clone, Copy, Debug)]
struct Thread {
    pc: u32,
    pos: u32,
    trail: u32,
    push: Option<Cap>,
}

/// The buffers of a [`Machine`], kept from one sentence to the next so that matching a
/// sentence allocates little.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Slot values captured so far (captures index into it).
    values: Vec<SlotValue>,
    stack: Vec<Thread>,
    trail: Vec<Cap>,
    /// The captures of the matches found in the sentence, one run after another.
    found_caps: Vec<Cap>,
    /// Candidate ends of slots, computed once per (slot kind, token).
    /// Entry `pos * slot_kinds + key` holds the options of slot kind `key` at token `pos`
    /// when its stamp is the sentence's.
    cache: Vec<CacheEntry>,
    /// The stamp of the sentence (entries with another are stale).
    stamp: u32,
    options: Vec<(u32, u32)>,
    /// The options of a slot other than a plain entity, as they are computed.
    computed: Vec<(usize, SlotValue)>,
}

/// A cached range of slot options (see [`Scratch::cache`]).
#[derive(Clone, Copy, Debug, Default)]
struct CacheEntry {
    stamp: u32,
    options: (u32, u32),
}

/// The matching machine for one sentence; reuse it for every unit and start token.
pub(crate) struct Machine<'a> {
    /// The sentence.
    pub view: &'a View,
    /// The file text.
    pub text: &'a str,
    /// The compiled rules.
    pub matcher: &'a Matcher,
    /// The program (for subtypes and entity names).
    pub program: &'a Program,
    /// The document date, for relative dates.
    pub doc_date: Option<Date>,
    scratch: &'a mut Scratch,
}

impl<'a> Machine<'a> {
    /// A machine for one sentence, with buffers from the sentence before.
    pub(crate) fn new(
        view: &'a View,
        text: &'a str,
        matcher: &'a Matcher,
        program: &'a Program,
        doc_date: Option<Date>,
        scratch: &'a mut Scratch,
    ) -> Machine<'a> {
        scratch.values.clear();
        scratch.stack.clear();
        scratch.trail.clear();
        scratch.found_caps.clear();
        scratch.stamp = scratch.stamp.wrapping_add(1);
        if scratch.stamp == 0 {
            scratch.cache.clear();
            scratch.stamp = 1;
        }
        let cache_len = (view.toks.len() + 1) * matcher.slot_kinds;
        if scratch.cache.len() < cache_len {
            scratch.cache.resize(cache_len, CacheEntry::default());
        }
        scratch.options.clear();
        Machine {
            view,
            text,
            matcher,
            program,
            doc_date,
            scratch,
        }
    }

    /// The slot values captures refer to.
    pub(crate) fn values(&self) -> &[SlotValue] {
        &self.scratch.values
    }

    /// The captures of a match this machine found, in match order.
    pub(crate) fn caps(&self, found: &Found) -> &[Cap] {
        let (a, b) = found.caps;
        self.scratch
            .found_caps
            .get(a as usize..b as usize)
            .unwrap_or(&[])
    }

    /// The claim's token range of a match, for frames.
    pub(crate) fn claim(&self, found: &Found) -> Option<(u32, u32)> {
        self.caps(found)
            .iter()
            .find(|c| c.kind == CapKind::Claim)
            .map(|c| (c.start, c.end))
    }

    fn fits(&self, e: EntityId, ty: TypeId) -> bool {
        self.matcher
            .entity_types
            .get(e.0 as usize)
            .is_some_and(|t| self.program.is_subtype(*t, ty))
    }

    /// The ways a slot of kind `kind` (whose id among the slot kinds is `key`) can match at
    /// `pos`: (end token, value index), best first.
    fn slot_options(&mut self, kind: SlotKind, key: u32, pos: u32) -> (u32, u32) {
        let at = pos as usize * self.matcher.slot_kinds + key as usize;
        let stamp = self.scratch.stamp;
        if let Some(e) = self.scratch.cache.get(at)
            && e.stamp == stamp
        {
            return e.options;
        }
        let start = self.scratch.options.len() as u32;
        if let SlotKind::Entity(t) = kind {
            // The common case, without a list in between: the candidates that fit.
            let view = self.view;
            let base = view.ent_index.get(pos as usize).copied().unwrap_or(0);
            for (k, c) in view.ents_at(pos as usize).iter().enumerate() {
                if c.second.is_none() && self.fits(c.first, t) {
                    let v = self.scratch.values.len() as u32;
                    self.scratch.values.push(SlotValue::One(base + k as u32));
                    self.scratch.options.push((c.end, v));
                }
            }
        } else {
            let mut found = std::mem::take(&mut self.scratch.computed);
            found.clear();
            self.compute_options(kind, pos as usize, &mut found);
            for (end, value) in found.drain(..) {
                let v = self.scratch.values.len() as u32;
                self.scratch.values.push(value);
                self.scratch.options.push((end as u32, v));
            }
            self.scratch.computed = found;
        }
        let r = (start, self.scratch.options.len() as u32);
        if let Some(e) = self.scratch.cache.get_mut(at) {
            *e = CacheEntry { stamp, options: r };
        }
        r
    }

    /// The ways a slot of kind `kind` can match at `pos`, best first, into `out`.
    fn compute_options(&self, kind: SlotKind, pos: usize, out: &mut Vec<(usize, SlotValue)>) {
        let view = self.view;
        let single = |i: usize, ty: TypeId| {
            let base = view.ent_index.get(i).copied().unwrap_or(0);
            view.ents_at(i)
                .iter()
                .enumerate()
                .filter(move |(_, c)| c.second.is_none() && self.fits(c.first, ty))
                .map(move |(k, c)| (c.end as usize, base + k as u32))
        };
        match kind {
            SlotKind::Entity(t) => {
                out.extend(single(pos, t).map(|(end, c)| (end, SlotValue::One(c))))
            }
            SlotKind::Pair(t) => {
                let base = view.ent_index.get(pos).copied().unwrap_or(0);
                for (k, c) in view.ents_at(pos).iter().enumerate() {
                    if let Some(b) = c.second
                        && self.fits(c.first, t)
                        && self.fits(b, t)
                    {
                        out.push((c.end as usize, SlotValue::PairOf(base + k as u32)));
                    }
                }
                for (end_a, a) in single(pos, t) {
                    let Some(sep) = self.pair_separator(end_a) else {
                        continue;
                    };
                    for (end_b, b) in single(sep, t) {
                        let same = view.ents.get(a as usize).map(|x| x.first)
                            == view.ents.get(b as usize).map(|x| x.first);
                        if !same {
                            out.push((end_b, SlotValue::Pair(a, b)));
                        }
                    }
                }
                out.sort_by_key(|(end, _)| std::cmp::Reverse(*end));
            }
            SlotKind::List(t) => {
                let item = |i: usize| -> Option<(usize, u32)> {
                    let base = view.ent_index.get(i).copied().unwrap_or(0);
                    view.ents_at(i)
                        .iter()
                        .enumerate()
                        .find(|(_, c)| {
                            self.fits(c.first, t) && c.second.is_none_or(|b| self.fits(b, t))
                        })
                        .map(|(k, c)| (c.end as usize, base + k as u32))
                };
                let mut items: Vec<u32> = Vec::new();
                let mut at = pos;
                while let Some((end, c)) = item(at) {
                    items.push(c);
                    out.push((end, SlotValue::List(items.clone())));
                    match self.list_separator(end) {
                        Some(next) => at = next,
                        None => break,
                    }
                    if items.len() > 64 {
                        break;
                    }
                }
                out.reverse();
            }
            SlotKind::Number => {
                let Some(phrase) = read_number(self.text, &view.toks, pos) else {
                    return;
                };
                let mut unit_at = phrase.end;
                if phrase.counts && self.tok_lower(unit_at).is_some_and(|w| english::is_of(&w)) {
                    unit_at += 1;
                }
                let entity_unit = view
                    .ents_at(unit_at)
                    .iter()
                    .find(|c| c.second.is_none() && c.anaphor.is_none())
                    .map(|c| {
                        let name = self
                            .program
                            .entities
                            .get(c.first.0 as usize)
                            .map_or_else(String::new, |e| e.name.clone());
                        (c.end as usize, name)
                    });
                let unit = entity_unit.or_else(|| {
                    let t = view.toks.get(unit_at)?;
                    let word = self.text.get(t.start as usize..t.end as usize)?;
                    unit_word(word).map(|u| (unit_at + 1, u))
                });
                match unit {
                    Some((end, u)) => {
                        let mut q = phrase.quantity;
                        q.unit = Some(u);
                        out.push((end, SlotValue::Number(q.clone())));
                        out.push((phrase.end, SlotValue::Number(q)));
                    }
                    None => out.push((phrase.end, SlotValue::Number(phrase.quantity))),
                }
            }
            SlotKind::Date => {
                out.extend(
                    read_date(self.text, &view.toks, pos, self.doc_date, true)
                        .map(|(end, i)| (end, SlotValue::Date(i))),
                );
            }
        }
    }

    fn tok_text(&self, i: usize) -> Option<&'a str> {
        let t = self.view.toks.get(i)?;
        self.text.get(t.start as usize..t.end as usize)
    }

    fn tok_lower(&self, i: usize) -> Option<english::Lower<'a>> {
        self.tok_text(i).map(english::Lower::new)
    }

    /// Where the second entity of a pair starts after a separator at `i`: "and", "&", "/", or a
    /// dash written without spaces ("Russia-North Korea").
    fn pair_separator(&self, i: usize) -> Option<usize> {
        let t = self.view.toks.get(i)?;
        let prev = self.view.toks.get(i.checked_sub(1)?)?;
        let next = self.view.toks.get(i + 1)?;
        if t.kind == TokenKind::Dash && prev.end == t.start && t.end == next.start {
            return Some(i + 1);
        }
        english::is_pair_separator(&self.tok_lower(i)?).then_some(i + 1)
    }

    /// Where the next list item starts after separators at `i` (", ", "and", ", and", "or").
    fn list_separator(&self, i: usize) -> Option<usize> {
        let mut j = i;
        while j < i + 2
            && self
                .tok_lower(j)
                .is_some_and(|w| english::is_list_separator(&w))
        {
            j += 1;
        }
        (j > i).then_some(j)
    }

    /// Whether the tokens at `pos` spell an exact literal.
    fn exact(&self, index: u32, pos: usize) -> Option<usize> {
        let texts = self.matcher.exacts.get(index as usize)?;
        for (k, want) in texts.iter().enumerate() {
            let got = self.tok_text(pos + k)?;
            if !same_apostrophes(got, want) {
                return None;
            }
        }
        Some(pos + texts.len())
    }

    /// Whether a match of `unit` can start at token `start` (a cheap test before [`run`]).
    ///
    /// [`run`]: Machine::run
    pub(crate) fn may_start(&self, unit: &Unit, start: u32) -> bool {
        // A leading claim only starts at the clause start: the first instruction fails
        // anywhere else.
        if unit.leading_claim && start > self.view.leading {
            return false;
        }
        let f = &unit.first;
        if f.any {
            return true;
        }
        let word = self
            .view
            .toks
            .get(start as usize)
            .map_or(NO_WORD, |t| t.word);
        (word != NO_WORD && f.has_word(word))
            || (f.entity && !self.view.ents_at(start as usize).is_empty())
    }

    /// Tries `unit` at token `start`; the first match in preference order, if any.
    pub(crate) fn run(&mut self, unit: &Unit, start: u32) -> Option<Found> {
        let n = self.view.toks.len() as u32;
        self.scratch.stack.clear();
        self.scratch.trail.clear();
        let (mut pc, mut pos) = (0u32, start);
        let mut steps = 0u32;
        loop {
            steps += 1;
            if steps > MAX_STEPS {
                return None;
            }
            let inst = unit.prog.get(pc as usize).copied().unwrap_or(Inst::Match);
            let ok = match inst {
                Inst::Match => {
                    let Scratch {
                        trail, found_caps, ..
                    } = &mut *self.scratch;
                    let from = found_caps.len() as u32;
                    found_caps.extend_from_slice(trail);
                    return Some(Found {
                        start,
                        end: pos,
                        caps: (from, found_caps.len() as u32),
                    });
                }
                Inst::Jmp(t) => {
                    pc = t;
                    continue;
                }
                Inst::SplitWord(a, b, w) => {
                    let word = self.view.toks.get(pos as usize).map_or(NO_WORD, |t| t.word);
                    if word != w
                        && let Some(chain) = unit
                            .chain_at
                            .get(pc as usize)
                            .and_then(|&c| unit.chains.get(c as usize))
                        && !chain.has_word(word)
                    {
                        // The token is none of the run's words: on to the exit, counting
                        // the steps of the walk below (a failing word for each split, and
                        // each split after the first).
                        steps += 2 * chain.len - 1;
                        if steps > MAX_STEPS {
                            return None;
                        }
                        pc = chain.exit;
                        continue;
                    }
                    let (mut a, mut b, mut w) = (a, b, w);
                    // A run of alternatives that each start with a word other than the token's
                    // is passed over here, each counted as the two steps the split and the
                    // failing word would have taken.
                    while word != w {
                        steps += 1;
                        if steps > MAX_STEPS {
                            return None;
                        }
                        match unit.prog.get(b as usize) {
                            Some(&Inst::SplitWord(a2, b2, w2)) => {
                                steps += 1;
                                if steps > MAX_STEPS {
                                    return None;
                                }
                                (a, b, w) = (a2, b2, w2);
                            }
                            _ => break,
                        }
                    }
                    if word != w {
                        pc = b;
                        continue;
                    }
                    self.scratch.stack.push(Thread {
                        pc: b,
                        pos,
                        trail: self.scratch.trail.len() as u32,
                        push: None,
                    });
                    pc = a;
                    continue;
                }
                Inst::Split(a, b) => {
                    self.scratch.stack.push(Thread {
                        pc: b,
                        pos,
                        trail: self.scratch.trail.len() as u32,
                        push: None,
                    });
                    pc = a;
                    continue;
                }
                Inst::Word(w) => {
                    let hit = self
                        .view
                        .toks
                        .get(pos as usize)
                        .is_some_and(|t| t.word == w);
                    if hit {
                        self.scratch.trail.push(literal(pos, pos + 1));
                        pos += 1;
                        pc += 1;
                    }
                    hit
                }
                Inst::Exact(i) => match self.exact(i, pos as usize) {
                    Some(end) => {
                        self.scratch.trail.push(literal(pos, end as u32));
                        pos = end as u32;
                        pc += 1;
                        true
                    }
                    None => false,
                },
                Inst::Class(l) => {
                    let view = self.view;
                    let from = pos;
                    let options = view
                        .phrases_at(pos as usize)
                        .iter()
                        .filter(|p| p.owner == PhraseOwner::Lexicon(l))
                        .map(move |p| (p.end, Some(literal(from, p.end))));
                    branch(
                        &mut self.scratch.stack,
                        &mut self.scratch.trail,
                        options,
                        &mut pc,
                        &mut pos,
                    )
                }
                Inst::Slot(s) => {
                    let kind = unit.slots.get(s as usize).copied()?;
                    let key = unit.slot_keys.get(s as usize).copied()?;
                    let (a, b) = self.slot_options(kind, key, pos);
                    let Scratch {
                        stack,
                        trail,
                        options,
                        ..
                    } = &mut *self.scratch;
                    let from = pos;
                    let options = options
                        .get(a as usize..b as usize)
                        .unwrap_or(&[])
                        .iter()
                        .map(move |&(end, value)| {
                            let cap = Cap {
                                kind: CapKind::Slot(s),
                                start: from,
                                end,
                                value,
                            };
                            (end, Some(cap))
                        });
                    branch(stack, trail, options, &mut pc, &mut pos)
                }
                Inst::Claim { last } => {
                    let leading_ok = !(unit.leading_claim && pc == 0) || pos <= self.view.leading;
                    let Scratch { stack, trail, .. } = &mut *self.scratch;
                    if pos >= n || !leading_ok {
                        false
                    } else if last {
                        let options = std::iter::once((n, Some(claim(pos, n))));
                        branch(stack, trail, options, &mut pc, &mut pos)
                    } else {
                        let from = pos;
                        let options = (from + 1..=n).map(move |e| (e, Some(claim(from, e))));
                        branch(stack, trail, options, &mut pc, &mut pos)
                    }
                }
                Inst::Gap(k) => {
                    let last = pos.saturating_add(k).min(n).max(pos);
                    let Scratch { stack, trail, .. } = &mut *self.scratch;
                    branch(
                        stack,
                        trail,
                        (pos..=last).map(|e| (e, None)),
                        &mut pc,
                        &mut pos,
                    )
                }
            };
            if ok {
                continue;
            }
            // Fail: resume the most recent alternative.
            let t = self.scratch.stack.pop()?;
            self.scratch.trail.truncate(t.trail as usize);
            if let Some(c) = t.push {
                self.scratch.trail.push(c);
            }
            pc = t.pc;
            pos = t.pos;
        }
    }
}

/// Continues with the first option and leaves the others as alternatives (the second on top,
/// so it is tried next); `false` when there is none.
fn branch(
    stack: &mut Vec<Thread>,
    trail: &mut Vec<Cap>,
    options: impl DoubleEndedIterator<Item = (u32, Option<Cap>)>,
    pc: &mut u32,
    pos: &mut u32,
) -> bool {
    let mut options = options;
    let Some((end, cap)) = options.next() else {
        return false;
    };
    let mark = trail.len() as u32;
    for (e, c) in options.rev() {
        stack.push(Thread {
            pc: *pc + 1,
            pos: e,
            trail: mark,
            push: c,
        });
    }
    if let Some(cap) = cap {
        trail.push(cap);
    }
    *pc += 1;
    *pos = end;
    true
}

fn literal(start: u32, end: u32) -> Cap {
    Cap {
        kind: CapKind::Literal,
        start,
        end,
        value: 0,
    }
}

fn claim(start: u32, end: u32) -> Cap {
    Cap {
        kind: CapKind::Claim,
        start,
        end,
        value: 0,
    }
}

/// Equality with curly and straight apostrophes taken as the same.
fn same_apostrophes(a: &str, b: &str) -> bool {
    let norm = |c: char| if c == '\u{2019}' { '\'' } else { c };
    a.chars().map(norm).eq(b.chars().map(norm))
}
