//! The compiled form of the extraction rules, built once per run by
//! `resolve::patterns::resolve_extraction`: every pattern and frame body becomes a small
//! backtracking program ([`Inst`]), every word any rule uses gets an id in one [`WordTable`],
//! lexicon and anaphor phrases become word-id sequences, and the entity names of the program
//! become one alias [`Lexicon`].
//!
//! It also builds the index that keeps extraction fast: each pattern or frame has one required
//! *anchor*, chosen at build time: the rarest-looking set of words of which every match must
//! contain one ("purchase" or "buy" rather than "to"), or else the type of a required entity
//! slot. A sentence is only tried against the units whose anchor it contains.
//!
//! Nothing here reads a document; `matcher` runs the programs.

use super::english;
use super::lexicon::{Lexicon, LexiconEntry, MentionKind};
use super::token::tokenize;
use crate::resolve::hir::{Program, TypeId};
use crate::resolve::patterns::{
    AnaphorInfo, AnaphorTarget, Elem, FrameInfo, LexiconInfo, PatternInfo, SlotKind,
    normalize_phrase,
};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The id of a word no rule uses.
pub(crate) const NO_WORD: u32 = u32::MAX;

/// One instruction of a compiled body. Programs are small and run by a backtracking machine
/// (`matcher::run`), first alternative first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Inst {
    /// One token whose word id is this.
    Word(u32),
    /// Tokens equal to an exact literal (index into [`Matcher::exacts`]).
    Exact(u32),
    /// Any phrase of a lexicon.
    Class(u32),
    /// A slot (index into the unit's slots).
    Slot(u32),
    /// A frame's claim; `last` when nothing follows it (it then runs to the sentence end).
    Claim {
        /// Whether it is the last element.
        last: bool,
    },
    /// Up to so many tokens, fewest first.
    Gap(u32),
    /// Try the first target, then the second.
    Split(u32, u32),
    /// [`Inst::Split`] whose first target is [`Inst::Word`] of this word id: when the token
    /// is another word, the machine goes straight to the second target, counting the two
    /// steps the split and the failing word would have taken.
    SplitWord(u32, u32, u32),
    /// Continue at.
    Jmp(u32),
    /// Success.
    Match,
}

/// A compiled pattern or frame.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// The program.
    pub prog: Vec<Inst>,
    /// What each slot matches.
    pub slots: Vec<SlotKind>,
    /// Whether this is a frame (else a pattern).
    pub frame: bool,
    /// Index into the patterns or the frames.
    pub index: usize,
    /// Whether the body starts with `{claim}` (such a frame only starts at the clause start).
    pub leading_claim: bool,
    /// What the first token of a match can be, to skip start tokens without running.
    pub first: First,
    /// For each slot, the id of its kind among the matcher's slot kinds
    /// ([`Matcher::slot_kinds`]), which keys the machine's cache of slot options.
    pub slot_keys: Vec<u32>,
    /// For each instruction, an index into `chains` when it is an [`Inst::SplitWord`] that
    /// heads a long enough run of them.
    pub chain_at: Vec<u32>,
    /// Runs of [`Inst::SplitWord`]s, each linked to the next by its second target.
    pub chains: Vec<WordChain>,
    /// Whether the unit is anchored by words: every match then has a token whose word id is
    /// one of them (those whose [`Matcher::anchor_units`] list the unit), so no match starts
    /// after the last such token of a sentence.
    pub word_anchor: bool,
}

/// A run of [`Inst::SplitWord`]s, each the second target of the one before (the alternatives
/// of a group, an optional word before them): the machine passes over all of them at once
/// when the token is none of their words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordChain {
    /// The words of the run, as a bit set over word ids.
    pub word_bits: Vec<u64>,
    /// How many splits the run has.
    pub len: u32,
    /// The second target of its last split: where a token that is none of its words goes.
    pub exit: u32,
}

impl WordChain {
    /// Whether word id `w` is one of the run's words.
    #[inline]
    pub(crate) fn has_word(&self, w: u32) -> bool {
        self.word_bits
            .get(w as usize / 64)
            .is_some_and(|b| b & (1 << (w % 64)) != 0)
    }
}

/// Shortest run of [`Inst::SplitWord`]s worth a [`WordChain`] (shorter ones are walked).
const MIN_CHAIN: u32 = 3;

