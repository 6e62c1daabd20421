//! The corpus generator behind `examples/gen_corpus.rs`, the end-to-end benchmark and
//! `tests/scale.rs`: deterministic news-like documents built from the default pack's entities
//! and phrasings, the statements they hold (as statement files, one per shard of 1,000
//! documents), and the contradictions planted in them.
//!
//! Layout under the output folder:
//!
//! ```text
//! docs/000/doc_000000.txt …     the documents, 1,000 to a shard folder
//! statements/000.yaml …         the statements of each shard (claimcheck.statements/1)
//! planted.json                  the planted contradictions, by document and quote
//! ```
//!
//! Every claim sentence is one statement. Filler claims are built so that they never
//! contradict anything at `error` severity: facts over propositions no planted conflict uses,
//! and the hedged, intended and feared claims of the seed's style (which may conflict at
//! `warning`). Each planted contradiction uses propositions nothing else in the corpus states,
//! because the finder keeps a few proofs per fact: a proposition stated a thousand times is
//! one fact, and only its first proofs are compared.
//!
//! Planted kinds: `functional` (one summit in two places that do not contain each other),
//! `denial` and `negation` (an agreement asserted, then denied or negated), `derived` (an arms
//! purchase from North Korea against the buyer's claim to comply with the UN sanctions, through
//! the pack's rule and `exclusive`), and `reference` (the seed's "met Putin in Vladivostok" in
//! 2023, and the Su-35S that "can evade radar detection"). Every planted contradiction is
//! between two documents' authors or a quoted speaker, so its relation is `dispute` or
//! `reference`, and both sides are categorical, so its severity is `error`.
//!
//! Everything is read from the program (the resolved default pack) by entity type and
//! predicate name; nothing is generated for a predicate the pack lacks.

use claimcheck::resolve::hir::{PredId, Program, Speaker, TypeId};
use claimcheck::value::{EntityId, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

/// Documents per shard folder and statement file.
pub const SHARD: usize = 1_000;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of documents.
    pub docs: usize,
    /// Seed of the random choices.
    pub seed: u64,
}

/// One statement of a planted contradiction: where it is and what it holds. Two are the same
/// statement when document, speaker, stance and proposition agree; the quote is for people
/// (an extractor may quote more or less of the sentence than the generator does).
#[derive(Clone, Debug)]
pub struct Quoted {
    /// Document path relative to the output folder (`docs/000/doc_000001.txt`).
    pub document: String,
    /// Speaker id (`author`, `putin`).
    pub speaker: String,
    /// `asserts`, `negates` or `denies`.
    pub stance: String,
    /// The proposition in the language's syntax, as reports print it.
    pub proposition: String,
    /// The quoted text.
    pub quote: String,
}

impl Quoted {
    fn key(&self) -> (&str, &str, &str, &str) {
        (
            &self.document,
            &self.speaker,
            &self.stance,
            &self.proposition,
        )
    }
}

