//! Differential test of the engine: random small programs (safe and stratifiable by
//! construction) are evaluated by `eval::run_to_fixpoint` and by the naive evaluator below
//! (its own stratification; every rule applied to all facts until nothing changes), and the
//! derived facts and constraint violations must be exactly the same. Every rule derivation the
//! engine records must also be a real instance of its rule.
//!
//! Programs are decoded from a tape of random bytes, so shrinking the tape (towards fewer and
//! smaller bytes) shrinks the program.

use claimcheck::analyze::analyze_program;
use claimcheck::eval::{Derivation, EvalOptions, Evaluation, FactId, run_to_fixpoint};
use claimcheck::resolve::hir::{
    Atom, ConstraintInfo, ConstraintKind, EntityInfo, FoundBy, Literal, Method, Modality, PredId,
    PredicateInfo, Program, Proposition, RuleInfo, RuleOrigin, Speaker, Stance, Statement, Term,
    Type, TypeId, TypeInfo, VarId,
};
use claimcheck::source::Span;
use claimcheck::syntax::ast::CmpOp;
use claimcheck::value::{EntityId, Quantity, Value};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};

const ENTITIES: u32 = 6;
const OPS: [CmpOp; 6] = [
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Gt,
    CmpOp::Ge,
];

/// Reads choices from a byte tape; an exhausted tape reads zeros.
struct Tape<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Tape<'_> {
    fn next(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b as usize % n.max(1)
    }
}

fn num(n: usize) -> Value {
    Value::Num(Box::new(Quantity::exactly(n as f64)))
}

/// A value of the domain: six entities and the numbers 0 to 2.
fn domain_value(t: &mut Tape<'_>) -> Value {
    match t.next(9) {
        i @ 0..6 => Value::Entity(EntityId(i as u32)),
        i => num(i - 6),
    }
}

fn atom(pred: usize, args: Vec<Term>) -> Atom {
    let n = args.len();
    Atom {
        pred: PredId(pred as u32),
        args,
        arg_spans: vec![Span::default(); n],
        span: Span::default(),
    }
}

/// A body: positive atoms over `positive`, negations over `negatable`, a few comparisons.
/// Returns it with the variables its positive atoms bind.
fn body(
    t: &mut Tape<'_>,
    arity: &[usize],
    positive: &[usize],
    negatable: &[usize],
) -> (Vec<Literal>, Vec<VarId>) {
    let mut lits = Vec::new();
    let mut bound: Vec<VarId> = Vec::new();
    for _ in 0..1 + t.next(3) {
        let p = positive[t.next(positive.len())];
        let args = (0..arity[p])
            .map(|_| match t.next(10) {
                0..8 => {
                    let v = VarId(t.next(4) as u32);
                    if !bound.contains(&v) {
                        bound.push(v);
                    }
                    Term::Var(v)
                }
                8 => Term::Const(domain_value(t)),
                _ => Term::Wildcard,
            })
            .collect();
        lits.push(Literal::Pos(atom(p, args)));
    }
    let bound_term = |t: &mut Tape<'_>, bound: &[VarId]| -> Term {
        if bound.is_empty() || t.next(4) == 0 {
            Term::Const(domain_value(t))
        } else {
            Term::Var(bound[t.next(bound.len())])
        }
    };
    if !negatable.is_empty() {
        for _ in 0..t.next(2) {
            let p = negatable[t.next(negatable.len())];
            let args = (0..arity[p])
                .map(|_| {
                    if t.next(5) == 0 {
                        Term::Wildcard
                    } else {
                        bound_term(t, &bound)
                    }
                })
                .collect();
            lits.push(Literal::Neg(atom(p, args)));
        }
    }
    for _ in 0..t.next(4) / 2 {
        let lhs = bound_term(t, &bound);
        let op = OPS[t.next(OPS.len())];
        let rhs = if t.next(2) == 0 {
            Term::Const(num(t.next(3)))
        } else {
            bound_term(t, &bound)
        };
        lits.push(Literal::Cmp {
            lhs,
            op,
            rhs,
            span: Span::default(),
        });
    }
    // Literal order matters to nobody: shuffle a little so negations and comparisons also
    // come before the atoms that bind their variables.
    if lits.len() > 1 && t.next(2) == 0 {
        let last = lits.len() - 1;
        lits.swap(0, last);
    }
    (lits, bound)
}