/// The runs of [`Inst::SplitWord`]s of a program, for [`Unit::chain_at`] and
/// [`Unit::chains`], with bit sets `n_words` bits long.
fn word_chains(prog: &[Inst], n_words: usize) -> (Vec<u32>, Vec<WordChain>) {
    let mut chain_at = vec![u32::MAX; prog.len()];
    let mut chains = Vec::new();
    for (pc, inst) in prog.iter().enumerate() {
        let Inst::SplitWord(_, _, _) = inst else {
            continue;
        };
        let mut chain = WordChain {
            word_bits: vec![0u64; n_words.div_ceil(64)],
            len: 0,
            exit: 0,
        };
        let mut at = pc;
        while let Some(&Inst::SplitWord(_, b, w)) = prog.get(at) {
            if let Some(bits) = chain.word_bits.get_mut(w as usize / 64) {
                *bits |= 1 << (w % 64);
            }
            chain.len += 1;
            chain.exit = b;
            at = b as usize;
        }
        if chain.len >= MIN_CHAIN
            && let Some(slot) = chain_at.get_mut(pc)
        {
            *slot = chains.len() as u32;
            chains.push(chain);
        }
    }
    (chain_at, chains)
}

/// What the first token of a match can be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct First {
    /// One of these words.
    pub words: Vec<u32>,
    /// The start of an entity candidate.
    pub entity: bool,
    /// Anything (a number, a date, a claim): no filter.
    pub any: bool,
    /// `words` as a bit set over word ids, for a test per token.
    pub word_bits: Vec<u64>,
}

impl First {
    /// Whether a match can only start where an entity candidate starts.
    #[inline]
    pub(crate) fn entity_only(&self) -> bool {
        self.entity && !self.any && self.words.is_empty()
    }

    /// Whether word id `w` is one of `words`.
    #[inline]
    pub(crate) fn has_word(&self, w: u32) -> bool {
        self.word_bits
            .get(w as usize / 64)
            .is_some_and(|b| b & (1 << (w % 64)) != 0)
    }
}

/// The first consuming instructions reachable from the start of a program.
fn first_set(
    prog: &[Inst],
    unit_slots: &[SlotKind],
    exact_first: &[u32],
    phrases: &[Phrase],
) -> First {
    let mut first = First::default();
    let mut todo = vec![0u32];
    let mut seen = vec![false; prog.len()];
    while let Some(pc) = todo.pop() {
        let Some(visited) = seen.get_mut(pc as usize) else {
            continue;
        };
        if *visited {
            continue;
        }
        *visited = true;
        match prog.get(pc as usize) {
            Some(Inst::Split(a, b) | Inst::SplitWord(a, b, _)) => todo.extend([*a, *b]),
            Some(Inst::Jmp(a)) => todo.push(*a),
            Some(Inst::Word(w)) => first.words.push(*w),
            Some(Inst::Exact(i)) => match exact_first.get(*i as usize) {
                Some(&w) if w != NO_WORD => first.words.push(w),
                _ => first.any = true,
            },
            Some(Inst::Class(l)) => {
                for p in phrases {
                    if p.owner == PhraseOwner::Lexicon(*l)
                        && let Some(&w) = p.words.first()
                    {
                        first.words.push(w);
                    }
                }
            }
            Some(Inst::Slot(s)) => match unit_slots.get(*s as usize) {
                Some(SlotKind::Entity(_) | SlotKind::List(_) | SlotKind::Pair(_)) => {
                    first.entity = true
                }
                _ => first.any = true,
            },
            Some(Inst::Claim { .. } | Inst::Gap(_) | Inst::Match) | None => first.any = true,
        }
    }
    first.words.sort_unstable();
    first.words.dedup();
    first
}

/// A lexicon or anaphor phrase, as word ids.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    /// The words.
    pub words: Vec<u32>,
    /// Whose phrase it is.
    pub owner: PhraseOwner,
}

/// Whose phrase a [`Phrase`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PhraseOwner {
    /// A lexicon (index into the lexicons).
    Lexicon(u32),
    /// An anaphor (index into the anaphors).
    Anaphor(u32),
}

