//! The syntax tree of a `.claims` file, exactly as written: names are strings with spans, not
//! yet resolved. Built by `syntax::parse_rule_file`; consumed by `resolve`.

use crate::source::Span;
use crate::value::{Date, Interval, Quantity};

/// A parsed rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFile {
    /// Items in source order.
    pub items: Vec<Item>,
}

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// A string literal after unescaping, with the span of the whole literal (quotes included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    /// The unescaped text.
    pub value: String,
    /// Where (including the quotes).
    pub span: Span,
}

/// `///` doc comment lines attached to the next item, joined with newlines.
pub type Doc = Option<String>;

/// A top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `import "path.claims"`
    Import(Import),
    /// `type state: actor`
    Type(TypeDecl),
    /// `role defence_minister(state)`
    Role(RoleDecl),
    /// `entity russia: state "Russia" aka "Moscow" …`
    Entity(EntityDecl),
    /// `predicate transfers_arms(from: state, to: state, item: weapon) symmetric`
    Predicate(PredicateDecl),
    /// `exclusive complies_with(S, R), violates(S, R)`
    Exclusive(ExclusiveDecl),
    /// `rule name: head :- body.`
    Rule(RuleDecl),
    /// `constraint name: body.` (an integrity constraint: the body must never hold)
    Constraint(ConstraintDecl),
    /// `reference met_at(kim, putin, 2023) = vostochny cite "…"`
    Reference(ReferenceDecl),
    /// `document seed = "000_….txt"`
    Document(DocumentDecl),
    /// `claim in seed at "quote": putin denies arms_agreement(russia, north_korea, arms)`
    Claim(ClaimDecl),
    /// `lexicon hedge: "may", "might", "reportedly"`
    Lexicon(LexiconDecl),
    /// `cue hedge => hedged`
    Cue(CueDecl),
    /// `anaphor "he", "him": person`
    Anaphor(AnaphorDecl),
    /// `pattern name: {buyer: state} buys {item: weapon} => transfers_arms(_, buyer, item)`
    Pattern(PatternDecl),
    /// `frame name: {speaker: actor} said that? {claim} => speaker asserts claim`
    Frame(FrameDecl),
}

/// `import "geo/actors.claims"` — path relative to the importing file.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The path literal.
    pub path: StrLit,
    /// The whole item.
    pub span: Span,
}

/// `type name` or `type name: parent`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDecl {
    /// Doc comment.
    pub doc: Doc,
    /// New type.
    pub name: Ident,
    /// Supertype, if any.
    pub parent: Option<Ident>,
    /// The whole item.
    pub span: Span,
}

/// `role defence_minister(state)`: an office held by one person at a time, of an entity of
/// the given type (or of nothing when the parentheses are left out).
#[derive(Clone, Debug, PartialEq)]
pub struct RoleDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Role name.
    pub name: Ident,
    /// Type of the entity the role is held in (`state` in `defence_minister(state)`).
    pub of: Option<Ident>,
    /// The whole item.
    pub span: Span,
}

/// `entity id: type "Display" aka "A", "B" demonym "Russian" speaks_for x located_in y
/// holds role(of) from DATE until DATE`. Clauses may come in any order and repeat.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Canonical id.
    pub name: Ident,
    /// Declared type.
    pub ty: Ident,
    /// Display name (defaults to the id).
    pub display: Option<StrLit>,
    /// Other names (`aka`).
    pub aliases: Vec<StrLit>,
    /// Adjectives naming it (`demonym "Russian"`).
    pub demonyms: Vec<StrLit>,
    /// Relations to other entities.
    pub relations: Vec<EntityRelation>,
    /// The whole item.
    pub span: Span,
}

/// One relation clause of an entity declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum EntityRelation {
    /// `speaks_for russia`
    SpeaksFor(Ident),
    /// `part_of russia`
    PartOf(Ident),
    /// `located_in amur_oblast`
    LocatedIn(Ident),
    /// `holds defence_minister(russia) from 2012-11-06 until 2024-05-12`
    Holds(RoleHolding),
}

/// `holds role(of) from D until D`.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleHolding {
    /// The role.
    pub role: Ident,
    /// The entity the role is held in.
    pub of: Option<Ident>,
    /// First day held.
    pub from: Option<DateLit>,
    /// Last day held.
    pub until: Option<DateLit>,
    /// The whole clause.
    pub span: Span,
}

