//! Emits small random programs as answer-set programs, together with what claimcheck derives
//! from them, for `scripts/clingo_check.py` to compare against the clingo solver.
//!
//! ```text
//! cargo run --example asp_export -- --cases 200 --seed 1 > cases.jsonl
//! python3 scripts/clingo_check.py cases.jsonl
//! ```
//!
//! Each line of the output is one case, a JSON object:
//!
//! - `facts_program`: the rules (stratified negation, `=` and `!=`) and every asserted
//!   statement as a fact, in ASP; its one answer set, shown on the predicates `p0`…`p3`, must
//!   be `facts`, the facts the engine derived (as ASP atoms, sorted);
//! - `sets_program`: the same rules without negation, one choice atom `use(S)` per statement,
//!   each statement's fact guarded by it, each constraint and each negative statement deriving
//!   `conflict`, and `:- not conflict.`; its subset-minimal answer sets (projected on `use/1`)
//!   must be `sets`, the statement sets of the contradictions the finder reported (statement
//!   numbers from 1).
//!
//! Programs use five entities and the numbers 0 to 2, four predicates of arity 1 or 2, up to
//! five rules and two constraints, and up to eight statements, of which up to two deny.

use claimcheck::analyze::analyze_program;
use claimcheck::contradiction::{FindOptions, find_contradictions};
use claimcheck::eval::{EvalOptions, Limits, run_to_fixpoint};
use claimcheck::resolve::hir::{
    Atom, ConstraintInfo, ConstraintKind, EntityInfo, FoundBy, Literal, Method, Modality, PredId,
    PredicateInfo, Program, Proposition, RuleInfo, RuleOrigin, Speaker, Stance, Statement, Term,
    Type, TypeId, TypeInfo, VarId,
};
use claimcheck::source::{FileId, Span};
use claimcheck::syntax::ast::CmpOp;
use claimcheck::value::{EntityId, Quantity, Value};
use clap::Parser;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Emits random programs and the engine's results as JSON lines.
#[derive(Parser)]
struct Args {
    /// Number of cases.
    #[arg(long, default_value_t = 200)]
    cases: usize,
    /// Seed of the first case (case `i` uses `seed + i`).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z % n.max(1) as u64) as usize
    }
}

const ENTITIES: usize = 5;
const PREDICATES: usize = 4;
/// Proofs kept per fact by the finder in these cases.
const PROOFS_PER_FACT: usize = 16;
/// Rule derivations kept per fact by the engine in these cases.
const DERIVATIONS_PER_FACT: usize = 64;

fn value(rng: &mut Rng) -> Value {
    match rng.below(ENTITIES + 3) {
        i if i < ENTITIES => Value::Entity(EntityId(i as u32)),
        i => Value::Num(Box::new(Quantity::exactly((i - ENTITIES) as f64))),
    }
}

fn asp_value(v: &Value) -> String {
    match v {
        Value::Entity(e) => format!("e{}", e.0),
        Value::Num(q) => format!("{}", q.value as i64),
        other => format!("\"{other:?}\""),
    }
}

fn asp_term(t: &Term) -> String {
    match t {
        Term::Var(v) => format!("V{}", v.0),
        Term::Const(c) => asp_value(c),
        Term::Wildcard => "_".to_string(),
    }
}

fn asp_atom(a: &Atom) -> String {
    let args: Vec<String> = a.args.iter().map(asp_term).collect();
    format!("p{}({})", a.pred.0, args.join(","))
}

fn asp_fact(pred: PredId, args: &[Value]) -> String {
    let args: Vec<String> = args.iter().map(asp_value).collect();
    format!("p{}({})", pred.0, args.join(","))
}