/// Everything the extractor runs, built once.
#[derive(Clone, Debug)]
pub(crate) struct Matcher {
    /// Entity names, aliases and demonyms; a mention's target is the `EntityId`.
    pub entities: Lexicon,
    /// Each entity's type.
    pub entity_types: Vec<TypeId>,
    /// Words used by any rule.
    pub words: WordTable,
    /// Patterns first, then frames.
    pub units: Vec<Unit>,
    /// Exact literals: their tokens' texts, apostrophes straightened.
    pub exacts: Vec<Vec<String>>,
    /// Lexicon and anaphor phrases.
    pub phrases: Vec<Phrase>,
    /// For each word id, the phrases that start with it.
    pub phrase_starts: Vec<Vec<u32>>,
    /// For each word id (in `words`), the units it anchors: the anchor words are those of
    /// units, and of anaphors that can fill an anchoring slot.
    pub anchor_units: Vec<Vec<u32>>,
    /// Whether some anchor word starts with neither a letter nor a digit, so that punctuation
    /// tokens can anchor too.
    pub anchor_symbols: bool,
    /// Whether some anchor word is not ASCII or has an apostrophe, so that a token that is not
    /// ASCII can anchor too (the others never spell an anchor word).
    pub anchor_non_ascii: bool,
    /// For each entity type, the units anchored on a slot type it fits.
    pub type_anchors: Vec<Vec<u32>>,
    /// Units without an anchor: tried on every sentence.
    pub unanchored: Vec<u32>,
    /// Number of distinct slot kinds of all units ([`Unit::slot_keys`]).
    pub slot_kinds: usize,
    /// The ids of the words a date can start with, as a bit set (see
    /// [`Matcher::may_start_date`]).
    pub date_words: Vec<u64>,
}

