//! Attribution inside one sentence: which frame a pattern match belongs to, and who reports
//! whom. A frame match has a *trigger* (its words: "Putin denied that") and usually a *claim*
//! (the clause it reports). Then:
//!
//! - a frame whose speaker is `@speaker` continues the frame before it ("… denied that P and
//!   said that Q"): it takes that frame's speaker, and that frame's claim ends where the
//!   continuation starts, so P and Q are told apart;
//! - a frame whose trigger lies inside another frame's claim is nested in it ("X said that Y
//!   denied that P"): the enclosing frame's speaker becomes the reporter;
//! - a pattern match belongs to the innermost frame whose claim contains all of it; a match in
//!   no claim belongs to the author.
//!
//! This module only relates token ranges; building statements is `run`'s job.

use crate::resolve::hir::{Anaphor, Speaker};

/// How deep a chain of nested frames is followed (nesting deeper than this is not reported).
const MAX_NESTING: usize = 8;

/// One frame match in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FrameHit {
    /// Index into the rules' frames.
    pub frame: usize,
    /// First token of the match.
    pub start: u32,
    /// One past the last token of the match.
    pub end: u32,
    /// The claim's tokens (cut short by a continuation), if the frame has one.
    pub claim: Option<(u32, u32)>,
    /// Who speaks; `None` for a continuation not yet given its speaker.
    pub speaker: Option<Speaker>,
    /// Whether the head's speaker is `@speaker`.
    pub continuation: bool,
    /// Anaphors resolved to find the speaker ("he said").
    pub anaphora: Vec<Anaphor>,
    /// The enclosing frame (index into the sentence's hits), once [`attribute`] has run.
    pub parent: Option<usize>,
}

impl FrameHit {
    /// The tokens of the match that are not the claim, as up to two ranges.
    pub(crate) fn trigger(&self) -> [(u32, u32); 2] {
        match self.claim {
            Some((cs, ce)) => [
                (self.start, cs.max(self.start)),
                (ce.min(self.end), self.end),
            ],
            None => [(self.start, self.end), (self.end, self.end)],
        }
    }

    /// The first and last trigger token, for nesting tests.
    fn trigger_range(&self) -> (u32, u32) {
        let [a, b] = self.trigger();
        match (a.0 < a.1, b.0 < b.1) {
            (true, true) => (a.0, b.1),
            (true, false) => a,
            (false, true) => b,
            (false, false) => (self.start, self.end),
        }
    }
}

/// Whether a claim contains the token range `start..end`.
fn contains(claim: Option<(u32, u32)>, start: u32, end: u32) -> bool {
    claim.is_some_and(|(cs, ce)| cs <= start && end <= ce && start < end)
}

/// Gives continuations their speaker and cuts the claims they continue, then finds each
/// frame's enclosing frame. Continuations with no frame before them are dropped. The hits end
/// up sorted by start token.
pub(crate) fn attribute(hits: &mut Vec<FrameHit>) {
    if hits.is_empty() {
        return;
    }
    hits.sort_by_key(|h| (h.start, h.end, h.frame));
    // Which hits stay: only a continuation can be dropped (without one, nothing is noted).
    let mut keep = if hits.iter().any(|h| h.continuation) {
        vec![true; hits.len()]
    } else {
        Vec::new()
    };
    for i in 0..hits.len() {
        let Some(h) = hits.get(i) else { continue };
        if !h.continuation {
            continue;
        }
        let start = h.start;
        // The nearest frame before it that has a speaker.
        let previous = (0..i).rev().find(|&j| {
            hits.get(j)
                .is_some_and(|p| p.start < start && p.speaker.is_some())
                && keep.get(j).copied().unwrap_or(false)
        });
        let Some(j) = previous else {
            if let Some(k) = keep.get_mut(i) {
                *k = false;
            }
            continue;
        };
        let speaker = hits.get(j).and_then(|p| p.speaker);
        if let Some(p) = hits.get_mut(j)
            && let Some((cs, ce)) = p.claim
            && cs < start
            && start < ce
        {
            p.claim = Some((cs, start));
            if p.end == ce {
                p.end = start;
            }
        }
        if let Some(h) = hits.get_mut(i) {
            h.speaker = speaker;
        }
    }
    if !keep.is_empty() {
        let mut k = 0;
        hits.retain(|_| {
            let kept = keep.get(k).copied().unwrap_or(false);
            k += 1;
            kept
        });
    }
    // A parent depends on the claims only, which are final here.
    for i in 0..hits.len() {
        let parent = hits
            .get(i)
            .map(FrameHit::trigger_range)
            .and_then(|(a, b)| innermost_excluding(hits, a, b, Some(i)));
        if let Some(h) = hits.get_mut(i) {
            h.parent = parent;
        }
    }
}