impl PartialEq for Quoted {
    fn eq(&self, other: &Quoted) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Quoted {}

impl PartialOrd for Quoted {
    fn partial_cmp(&self, other: &Quoted) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quoted {
    fn cmp(&self, other: &Quoted) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// A planted contradiction.
#[derive(Clone, Debug)]
pub struct Planted {
    /// `p1`, `p2`, …
    pub id: String,
    /// The contradiction kind the report must give.
    pub kind: &'static str,
    /// The relation the report must give.
    pub relation: &'static str,
    /// Its statements.
    pub statements: Vec<Quoted>,
}

/// One file of the corpus, path relative to the output folder.
pub struct File {
    /// Relative path.
    pub path: String,
    /// Contents.
    pub text: String,
}

// ---------------------------------------------------------------------------------------------
// Random numbers (SplitMix64, as in the benchmarks' support module)
// ---------------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

// ---------------------------------------------------------------------------------------------
// What the pack offers
// ---------------------------------------------------------------------------------------------

/// An entity as the generator uses it: its id (canonical name) and how texts name it.
#[derive(Clone, Debug)]
struct Ent {
    id: String,
    display: String,
    /// Names a text may use: display name and aliases with a capital letter.
    names: Vec<String>,
}

/// The pack's vocabulary, by role.
struct Vocab {
    states: Vec<Ent>,
    /// People, with the index in `states` of the state they speak for (if any).
    people: Vec<(Ent, Option<usize>)>,
    places: Vec<Ent>,
    /// Pairs of places neither of which contains the other, for planted summits.
    disjoint_places: Vec<(usize, usize)>,
    weapons: Vec<Ent>,
    topics: Vec<Ent>,
    groups: Vec<Ent>,
    has: BTreeSet<&'static str>,
    /// What the pack's reference facts already say, which nothing generated may touch.
    reference: ReferenceKeys,
}

/// Keys the pack's reference facts (and negative reference facts) use.
#[derive(Default)]
struct ReferenceKeys {
    /// Agreements: unordered state pair and topic.
    agreements: BTreeSet<(usize, usize, usize)>,
    /// Summits: unordered person pair and year.
    summits: BTreeSet<(usize, usize, i32)>,
    /// States named in a reference fact about compliance, violations or arms transfers.
    states: BTreeSet<usize>,
}

impl ReferenceKeys {
    fn new(p: &Program, states: &[Ent], people: &[(Ent, Option<usize>)], topics: &[Ent]) -> Self {
        let mut keys = ReferenceKeys::default();
        let index = |list: &[&str], v: &Value| -> Option<usize> {
            let Value::Entity(e) = v else { return None };
            let name = p.ent(*e).name.as_str();
            list.iter().position(|n| *n == name)
        };
        let state_names: Vec<&str> = states.iter().map(|e| e.id.as_str()).collect();
        let people_names: Vec<&str> = people.iter().map(|(e, _)| e.id.as_str()).collect();
        let topic_names: Vec<&str> = topics.iter().map(|e| e.id.as_str()).collect();
        for st in &p.statements {
            if st.speaker != Speaker::Reference {
                continue;
            }
            let name = p.pred(st.prop.pred).name.as_str();
            let args = &st.prop.args;
            match (name, &args[..]) {
                ("agreement", [a, b, t]) => {
                    if let (Some(a), Some(b), Some(t)) = (
                        index(&state_names, a),
                        index(&state_names, b),
                        index(&topic_names, t),
                    ) {
                        keys.agreements.insert((a.min(b), a.max(b), t));
                    }
                }
                ("summit", [a, b, Value::Date(y), _]) => {
                    if let (Some(a), Some(b)) = (index(&people_names, a), index(&people_names, b)) {
                        keys.summits.insert((a.min(b), a.max(b), y.year));
                    }
                }
                ("complies_with" | "violates" | "transfers_arms", _) => {
                    for v in args {
                        if let Some(s) = index(&state_names, v) {
                            keys.states.insert(s);
                        }
                    }
                }
                _ => {}
            }
        }
        keys
    }
}

const PREDICATES: [&str; 6] = [
    "agreement",
    "transfers_arms",
    "complies_with",
    "summit",
    "low_observable",
    "violates",
];

fn type_named(p: &Program, name: &str) -> Option<TypeId> {
    p.types
        .iter()
        .position(|t| t.name == name)
        .map(|i| TypeId(i as u32))
}

fn ent_of(p: &Program, id: EntityId) -> Ent {
    let info = p.ent(id);
    let mut names = vec![info.display.clone()];
    for a in &info.aliases {
        if a.chars().next().is_some_and(char::is_uppercase)
            && !names.contains(a)
            && !a.contains('(')
        {
            names.push(a.clone());
        }
    }
    // "Moscow (city)" is not how a text names a place.
    if let Some(i) = info.display.find(" (") {
        names[0] = info.display[..i].to_string();
    }
    Ent {
        id: info.name.clone(),
        display: names[0].clone(),
        names,
    }
}

/// Whether a name has a word an extractor reads as a negation or hedge cue ("No Kwang-chol",
/// "May"): such names are left out so that the text says exactly what the statements say.
fn reads_as_cue(name: &str) -> bool {
    const CUES: [&str; 8] = ["no", "not", "nor", "never", "may", "might", "could", "if"];
    name.split(|c: char| !c.is_alphanumeric())
        .any(|w| CUES.contains(&w.to_lowercase().as_str()))
}

fn entities_of_type(p: &Program, ty: Option<TypeId>, exact: bool) -> Vec<EntityId> {
    let Some(ty) = ty else { return Vec::new() };
    (0..p.entities.len())
        .map(|i| EntityId(i as u32))
        .filter(|&e| {
            let t = p.ent(e).ty;
            if exact { t == ty } else { p.is_subtype(t, ty) }
        })
        .collect()
}

impl Vocab {
    fn new(p: &Program) -> Vocab {
        let has: BTreeSet<&'static str> = PREDICATES
            .iter()
            .copied()
            .filter(|n| p.predicate(n).is_some())
            .collect();
        let state_ids = entities_of_type(p, type_named(p, "state"), false);
        // Only states whose display name reads as a state today.
        let state_ids: Vec<EntityId> = state_ids
            .into_iter()
            .filter(|&e| p.ent(e).name != "soviet_union")
            .collect();
        let states: Vec<Ent> = state_ids.iter().map(|&e| ent_of(p, e)).collect();
        let people: Vec<(Ent, Option<usize>)> = entities_of_type(p, type_named(p, "person"), false)
            .into_iter()
            .filter(|&e| !reads_as_cue(&p.ent(e).display))
            .map(|e| {
                let speaks = p
                    .ent(e)
                    .speaks_for
                    .first()
                    .and_then(|s| state_ids.iter().position(|x| x == s));
                (ent_of(p, e), speaks)
            })
            .collect();
        // A place whose display name is qualified ("Moscow (city)") shares its plain name with
        // an alias of another entity (the state, by metonymy): a text cannot name it alone.
        let place_ids: Vec<EntityId> = entities_of_type(p, type_named(p, "place"), false)
            .into_iter()
            .filter(|&e| !p.ent(e).display.contains(" ("))
            .collect();
        let places: Vec<Ent> = place_ids.iter().map(|&e| ent_of(p, e)).collect();
        // Ancestors through `located_in` / `part_of`, to find places that do not contain each
        // other.
        let ancestors = |e: EntityId| -> HashSet<EntityId> {
            let mut out = HashSet::new();
            let mut todo = vec![e];
            while let Some(x) = todo.pop() {
                for &up in &p.ent(x).located_in {
                    if out.insert(up) {
                        todo.push(up);
                    }
                }
            }
            out
        };
        let anc: Vec<HashSet<EntityId>> = place_ids.iter().map(|&e| ancestors(e)).collect();
        let mut disjoint_places = Vec::new();
        for i in 0..place_ids.len() {
            for j in i + 1..place_ids.len() {
                if !anc[i].contains(&place_ids[j]) && !anc[j].contains(&place_ids[i]) {
                    disjoint_places.push((i, j));
                }
            }
        }
        let weapon_ty = type_named(p, "weapon");
        // Categories only (the aircraft models are kept for the reference plant).
        let weapons = entities_of_type(p, weapon_ty, true)
            .into_iter()
            .map(|e| ent_of(p, e))
            .collect();
        let topics: Vec<Ent> = entities_of_type(p, type_named(p, "topic"), false)
            .into_iter()
            .map(|e| ent_of(p, e))
            .collect();
        let groups = entities_of_type(p, type_named(p, "group"), false)
            .into_iter()
            .map(|e| ent_of(p, e))
            .collect();
        let reference = ReferenceKeys::new(p, &states, &people, &topics);
        Vocab {
            states,
            people,
            places,
            disjoint_places,
            weapons,
            topics,
            groups,
            has,
            reference,
        }
    }

    fn state(&self, id: &str) -> Option<usize> {
        self.states.iter().position(|s| s.id == id)
    }

    fn person(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|(s, _)| s.id == id)
    }
}

// ---------------------------------------------------------------------------------------------
// Claims
// ---------------------------------------------------------------------------------------------

/// One claim sentence and the statement it holds.
#[derive(Clone, Debug)]
struct Claim {
    /// The sentence, with its full stop.
    sentence: String,
    /// The quoted part of the sentence.
    quote: String,
    speaker: String,
    stance: &'static str,
    modality: &'static str,
    proposition: String,
    /// The planted contradiction this claim is a side of.
    planted: Option<usize>,
}

impl Claim {
    /// The claim as a planted statement of document `d`.
    fn quoted(&self, d: usize) -> Quoted {
        Quoted {
            document: doc_path(d),
            speaker: self.speaker.clone(),
            stance: self.stance.to_string(),
            proposition: self.proposition.clone(),
            quote: self.quote.clone(),
        }
    }
}

fn claim(sentence: String, quote: String, speaker: &str, proposition: String) -> Claim {
    Claim {
        sentence,
        quote,
        speaker: speaker.to_string(),
        stance: "asserts",
        modality: "fact",
        proposition,
        planted: None,
    }
}

/// Sentences that hold no claim, for the prose between claims.
const PROSE: [&str; 24] = [
    "The meeting came after weeks of preparation by both delegations.",
    "Neither side published a full transcript of the talks.",
    "Security around the venue was unusually tight, witnesses said.",
    "Commentators on state television praised the outcome.",
    "The schedule of the visit was kept secret until the last moment.",
    "Local residents were kept away from the roads leading to the site.",
    "Several journalists waited outside the building for most of the day.",
    "The two leaders posed for photographs before the start of the talks.",
    "Translators worked through the night to prepare the documents.",
    "The exchange was described as frank and constructive.",
    "A planned press briefing was cancelled without explanation.",
    "Photographs released afterwards showed the delegations at a long table.",
    "The talks lasted several hours and ended without a joint press conference.",
    "Reporters were not allowed to attend the meeting.",
    "Further details were not released.",
    "The statement was published late in the evening.",
    "Analysts expect the issue to come up again at the next round of talks.",
    "The two delegations exchanged gifts at the end of the visit.",
    "Satellite images taken last month were widely shared online.",
    "The foreign press was given a short tour of the facility.",
    "Observers noted that the tone of the meeting was unusually warm.",
    "Officials gave no timetable for the next steps.",
    "The visit had been planned for months, according to diplomats.",
    "Markets showed little reaction to the news.",
];

const REPORTERS: [&str; 16] = [
    "Anna Keller",
    "James Ortega",
    "Mina Park",
    "Tomasz Nowak",
    "Sarah Lindqvist",
    "Daniel Reyes",
    "Hye-jin Cho",
    "Oliver Grant",
    "Yuki Tanaka",
    "Lena Hoffmann",
    "Marco Bellini",
    "Priya Raman",
    "David Moreau",
    "Elena Petrova",
    "Samuel Okafor",
    "Clara Jensen",
];

fn year_text(y: i32) -> String {
    y.to_string()
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// The key space of summits: unordered pairs of people and a year.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct SummitKey {
    a: usize,
    b: usize,
    year: i32,
}

/// A summit key is reserved for the reference facts (Kim and Putin in 2019 and 2023).
fn reference_summit(v: &Vocab, k: SummitKey) -> bool {
    let (kim, putin) = (v.person("kim_jong_un"), v.person("putin"));
    let pair = [Some(k.a), Some(k.b)];
    (pair.contains(&kim) && pair.contains(&putin))
        || v.reference.summits.contains(&(k.a, k.b, k.year))
}

struct Generator<'v> {
    v: &'v Vocab,
    rng: Rng,
    /// Agreement keys (unordered state pair and topic) reserved for planted conflicts.
    reserved_agreements: BTreeSet<(usize, usize, usize)>,
    /// Summit keys reserved for planted conflicts.
    reserved_summits: HashSet<SummitKey>,
    /// States reserved for planted derived conflicts (no filler compliance or purchase).
    reserved_states: BTreeSet<usize>,
    planted: Vec<Planted>,
}

fn unordered(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

impl Generator<'_> {
    fn state_name(&mut self, s: usize) -> String {
        let names = &self.v.states[s].names;
        // Mostly the display name; sometimes an alias ("Moscow", "Pyongyang").
        if self.rng.chance(4) {
            self.rng.pick(names).clone()
        } else {
            names[0].clone()
        }
    }

    fn person_name(&mut self, p: usize) -> String {
        let names = &self.v.people[p].0.names;
        self.rng.pick(names).clone()
    }

    fn two_states(&mut self) -> (usize, usize) {
        let n = self.v.states.len();
        let a = self.rng.below(n);
        let mut b = self.rng.below(n - 1);
        if b >= a {
            b += 1;
        }
        (a, b)
    }

    fn summit_key(&mut self) -> SummitKey {
        let n = self.v.people.len();
        let a = self.rng.below(n);
        let mut b = self.rng.below(n - 1);
        if b >= a {
            b += 1;
        }
        let (a, b) = unordered(a, b);
        SummitKey {
            a,
            b,
            year: 1990 + self.rng.below(36) as i32,
        }
    }

    /// The place filler gives a summit: a function of the key, so every mention agrees.
    fn summit_place(&self, k: SummitKey) -> usize {
        (k.a * 7919 + k.b * 104_729 + k.year as usize * 31) % self.v.places.len()
    }

    fn summit_claim(&mut self, k: SummitKey, place: usize, author: bool) -> Claim {
        let (a, b) = if self.rng.chance(2) {
            (k.a, k.b)
        } else {
            (k.b, k.a)
        };
        let (na, nb) = (self.person_name(a), self.person_name(b));
        let pl = self.v.places[place].display.clone();
        let y = year_text(k.year);
        let quote = match self.rng.below(3) {
            0 => format!("{na} met {nb} in {pl} in {y}"),
            1 => format!("{na} held talks with {nb} at {pl} in {y}"),
            _ => format!("In {y}, {na} held talks with {nb} in {pl}"),
        };
        let sentence = if author || self.rng.chance(2) {
            format!("{quote}.")
        } else {
            format!("{quote}, the ministry said in a statement.")
        };
        let prop = format!(
            "summit({}, {}, {y}) = {}",
            self.v.people[a].0.id, self.v.people[b].0.id, self.v.places[place].id
        );
        claim(sentence, quote, "author", prop)
    }

    fn agreement_claim(&mut self, a: usize, b: usize, topic: usize) -> Claim {
        let (na, nb) = (self.state_name(a), self.state_name(b));
        let t = self.v.topics[topic].display.clone();
        let quote = match self.rng.below(2) {
            0 => format!("{na} and {nb} signed new agreements on {t}"),
            _ => format!("{na} and {nb} signed several agreements on {t}"),
        };
        let prop = format!(
            "agreement({}, {}, {})",
            self.v.states[a].id, self.v.states[b].id, self.v.topics[topic].id
        );
        claim(format!("{quote}."), quote, "author", prop)
    }

    /// A claim that conflicts with nothing at `error` severity.
    fn filler(&mut self) -> Option<Claim> {
        let v = self.v;
        let nk = v.state("north_korea");
        for _ in 0..16 {
            match self.rng.below(8) {
                0 | 1 if v.has.contains("summit") && v.people.len() > 1 && !v.places.is_empty() => {
                    let k = self.summit_key();
                    if self.reserved_summits.contains(&k) || reference_summit(v, k) {
                        continue;
                    }
                    let place = self.summit_place(k);
                    return Some(self.summit_claim(k, place, false));
                }
                2 if v.has.contains("agreement") && !v.topics.is_empty() => {
                    let (a, b) = self.two_states();
                    let topic = self.rng.below(v.topics.len());
                    let (x, y) = unordered(a, b);
                    if self.reserved_agreements.contains(&(x, y, topic)) {
                        continue;
                    }
                    return Some(self.agreement_claim(a, b, topic));
                }
                3 if v.has.contains("transfers_arms") && !v.weapons.is_empty() => {
                    // Between states other than North Korea: no rule applies.
                    let (a, b) = self.two_states();
                    if Some(a) == nk || Some(b) == nk {
                        continue;
                    }
                    let w = self.rng.below(v.weapons.len());
                    let (na, nb) = (self.state_name(a), self.state_name(b));
                    let wn = v.weapons[w].display.clone();
                    let quote = format!("{na} delivered {wn} to {nb}");
                    let prop = format!(
                        "transfers_arms({}, {}, {})",
                        v.states[a].id, v.states[b].id, v.weapons[w].id
                    );
                    return Some(claim(format!("{quote} last year."), quote, "author", prop));
                }
                4 if v.has.contains("transfers_arms") && !v.weapons.is_empty() => {
                    // The seed's intended purchase, or a hedged shipment: warnings at most.
                    let nk = nk?;
                    let s = self.rng.below(v.states.len());
                    if s == nk || self.reserved_states.contains(&s) {
                        continue;
                    }
                    let w = self.rng.below(v.weapons.len());
                    let (ns, nn) = (self.state_name(s), self.state_name(nk));
                    let wn = v.weapons[w].display.clone();
                    let prop = format!(
                        "transfers_arms({}, {}, {})",
                        v.states[nk].id, v.states[s].id, v.weapons[w].id
                    );
                    let (quote, modality) = if self.rng.chance(2) {
                        (
                            format!("{ns} is seeking to purchase additional {wn} from {nn}"),
                            "intended",
                        )
                    } else {
                        (format!("{nn} may have shipped {wn} to {ns}"), "hedged")
                    };
                    let mut c = claim(format!("{quote}."), quote, "author", prop);
                    c.modality = modality;
                    return Some(c);
                }
                5 if v.has.contains("complies_with") => {
                    // A compliance claim by someone speaking for the state.
                    let p = self.rng.below(v.people.len());
                    let Some(s) = v.people[p].1 else { continue };
                    if Some(s) == nk || self.reserved_states.contains(&s) {
                        continue;
                    }
                    let np = self.person_name(p);
                    let ns = self.state_name(s);
                    let quote = format!(
                        "said that {ns} fully complied with the UN sanctions on North Korea"
                    );
                    let prop = format!("complies_with({}, un_dprk_sanctions)", v.states[s].id);
                    return Some(claim(
                        format!("{np} {quote}."),
                        quote,
                        &v.people[p].0.id,
                        prop,
                    ));
                }
                6 if v.has.contains("agreement") && !v.groups.is_empty() => {
                    // Western concerns about an arms deal: feared, a warning at most.
                    let nk = nk?;
                    let arms = v.topics.iter().position(|t| t.id == "arms")?;
                    let s = self.rng.below(v.states.len());
                    let (x, y) = unordered(s, nk);
                    if s == nk || self.reserved_agreements.contains(&(x, y, arms)) {
                        continue;
                    }
                    let g = self.rng.below(v.groups.len());
                    let (ns, nn) = (self.state_name(s), self.state_name(nk));
                    let gn = v.groups[g].display.clone();
                    let quote = format!("{gn} fear an arms deal between {ns} and {nn}");
                    let prop = format!("agreement({}, {}, arms)", v.states[s].id, v.states[nk].id);
                    let mut c = claim(format!("{quote}."), quote, &v.groups[g].id, prop);
                    c.modality = "feared";
                    return Some(c);
                }
                _ => {}
            }
        }
        None
    }

    /// Plants a contradiction of the given kind; returns its two claims, or `None` when the
    /// pack has nothing left for that kind.
    fn plant(&mut self, kind: usize) -> Option<(Claim, Claim, &'static str, &'static str)> {
        let v = self.v;
        match kind {
            // One summit, two places that do not contain each other.
            0 if v.has.contains("summit") && !v.disjoint_places.is_empty() => {
                let mut k = self.summit_key();
                for _ in 0..64 {
                    if !self.reserved_summits.contains(&k) && !reference_summit(v, k) {
                        break;
                    }
                    k = self.summit_key();
                }
                if !self.reserved_summits.insert(k) || reference_summit(v, k) {
                    return None;
                }
                let &(x, y) = self.rng.pick(&v.disjoint_places);
                let a = self.summit_claim(k, x, true);
                let b = self.summit_claim(k, y, true);
                Some((a, b, "functional", "dispute"))
            }
            // An agreement asserted and denied by someone speaking for one side.
            1 | 2 if v.has.contains("agreement") && !v.topics.is_empty() => {
                let (a, b, topic) = self.reserve_agreement()?;
                let asserted = self.agreement_claim(a, b, topic);
                let (na, nb) = (self.state_name(a), self.state_name(b));
                let t = v.topics[topic].display.clone();
                let prop = asserted.proposition.clone();
                if kind == 1 {
                    let speaker = (0..v.people.len())
                        .filter(|&p| v.people[p].1 == Some(a))
                        .collect::<Vec<_>>();
                    let (who, who_id) = match speaker.as_slice() {
                        [] => (na.clone(), v.states[a].id.clone()),
                        some => {
                            let p = *self.rng.pick(some);
                            (self.person_name(p), v.people[p].0.id.clone())
                        }
                    };
                    let quote =
                        format!("{who} denied that {na} and {nb} signed new agreements on {t}");
                    let mut c = claim(format!("{quote}."), quote, &who_id, prop);
                    c.stance = "denies";
                    Some((asserted, c, "denial", "dispute"))
                } else {
                    let quote = format!("{na} and {nb} have not signed new agreements on {t}");
                    let mut c = claim(format!("{quote}."), quote, "author", prop);
                    c.stance = "negates";
                    Some((asserted, c, "negation", "dispute"))
                }
            }
            // An arms purchase from North Korea against a compliance claim.
            3 if v.has.contains("transfers_arms")
                && v.has.contains("complies_with")
                && v.has.contains("violates")
                && !v.weapons.is_empty() =>
            {
                let nk = v.state("north_korea")?;
                let free: Vec<usize> = (0..v.states.len())
                    .filter(|s| *s != nk && !self.reserved_states.contains(s))
                    .collect();
                // Keep most states for filler compliance claims.
                if self.reserved_states.len() >= v.states.len() / 3 || free.is_empty() {
                    return None;
                }
                let s = *self.rng.pick(&free);
                self.reserved_states.insert(s);
                let w = self.rng.below(v.weapons.len());
                let (ns, nn) = (self.state_name(s), self.state_name(nk));
                let wn = v.weapons[w].display.clone();
                let quote = format!("{ns} bought {wn} from {nn}");
                let prop = format!(
                    "transfers_arms({}, {}, {})",
                    v.states[nk].id, v.states[s].id, v.weapons[w].id
                );
                let bought = claim(format!("{quote} this spring."), quote, "author", prop);
                let (ns2, ns3) = (self.state_name(s), self.state_name(s));
                let quote = format!(
                    "{ns2} said that {ns3} fully complied with the UN sanctions on North Korea"
                );
                let prop = format!("complies_with({}, un_dprk_sanctions)", v.states[s].id);
                let complied = claim(format!("{quote}."), quote, &v.states[s].id, prop);
                Some((bought, complied, "derived", "dispute"))
            }
            _ => None,
        }
    }

    fn reserve_agreement(&mut self) -> Option<(usize, usize, usize)> {
        for _ in 0..64 {
            let (a, b) = self.two_states();
            let topic = self.rng.below(self.v.topics.len());
            let (x, y) = unordered(a, b);
            if self.reserved_agreements.insert((x, y, topic)) {
                return Some((a, b, topic));
            }
        }
        None
    }

    /// The reference plants: the seed's "met Putin in Vladivostok" in 2023, and the Su-35S
    /// that can evade radar.
    fn reference_plants(&self) -> Vec<Claim> {
        let v = self.v;
        let mut out = Vec::new();
        if v.has.contains("summit")
            && v.person("kim_jong_un").is_some()
            && v.person("putin").is_some()
            && let Some(vlad) = v.places.iter().position(|p| p.id == "vladivostok")
        {
            let quote = "Kim Jong Un met Putin in Vladivostok in 2023".to_string();
            let prop = format!("summit(kim_jong_un, putin, 2023) = {}", v.places[vlad].id);
            out.push(claim(format!("{quote}."), quote, "author", prop));
        }
        if v.has.contains("low_observable") {
            let quote = "the Su-35S, a state-of-the-art aircraft that can evade radar detection"
                .to_string();
            out.push(claim(
                format!("Moscow offered {quote}."),
                quote,
                "author",
                "low_observable(su_35s)".to_string(),
            ));
        }
        out
    }
}

/// Generates the corpus from the resolved default pack; `emit` receives every file (documents
/// and statement files, in order), and the planted contradictions are returned, sorted by id.
pub fn generate(program: &Program, options: Options, mut emit: impl FnMut(File)) -> Vec<Planted> {
    let vocab = Vocab::new(program);
    let mut g = Generator {
        v: &vocab,
        rng: Rng(options.seed ^ 0x00c1_a1c4_ec6b),
        reserved_agreements: vocab.reference.agreements.clone(),
        reserved_summits: HashSet::new(),
        reserved_states: vocab.reference.states.clone(),
        planted: Vec::new(),
    };
    let docs = options.docs;
    // Claims per document, before any is written: planted sides go to two different
    // documents (or one, when there is only one).
    let mut per_doc: BTreeMap<usize, Vec<Claim>> = BTreeMap::new();
    if docs > 0 {
        // One planted contradiction per twenty documents, at least one of each kind the pack
        // supports; kinds rotate, falling back to summits when one runs out.
        let target = (docs / 20).max(4);
        let mut kind = 0;
        let mut misses = 0;
        while g.planted.len() < target && misses < 8 {
            let planted = g.plant(kind % 4).or_else(|| g.plant(0));
            kind += 1;
            let Some((mut a, mut b, k, relation)) = planted else {
                misses += 1;
                continue;
            };
            let index = g.planted.len();
            a.planted = Some(index);
            b.planted = Some(index);
            let da = g.rng.below(docs);
            let db = if docs > 1 {
                let d = g.rng.below(docs - 1);
                if d >= da { d + 1 } else { d }
            } else {
                da
            };
            g.planted.push(Planted {
                id: format!("p{}", index + 1),
                kind: k,
                relation,
                statements: vec![a.quoted(da), b.quoted(db)],
            });
            per_doc.entry(da).or_default().push(a);
            per_doc.entry(db).or_default().push(b);
        }
        for c in g.reference_plants() {
            let index = g.planted.len();
            let d = g.rng.below(docs);
            let mut c = c;
            c.planted = Some(index);
            g.planted.push(Planted {
                id: format!("p{}", index + 1),
                kind: "reference",
                relation: "reference",
                statements: vec![c.quoted(d)],
            });
            per_doc.entry(d).or_default().push(c);
        }
    }

    let mut statements = String::new();
    for d in 0..docs {
        if d % SHARD == 0 {
            statements.clear();
            statements.push_str("schema: claimcheck.statements/1\nstatements:\n");
        }
        let mut claims = per_doc.remove(&d).unwrap_or_default();
        for _ in 0..4 + g.rng.below(6) {
            if let Some(c) = g.filler() {
                claims.push(c);
            }
        }
        // Shuffle (Fisher–Yates), so planted sides sit anywhere in the article.
        for i in (1..claims.len()).rev() {
            let j = g.rng.below(i + 1);
            claims.swap(i, j);
        }
        let text = document_text(&mut g, d, &claims);
        for c in &claims {
            write_statement(&mut statements, d, c, &text);
        }
        emit(File {
            path: doc_path(d),
            text,
        });
        if d % SHARD == SHARD - 1 || d + 1 == docs {
            emit(File {
                path: format!("statements/{:03}.yaml", d / SHARD),
                text: statements.clone(),
            });
        }
    }
    g.planted
}

/// `docs/000/doc_000001.txt`.
pub fn doc_path(d: usize) -> String {
    format!("docs/{:03}/doc_{d:06}.txt", d / SHARD)
}

fn document_text(g: &mut Generator<'_>, d: usize, claims: &[Claim]) -> String {
    let mut t = String::new();
    let topic = claims.first().map_or("Diplomacy", |_| {
        *g.rng.pick(&["Talks", "Arms", "Diplomacy", "Sanctions"])
    });
    let _ = writeln!(t, "{topic} update no. {d}");
    let _ = writeln!(t, "By {}", *g.rng.pick(&REPORTERS));
    t.push('\n');
    let mut paragraph = 0;
    for c in claims {
        t.push_str(&c.sentence);
        t.push(' ');
        for _ in 0..1 + g.rng.below(3) {
            t.push_str(PROSE[g.rng.below(PROSE.len())]);
            t.push(' ');
        }
        paragraph += 1;
        if paragraph >= 2 + g.rng.below(2) {
            t.pop();
            t.push_str("\n\n");
            paragraph = 0;
        }
    }
    t.push_str(PROSE[g.rng.below(PROSE.len())]);
    t.push('\n');
    t
}

/// A YAML string: JSON's escaping is valid in a double-quoted YAML scalar.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_statement(out: &mut String, d: usize, c: &Claim, text: &str) {
    let start = text.find(&c.quote).unwrap_or(0);
    let _ = writeln!(
        out,
        "  - document: {}\n    span: {{start: {start}, end: {}}}\n    quote: {}\n    speaker: {}\n    stance: {}\n    modality: {}\n    proposition: {}",
        yaml_str(&format!("../docs/{:03}/doc_{d:06}.txt", d / SHARD)),
        start + c.quote.len(),
        yaml_str(&c.quote),
        c.speaker,
        c.stance,
        c.modality,
        yaml_str(&c.proposition),
    );
}