/// `predicate name(p: type, …) -> type properties…`
#[derive(Clone, Debug, PartialEq)]
pub struct PredicateDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Predicate name.
    pub name: Ident,
    /// Parameters.
    pub params: Vec<Param>,
    /// Functional output type (`-> place`): the parameters determine it.
    pub output: Option<Ident>,
    /// Properties (`symmetric`, `transitive`, `one_way`, `cumulative`).
    pub properties: Vec<Ident>,
    /// The whole item.
    pub span: Span,
}

/// `name: type`
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Parameter name.
    pub name: Ident,
    /// Parameter type.
    pub ty: Ident,
}

/// `exclusive [name:] atom, atom, …` — the atoms cannot all hold together.
#[derive(Clone, Debug, PartialEq)]
pub struct ExclusiveDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Optional name (defaults to `exclusive(p, q)`).
    pub name: Option<Ident>,
    /// Two or more atoms.
    pub atoms: Vec<Atom>,
    /// The whole item.
    pub span: Span,
}

/// `rule name: head :- body.`
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Rule name.
    pub name: Ident,
    /// Head.
    pub head: Atom,
    /// Body literals (conjunction).
    pub body: Vec<Literal>,
    /// The whole item.
    pub span: Span,
}

/// `constraint name: body.` — an integrity constraint: whatever satisfies the body is a
/// contradiction.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstraintDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Constraint name.
    pub name: Ident,
    /// Body literals.
    pub body: Vec<Literal>,
    /// The whole item.
    pub span: Span,
}

/// A body literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `p(X, Y)`
    Pos(Atom),
    /// `not p(X, Y)`; the span covers `not` and the atom.
    Neg(Atom, Span),
    /// `X > 1000`, `D <= 2024-01-01`, `X != Y`
    Cmp(Comparison),
}

/// A comparison between two terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Left.
    pub lhs: Term,
    /// Operator.
    pub op: CmpOp,
    /// Right.
    pub rhs: Term,
    /// The whole comparison.
    pub span: Span,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// `pred(args) [= output]`
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    /// Predicate name.
    pub pred: Ident,
    /// Arguments.
    pub args: Vec<Term>,
    /// The functional output, written `= term` after the parentheses.
    pub output: Option<Term>,
    /// The whole atom.
    pub span: Span,
}

/// An argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// `X`, `Buyer` (starts with an upper-case letter).
    Var(Ident),
    /// `_`
    Wildcard(Span),
    /// `russia` (an entity name).
    Name(Ident),
    /// `"text"`
    Str(StrLit),
    /// `1000`, `more than 1,000 container`, `300000..500000 shell`
    Number(NumberLit),
    /// `2023-09-13`, `2023-09` (a bare year is written as a number and becomes a date where
    /// a date is expected).
    Date(DateLit),
    /// `2012-11-06..2024-05-12`, `2006..`, `..2024-05-12`
    Interval(IntervalLit),
}

impl Term {
    /// Where the term was written.
    pub fn span(&self) -> Span {
        match self {
            Term::Var(i) | Term::Name(i) => i.span,
            Term::Wildcard(s) => *s,
            Term::Str(s) => s.span,
            Term::Number(n) => n.span,
            Term::Date(d) => d.span,
            Term::Interval(i) => i.span,
        }
    }
}

/// A number literal with its qualifier, range and unit.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberLit {
    /// The value.
    pub value: Quantity,
    /// Where.
    pub span: Span,
}

/// An ISO date literal: `2023-09-13` or `2023-09`.
#[derive(Clone, Debug, PartialEq)]
pub struct DateLit {
    /// The date.
    pub value: Date,
    /// Where.
    pub span: Span,
}

/// A date interval literal `from..until` (either end may be left out, not both).
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalLit {
    /// The interval.
    pub value: Interval,
    /// Where.
    pub span: Span,
}

/// `reference [not] atom [during interval] cite "source"`
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceDecl {
    /// Doc comment.
    pub doc: Doc,
    /// `reference not …`: the fact is that the atom does not hold.
    pub negated: bool,
    /// The fact (ground: no variables).
    pub atom: Atom,
    /// When the fact holds, if it is time-scoped.
    pub time: Option<TimeLit>,
    /// The citation.
    pub cite: StrLit,
    /// The whole item.
    pub span: Span,
}

