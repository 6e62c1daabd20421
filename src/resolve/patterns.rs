//! The extraction rules of a run: lexicons, cues, anaphors, patterns and frames, resolved
//! against a finished [`Program`] and compiled once into the matcher the extractor runs on
//! every document. This is a pass of its own, after `resolve_program`, which skips these items.
//!
//! Resolution looks every name up (lexicons, slot types, anaphor targets, predicates,
//! entities, modalities), checks each head against its predicate (arity, output, the type of
//! every slot, entity and literal), and reports slots that are defined twice, never used, or
//! used where they cannot fit. All errors are collected and sorted. Items with errors are left
//! out; the rest still extract.
//!
//! It reads no documents and matches nothing: `extract::pattern` compiles what is resolved
//! here, and `extract::run` applies it.

mod error;

pub use error::ExtractionError;

use super::error::ResolveError;
use super::hir::{Modality, PredId, Program, Stance, Type, TypeId};
use super::scope::{Coerce, Poison, SCALAR_TYPES, Scope};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::extract::pattern::Matcher;
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, Item};
use crate::value::{EntityId, Value};
use std::collections::HashMap;

/// Everything extraction needs, resolved and compiled once per run. `Send + Sync`: share it
/// across threads.
#[derive(Debug)]
pub struct ExtractionRules {
    /// Lexicons, in declaration order (cues and `@name` elements refer to them by index).
    pub lexicons: Vec<LexiconInfo>,
    /// Cues.
    pub cues: Vec<CueInfo>,
    /// Anaphors.
    pub anaphors: Vec<AnaphorInfo>,
    /// Patterns, in declaration order.
    pub patterns: Vec<PatternInfo>,
    /// Frames, in declaration order.
    pub frames: Vec<FrameInfo>,
    /// The compiled matcher.
    pub(crate) matcher: Matcher,
}

impl ExtractionRules {
    /// Rules that extract nothing (no patterns), with the entity lexicon of `program`.
    pub fn empty(program: &Program) -> ExtractionRules {
        resolve_extraction(program, &[]).0
    }
}

/// A resolved `lexicon`.
#[derive(Clone, Debug)]
pub struct LexiconInfo {
    /// Name.
    pub name: String,
    /// Phrases as declared.
    pub phrases: Vec<String>,
    /// Declaration.
    pub span: Span,
}

/// What a cue does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueEffect {
    /// Flips asserts and negates.
    Negates,
    /// Sets this modality (unless a stronger one is already set).
    Modality(Modality),
}

/// A resolved `cue`.
#[derive(Clone, Debug)]
pub struct CueInfo {
    /// Index into [`ExtractionRules::lexicons`].
    pub lexicon: usize,
    /// What it does.
    pub effect: CueEffect,
    /// Declaration.
    pub span: Span,
}

/// What an anaphor stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnaphorTarget {
    /// The nearest earlier mention of an entity of this type or a subtype.
    Entity(TypeId),
    /// The two nearest earlier distinct entities of this type or a subtype.
    Pair(TypeId),
    /// The nearest earlier extracted statement of this predicate.
    Statement(PredId),
}

/// A resolved `anaphor`.
#[derive(Clone, Debug)]
pub struct AnaphorInfo {
    /// Phrases as declared.
    pub phrases: Vec<String>,
    /// What they stand for.
    pub target: AnaphorTarget,
    /// Declaration.
    pub span: Span,
}

/// A resolved body element; slots and lexicons are indexes.
#[derive(Clone, Debug, PartialEq)]
pub enum Elem {
    /// A word, lower case.
    Word(String),
    /// Exact text.
    Literal(String),
    /// Alternatives.
    Group(Vec<Vec<Elem>>),
    /// Optional.
    Optional(Box<Elem>),
    /// Up to so many tokens.
    Gap(u32),
    /// Index into the item's slots.
    Slot(usize),
    /// The frame's claim.
    Claim,
    /// Index into [`ExtractionRules::lexicons`].
    Class(usize),
}