fn vars(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("V{i}")).collect()
}

/// Decodes a random program: 3–5 predicates of arity 1–3 on levels 0–2 (positive atoms read
/// the same level or lower, negations strictly lower, so it is stratifiable), 1–6 rules, 0–2
/// constraints, 0–30 base facts.
fn program_from(bytes: &[u8]) -> Program {
    let mut t = Tape { bytes, pos: 0 };
    let mut p = Program::default();
    p.types.push(TypeInfo {
        name: "entity".into(),
        parent: None,
        span: Span::default(),
        doc: None,
    });
    for i in 0..ENTITIES {
        p.entities.push(EntityInfo {
            name: format!("e{i}"),
            ty: TypeId(0),
            display: format!("e{i}"),
            aliases: vec![],
            demonyms: vec![],
            speaks_for: vec![],
            located_in: vec![],
            role_of: None,
            span: Span::default(),
            doc: None,
        });
    }
    let n = 3 + t.next(3);
    let arity: Vec<usize> = (0..n).map(|_| 1 + t.next(3)).collect();
    let level: Vec<usize> = (0..n).map(|_| t.next(3)).collect();
    for (i, &a) in arity.iter().enumerate() {
        p.predicates.push(PredicateInfo {
            name: format!("p{i}"),
            params: (0..a)
                .map(|k| (format!("a{k}"), Type::Entity(TypeId(0))))
                .collect(),
            functional: false,
            symmetric: false,
            transitive: false,
            one_way: false,
            cumulative: false,
            span: Span::default(),
            doc: None,
        });
    }
    for r in 0..1 + t.next(6) {
        let h = t.next(n);
        let positive: Vec<usize> = (0..n).filter(|&q| level[q] <= level[h]).collect();
        let negatable: Vec<usize> = (0..n).filter(|&q| level[q] < level[h]).collect();
        let (body, bound) = body(&mut t, &arity, &positive, &negatable);
        let head_args = (0..arity[h])
            .map(|_| {
                if bound.is_empty() || t.next(6) == 0 {
                    Term::Const(domain_value(&mut t))
                } else {
                    Term::Var(bound[t.next(bound.len())])
                }
            })
            .collect();
        p.rules.push(RuleInfo {
            name: format!("r{r}"),
            origin: RuleOrigin::User,
            head: atom(h, head_args),
            body,
            vars: vars(4),
            span: Span::default(),
            doc: None,
        });
    }
    let all: Vec<usize> = (0..n).collect();
    for c in 0..t.next(3) {
        let (body, _) = body(&mut t, &arity, &all, &all);
        p.constraints.push(ConstraintInfo {
            name: format!("c{c}"),
            kind: ConstraintKind::User,
            body,
            vars: vars(4),
            span: Span::default(),
            doc: None,
        });
    }
    // Biased towards more facts: programs over few facts derive little.
    for _ in 0..t.next(31).max(t.next(31)) {
        let q = t.next(n);
        let args = (0..arity[q]).map(|_| domain_value(&mut t)).collect();
        p.statements.push(Statement {
            source: Span::default(),
            speaker: Speaker::Author,
            reporter: None,
            stance: Stance::Asserts,
            modality: Modality::Fact,
            prop: Proposition {
                pred: PredId(q as u32),
                args,
            },
            time: None,
            reported: None,
            found_by: FoundBy {
                method: Method::File,
                declared_at: None,
                pattern: None,
                frame: None,
                anaphora: Box::default(),
                cite: None,
            },
        });
    }
    p
}

// ---------------------------------------------------------------------------------------------
// The naive evaluator.
// ---------------------------------------------------------------------------------------------

type Tuple = (PredId, Vec<Value>);

