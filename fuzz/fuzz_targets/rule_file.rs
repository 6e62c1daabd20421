//! The grammar: any bytes as a `.claims` file, and as a proposition and a time inside a
//! statement file. Parsing must return a tree or a located error, never panic or hang; a tree
//! must print to text that parses to the same tree.

#![no_main]

use claimcheck::source::FileId;
use claimcheck::syntax;
use claimcheck::syntax::print::print_rule_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = FileId(0);
    if let Ok(ast) = syntax::parse_rule_file(file, text) {
        let printed = print_rule_file(&ast);
        match syntax::parse_rule_file(file, &printed) {
            Ok(again) => assert_eq!(print_rule_file(&again), printed, "printing is not stable"),
            Err(e) => panic!("the printed file does not parse: {e}\n{printed}"),
        }
    }
    let _ = syntax::parse_atom(file, text, 0);
    let _ = syntax::parse_time(file, text, 0);
});