impl Matcher {
    /// Compiles resolved rules.
    pub(crate) fn build(
        program: &Program,
        lexicons: &[LexiconInfo],
        anaphors: &[AnaphorInfo],
        patterns: &[PatternInfo],
        frames: &[FrameInfo],
    ) -> Matcher {
        let mut entries = Vec::new();
        for (id, e) in program.entities.iter().enumerate() {
            let id = id as u32;
            let push = |entries: &mut Vec<LexiconEntry>, text: &str, kind| {
                entries.push(LexiconEntry {
                    text: text.to_string(),
                    target: id,
                    kind,
                })
            };
            push(&mut entries, &e.display, MentionKind::Name);
            for a in &e.aliases {
                push(&mut entries, a, MentionKind::Alias);
            }
            for d in &e.demonyms {
                push(&mut entries, d, MentionKind::Demonym);
            }
        }
        let mut b = Builder {
            words: WordTable::default(),
            exacts: Vec::new(),
        };
        let mut phrases = Vec::new();
        for (i, l) in lexicons.iter().enumerate() {
            for p in &l.phrases {
                let words = b.phrase_words(p);
                if !words.is_empty() {
                    phrases.push(Phrase {
                        words,
                        owner: PhraseOwner::Lexicon(i as u32),
                    });
                }
            }
        }
        for (i, a) in anaphors.iter().enumerate() {
            for p in &a.phrases {
                let words = b.phrase_words(p);
                if !words.is_empty() {
                    phrases.push(Phrase {
                        words,
                        owner: PhraseOwner::Anaphor(i as u32),
                    });
                }
            }
        }
        let mut units = Vec::new();
        let mut anchors = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            units.push(b.unit(&p.body, &p.slots, false, i));
            anchors.push(choose_anchor(&p.body, &p.slots, lexicons));
        }
        for (i, f) in frames.iter().enumerate() {
            units.push(b.unit(&f.body, &f.slots, true, i));
            anchors.push(choose_anchor(&f.body, &f.slots, lexicons));
        }
        // Anchor words are first collected in a table of their own (which decides, as its
        // lookup would, which tokens can spell one), then keyed by their id in `words`, so
        // that every token is looked up once.
        let mut anchor_words = WordTable::default();
        let mut anchor_units: Vec<Vec<u32>> = Vec::new();
        let mut add_anchor = |word: &str, u: u32, table: &mut WordTable| {
            let id = table.intern(word) as usize;
            if anchor_units.len() <= id {
                anchor_units.resize(id + 1, Vec::new());
            }
            if let Some(list) = anchor_units.get_mut(id)
                && !list.contains(&u)
            {
                list.push(u);
            }
        };
        let mut type_anchors = vec![Vec::new(); program.types.len()];
        let mut anaphor_anchors: Vec<Vec<u32>> = vec![Vec::new(); anaphors.len()];
        let mut unanchored = Vec::new();
        for (u, anchor) in anchors.iter().enumerate() {
            let u = u as u32;
            match anchor {
                Anchor::Words(ws) => {
                    if let Some(unit) = units.get_mut(u as usize) {
                        unit.word_anchor = true;
                    }
                    for w in ws {
                        add_anchor(w, u, &mut anchor_words);
                    }
                }
                Anchor::Type(t) => {
                    for (ty, list) in type_anchors.iter_mut().enumerate() {
                        if program.is_subtype(TypeId(ty as u32), *t) {
                            list.push(u);
                        }
                    }
                    for (a, list) in anaphor_anchors.iter_mut().enumerate() {
                        let at = match anaphors.get(a).map(|x| x.target) {
                            Some(AnaphorTarget::Entity(at) | AnaphorTarget::Pair(at)) => at,
                            _ => continue,
                        };
                        if program.is_subtype(at, *t) || program.is_subtype(*t, at) {
                            list.push(u);
                        }
                    }
                }
                Anchor::None => unanchored.push(u),
            }
        }
        let exact_first: Vec<u32> = b
            .exacts
            .iter()
            .map(|texts| texts.first().map_or(NO_WORD, |t| b.words.lookup(t)))
            .collect();
        for unit in &mut units {
            unit.first = first_set(&unit.prog, &unit.slots, &exact_first, &phrases);
        }
        // An anaphor's words anchor the units whose slot it may fill.
        for (a, info) in anaphors.iter().enumerate() {
            for unit in anaphor_anchors.get(a).map_or(&[][..], Vec::as_slice) {
                for phrase in &info.phrases {
                    if let Some(first) = tokenize(phrase, 0..phrase.len()).first() {
                        add_anchor(
                            &normalize_phrase(first.text(phrase)),
                            *unit,
                            &mut anchor_words,
                        );
                    }
                }
            }
        }
        let mut anchor_units_by_word: Vec<Vec<u32>> = Vec::new();
        let mut anchor_keys: Vec<(&[u8], u32)> = anchor_words
            .ids
            .iter()
            .map(|(k, id)| (&k[..], *id))
            .collect();
        anchor_keys.sort_unstable_by_key(|(_, id)| *id);
        for (key, aid) in anchor_keys {
            let word = b.words.intern(&String::from_utf8_lossy(key)) as usize;
            if anchor_units_by_word.len() <= word {
                anchor_units_by_word.resize(word + 1, Vec::new());
            }
            if let (Some(list), Some(units)) = (
                anchor_units_by_word.get_mut(word),
                anchor_units.get(aid as usize),
            ) {
                list.extend(units);
            }
        }
        // The words a date can start with get ids too, so that the search for dates can pass
        // over most tokens by their id.
        let date_ids: Vec<u32> = english::date_start_words()
            .filter_map(|w| std::str::from_utf8(w).ok())
            .map(|w| b.words.intern(w))
            .collect();
        let n_words = b.words.len();
        let mut date_words = vec![0u64; n_words.div_ceil(64)];
        for w in date_ids {
            if let Some(b) = date_words.get_mut(w as usize / 64) {
                *b |= 1 << (w % 64);
            }
        }
        let mut kinds: Vec<SlotKind> = Vec::new();
        for unit in &mut units {
            (unit.chain_at, unit.chains) = word_chains(&unit.prog, n_words);
            unit.slot_keys = unit
                .slots
                .iter()
                .map(|k| match kinds.iter().position(|x| x == k) {
                    Some(i) => i as u32,
                    None => {
                        kinds.push(*k);
                        kinds.len() as u32 - 1
                    }
                })
                .collect();
        }
        for unit in &mut units {
            let mut bits = vec![0u64; n_words.div_ceil(64)];
            for &w in &unit.first.words {
                if let Some(b) = bits.get_mut(w as usize / 64) {
                    *b |= 1 << (w % 64);
                }
            }
            unit.first.word_bits = bits;
        }
        let mut phrase_starts = vec![Vec::new(); n_words];
        for (i, p) in phrases.iter().enumerate() {
            if let Some(list) = p
                .words
                .first()
                .and_then(|w| phrase_starts.get_mut(*w as usize))
            {
                list.push(i as u32);
            }
        }
        Matcher {
            entities: Lexicon::new(entries),
            entity_types: program.entities.iter().map(|e| e.ty).collect(),
            words: b.words,
            units,
            exacts: b.exacts,
            phrases,
            phrase_starts,
            anchor_units: anchor_units_by_word,
            anchor_symbols: anchor_words.has_symbols(),
            anchor_non_ascii: anchor_words.slow_words,
            type_anchors,
            unanchored,
            date_words,
            slot_kinds: kinds.len(),
        }
    }

    /// Whether a token of word id `w` may start a date (a number token always may): the words
    /// of [`english::date_start_words`], as a bit set over word ids.
    #[inline]
    pub(crate) fn may_start_date(&self, w: u32) -> bool {
        self.date_words
            .get(w as usize / 64)
            .is_some_and(|b| b & (1 << (w % 64)) != 0)
    }
}