fn asp_body(body: &[Literal], with_negation: bool) -> Vec<String> {
    body.iter()
        .filter_map(|l| match l {
            Literal::Pos(a) => Some(asp_atom(a)),
            Literal::Neg(a) => with_negation.then(|| format!("not {}", asp_atom(a))),
            Literal::Cmp { lhs, op, rhs, .. } => {
                let op = if *op == CmpOp::Eq { "=" } else { "!=" };
                Some(format!("{} {op} {}", asp_term(lhs), asp_term(rhs)))
            }
        })
        .collect()
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

/// A safe body: one or two positive atoms over predicates at or below `level`, a negated
/// atom over a lower level (when allowed) whose variables are bound, maybe a comparison.
fn body(
    rng: &mut Rng,
    arity: &[usize],
    level: &[usize],
    max_level: usize,
    negation: bool,
) -> (Vec<Literal>, Vec<VarId>) {
    let mut lits = Vec::new();
    let mut bound: Vec<VarId> = Vec::new();
    let positive: Vec<usize> = (0..PREDICATES).filter(|&q| level[q] <= max_level).collect();
    for _ in 0..1 + rng.below(2) {
        let p = positive[rng.below(positive.len())];
        let args = (0..arity[p])
            .map(|_| match rng.below(8) {
                0..6 => {
                    let v = VarId(rng.below(3) as u32);
                    if !bound.contains(&v) {
                        bound.push(v);
                    }
                    Term::Var(v)
                }
                6 => Term::Const(value(rng)),
                _ => Term::Wildcard,
            })
            .collect();
        lits.push(Literal::Pos(atom(p, args)));
    }
    let lower: Vec<usize> = (0..PREDICATES).filter(|&q| level[q] < max_level).collect();
    if negation && !lower.is_empty() && !bound.is_empty() && rng.below(2) == 0 {
        let p = lower[rng.below(lower.len())];
        let args = (0..arity[p])
            .map(|_| match rng.below(4) {
                0 => Term::Const(value(rng)),
                _ => Term::Var(bound[rng.below(bound.len())]),
            })
            .collect();
        lits.push(Literal::Neg(atom(p, args)));
    }
    if bound.len() >= 2 && rng.below(3) == 0 {
        lits.push(Literal::Cmp {
            lhs: Term::Var(bound[0]),
            op: if rng.below(2) == 0 {
                CmpOp::Ne
            } else {
                CmpOp::Eq
            },
            rhs: Term::Var(bound[1]),
            span: Span::default(),
        });
    }
    (lits, bound)
}

fn statement(pred: usize, args: Vec<Value>, stance: Stance, file: u32) -> Statement {
    Statement {
        source: Span::new(FileId(file), 0, 0),
        speaker: Speaker::Author,
        reporter: None,
        stance,
        modality: Modality::Fact,
        prop: Proposition {
            pred: PredId(pred as u32),
            args: args.into(),
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
    }
}

/// A random program; `negation` allows negated body atoms in rules.
fn program(rng: &mut Rng, negation: bool) -> Program {
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
            aliases: Vec::new(),
            demonyms: Vec::new(),
            speaks_for: Vec::new(),
            located_in: Vec::new(),
            role_of: None,
            span: Span::default(),
            doc: None,
        });
    }
    let arity: Vec<usize> = (0..PREDICATES).map(|_| 1 + rng.below(2)).collect();
    let level: Vec<usize> = (0..PREDICATES).map(|_| rng.below(3)).collect();
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
    let vars = || (0..3).map(|i| format!("V{i}")).collect::<Vec<_>>();
    for r in 0..1 + rng.below(5) {
        let h = rng.below(PREDICATES);
        let (body, bound) = body(rng, &arity, &level, level[h], negation);
        let head = (0..arity[h])
            .map(|_| {
                if bound.is_empty() || rng.below(6) == 0 {
                    Term::Const(value(rng))
                } else {
                    Term::Var(bound[rng.below(bound.len())])
                }
            })
            .collect();
        p.rules.push(RuleInfo {
            name: format!("r{r}"),
            origin: RuleOrigin::User,
            head: atom(h, head),
            body,
            vars: vars(),
            span: Span::default(),
            doc: None,
        });
    }
    for c in 0..1 + rng.below(2) {
        let (body, _) = body(rng, &arity, &level, 2, false);
        p.constraints.push(ConstraintInfo {
            name: format!("c{c}"),
            kind: ConstraintKind::User,
            body,
            vars: vars(),
            span: Span::default(),
            doc: None,
        });
    }
    let n = 3 + rng.below(6);
    for i in 0..n {
        let q = rng.below(PREDICATES);
        let args = (0..arity[q]).map(|_| value(rng)).collect();
        let stance = if i >= 2 && rng.below(4) == 0 {
            Stance::Denies
        } else {
            Stance::Asserts
        };
        p.statements.push(statement(q, args, stance, i as u32));
    }
    p
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn rules_asp(p: &Program, with_negation: bool) -> String {
    let mut out = String::new();
    for r in &p.rules {
        let _ = writeln!(
            out,
            "{} :- {}.",
            asp_atom(&r.head),
            asp_body(&r.body, with_negation).join(", ")
        );
    }
    out
}