/// Comparison on this domain: exact integers and entities.
fn holds(op: CmpOp, a: &Value, b: &Value) -> bool {
    match (op, a, b) {
        (CmpOp::Eq, _, _) => a == b,
        (CmpOp::Ne, _, _) => a != b,
        (_, Value::Num(x), Value::Num(y)) => match op {
            CmpOp::Lt => x.value < y.value,
            CmpOp::Le => x.value <= y.value,
            CmpOp::Gt => x.value > y.value,
            _ => x.value >= y.value,
        },
        _ => false,
    }
}

fn term_value(t: &Term, env: &HashMap<VarId, Value>) -> Option<Value> {
    match t {
        Term::Const(v) => Some(v.clone()),
        Term::Var(v) => env.get(v).cloned(),
        Term::Wildcard => None,
    }
}

/// Extends `env` so that `atom` matches `args`, if it can.
fn unify(
    atom: &Atom,
    args: &[Value],
    env: &HashMap<VarId, Value>,
) -> Option<HashMap<VarId, Value>> {
    let mut env = env.clone();
    for (t, v) in atom.args.iter().zip(args) {
        match t {
            Term::Wildcard => {}
            Term::Const(c) if c == v => {}
            Term::Const(_) => return None,
            Term::Var(x) => match env.get(x) {
                Some(b) if b != v => return None,
                Some(_) => {}
                None => {
                    env.insert(*x, v.clone());
                }
            },
        }
    }
    Some(env)
}

/// Every match of a body against `facts`: the bindings and the matched tuples, in body order.
fn matches(
    body: &[Literal],
    by_pred: &HashMap<PredId, Vec<Vec<Value>>>,
) -> Vec<(HashMap<VarId, Value>, Vec<Tuple>)> {
    let atoms: Vec<&Atom> = body
        .iter()
        .filter_map(|l| match l {
            Literal::Pos(a) => Some(a),
            _ => None,
        })
        .collect();
    let mut partial = vec![(HashMap::new(), Vec::new())];
    for a in atoms {
        let mut next = Vec::new();
        for (env, used) in &partial {
            for args in by_pred.get(&a.pred).map_or(&[][..], Vec::as_slice) {
                if let Some(env2) = unify(a, args, env) {
                    let mut used2: Vec<Tuple> = used.clone();
                    used2.push((a.pred, args.clone()));
                    next.push((env2, used2));
                }
            }
        }
        partial = next;
    }
    partial
        .into_iter()
        .filter(|(env, _)| {
            body.iter().all(|l| match l {
                Literal::Pos(_) => true,
                Literal::Neg(a) => !by_pred
                    .get(&a.pred)
                    .is_some_and(|rows| rows.iter().any(|args| unify(a, args, env).is_some())),
                Literal::Cmp { lhs, op, rhs, .. } => {
                    match (term_value(lhs, env), term_value(rhs, env)) {
                        (Some(x), Some(y)) => holds(*op, &x, &y),
                        _ => false,
                    }
                }
            })
        })
        .collect()
}

fn index(facts: &HashSet<Tuple>) -> HashMap<PredId, Vec<Vec<Value>>> {
    let mut by_pred: HashMap<PredId, Vec<Vec<Value>>> = HashMap::new();
    for (p, args) in facts {
        by_pred.entry(*p).or_default().push(args.clone());
    }
    by_pred
}