struct Builder {
    words: WordTable,
    exacts: Vec<Vec<String>>,
}

impl Builder {
    /// A phrase's tokens as word ids.
    fn phrase_words(&mut self, phrase: &str) -> Vec<u32> {
        tokenize(phrase, 0..phrase.len())
            .iter()
            .map(|t| self.words.intern(&normalize_phrase(t.text(phrase))))
            .collect()
    }

    fn unit(
        &mut self,
        body: &[Elem],
        slots: &[crate::resolve::patterns::SlotInfo],
        frame: bool,
        index: usize,
    ) -> Unit {
        let mut prog = Vec::new();
        self.seq(body, &mut prog, true);
        prog.push(Inst::Match);
        Unit {
            prog,
            slots: slots.iter().map(|s| s.kind).collect(),
            frame,
            index,
            leading_claim: matches!(body.first(), Some(Elem::Claim)),
            first: First::default(),
            slot_keys: Vec::new(),
            chain_at: Vec::new(),
            chains: Vec::new(),
            word_anchor: false,
        }
    }

    /// Compiles a sequence; `top` when it is the whole body (for the claim's `last` flag).
    fn seq(&mut self, seq: &[Elem], prog: &mut Vec<Inst>, top: bool) {
        for (i, e) in seq.iter().enumerate() {
            let last = top && i + 1 == seq.len();
            self.elem(e, prog, last);
        }
    }

    fn elem(&mut self, e: &Elem, prog: &mut Vec<Inst>, last: bool) {
        match e {
            Elem::Word(w) => {
                let id = self.words.intern(w);
                prog.push(Inst::Word(id));
            }
            Elem::Literal(s) => {
                let texts: Vec<String> = tokenize(s, 0..s.len())
                    .iter()
                    .map(|t| t.text(s).replace('\u{2019}', "'"))
                    .collect();
                // The first token's word is interned so that it can serve as an anchor.
                if let Some(first) = texts.first() {
                    self.words.intern(&normalize_phrase(first));
                }
                prog.push(Inst::Exact(self.exacts.len() as u32));
                self.exacts.push(texts);
            }
            Elem::Class(l) => prog.push(Inst::Class(*l as u32)),
            Elem::Slot(s) => prog.push(Inst::Slot(*s as u32)),
            Elem::Claim => prog.push(Inst::Claim { last }),
            Elem::Gap(n) => prog.push(Inst::Gap(*n)),
            Elem::Optional(inner) => {
                let split = prog.len();
                prog.push(Inst::Split(0, 0));
                self.elem(inner, prog, false);
                let after = prog.len() as u32;
                set_split(prog, split, after);
            }
            Elem::Group(alts) => {
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = prog.len();
                        prog.push(Inst::Split(0, 0));
                        self.seq(alt, prog, false);
                        jumps.push(prog.len());
                        prog.push(Inst::Jmp(0));
                        let next = prog.len() as u32;
                        set_split(prog, split, next);
                    } else {
                        self.seq(alt, prog, false);
                    }
                }
                let end = prog.len() as u32;
                for j in jumps {
                    if let Some(slot) = prog.get_mut(j) {
                        *slot = Inst::Jmp(end);
                    }
                }
            }
        }
    }
}

/// Fills in the split at `split`, which tries what follows it first and then `other`.
fn set_split(prog: &mut [Inst], split: usize, other: u32) {
    let first = split as u32 + 1;
    let inst = match prog.get(split + 1) {
        Some(Inst::Word(w)) => Inst::SplitWord(first, other, *w),
        _ => Inst::Split(first, other),
    };
    if let Some(slot) = prog.get_mut(split) {
        *slot = inst;
    }
}

/// What a sentence must contain for a unit to be worth trying.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Anchor {
    /// One of these words (normalized).
    Words(Vec<String>),
    /// A mention (or anaphor) of an entity of this type or a subtype.
    Type(TypeId),
    /// Nothing to go by: try every sentence.
    None,
}