fn case(rng: &mut Rng) -> Option<String> {
    // Derivation check: rules with negation.
    let with_neg = program(rng, true);
    let (plan, diags) = analyze_program(&with_neg);
    if !diags.is_empty() {
        return None;
    }
    let ev = run_to_fixpoint(&with_neg, &plan, &EvalOptions::default());
    let mut facts_program = rules_asp(&with_neg, true);
    for s in &with_neg.statements {
        if s.stance == Stance::Asserts {
            let _ = writeln!(facts_program, "{}.", asp_fact(s.prop.pred, &s.prop.args));
        }
    }
    for (i, info) in with_neg.predicates.iter().enumerate() {
        let _ = writeln!(facts_program, "#show p{i}/{}.", info.arity());
    }
    let facts: BTreeSet<String> = (0..PREDICATES)
        .flat_map(|q| ev.facts_of(PredId(q as u32)).collect::<Vec<_>>())
        .map(|f| asp_fact(ev.pred(f), &ev.values(f)))
        .collect();

    // Contradiction check: the same kind of program without negation.
    let positive = program(rng, false);
    let (plan, diags) = analyze_program(&positive);
    if !diags.is_empty() {
        return None;
    }
    // Generous caps on derivations and proofs: these programs are small, and the check is of
    // the engine's and the finder's semantics, not of their default caps (eight derivations
    // and four proofs per fact), which trade completeness on facts with many alternative
    // supports for speed and memory; a run that hits the derivations cap says so in its
    // report.
    let options = EvalOptions {
        limits: Limits {
            max_derivations: DERIVATIONS_PER_FACT,
            ..Limits::default()
        },
        ..EvalOptions::default()
    };
    let ev = run_to_fixpoint(&positive, &plan, &options);
    let found = find_contradictions(
        &positive,
        &ev,
        &FindOptions {
            proofs_per_fact: PROOFS_PER_FACT,
            ..FindOptions::default()
        },
    );
    let mut sets_program = rules_asp(&positive, false);
    let _ = writeln!(
        sets_program,
        "stmt(1..{}).\n{{ use(S) }} :- stmt(S).",
        positive.statements.len()
    );
    for (i, s) in positive.statements.iter().enumerate() {
        let fact = asp_fact(s.prop.pred, &s.prop.args);
        match s.stance {
            Stance::Asserts => {
                let _ = writeln!(sets_program, "{fact} :- use({}).", i + 1);
            }
            _ => {
                let _ = writeln!(sets_program, "conflict :- use({}), {fact}.", i + 1);
            }
        }
    }
    for c in &positive.constraints {
        let _ = writeln!(
            sets_program,
            "conflict :- {}.",
            asp_body(&c.body, false).join(", ")
        );
    }
    sets_program.push_str(":- not conflict.\n#show use/1.\n");
    let sets: BTreeSet<Vec<u32>> = found
        .contradictions
        .iter()
        .map(|c| c.statements.iter().map(|s| s.0 + 1).collect())
        .collect();

    let facts: Vec<String> = facts.iter().map(|f| json_str(f)).collect();
    let sets: Vec<String> = sets
        .iter()
        .map(|s| {
            let ids: Vec<String> = s.iter().map(u32::to_string).collect();
            format!("[{}]", ids.join(","))
        })
        .collect();
    Some(format!(
        "{{\"facts_program\": {}, \"facts\": [{}], \"sets_program\": {}, \"sets\": [{}], \"truncated\": {}}}",
        json_str(&facts_program),
        facts.join(", "),
        json_str(&sets_program),
        sets.join(", "),
        found.truncated
    ))
}

fn main() {
    let args = Args::parse();
    let mut written = 0;
    let mut seed = args.seed;
    while written < args.cases {
        let mut rng = Rng(seed);
        seed += 1;
        if let Some(line) = case(&mut rng) {
            println!("{line}");
            written += 1;
        }
    }
}
