//! Simple anaphora: what a declared pronoun or description stands for. An entity anaphor
//! ("he", "the Russian leader") is the nearest earlier mention of an entity of its type or a
//! subtype: earlier in the same sentence first, then the sentences before, most recent first.
//! A pair anaphor ("the two countries") is the two nearest distinct such entities named by
//! name or alias (not by a demonym), in the order they were mentioned. A propositional anaphor ("such agreement") is the nearest earlier
//! statement of its predicate.
//!
//! The search never looks further back than the start of the previous paragraph: a pronoun
//! whose antecedent is that far away is better left unresolved than guessed. Nothing here
//! matches text: the callers find the anaphors and decide what a resolution is used for.

use super::lexicon::Mention;
use crate::resolve::hir::{PredId, Program, Statement, TypeId};
use crate::resolve::patterns::AnaphorTarget;
use crate::value::EntityId;

/// How many antecedents an entity anaphor keeps: the nearest, and the next ones to fall back
/// on when the nearest is already a participant of the same match ("Putin met him" is not
/// about Putin meeting Putin).
pub(crate) const ALTERNATES: usize = 4;

/// What an entity anaphor resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// Distinct entities, nearest first (at most [`ALTERNATES`]).
    One(Vec<EntityId>),
    /// Two entities, in the order they were mentioned.
    Two(EntityId, EntityId),
}

/// The mentions of a document, for resolving entity anaphors.
pub(crate) struct Antecedents<'a> {
    /// All mentions of the document, in order.
    pub mentions: &'a [Mention],
    /// Each entity's type.
    pub types: &'a [TypeId],
    /// The program (for subtypes).
    pub program: &'a Program,
}

impl Antecedents<'_> {
    fn fits(&self, e: EntityId, ty: TypeId) -> bool {
        self.types
            .get(e.0 as usize)
            .is_some_and(|t| self.program.is_subtype(*t, ty))
    }

    /// The mentions that end before byte `before` and start at or after `window_start`, most
    /// recent first.
    fn before(&self, before: u32, window_start: u32) -> impl Iterator<Item = &Mention> {
        let end = self.mentions.partition_point(|m| m.span.1 <= before);
        self.mentions
            .get(..end)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(move |m| m.span.0 >= window_start)
    }

    /// Resolves an entity or pair anaphor that starts at byte `before`; propositional targets
    /// are not resolved here (see [`statement`]).
    pub(crate) fn resolve(
        &self,
        target: AnaphorTarget,
        before: u32,
        window_start: u32,
    ) -> Option<Resolution> {
        match target {
            AnaphorTarget::Entity(ty) => {
                let mut found: Vec<EntityId> = Vec::new();
                for m in self.before(before, window_start) {
                    let e = EntityId(m.target);
                    if self.fits(e, ty) && !found.contains(&e) {
                        found.push(e);
                        if found.len() == ALTERNATES {
                            break;
                        }
                    }
                }
                (!found.is_empty()).then_some(Resolution::One(found))
            }
            AnaphorTarget::Pair(ty) => {
                let mut found: Vec<EntityId> = Vec::with_capacity(2);
                // "the two countries" takes up countries named as such, not adjectives: in
                // "ties between Russia and North Korea … dating back to the Soviet era. The two
                // countries signed …" the demonym "Soviet" is not one of the two.
                let named = self
                    .before(before, window_start)
                    .filter(|m| m.kind != super::lexicon::MentionKind::Demonym);
                for m in named {
                    let e = EntityId(m.target);
                    if self.fits(e, ty) && !found.contains(&e) {
                        found.push(e);
                        if found.len() == 2 {
                            break;
                        }
                    }
                }
                match found.as_slice() {
                    [later, earlier] => Some(Resolution::Two(*earlier, *later)),
                    _ => None,
                }
            }
            AnaphorTarget::Statement(_) => None,
        }
    }
}

/// The nearest earlier statement of `pred` (any predicate for `None`) among `statements`,
/// which are in the order they were found (sentence by sentence): the one that starts last
/// among those that end at or before byte `before` and start at or after `window_start`. The
/// search stops at the first statement of an earlier sentence than the window.
pub(crate) fn statement(
    statements: &[Statement],
    pred: Option<PredId>,
    before: u32,
    window_start: u32,
) -> Option<usize> {
    statements
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, s)| s.source.end >= window_start)
        .filter(|(_, s)| s.source.end <= before && s.source.start >= window_start)
        .filter(|(_, s)| pred.is_none_or(|p| s.prop.pred == p))
        .max_by_key(|(i, s)| (s.source.start, *i))
        .map(|(i, _)| i)
}