/// How costly a word is as an anchor: common words match most sentences.
fn word_cost(word: &str) -> usize {
    if english::is_common_word(word.as_bytes()) || word.chars().count() <= 1 {
        20
    } else {
        8usize.saturating_sub(word.chars().count()).max(1)
    }
}

/// The words every match of a required element contains one of, if there is such a set.
fn element_words(e: &Elem, lexicons: &[LexiconInfo]) -> Option<Vec<String>> {
    match e {
        Elem::Word(w) => Some(vec![w.clone()]),
        Elem::Literal(s) => {
            let first = tokenize(s, 0..s.len())
                .first()
                .map(|t| t.text(s).to_string())?;
            Some(vec![normalize_phrase(&first)])
        }
        Elem::Class(l) => {
            let lex = lexicons.get(*l)?;
            let mut out = Vec::new();
            for p in &lex.phrases {
                let first = tokenize(p, 0..p.len())
                    .first()
                    .map(|t| t.text(p).to_string())?;
                out.push(normalize_phrase(&first));
            }
            (!out.is_empty()).then_some(out)
        }
        Elem::Group(alts) => {
            let mut out = Vec::new();
            for alt in alts {
                let best = alt
                    .iter()
                    .filter_map(|e| element_words(e, lexicons))
                    .min_by_key(|ws| ws.iter().map(|w| word_cost(w)).sum::<usize>())?;
                out.extend(best);
            }
            out.sort();
            out.dedup();
            Some(out)
        }
        Elem::Optional(_) | Elem::Gap(_) | Elem::Slot(_) | Elem::Claim => None,
    }
}

fn choose_anchor(
    body: &[Elem],
    slots: &[crate::resolve::patterns::SlotInfo],
    lexicons: &[LexiconInfo],
) -> Anchor {
    let best = body
        .iter()
        .filter_map(|e| element_words(e, lexicons))
        .min_by_key(|ws| ws.iter().map(|w| word_cost(w)).sum::<usize>());
    if let Some(ws) = best {
        return Anchor::Words(ws);
    }
    for e in body {
        if let Elem::Slot(s) = e
            && let Some(info) = slots.get(*s)
            && let SlotKind::Entity(t) | SlotKind::List(t) | SlotKind::Pair(t) = info.kind
        {
            return Anchor::Type(t);
        }
    }
    Anchor::None
}

/// A fast hasher for short byte strings (the FxHash mix): words are hashed once per token.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            if let Some(head) = buf.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_usize(i as usize);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.write_usize(i as usize);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The words rules use, each with an id, and a lookup that normalizes a token's text (lower
/// case, straight apostrophes) on the way. ASCII words of up to [`SHORT`] bytes (nearly every
/// token) are found in an open-addressing table keyed by their bytes packed into two integers,
/// lower-cased on the way in; longer ones go through a bit set over their first, second and
/// last bytes and length, which rejects most of them before they are hashed.
#[derive(Clone, Debug)]
pub(crate) struct WordTable {
    ids: HashMap<Box<[u8]>, u32, BuildHasherDefault<WordHasher>>,
    /// The ASCII words of at most [`SHORT`] bytes, by [`short_key`]; a power of two long,
    /// never more than half full; empty slots have the id [`NO_WORD`].
    short: Vec<ShortSlot>,
    /// Number of words in `short`.
    short_used: usize,
    /// Bits over [`filter_key`] of every ASCII word.
    filter: Box<[u64; 1024]>,
    /// Length in bytes of the longest word.
    longest: usize,
    /// Whether some word is not ASCII or has an apostrophe (which text may write curly):
    /// then tokens that are not ASCII are looked up the slow way.
    slow_words: bool,
    /// Whether some word starts with neither a letter nor a digit (`,`, `"`).
    symbols: bool,
}

/// Longest word the short table holds, in bytes.
const SHORT: usize = 16;

/// One slot of the short table: the packed word, its length and its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ShortSlot {
    lo: u64,
    hi: u64,
    len: u32,
    id: u32,
}

const EMPTY_SLOT: ShortSlot = ShortSlot {
    lo: 0,
    hi: 0,
    len: 0,
    id: NO_WORD,
};

/// A word of at most [`SHORT`] bytes packed: (first eight bytes, next eight, length),
/// zero-padded, little-endian.
#[inline]
fn short_key(bytes: &[u8]) -> (u64, u64, u32) {
    let (mut lo, mut hi) = (0u64, 0u64);
    for (i, &b) in bytes.iter().enumerate().take(SHORT) {
        if i < 8 {
            lo |= u64::from(b) << (8 * i);
        } else {
            hi |= u64::from(b) << (8 * (i - 8));
        }
    }
    (lo, hi, bytes.len() as u32)
}