fn innermost_excluding(
    hits: &[FrameHit],
    start: u32,
    end: u32,
    skip: Option<usize>,
) -> Option<usize> {
    hits.iter()
        .enumerate()
        .filter(|(j, g)| Some(*j) != skip && contains(g.claim, start, end))
        .max_by_key(|(j, g)| {
            let (cs, ce) = g.claim.unwrap_or((0, 0));
            (cs, std::cmp::Reverse(ce), std::cmp::Reverse(*j))
        })
        .map(|(j, _)| j)
}

/// The frame a match at tokens `start..end` belongs to: the innermost whose claim contains it.
pub(crate) fn innermost(hits: &[FrameHit], start: u32, end: u32) -> Option<usize> {
    innermost_excluding(hits, start, end, None)
}

/// A frame and its enclosing frames, innermost first (cycles and very deep nesting cut off),
/// into `out` (cleared first).
pub(crate) fn chain_into(hits: &[FrameHit], first: usize, out: &mut Vec<usize>) {
    out.clear();
    out.push(first);
    let mut at = first;
    while let Some(p) = hits.get(at).and_then(|h| h.parent) {
        if out.contains(&p) || out.len() >= MAX_NESTING {
            break;
        }
        out.push(p);
        at = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::EntityId;

    fn hit(
        frame: usize,
        start: u32,
        end: u32,
        claim: Option<(u32, u32)>,
        who: Option<u32>,
    ) -> FrameHit {
        FrameHit {
            frame,
            start,
            end,
            claim,
            speaker: who.map(|w| Speaker::Entity(EntityId(w))),
            continuation: who.is_none(),
            anaphora: Vec::new(),
            parent: None,
        }
    }

    #[test]
    fn nested_frames_report_each_other() {
        // X said that Y denied that P: tokens 0..3 trigger X, 3..10 claim; Y 3..6, claim 6..10.
        let mut hits = vec![
            hit(0, 0, 10, Some((3, 10)), Some(1)),
            hit(1, 3, 10, Some((6, 10)), Some(2)),
        ];
        attribute(&mut hits);
        assert_eq!(hits[1].parent, Some(0));
        assert_eq!(hits[0].parent, None);
        assert_eq!(innermost(&hits, 7, 9), Some(1));
        assert_eq!(innermost(&hits, 4, 5), Some(0));
        let mut chain = Vec::new();
        chain_into(&hits, 1, &mut chain);
        assert_eq!(chain, vec![1, 0]);
    }

    #[test]
    fn continuations_take_the_speaker_and_cut_the_claim() {
        // X denied that P and said that Q: 0..3 trigger, claim 3..12; "and said that" at 7..10.
        let mut hits = vec![
            hit(0, 0, 12, Some((3, 12)), Some(1)),
            hit(1, 7, 12, Some((10, 12)), None),
        ];
        attribute(&mut hits);
        assert_eq!(hits[0].claim, Some((3, 7)));
        assert_eq!(hits[1].speaker, Some(Speaker::Entity(EntityId(1))));
        assert_eq!(hits[1].parent, None);
        assert_eq!(innermost(&hits, 10, 12), Some(1));
        assert_eq!(innermost(&hits, 4, 6), Some(0));
    }

    #[test]
    fn a_continuation_with_nothing_before_it_is_dropped() {
        let mut hits = vec![hit(1, 0, 5, Some((3, 5)), None)];
        attribute(&mut hits);
        assert!(hits.is_empty());
    }
}