/// `planted.json`: the planted contradictions, with the options that made them.
pub fn planted_json(options: Options, planted: &[Planted]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{{\n  \"schema\": \"claimcheck.planted/1\",\n  \"docs\": {},\n  \"seed\": {},\n  \"planted\": [",
        options.docs, options.seed
    );
    for (i, p) in planted.iter().enumerate() {
        let sts: Vec<String> = p
            .statements
            .iter()
            .map(|s| {
                format!(
                    "{{\"document\": {}, \"speaker\": {}, \"stance\": {}, \"proposition\": {}, \"quote\": {}}}",
                    yaml_str(&s.document),
                    yaml_str(&s.speaker),
                    yaml_str(&s.stance),
                    yaml_str(&s.proposition),
                    yaml_str(&s.quote)
                )
            })
            .collect();
        let _ = write!(
            out,
            "    {{\"id\": \"{}\", \"kind\": \"{}\", \"relation\": \"{}\", \"severity\": \"error\", \"statements\": [{}]}}",
            p.id,
            p.kind,
            p.relation,
            sts.join(", ")
        );
        out.push_str(if i + 1 < planted.len() { ",\n" } else { "\n" });
    }
    out.push_str("  ]\n}\n");
    out
}

/// Which predicate ids the generator's propositions use (for tests that check the pack still
/// has them).
pub fn used_predicates(program: &Program) -> Vec<PredId> {
    PREDICATES
        .iter()
        .filter_map(|n| program.predicate(n))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Checking a report against the planted contradictions
// ---------------------------------------------------------------------------------------------

/// A planted contradiction as read back from `planted.json` or kept in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// `p1`, …
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Relation.
    pub relation: String,
    /// Its statements in the corpus's documents.
    pub statements: BTreeSet<Quoted>,
}

impl From<&Planted> for Expected {
    fn from(p: &Planted) -> Expected {
        Expected {
            id: p.id.clone(),
            kind: p.kind.to_string(),
            relation: p.relation.to_string(),
            statements: p.statements.iter().cloned().collect(),
        }
    }
}

/// A contradiction of a report, reduced to what is compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reported {
    /// Kind.
    pub kind: String,
    /// Severity.
    pub severity: String,
    /// Relation.
    pub relation: String,
    /// Its statements in the corpus's documents (reference facts and other files left out).
    pub statements: BTreeSet<Quoted>,
}