/// The high bit of every byte: set in a packed word that is not ASCII.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Eight packed ASCII bytes with `A`–`Z` lower-cased (no byte may have its high bit set).
#[inline]
fn fold_ascii(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Per byte: the high bit of `b + 0x3F` is set from `A` on, that of `b + 0x25` from `[` on;
    // no sum carries into the next byte because every byte is below 0x80.
    let from_a = x.wrapping_add(0x3F * ONES);
    let past_z = x.wrapping_add(0x25 * ONES);
    let upper = from_a & !past_z & (0x80 * ONES);
    x | (upper >> 2)
}

/// Where a packed word's probe starts in a table of `mask + 1` slots.
#[inline]
fn short_home(lo: u64, hi: u64, len: u32, mask: usize) -> usize {
    let h = (lo ^ hi.rotate_left(23) ^ u64::from(len).rotate_right(8))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as usize & mask
}

/// Puts a slot into a table that has room for it.
fn short_insert(table: &mut [ShortSlot], slot: ShortSlot) {
    let mask = table.len().wrapping_sub(1);
    let mut i = short_home(slot.lo, slot.hi, slot.len, mask);
    for _ in 0..table.len() {
        match table.get_mut(i) {
            Some(s) if s.id == NO_WORD => {
                *s = slot;
                return;
            }
            _ => i = (i + 1) & mask,
        }
    }
}

impl Default for WordTable {
    fn default() -> WordTable {
        WordTable {
            ids: HashMap::default(),
            short: vec![EMPTY_SLOT; 16],
            short_used: 0,
            filter: Box::new([0; 1024]),
            longest: 0,
            slow_words: false,
            symbols: false,
        }
    }
}

/// The filter bit of a lower-case ASCII word.
#[inline]
fn filter_key(bytes: &[u8]) -> usize {
    let at = |i: usize| usize::from(bytes.get(i).copied().unwrap_or(0).to_ascii_lowercase());
    let last = at(bytes.len().saturating_sub(1));
    let h = (((at(0) * 31 + at(1)) * 31 + last) * 31 + bytes.len()).wrapping_mul(0x9E37_79B9);
    (h >> 8) & 0xFFFF
}

impl WordTable {
    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether some word starts with neither a letter nor a digit, so that punctuation
    /// tokens must be looked up too.
    pub(crate) fn has_symbols(&self) -> bool {
        self.symbols
    }

