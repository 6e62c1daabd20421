//! Provenance storage: how each fact was obtained, kept compact while the engine runs and
//! turned into [`Derivation`] values only for the facts someone asks about.
//!
//! While the engine runs, each derivation is appended to one log as a 12-byte record (fact,
//! kind, statement / axiom / premises offset), with its premises in a second flat log; the only
//! per-fact state is a one-byte count of rule derivations, which enforces the cap
//! ([`Limits::max_derivations`](super::Limits::max_derivations)); the facts that had more
//! derivations than the cap are counted, so the report can say so. Appending
//! only keeps provenance within its budget (1.5× the time and 2× the memory of a run without
//! it). On the first query the log is grouped by fact (a stable counting sort, so each fact's
//! derivations stay in the order they were found), and boxed [`Derivation`]s are built per
//! fact on first access and cached for the lifetime of the evaluation.

use super::{Derivation, FactId};
use crate::resolve::hir::{RuleId, StatementId};
use std::sync::OnceLock;

/// The highest cap on rule derivations per fact: counts are one byte, and the value above
/// the cap marks a fact that had more.
pub(crate) const MAX_RULE_DERIVATIONS: usize = 254;

const STATEMENT: u32 = u32::MAX;
const AXIOM: u32 = u32::MAX - 1;

#[derive(Clone, Copy, Debug)]
struct Record {
    /// The fact derived.
    fact: u32,
    /// A rule id, or [`STATEMENT`] or [`AXIOM`].
    what: u32,
    /// The statement id, the axiom index, or where the premises start.
    data: u32,
}

/// An append-only sequence in fixed-size chunks: it never moves what it holds and wastes at
/// most one chunk, where a doubling `Vec` may waste half its capacity.
#[derive(Debug)]
struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

const CHUNK_BITS: u32 = 14;
const CHUNK: usize = 1 << CHUNK_BITS;

impl<T: Copy> Chunked<T> {
    fn new() -> Chunked<T> {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }

    fn push(&mut self, value: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(value),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(value);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    fn get(&self, i: usize) -> Option<T> {
        self.chunks
            .get(i >> CHUNK_BITS)?
            .get(i & (CHUNK - 1))
            .copied()
    }

    fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.chunks.iter().flatten().copied()
    }
}

/// The log grouped by fact, built on the first query.
#[derive(Debug)]
struct ByFact {
    /// Fact `f`'s records are `order[start[f] .. start[f + 1]]`.
    start: Box<[u32]>,
    /// Record numbers, grouped by fact, in log order within a fact.
    order: Box<[u32]>,
    /// Each fact's derivations, built on first access.
    built: Box<[OnceLock<Box<[Derivation]>>]>,
}

/// The derivations of every fact; see the module docs.
#[derive(Debug)]
pub(crate) struct Provenance {
    /// Rule derivations kept per fact, or `cap + 1` once one more was dropped.
    rule_counts: Vec<u8>,
    /// Rule derivations kept per fact (the first ones found).
    cap: u8,
    /// Facts that had more rule derivations than `cap`.
    cut: usize,
    records: Chunked<Record>,
    premises: Chunked<FactId>,
    /// Number of premises of each rule, indexed by rule id.
    premise_counts: Vec<u32>,
    by_fact: OnceLock<ByFact>,
}

impl Provenance {
    /// Empty storage for rules with these numbers of premises, keeping at most `cap` rule
    /// derivations per fact (at least one, at most [`MAX_RULE_DERIVATIONS`]).
    pub(crate) fn new(premise_counts: Vec<u32>, cap: usize) -> Provenance {
        Provenance {
            rule_counts: Vec::new(),
            cap: cap.clamp(1, MAX_RULE_DERIVATIONS) as u8,
            cut: 0,
            records: Chunked::new(),
            premises: Chunked::new(),
            premise_counts,
            by_fact: OnceLock::new(),
        }
    }

    /// Makes room for a new fact (facts are numbered densely).
    pub(crate) fn add_fact(&mut self) {
        self.rule_counts.push(0);
    }

    /// Records that a statement asserts the fact.
    pub(crate) fn add_statement(&mut self, fact: FactId, statement: u32) {
        self.records.push(Record {
            fact: fact.0,
            what: STATEMENT,
            data: statement,
        });
    }

    /// Records that an axiom states the fact.
    pub(crate) fn add_axiom(&mut self, fact: FactId, axiom: u32) {
        self.records.push(Record {
            fact: fact.0,
            what: AXIOM,
            data: axiom,
        });
    }

    /// Records a rule derivation, unless the fact already has the maximum number.
    pub(crate) fn add_rule(&mut self, fact: FactId, rule: RuleId, premises: &[FactId]) {
        let Some(count) = self.rule_counts.get_mut(fact.0 as usize) else {
            return;
        };
        if rule.0 >= AXIOM {
            return;
        }
        if *count >= self.cap {
            if *count == self.cap {
                *count += 1;
                self.cut += 1;
            }
            return;
        }
        *count += 1;
        let data = self.premises.len as u32;
        for &p in premises {
            self.premises.push(p);
        }
        self.records.push(Record {
            fact: fact.0,
            what: rule.0,
            data,
        });
    }

    /// Number of facts that had more rule derivations than the cap (the later ones were
    /// dropped).
    pub(crate) fn cut(&self) -> usize {
        self.cut
    }

    /// The derivations of a fact, in the order they were found.
    pub(crate) fn derivations(&self, fact: FactId) -> &[Derivation] {
        let by_fact = self.by_fact.get_or_init(|| self.group());
        let f = fact.0 as usize;
        let Some(cell) = by_fact.built.get(f) else {
            return &[];
        };
        cell.get_or_init(|| {
            let from = by_fact.start.get(f).copied().unwrap_or(0) as usize;
            let to = by_fact.start.get(f + 1).copied().unwrap_or(0) as usize;
            by_fact
                .order
                .get(from..to)
                .unwrap_or(&[])
                .iter()
                .filter_map(|&r| self.records.get(r as usize))
                .map(|record| self.derivation(&record))
                .collect()
        })
    }

    fn group(&self) -> ByFact {
        let n = self.rule_counts.len();
        let mut start = vec![0u32; n + 1];
        for r in self.records.iter() {
            if let Some(s) = start.get_mut(r.fact as usize + 1) {
                *s += 1;
            }
        }
        let mut total = 0;
        for s in start.iter_mut() {
            total += *s;
            *s = total;
        }
        let mut next = start.clone();
        let mut order = vec![0u32; start.get(n).copied().unwrap_or(0) as usize];
        for (i, r) in self.records.iter().enumerate() {
            if let Some(at) = next.get_mut(r.fact as usize)
                && let Some(slot) = order.get_mut(*at as usize)
            {
                *slot = i as u32;
                *at += 1;
            }
        }
        ByFact {
            start: start.into_boxed_slice(),
            order: order.into_boxed_slice(),
            built: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    fn derivation(&self, record: &Record) -> Derivation {
        match record.what {
            STATEMENT => Derivation::Statement(StatementId(record.data)),
            AXIOM => Derivation::Axiom(record.data),
            rule => {
                let n = self.premise_counts.get(rule as usize).copied().unwrap_or(0) as usize;
                let start = record.data as usize;
                Derivation::Rule {
                    rule: RuleId(rule),
                    premises: (start..start + n)
                        .filter_map(|i| self.premises.get(i))
                        .collect(),
                }
            }
        }
    }
}