/// A time given as a date or an interval.
#[derive(Clone, Debug, PartialEq)]
pub enum TimeLit {
    /// `on 2023-09-13`
    Date(DateLit),
    /// `during 2023-10..2024-03`
    Interval(IntervalLit),
}

/// `document name = "path"` — path relative to the rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentDecl {
    /// Name used in `claim in NAME`.
    pub name: Ident,
    /// The path literal.
    pub path: StrLit,
    /// The whole item.
    pub span: Span,
}

/// The stance of a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StanceLit {
    /// `asserts`
    Asserts,
    /// `asserts not`
    Negates,
    /// `denies`
    Denies,
}

/// Who holds a claim.
#[derive(Clone, Debug, PartialEq)]
pub enum SpeakerLit {
    /// `author`: the document's author.
    Author(Span),
    /// An entity name.
    Entity(Ident),
}

/// `claim in DOC at "quote" [by REPORTER]: SPEAKER STANCE [MODALITY] ATOM [on D | during I]
/// [reported D]`
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimDecl {
    /// Doc comment.
    pub doc: Doc,
    /// The document name.
    pub document: Ident,
    /// Text that must occur in the document; the statement's span is where it occurs.
    pub quote: StrLit,
    /// Who relays it (an entity), if not the author.
    pub reporter: Option<Ident>,
    /// Who holds it.
    pub speaker: SpeakerLit,
    /// Asserts, negates or denies.
    pub stance: StanceLit,
    /// Modality keyword (`fact` when absent): fact, hedged, intended, expected, feared,
    /// warned, dismissed, declined.
    pub modality: Option<Ident>,
    /// The proposition.
    pub atom: Atom,
    /// Event time.
    pub time: Option<TimeLit>,
    /// When it was said.
    pub reported: Option<DateLit>,
    /// The whole item.
    pub span: Span,
}

/// `lexicon name: "phrase", …` — a named word class for cues and `@name` pattern elements.
#[derive(Clone, Debug, PartialEq)]
pub struct LexiconDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Lexicon name.
    pub name: Ident,
    /// The phrases: one or more words each ("may", "did not", "is seeking to").
    pub phrases: Vec<StrLit>,
    /// The whole item.
    pub span: Span,
}

/// `cue lexicon => effect` — a lexicon phrase in the clause before a match changes the
/// statement: a modality (`cue hedge => hedged`) or its stance (`cue negation => negates`).
#[derive(Clone, Debug, PartialEq)]
pub struct CueDecl {
    /// Doc comment.
    pub doc: Doc,
    /// The lexicon whose phrases are the cue words.
    pub lexicon: Ident,
    /// What a cue word does.
    pub effect: CueEffect,
    /// The whole item.
    pub span: Span,
}

/// What a cue does to the statements it touches.
#[derive(Clone, Debug, PartialEq)]
pub enum CueEffect {
    /// `negates`: flips asserts and negates.
    Negates(Span),
    /// A modality keyword (`hedged`, `intended`, …); `resolve` checks it.
    Modality(Ident),
}

/// `anaphor "phrase", … : target [pair]` — words that stand for something mentioned before:
/// an entity of a type (`anaphor "he", "him": person`), two entities of a type
/// (`anaphor "the two countries": state pair`), or an earlier statement of a predicate
/// (`anaphor "such agreement": agreement`). `resolve` decides which from the target's name.
#[derive(Clone, Debug, PartialEq)]
pub struct AnaphorDecl {
    /// Doc comment.
    pub doc: Doc,
    /// The phrases.
    pub phrases: Vec<StrLit>,
    /// A type or predicate name.
    pub target: Ident,
    /// `pair`: the phrase stands for two entities.
    pub pair: bool,
    /// The whole item.
    pub span: Span,
}

/// `pattern name: elements => head` — text shaped like the elements states the head.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Pattern name.
    pub name: Ident,
    /// What to match.
    pub body: Vec<Element>,
    /// What a match states.
    pub head: PatternHead,
    /// The whole item.
    pub span: Span,
}