    /// The id of a normalized word, adding it when new.
    pub(crate) fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word.as_bytes()) {
            return id;
        }
        let id = self.ids.len() as u32;
        let bytes = word.as_bytes();
        self.ids.insert(bytes.into(), id);
        if bytes.is_ascii() && bytes.len() <= SHORT && !bytes.is_empty() {
            // Keys are stored as given (interned words are already normalized): a key with
            // capitals in it is never found, as with the map.
            let (lo, hi, len) = short_key(bytes);
            self.short_used += 1;
            if 2 * self.short_used > self.short.len() {
                let mut bigger = vec![EMPTY_SLOT; self.short.len() * 2];
                for slot in self.short.iter().filter(|s| s.id != NO_WORD) {
                    short_insert(&mut bigger, *slot);
                }
                self.short = bigger;
            }
            short_insert(&mut self.short, ShortSlot { lo, hi, len, id });
        }
        if bytes.is_ascii() {
            let bit = filter_key(bytes);
            if let Some(word) = self.filter.get_mut(bit >> 6) {
                *word |= 1 << (bit & 63);
            }
        }
        self.slow_words |= !bytes.is_ascii() || bytes.contains(&b'\'');
        self.symbols |= !word.starts_with(char::is_alphanumeric);
        self.longest = self.longest.max(bytes.len());
        id
    }

    /// The id of a short ASCII word, packed by [`short_key`] and folded.
    #[inline]
    fn short_id(&self, lo: u64, hi: u64, len: u32) -> u32 {
        let (lo, hi) = (fold_ascii(lo), fold_ascii(hi));
        let mask = self.short.len().wrapping_sub(1);
        let mut i = short_home(lo, hi, len, mask);
        loop {
            match self.short.get(i) {
                Some(s) if s.id == NO_WORD => return NO_WORD,
                Some(s) if s.lo == lo && s.hi == hi && s.len == len => return s.id,
                Some(_) => i = (i + 1) & mask,
                None => return NO_WORD,
            }
        }
    }

    /// [`WordTable::lookup`] of the token `text[start..end]`; a short one is read sixteen
    /// bytes at a time from the text around it rather than byte by byte.
    #[inline]
    pub(crate) fn lookup_span(&self, text: &str, start: usize, end: usize) -> u32 {
        let n = end.wrapping_sub(start);
        if (1..=SHORT).contains(&n)
            && let Some(window) = text.as_bytes().get(start..start + 2 * 8)
        {
            let word = |k: usize| {
                let mut w = [0u8; 8];
                if let Some(part) = window.get(k..k + 8) {
                    w.copy_from_slice(part);
                }
                u64::from_le_bytes(w)
            };
            let keep = |bytes: usize| match bytes {
                0 => 0,
                1..=7 => (1u64 << (8 * bytes)) - 1,
                _ => u64::MAX,
            };
            let lo = word(0) & keep(n);
            let hi = word(8) & keep(n.saturating_sub(8));
            if (lo | hi) & HIGH_BITS == 0 {
                return self.short_id(lo, hi, n as u32);
            }
        }
        self.lookup(text.get(start..end).unwrap_or(""))
    }

    /// The id of the word a token's text spells, or [`NO_WORD`].
    #[inline]
    pub(crate) fn lookup(&self, text: &str) -> u32 {
        let bytes = text.as_bytes();
        let n = bytes.len();
        if n == 0 {
            return NO_WORD;
        }
        if n <= SHORT {
            let (lo, hi, len) = short_key(bytes);
            if (lo | hi) & HIGH_BITS == 0 {
                return self.short_id(lo, hi, len);
            }
        }
        if bytes.is_ascii() {
            if n > self.longest || n > 32 {
                return NO_WORD;
            }
            let bit = filter_key(bytes);
            if self
                .filter
                .get(bit >> 6)
                .is_none_or(|w| w & (1 << (bit & 63)) == 0)
            {
                return NO_WORD;
            }
            let mut buf = [0u8; 32];
            for (d, s) in buf.iter_mut().zip(bytes) {
                *d = s.to_ascii_lowercase();
            }
            return buf
                .get(..n)
                .and_then(|key| self.ids.get(key))
                .copied()
                .unwrap_or(NO_WORD);
        }
        if !self.slow_words {
            return NO_WORD;
        }
        let normalized = normalize_phrase(text);
        self.ids
            .get(normalized.as_bytes())
            .copied()
            .unwrap_or(NO_WORD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_table_normalizes() {
        let mut t = WordTable::default();
        let seeks = t.intern("seeks");
        let didnt = t.intern("didn't");
        let comma = t.intern(",");
        assert_eq!(t.lookup("Seeks"), seeks);
        assert_eq!(t.lookup("SEEKS"), seeks);
        assert_eq!(t.lookup("didn’t"), didnt);
        assert_eq!(t.lookup(","), comma);
        assert_eq!(t.lookup("seek"), NO_WORD);
        assert_eq!(t.lookup(""), NO_WORD);
    }

    #[test]
    fn short_table_and_spans_agree_with_the_map() {
        let mut t = WordTable::default();
        let words: Vec<String> = (0..300).map(|i| format!("w{i}x")).collect();
        let long = "internationalization";
        for w in words
            .iter()
            .map(String::as_str)
            .chain([long, "a", "sixteen-letters!", "@[`{"])
        {
            t.intern(w);
        }
        let text = format!(
            "{} {} A W17X @[`{{ Sixteen-Letters! zz {}",
            long, "W299X", "w5x"
        );
        let mut start = 0;
        for piece in text.split(' ') {
            let end = start + piece.len();
            let want = t
                .ids
                .get(piece.to_lowercase().as_bytes())
                .copied()
                .unwrap_or(NO_WORD);
            assert_eq!(t.lookup(piece), want, "{piece}");
            assert_eq!(t.lookup_span(&text, start, end), want, "{piece}");
            start = end + 1;
        }
        assert_ne!(t.lookup_span(&text, text.len() - 3, text.len()), NO_WORD);
        assert_eq!(t.lookup("@[`{"), t.lookup("@[`{"));
        assert_eq!(t.lookup("`"), NO_WORD);
    }
}