/// What a slot matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// One entity of this type or a subtype.
    Entity(TypeId),
    /// One or more entities, separated by commas, "and", "or".
    List(TypeId),
    /// Two entities ("Russia and North Korea") or a pair anaphor ("the two countries").
    Pair(TypeId),
    /// A number with its qualifier and unit.
    Number,
    /// A date or interval.
    Date,
}

/// A slot of a pattern or frame.
#[derive(Clone, Debug)]
pub struct SlotInfo {
    /// One name, two for a pair; `_` for a slot that is not kept.
    pub names: Vec<String>,
    /// What it matches.
    pub kind: SlotKind,
    /// Where it was written.
    pub span: Span,
}

/// Where a head argument's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSource {
    /// A slot (`part` is 0, or 1 for the second name of a pair).
    Slot {
        /// Index into the item's slots.
        slot: usize,
        /// Which entity of a pair.
        part: usize,
    },
    /// A constant written in the head.
    Const(Value),
    /// `_`: unknown (a propositional anaphor may fill it).
    Unknown,
    /// `@date`.
    Date,
}

/// A resolved `pattern`.
#[derive(Clone, Debug)]
pub struct PatternInfo {
    /// Name (shared with every statement the pattern extracts).
    pub name: std::sync::Arc<str>,
    /// Body.
    pub body: Vec<Elem>,
    /// Slots, indexed by [`Elem::Slot`].
    pub slots: Vec<SlotInfo>,
    /// Predicate of the head.
    pub pred: PredId,
    /// Arguments of the head, output last.
    pub args: Vec<ArgSource>,
    /// The parameter type of each argument.
    pub arg_types: Vec<Type>,
    /// `not`.
    pub negated: bool,
    /// Modality written in the head.
    pub modality: Option<Modality>,
    /// Declaration.
    pub span: Span,
}

/// Who a frame's claim belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeakerSource {
    /// The entity a slot matched.
    Slot(usize),
    /// A fixed entity.
    Entity(EntityId),
    /// The document's author.
    Author,
    /// `@speaker`: the previous frame's speaker in the same sentence.
    Previous,
}

/// A resolved `frame`.
#[derive(Clone, Debug)]
pub struct FrameInfo {
    /// Name (shared with every statement the frame extracts).
    pub name: std::sync::Arc<str>,
    /// Body.
    pub body: Vec<Elem>,
    /// Slots.
    pub slots: Vec<SlotInfo>,
    /// Speaker.
    pub speaker: SpeakerSource,
    /// Stance; `None` for a frame without a claim.
    pub stance: Option<Stance>,
    /// Modality written in the head.
    pub modality: Option<Modality>,
    /// Declaration.
    pub span: Span,
}