/// Stratum numbers by iteration: a head is at least as high as its positive body predicates
/// and higher than its negated ones.
fn naive_strata(p: &Program) -> Vec<usize> {
    let mut s = vec![0usize; p.predicates.len()];
    for _ in 0..=p.predicates.len() * p.predicates.len() {
        let mut changed = false;
        for r in &p.rules {
            let h = r.head.pred.0 as usize;
            for l in &r.body {
                let need = match l {
                    Literal::Pos(a) => s[a.pred.0 as usize],
                    Literal::Neg(a) => s[a.pred.0 as usize] + 1,
                    Literal::Cmp { .. } => 0,
                };
                if need > s[h] {
                    s[h] = need;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    s
}

struct Naive {
    facts: HashSet<Tuple>,
    violations: Vec<(usize, Vec<Tuple>)>,
}

fn naive(p: &Program) -> Naive {
    let mut facts: HashSet<Tuple> = p
        .statements
        .iter()
        .map(|s| (s.prop.pred, s.prop.args.to_vec()))
        .collect();
    let strata = naive_strata(p);
    let top = strata.iter().copied().max().unwrap_or(0);
    for level in 0..=top {
        loop {
            let by_pred = index(&facts);
            let mut new = Vec::new();
            for r in p
                .rules
                .iter()
                .filter(|r| strata[r.head.pred.0 as usize] == level)
            {
                for (env, _) in matches(&r.body, &by_pred) {
                    let args: Option<Vec<Value>> =
                        r.head.args.iter().map(|t| term_value(t, &env)).collect();
                    let tuple = (r.head.pred, args.expect("safe head"));
                    if !facts.contains(&tuple) {
                        new.push(tuple);
                    }
                }
            }
            if new.is_empty() {
                break;
            }
            facts.extend(new);
        }
    }
    let by_pred = index(&facts);
    let mut violations = Vec::new();
    for (i, c) in p.constraints.iter().enumerate() {
        for (_, used) in matches(&c.body, &by_pred) {
            violations.push((i, used));
        }
    }
    Naive { facts, violations }
}

// ---------------------------------------------------------------------------------------------
// Comparison.
// ---------------------------------------------------------------------------------------------

fn text(t: &Tuple) -> String {
    format!("p{}{:?}", t.0.0, t.1)
}

fn engine_tuple(ev: &Evaluation, f: FactId) -> Tuple {
    (ev.pred(f), ev.values(f))
}

fn engine_facts(p: &Program, ev: &Evaluation) -> BTreeSet<String> {
    (0..p.predicates.len())
        .flat_map(|q| ev.facts_of(PredId(q as u32)))
        .map(|f| text(&engine_tuple(ev, f)))
        .collect()
}

fn sorted_violations(v: impl Iterator<Item = (usize, Vec<Tuple>)>) -> Vec<String> {
    let mut out: Vec<String> = v
        .map(|(c, used)| {
            format!(
                "c{c}: {}",
                used.iter().map(text).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    out.sort();
    out
}

/// A rule derivation is an instance of its rule: the premises match the positive atoms in
/// body order with one binding, the filters hold in the final model, the head is the fact.
fn check_derivation(
    p: &Program,
    ev: &Evaluation,
    model: &HashSet<Tuple>,
    f: FactId,
    rule: usize,
    premises: &[FactId],
) {
    let r = &p.rules[rule];
    let atoms: Vec<&Atom> = r
        .body
        .iter()
        .filter_map(|l| match l {
            Literal::Pos(a) => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(atoms.len(), premises.len(), "premises of rule {rule}");
    let mut env = HashMap::new();
    for (a, &pf) in atoms.iter().zip(premises) {
        let (pred, args) = engine_tuple(ev, pf);
        assert_eq!(pred, a.pred);
        env = unify(a, &args, &env).unwrap_or_else(|| panic!("premise does not match rule {rule}"));
    }
    let by_pred = index(model);
    for l in &r.body {
        match l {
            Literal::Pos(_) => {}
            Literal::Neg(a) => assert!(
                !by_pred
                    .get(&a.pred)
                    .is_some_and(|rows| rows.iter().any(|args| unify(a, args, &env).is_some())),
                "negation fails in derivation of rule {rule}"
            ),
            Literal::Cmp { lhs, op, rhs, .. } => {
                let (x, y) = (
                    term_value(lhs, &env).unwrap(),
                    term_value(rhs, &env).unwrap(),
                );
                assert!(
                    holds(*op, &x, &y),
                    "comparison fails in derivation of rule {rule}"
                );
            }
        }
    }
    let head: Vec<Value> = r
        .head
        .args
        .iter()
        .map(|t| term_value(t, &env).unwrap())
        .collect();
    assert_eq!(
        engine_tuple(ev, f),
        (r.head.pred, head),
        "head of rule {rule}"
    );
}

fn run_case(bytes: &[u8]) {
    let p = program_from(bytes);
    let (plan, diags) = analyze_program(&p);
    assert!(
        diags.is_empty(),
        "generated programs are safe and stratified: {diags:?}\n{plan}"
    );
    let ev = run_to_fixpoint(&p, &plan, &EvalOptions::default());
    assert_eq!(ev.limit_hit(), None);
    let want = naive(&p);
    let want_facts: BTreeSet<String> = want.facts.iter().map(text).collect();
    assert_eq!(
        engine_facts(&p, &ev),
        want_facts,
        "facts differ; plan:\n{plan}"
    );
    assert_eq!(ev.fact_count(), want.facts.len());

    let got_violations = sorted_violations(ev.violations().iter().map(|v| {
        (
            v.constraint.0 as usize,
            v.premises.iter().map(|&f| engine_tuple(&ev, f)).collect(),
        )
    }));
    assert_eq!(
        got_violations,
        sorted_violations(want.violations.into_iter()),
        "violations differ; plan:\n{plan}"
    );

    let base: HashSet<Tuple> = p
        .statements
        .iter()
        .map(|s| (s.prop.pred, s.prop.args.to_vec()))
        .collect();
    for q in 0..p.predicates.len() {
        for f in ev.facts_of(PredId(q as u32)) {
            let ds = ev.derivations(f);
            let rules = ds
                .iter()
                .filter(|d| matches!(d, Derivation::Rule { .. }))
                .count();
            assert!(rules <= 8);
            if !base.contains(&engine_tuple(&ev, f)) {
                assert!(rules >= 1, "a derived fact has a rule derivation");
            }
            for (i, d) in ds.iter().enumerate() {
                assert!(!ds[..i].contains(d), "derivations are distinct");
                if let Derivation::Rule { rule, premises } = d {
                    check_derivation(&p, &ev, &want.facts, f, rule.0 as usize, premises);
                }
            }
        }
    }

    let off = run_to_fixpoint(
        &p,
        &plan,
        &EvalOptions {
            provenance: false,
            ..EvalOptions::default()
        },
    );
    assert_eq!(engine_facts(&p, &off), want_facts);
    assert_eq!(off.violations(), ev.violations());
    // Fact ids do not depend on provenance either.
    for q in 0..p.predicates.len() {
        let a: Vec<FactId> = ev.facts_of(PredId(q as u32)).collect();
        let b: Vec<FactId> = off.facts_of(PredId(q as u32)).collect();
        assert_eq!(a, b);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn engine_agrees_with_naive_evaluation(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        run_case(&bytes);
    }
}

/// The generator must make interesting programs, not only trivial ones: over a fixed set of
/// tapes, many derive facts, many use negation and recursion, and none is rejected.
#[test]
fn generator_makes_varied_programs() {
    let mut derived = 0;
    let mut negating = 0;
    let mut recursive = 0;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..300)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let p = program_from(&bytes);
        let (plan, diags) = analyze_program(&p);
        assert!(diags.is_empty());
        run_case(&bytes);
        let ev = run_to_fixpoint(&p, &plan, &EvalOptions::default());
        let base: HashSet<Tuple> = p
            .statements
            .iter()
            .map(|s| (s.prop.pred, s.prop.args.to_vec()))
            .collect();
        if ev.fact_count() > base.len() {
            derived += 1;
        }
        if p.rules
            .iter()
            .any(|r| r.body.iter().any(|l| matches!(l, Literal::Neg(_))))
        {
            negating += 1;
        }
        if plan.strata().iter().any(|s| s.recursive()) {
            recursive += 1;
        }
    }
    assert!(derived > 80, "{derived} of 200 programs derive facts");
    assert!(negating > 30, "{negating} of 200 programs negate");
    assert!(recursive > 30, "{recursive} of 200 programs recurse");
}