/// `frame name: elements => head` — text shaped like the elements attributes the `{claim}`
/// to a speaker with a stance.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameDecl {
    /// Doc comment.
    pub doc: Doc,
    /// Frame name.
    pub name: Ident,
    /// What to match; holds exactly one `{claim}` unless the head has no claim.
    pub body: Vec<Element>,
    /// Who says it and how.
    pub head: FrameHead,
    /// The whole item.
    pub span: Span,
}

/// One element of a pattern or frame body.
#[derive(Clone, Debug, PartialEq)]
pub enum Element {
    /// `seeks`: one token, compared case-insensitively (the name holds the word as written).
    Word(Ident),
    /// `"U.S."`, `","`: tokens compared exactly.
    Literal(StrLit),
    /// `(is seeking | seeks | plans)`: alternatives, each a sequence.
    Group(Group),
    /// `additional?`, `(several | new)?`: the element or nothing.
    Optional(Box<Element>, Span),
    /// `...` or `..4`: up to so many tokens of anything in the same sentence.
    Gap(Gap),
    /// `{buyer: state}`, `{topics: topic+}`, `{a, b: state}`.
    Slot(Slot),
    /// `{claim}`: the clause a frame reports.
    Claim(Span),
    /// `@hedge`: any phrase of a lexicon (the name without `@`; the span includes it).
    Class(Ident),
}

impl Element {
    /// Where the element was written.
    pub fn span(&self) -> Span {
        match self {
            Element::Word(i) | Element::Class(i) => i.span,
            Element::Literal(s) => s.span,
            Element::Group(g) => g.span,
            Element::Optional(_, s) | Element::Claim(s) => *s,
            Element::Gap(g) => g.span,
            Element::Slot(s) => s.span,
        }
    }
}

/// `(a b | c)`: alternatives tried in the order written.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The alternatives, each a non-empty sequence.
    pub alternatives: Vec<Vec<Element>>,
    /// The whole group.
    pub span: Span,
}

/// `...` (5) or `..N`: a gap of up to `max` tokens, shortest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Most tokens skipped.
    pub max: u32,
    /// Where.
    pub span: Span,
}

/// A typed slot: `{name: type}`, a list `{name: type+}` or a pair `{a, b: type}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// One name, or two for a pair; `_` names a slot that is matched but not used.
    pub names: Vec<Ident>,
    /// An entity type, `number` or `date`.
    pub ty: Ident,
    /// `+`: one or more, separated by commas, "and", "or".
    pub list: bool,
    /// Where.
    pub span: Span,
}

/// `=> [not] [modality] pred(args) [= output]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternHead {
    /// `not`: the match states that the proposition does not hold.
    pub negated: bool,
    /// Modality keyword, checked by `resolve`.
    pub modality: Option<Ident>,
    /// The proposition.
    pub atom: HeadAtom,
    /// The whole head.
    pub span: Span,
}

/// A proposition in a head: like an [`Atom`], with `@date` allowed as an argument.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadAtom {
    /// Predicate name.
    pub pred: Ident,
    /// Arguments.
    pub args: Vec<HeadArg>,
    /// The functional output (`= p`).
    pub output: Option<HeadArg>,
    /// The whole atom.
    pub span: Span,
}

/// An argument in a head.
#[derive(Clone, Debug, PartialEq)]
pub enum HeadArg {
    /// A slot name, an entity name, `_` or a literal.
    Term(Term),
    /// `@date`: a value from the match's context (the name without `@`; the span includes it).
    Context(Ident),
}

impl HeadArg {
    /// Where the argument was written.
    pub fn span(&self) -> Span {
        match self {
            HeadArg::Term(t) => t.span(),
            HeadArg::Context(i) => i.span,
        }
    }
}

/// `=> speaker stance [modality] claim`, or `=> speaker modality` without a claim.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameHead {
    /// Who holds the claim.
    pub speaker: HeadSpeaker,
    /// The stance; `None` for a frame without a claim (`speaker declined`).
    pub stance: Option<StanceLit>,
    /// Modality keyword, checked by `resolve`.
    pub modality: Option<Ident>,
    /// The whole head.
    pub span: Span,
}

/// The speaker in a frame head.
#[derive(Clone, Debug, PartialEq)]
pub enum HeadSpeaker {
    /// `author`.
    Author(Span),
    /// `@speaker`: the speaker of the previous frame in the sentence (the name without `@`).
    Context(Ident),
    /// A slot name or an entity name.
    Name(Ident),
}