/// Resolves the extraction items of all rule files of a run against a program that
/// `resolve_program` built from the same files, and compiles the matcher. Diagnostics come
/// sorted by file and position; items with errors are left out.
pub fn resolve_extraction(
    program: &Program,
    files: &[(FileId, ast::RuleFile)],
) -> (ExtractionRules, Vec<Diagnostic>) {
    // Parameters whose type is unknown were reported by `resolve_program`; heads that use
    // them are not checked against the stand-in type.
    let poison = Poison::of(program, files);
    let mut r = Resolver {
        scope: Scope::new(program, None).with_poison(&poison),
        errors: Vec::new(),
        lexicons: Vec::new(),
        lexicon_names: HashMap::new(),
    };
    let items: Vec<&Item> = files.iter().flat_map(|(_, f)| f.items.iter()).collect();
    for item in &items {
        if let Item::Lexicon(l) = item {
            r.lexicon(l);
        }
    }
    let mut cues = Vec::new();
    let mut anaphors = Vec::new();
    let mut patterns = Vec::new();
    let mut frames = Vec::new();
    let mut cue_seen: HashMap<(usize, String), Span> = HashMap::new();
    let mut phrases_seen: HashMap<String, Span> = HashMap::new();
    let mut unit_names: HashMap<(&'static str, String), Span> = HashMap::new();
    for item in &items {
        match item {
            Item::Cue(c) => {
                if let Some(cue) = r.cue(c) {
                    let key = (cue.lexicon, effect_word(cue.effect).to_string());
                    if let Some(first) = cue_seen.get(&key) {
                        r.errors.push(
                            ExtractionError::DuplicateCue {
                                lexicon: c.lexicon.name.clone(),
                                effect: key.1.clone(),
                                span: c.span,
                                first: *first,
                            }
                            .into(),
                        );
                    } else {
                        cue_seen.insert(key, c.span);
                        cues.push(cue);
                    }
                }
            }
            Item::Anaphor(a) => {
                let mut duplicate = false;
                for p in &a.phrases {
                    let key = normalize_phrase(&p.value);
                    match phrases_seen.get(&key) {
                        Some(first) => {
                            duplicate = true;
                            r.errors.push(
                                ExtractionError::DuplicateAnaphor {
                                    phrase: p.value.clone(),
                                    span: p.span,
                                    first: *first,
                                }
                                .into(),
                            );
                        }
                        None => {
                            phrases_seen.insert(key, p.span);
                        }
                    }
                }
                if let Some(info) = r.anaphor(a)
                    && !duplicate
                {
                    anaphors.push(info);
                }
            }
            Item::Pattern(p) => {
                if r.unique(&mut unit_names, "pattern", &p.name)
                    && let Some(info) = r.pattern(p)
                {
                    patterns.push(info);
                }
            }
            Item::Frame(f) => {
                if r.unique(&mut unit_names, "frame", &f.name)
                    && let Some(info) = r.frame(f)
                {
                    frames.push(info);
                }
            }
            _ => {}
        }
    }
    let Resolver {
        errors, lexicons, ..
    } = r;
    let matcher = Matcher::build(program, &lexicons, &anaphors, &patterns, &frames);
    let mut diagnostics = errors;
    diagnostics.sort_by(|a, b| {
        (a.span.file, a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.file,
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
    diagnostics.dedup();
    (
        ExtractionRules {
            lexicons,
            cues,
            anaphors,
            patterns,
            frames,
            matcher,
        },
        diagnostics,
    )
}

/// The keyword of a cue effect.
fn effect_word(effect: CueEffect) -> &'static str {
    match effect {
        CueEffect::Negates => "negates",
        CueEffect::Modality(m) => m.keyword(),
    }
}

/// A phrase as the matcher compares it: lower case, straight apostrophes, single spaces.
pub(crate) fn normalize_phrase(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Slots of one pattern or frame while its body is resolved.
struct Slots {
    infos: Vec<SlotInfo>,
    /// Slot name → (slot index, part).
    names: HashMap<String, (usize, usize)>,
    /// Per slot: whether the head uses it.
    used: Vec<bool>,
    /// Per slot: whether its type did not resolve (the head then uses it without more errors).
    broken: Vec<bool>,
}

struct Resolver<'p> {
    scope: Scope<'p>,
    errors: Vec<Diagnostic>,
    lexicons: Vec<LexiconInfo>,
    lexicon_names: HashMap<String, usize>,
}

impl Resolver<'_> {
    fn program(&self) -> &Program {
        self.scope.program
    }

    fn error(&mut self, e: impl Into<Diagnostic>) {
        self.errors.push(e.into());
    }

    /// Records a pattern or frame name; `false` (with an error) when it is taken.
    fn unique(
        &mut self,
        seen: &mut HashMap<(&'static str, String), Span>,
        kind: &'static str,
        name: &ast::Ident,
    ) -> bool {
        let key = (kind, name.name.clone());
        if let Some(first) = seen.get(&key) {
            self.error(ResolveError::DuplicateDefinition {
                kind,
                name: name.name.clone(),
                span: name.span,
                first: Some(*first),
            });
            return false;
        }
        seen.insert(key, name.span);
        true
    }

    fn lexicon(&mut self, l: &ast::LexiconDecl) {
        if let Some(&first) = self.lexicon_names.get(&l.name.name) {
            let first = self.lexicons.get(first).map(|i| i.span);
            self.error(ResolveError::DuplicateDefinition {
                kind: "lexicon",
                name: l.name.name.clone(),
                span: l.name.span,
                first,
            });
            return;
        }
        self.lexicon_names
            .insert(l.name.name.clone(), self.lexicons.len());
        self.lexicons.push(LexiconInfo {
            name: l.name.name.clone(),
            phrases: l.phrases.iter().map(|p| p.value.clone()).collect(),
            span: l.name.span,
        });
    }

    fn lookup_lexicon(&mut self, name: &ast::Ident) -> Option<usize> {
        if let Some(&i) = self.lexicon_names.get(&name.name) {
            return Some(i);
        }
        let help = did_you_mean(&name.name, self.lexicons.iter().map(|l| l.name.as_str()));
        self.error(ExtractionError::UnknownLexicon {
            name: name.name.clone(),
            span: name.span,
            help,
        });
        None
    }

    fn modality(&mut self, name: &ast::Ident, allow_negates: bool) -> Option<CueEffect> {
        if allow_negates && name.name == "negates" {
            return Some(CueEffect::Negates);
        }
        if let Some(m) = Modality::from_keyword(&name.name) {
            return Some(CueEffect::Modality(m));
        }
        let extra = allow_negates.then_some("negates");
        let words = Modality::ALL.iter().map(|(_, k)| *k).chain(extra);
        let help = did_you_mean(&name.name, words).or_else(|| {
            let list: Vec<String> = Modality::ALL
                .iter()
                .map(|(_, k)| format!("`{k}`"))
                .collect();
            Some(format!("the modalities are {}", list.join(", ")))
        });
        self.error(ResolveError::UnknownModality {
            name: name.name.clone(),
            span: name.span,
            help,
        });
        None
    }

    fn head_modality(&mut self, name: &Option<ast::Ident>) -> Result<Option<Modality>, ()> {
        match name {
            None => Ok(None),
            Some(n) => match self.modality(n, false) {
                Some(CueEffect::Modality(m)) => Ok(Some(m)),
                _ => Err(()),
            },
        }
    }

    fn cue(&mut self, c: &ast::CueDecl) -> Option<CueInfo> {
        let lexicon = self.lookup_lexicon(&c.lexicon);
        let effect = match &c.effect {
            ast::CueEffect::Negates(_) => Some(CueEffect::Negates),
            ast::CueEffect::Modality(m) => self.modality(m, true),
        };
        Some(CueInfo {
            lexicon: lexicon?,
            effect: effect?,
            span: c.span,
        })
    }

    fn entity_type(&self, name: &str) -> Option<TypeId> {
        self.program()
            .types
            .iter()
            .position(|t| t.name == name)
            .map(|i| TypeId(i as u32))
    }

    fn anaphor(&mut self, a: &ast::AnaphorDecl) -> Option<AnaphorInfo> {
        let name = &a.target.name;
        let ty = self.entity_type(name);
        let pred = self.program().predicate(name);
        let scalar = SCALAR_TYPES.iter().any(|(n, _)| n == name);
        let target = match (ty, pred) {
            (Some(_), Some(_)) => {
                self.error(ExtractionError::AmbiguousAnaphorTarget {
                    name: name.clone(),
                    span: a.target.span,
                });
                return None;
            }
            (Some(t), None) if a.pair => AnaphorTarget::Pair(t),
            (Some(t), None) => AnaphorTarget::Entity(t),
            (None, Some(_)) if a.pair => {
                self.error(ExtractionError::InvalidAnaphorTarget {
                    name: name.clone(),
                    span: a.target.span,
                    reason: "a pair stands for two entities, not two statements",
                });
                return None;
            }
            (None, Some(p)) => AnaphorTarget::Statement(p),
            (None, None) if scalar => {
                self.error(ExtractionError::InvalidAnaphorTarget {
                    name: name.clone(),
                    span: a.target.span,
                    reason: "scalar values are never mentioned before",
                });
                return None;
            }
            (None, None) => {
                let program = self.program();
                let types = program.types.iter().map(|t| t.name.as_str());
                let preds = program.predicates.iter().map(|p| p.name.as_str());
                let help = did_you_mean(name, types.chain(preds));
                self.error(ExtractionError::UnknownAnaphorTarget {
                    name: name.clone(),
                    span: a.target.span,
                    help,
                });
                return None;
            }
        };
        Some(AnaphorInfo {
            phrases: a.phrases.iter().map(|p| p.value.clone()).collect(),
            target,
            span: a.span,
        })
    }

    /// Resolves a body; `None` when something in it did not resolve (errors recorded).
    fn body(&mut self, body: &[ast::Element], slots: &mut Slots) -> Option<Vec<Elem>> {
        let mut ok = true;
        let mut out = Vec::with_capacity(body.len());
        for e in body {
            match self.element(e, slots) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn element(&mut self, e: &ast::Element, slots: &mut Slots) -> Option<Elem> {
        Some(match e {
            ast::Element::Word(w) => Elem::Word(normalize_phrase(&w.name)),
            ast::Element::Literal(s) => Elem::Literal(s.value.clone()),
            ast::Element::Group(g) => {
                let mut alts = Vec::with_capacity(g.alternatives.len());
                let mut ok = true;
                for alt in &g.alternatives {
                    match self.body(alt, slots) {
                        Some(a) => alts.push(a),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Elem::Group(alts)
            }
            ast::Element::Optional(inner, _) => {
                Elem::Optional(Box::new(self.element(inner, slots)?))
            }
            ast::Element::Gap(g) => Elem::Gap(g.max),
            ast::Element::Claim(_) => Elem::Claim,
            ast::Element::Class(c) => Elem::Class(self.lookup_lexicon(c)?),
            ast::Element::Slot(s) => Elem::Slot(self.slot(s, slots)?),
        })
    }

    fn slot(&mut self, s: &ast::Slot, slots: &mut Slots) -> Option<usize> {
        let kind = self.slot_kind(s);
        let index = slots.infos.len();
        for (part, n) in s.names.iter().enumerate() {
            if n.name == "_" {
                continue;
            }
            if let Some(&(other, _)) = slots.names.get(&n.name) {
                let first = slots.infos.get(other).map_or(n.span, |i| i.span);
                self.error(ExtractionError::DuplicateSlot {
                    name: n.name.clone(),
                    span: n.span,
                    first,
                });
                return None;
            }
            slots.names.insert(n.name.clone(), (index, part));
        }
        slots.infos.push(SlotInfo {
            names: s.names.iter().map(|n| n.name.clone()).collect(),
            kind: kind.unwrap_or(SlotKind::Number),
            span: s.span,
        });
        // A slot whose names are all `_` is matched and never kept.
        slots.used.push(s.names.iter().all(|n| n.name == "_"));
        slots.broken.push(kind.is_none());
        kind.map(|_| index)
    }

    fn slot_kind(&mut self, s: &ast::Slot) -> Option<SlotKind> {
        let name = &s.ty.name;
        let scalar = SCALAR_TYPES
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| *t);
        let base = match scalar {
            Some(Type::Number) => SlotKind::Number,
            Some(Type::Date | Type::Month | Type::Year | Type::Interval) => SlotKind::Date,
            Some(_) => {
                self.error(ExtractionError::InvalidSlotType {
                    name: name.clone(),
                    span: s.ty.span,
                    reason: "slots hold entities, numbers or dates",
                });
                return None;
            }
            None => match self.entity_type(name) {
                Some(t) => SlotKind::Entity(t),
                None => {
                    let program = self.program();
                    let types = program.types.iter().map(|t| t.name.as_str());
                    let help = did_you_mean(name, types.chain(["number", "date"]));
                    self.error(ExtractionError::UnknownSlotType {
                        name: name.clone(),
                        span: s.ty.span,
                        help,
                    });
                    return None;
                }
            },
        };
        match (base, s.list, s.names.len() > 1) {
            (SlotKind::Entity(t), true, _) => Some(SlotKind::List(t)),
            (SlotKind::Entity(t), false, true) => Some(SlotKind::Pair(t)),
            (k, false, false) => Some(k),
            _ => {
                self.error(ExtractionError::InvalidSlotType {
                    name: name.clone(),
                    span: s.ty.span,
                    reason: "only entity slots can be lists or pairs",
                });
                None
            }
        }
    }

    fn pattern(&mut self, p: &ast::PatternDecl) -> Option<PatternInfo> {
        let mut slots = Slots {
            infos: Vec::new(),
            names: HashMap::new(),
            used: Vec::new(),
            broken: Vec::new(),
        };
        let body = self.body(&p.body, &mut slots);
        let modality = self.head_modality(&p.head.modality);
        // Unused slots are reported only when the head resolved: otherwise they are most likely
        // the slots a misspelt name was meant to use.
        let (pred, args, arg_types) = self.head(&p.head.atom, &mut slots)?;
        if !self.unused(&slots) {
            return None;
        }
        Some(PatternInfo {
            name: p.name.name.as_str().into(),
            body: body?,
            slots: slots.infos,
            pred,
            args,
            arg_types,
            negated: p.head.negated,
            modality: modality.ok()?,
            span: p.span,
        })
    }

    fn frame(&mut self, f: &ast::FrameDecl) -> Option<FrameInfo> {
        let mut slots = Slots {
            infos: Vec::new(),
            names: HashMap::new(),
            used: Vec::new(),
            broken: Vec::new(),
        };
        let body = self.body(&f.body, &mut slots);
        let modality = self.head_modality(&f.head.modality);
        let speaker = self.speaker(&f.head.speaker, &mut slots)?;
        let unused = self.unused(&slots);
        let stance = f.head.stance.map(|s| match s {
            ast::StanceLit::Asserts => Stance::Asserts,
            ast::StanceLit::Negates => Stance::Negates,
            ast::StanceLit::Denies => Stance::Denies,
        });
        if !unused {
            return None;
        }
        Some(FrameInfo {
            name: f.name.name.as_str().into(),
            body: body?,
            slots: slots.infos,
            speaker,
            stance,
            modality: modality.ok()?,
            span: f.span,
        })
    }

    /// Reports every slot the head does not use; `true` when there is none.
    fn unused(&mut self, slots: &Slots) -> bool {
        let mut ok = true;
        for (info, used) in slots.infos.iter().zip(&slots.used) {
            if !used {
                ok = false;
                let name = info
                    .names
                    .iter()
                    .find(|n| *n != "_")
                    .cloned()
                    .unwrap_or_default();
                self.error(ExtractionError::UnusedSlot {
                    name,
                    span: info.span,
                });
            }
        }
        ok
    }

    fn speaker(&mut self, s: &ast::HeadSpeaker, slots: &mut Slots) -> Option<SpeakerSource> {
        match s {
            ast::HeadSpeaker::Author(_) => Some(SpeakerSource::Author),
            ast::HeadSpeaker::Context(c) if c.name == "speaker" => Some(SpeakerSource::Previous),
            ast::HeadSpeaker::Context(c) => {
                self.error(ExtractionError::UnknownContext {
                    name: c.name.clone(),
                    span: c.span,
                    allowed: "`@speaker` (the previous frame's speaker)",
                });
                None
            }
            ast::HeadSpeaker::Name(n) => {
                if let Some(&(slot, _)) = slots.names.get(&n.name) {
                    if let Some(u) = slots.used.get_mut(slot) {
                        *u = true;
                    }
                    if slots.broken.get(slot).copied().unwrap_or(false) {
                        return None;
                    }
                    let found = match slots.infos.get(slot).map(|i| i.kind) {
                        Some(SlotKind::Entity(_)) => return Some(SpeakerSource::Slot(slot)),
                        Some(SlotKind::List(_)) => "a list slot",
                        Some(SlotKind::Pair(_)) => "a pair slot",
                        Some(SlotKind::Number) => "a number slot",
                        Some(SlotKind::Date) | None => "a date slot",
                    };
                    self.error(ExtractionError::InvalidSpeaker {
                        name: n.name.clone(),
                        found,
                        span: n.span,
                    });
                    return None;
                }
                match self.program().entity(&n.name) {
                    Some(e) => Some(SpeakerSource::Entity(e)),
                    None => {
                        let help = self.name_help(&n.name, slots);
                        self.error(ExtractionError::UnknownName {
                            name: n.name.clone(),
                            item: "frame",
                            span: n.span,
                            help,
                        });
                        None
                    }
                }
            }
        }
    }

    fn name_help(&self, name: &str, slots: &Slots) -> Option<String> {
        let slot_names = slots.names.keys().map(String::as_str);
        let entities = self.program().entities.iter().map(|e| e.name.as_str());
        did_you_mean(name, slot_names.chain(entities))
    }

    /// Resolves a head atom: predicate, arity, and each argument's source and type.
    #[allow(
        clippy::type_complexity,
        reason = "a private triple, named at its one use"
    )]
    fn head(
        &mut self,
        atom: &ast::HeadAtom,
        slots: &mut Slots,
    ) -> Option<(PredId, Vec<ArgSource>, Vec<Type>)> {
        let pred = match self.scope.resolve_predicate(&atom.pred) {
            Ok(p) => p,
            Err(e) => {
                self.error(e);
                mark_used(atom, slots);
                return None;
            }
        };
        let info = self.program().pred(pred).clone();
        let inputs = info.params.len() - usize::from(info.functional);
        let signature = self.scope.signature(pred);
        if atom.args.len() != inputs {
            self.error(ResolveError::ArityMismatch {
                pred: info.name.clone(),
                expected: inputs,
                found: atom.args.len(),
                span: atom.span,
                signature,
            });
            mark_used(atom, slots);
            return None;
        }
        match (&atom.output, info.functional) {
            (None, true) => {
                self.error(ResolveError::MissingOutput {
                    pred: info.name.clone(),
                    span: atom.span,
                    signature,
                });
                mark_used(atom, slots);
                return None;
            }
            (Some(out), false) => {
                self.error(ResolveError::UnexpectedOutput {
                    pred: info.name.clone(),
                    span: out.span(),
                    signature,
                });
                mark_used(atom, slots);
                return None;
            }
            _ => {}
        }
        let mut ok = true;
        let mut args = Vec::with_capacity(info.params.len());
        let mut types = Vec::with_capacity(info.params.len());
        for (i, arg) in atom.args.iter().chain(&atom.output).enumerate() {
            let ty = info.params.get(i).map_or(Type::Str, |(_, t)| *t);
            types.push(ty);
            match self.head_arg(arg, pred, i, ty, slots) {
                Some(a) => args.push(a),
                None => ok = false,
            }
        }
        ok.then_some((pred, args, types))
    }

    fn head_arg(
        &mut self,
        arg: &ast::HeadArg,
        pred: PredId,
        index: usize,
        ty: Type,
        slots: &mut Slots,
    ) -> Option<ArgSource> {
        let term = match arg {
            ast::HeadArg::Context(c) if c.name == "date" => {
                if !matches!(ty, Type::Date | Type::Month | Type::Year | Type::Interval)
                    && !self.scope.poisoned_param(pred, index)
                {
                    self.error(ResolveError::TypeMismatch {
                        position: self.scope.position(pred, index),
                        expected: self.scope.type_name(ty),
                        what: "`@date`".to_string(),
                        found: "date".to_string(),
                        span: c.span,
                        first_use: None,
                    });
                    return None;
                }
                return Some(ArgSource::Date);
            }
            ast::HeadArg::Context(c) => {
                self.error(ExtractionError::UnknownContext {
                    name: c.name.clone(),
                    span: c.span,
                    allowed: "`@date` (the date of the match)",
                });
                return None;
            }
            ast::HeadArg::Term(t) => t,
        };
        match term {
            ast::Term::Var(v) => {
                self.error(ExtractionError::VariableInHead {
                    name: v.name.clone(),
                    span: v.span,
                });
                None
            }
            ast::Term::Wildcard(_) => Some(ArgSource::Unknown),
            ast::Term::Name(n) if slots.names.contains_key(&n.name) => {
                let (slot, part) = slots.names.get(&n.name).copied()?;
                if let Some(u) = slots.used.get_mut(slot) {
                    *u = true;
                }
                if slots.broken.get(slot).copied().unwrap_or(false) {
                    return None;
                }
                let info = slots.infos.get(slot)?;
                let (found, fits) = match info.kind {
                    SlotKind::Entity(t) | SlotKind::List(t) | SlotKind::Pair(t) => {
                        let st = Type::Entity(t);
                        (st, self.scope.compatible(st, ty))
                    }
                    SlotKind::Number => (Type::Number, ty == Type::Number),
                    SlotKind::Date => (
                        Type::Date,
                        matches!(ty, Type::Date | Type::Month | Type::Year | Type::Interval),
                    ),
                };
                if !fits && !self.scope.poisoned_param(pred, index) {
                    self.error(ResolveError::TypeMismatch {
                        position: self.scope.position(pred, index),
                        expected: self.scope.type_name(ty),
                        what: format!("slot `{}`", n.name),
                        found: self.scope.type_name(found),
                        span: n.span,
                        first_use: Some(info.span),
                    });
                    return None;
                }
                Some(ArgSource::Slot { slot, part })
            }
            ast::Term::Name(n) if self.program().entity(&n.name).is_none() => {
                let help = self.name_help(&n.name, slots);
                self.error(ExtractionError::UnknownName {
                    name: n.name.clone(),
                    item: "pattern",
                    span: n.span,
                    help,
                });
                None
            }
            _ => match self.scope.coerce_at(term, pred, index, ty) {
                Ok(v) => Some(ArgSource::Const(v)),
                Err(Coerce::Unresolved(e)) => {
                    self.error(*e);
                    None
                }
                Err(Coerce::Mismatch(found)) => {
                    self.error(ResolveError::TypeMismatch {
                        position: self.scope.position(pred, index),
                        expected: self.scope.type_name(ty),
                        what: format!("`{}`", super::scope::term_text(term)),
                        found,
                        span: term.span(),
                        first_use: None,
                    });
                    None
                }
            },
        }
    }
}

/// Marks the slots a head names as used (after an error in the head, so that one mistake is
/// reported once).
fn mark_used(atom: &ast::HeadAtom, slots: &mut Slots) {
    for arg in atom.args.iter().chain(&atom.output) {
        if let ast::HeadArg::Term(ast::Term::Name(n)) = arg
            && let Some(&(slot, _)) = slots.names.get(&n.name)
            && let Some(u) = slots.used.get_mut(slot)
        {
            *u = true;
        }
    }
}