/// The corpus-relative path of a document path as a report gives it (`corpus/docs/000/x.txt`,
/// `/abs/corpus/statements/../docs/000/x.txt` → `docs/000/x.txt`), or `None` for a file that is
/// not one of the corpus's documents.
pub fn corpus_path(path: &str) -> Option<String> {
    let at = path.rfind("docs/")?;
    let rest = &path[at..];
    rest.ends_with(".txt").then(|| rest.to_string())
}

/// Compares: every planted contradiction must be reported with its kind and relation at
/// `error` severity, and nothing else may be reported at `error`. Returns the problems, one
/// line each (empty when the report is right).
pub fn verify(expected: &[Expected], reported: &[Reported]) -> Vec<String> {
    let mut problems = Vec::new();
    let errors: Vec<&Reported> = reported.iter().filter(|r| r.severity == "error").collect();
    let mut matched = vec![false; errors.len()];
    for e in expected {
        let hit = errors.iter().position(|r| r.statements == e.statements);
        match hit {
            None => problems.push(format!(
                "planted {} ({}) not reported at error: {:?}",
                e.id, e.kind, e.statements
            )),
            Some(i) => {
                matched[i] = true;
                let r = errors[i];
                if r.kind != e.kind || r.relation != e.relation {
                    problems.push(format!(
                        "planted {} reported as {} / {}, expected {} / {}",
                        e.id, r.kind, r.relation, e.kind, e.relation
                    ));
                }
            }
        }
    }
    for (r, m) in errors.iter().zip(&matched) {
        if !m {
            problems.push(format!(
                "unplanted {} {} at error: {:?}",
                r.kind, r.relation, r.statements
            ));
        }
    }
    problems
}
