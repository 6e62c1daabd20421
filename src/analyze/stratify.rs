//! The predicate dependency graph (a rule's head depends on each predicate of its body), its
//! strongly connected components in dependency order, and the negation cycles among them.
//! Iterative throughout, so that long chains of predicates cannot overflow the stack.

use super::AnalyzeError;
use crate::diagnostic::Label;
use crate::resolve::hir::{Literal, Program};
use std::collections::VecDeque;

/// `head` depends on `to` through body literal `literal` of rule `rule`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    /// The body predicate.
    pub(crate) to: usize,
    /// Index of the rule.
    pub(crate) rule: usize,
    /// Whether the body literal is negated.
    pub(crate) negated: bool,
}

/// The dependency edges of the rules selected by `keep`, per head predicate, in rule and body
/// order. Atoms with predicate ids outside the program are skipped.
pub(crate) fn dependency_edges(program: &Program, keep: &[bool]) -> Vec<Vec<Edge>> {
    let n = program.predicates.len();
    let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); n];
    for (r, rule) in program.rules.iter().enumerate() {
        if !keep.get(r).copied().unwrap_or(false) {
            continue;
        }
        let head = rule.head.pred.0 as usize;
        if head >= n {
            continue;
        }
        let mut out = Vec::new();
        for lit in &rule.body {
            let (atom, negated) = match lit {
                Literal::Pos(a) => (a, false),
                Literal::Neg(a) => (a, true),
                Literal::Cmp { .. } => continue,
            };
            let to = atom.pred.0 as usize;
            if to < n {
                out.push(Edge {
                    to,
                    rule: r,
                    negated,
                });
            }
        }
        if let Some(from) = edges.get_mut(head) {
            from.append(&mut out);
        }
    }
    edges
}

/// Strongly connected components (Tarjan, iterative). Returns each node's component number
/// and the components, each sorted, in dependency order: a component comes after every
/// component it depends on.
// Every index is a node number below `n`, the length of each per-node vector here: the nodes
// are `0..n` and `dependency_edges` builds no edge to a node outside them.
#[allow(clippy::indexing_slicing)]
pub(crate) fn components(edges: &[Vec<Edge>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = edges.len();
    let mut index: Vec<Option<usize>> = vec![None; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut comp_of = vec![0usize; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    let mut next = 0usize;
    for start in 0..n {
        if index[start].is_some() {
            continue;
        }
        index[start] = Some(next);
        low[start] = next;
        next += 1;
        stack.push(start);
        on_stack[start] = true;
        let mut calls: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&(v, e)) = calls.last() {
            if let Some(edge) = edges[v].get(e) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                let w = edge.to;
                match index[w] {
                    None => {
                        index[w] = Some(next);
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    }
                    Some(iw) if on_stack[w] => low[v] = low[v].min(iw),
                    Some(_) => {}
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if Some(low[v]) == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp_of[w] = comps.len();
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.sort_unstable();
                comps.push(comp);
            }
        }
    }
    (comp_of, comps)
}

/// Every negated body literal whose predicate lies in the same component as its rule's head,
/// as (rule index, error naming the shortest cycle back to the head).
pub(crate) fn negation_cycles(
    program: &Program,
    well_formed: &[bool],
) -> Vec<(usize, AnalyzeError)> {
    let edges = dependency_edges(program, well_formed);
    let (comp_of, _) = components(&edges);
    let name = |p: usize| {
        program
            .predicates
            .get(p)
            .map_or_else(|| format!("#{p}"), |info| info.name.clone())
    };
    let mut found = Vec::new();
    for (r, rule) in program.rules.iter().enumerate() {
        if !well_formed.get(r).copied().unwrap_or(false) {
            continue;
        }
        let head = rule.head.pred.0 as usize;
        for lit in &rule.body {
            let Literal::Neg(atom) = lit else { continue };
            let q = atom.pred.0 as usize;
            let (Some(cq), Some(ch)) = (comp_of.get(q), comp_of.get(head)) else {
                continue;
            };
            if cq != ch {
                continue;
            }
            let path = shortest_path(&edges, &comp_of, q, head);
            let mut cycle = format!("`{}` → not `{}`", name(head), name(q));
            let mut rules = vec![Label {
                span: rule.span,
                message: format!(
                    "`{}` depends on not `{}` through rule `{}`",
                    name(head),
                    name(q),
                    rule.name
                ),
            }];
            for (from, edge) in path {
                let not = if edge.negated { "not " } else { "" };
                cycle.push_str(&format!(" → {not}`{}`", name(edge.to)));
                if let Some(via) = program.rules.get(edge.rule)
                    && !rules.iter().any(|l| l.span == via.span)
                {
                    rules.push(Label {
                        span: via.span,
                        message: format!(
                            "`{}` depends on {not}`{}` through rule `{}`",
                            name(from),
                            name(edge.to),
                            via.name
                        ),
                    });
                }
            }
            found.push((
                r,
                AnalyzeError::NegationCycle {
                    pred: name(head),
                    negated: name(q),
                    cycle,
                    span: atom.span,
                    rules,
                },
            ));
        }
    }
    found
}

/// The edges of a shortest path from `from` to `to` that stays inside their component, as
/// (source node, edge) pairs; empty when `from == to` or when there is no such path.
fn shortest_path(
    edges: &[Vec<Edge>],
    comp_of: &[usize],
    from: usize,
    to: usize,
) -> Vec<(usize, Edge)> {
    if from == to {
        return Vec::new();
    }
    let comp = comp_of.get(from).copied();
    let mut prev: Vec<Option<(usize, Edge)>> = vec![None; edges.len()];
    let mut seen = vec![false; edges.len()];
    let mut queue = VecDeque::from([from]);
    if let Some(s) = seen.get_mut(from) {
        *s = true;
    }
    while let Some(v) = queue.pop_front() {
        if v == to {
            break;
        }
        for edge in edges.get(v).map_or(&[][..], Vec::as_slice) {
            let w = edge.to;
            if comp_of.get(w).copied() != comp || seen.get(w).copied().unwrap_or(true) {
                continue;
            }
            if let (Some(s), Some(p)) = (seen.get_mut(w), prev.get_mut(w)) {
                *s = true;
                *p = Some((v, *edge));
                queue.push_back(w);
            }
        }
    }
    let mut path = Vec::new();
    let mut at = to;
    while at != from {
        let Some(step) = prev.get(at).copied().flatten() else {
            return Vec::new();
        };
        path.push(step);
        at = step.0;
    }
    path.reverse();
    path
}
