//! A bounded, seeded fuzz pass over every parser, and a replay of `tests/fuzz-regressions/`.
//! `make fuzz` runs the same targets for minutes.

use waha_groups_tests::fuzz::{self, Budget, Mutator};

fn failures(name: &str, report: &fuzz::Report) -> Vec<String> {
    report
        .failures
        .iter()
        .map(|(input, why)| {
            format!("{name}: {why} (input {:?})", String::from_utf8_lossy(&input[..input.len().min(200)]))
        })
        .collect()
}

#[test]
fn every_parser_keeps_its_properties_on_mutated_fixtures() {
    let mut all = Vec::new();
    for target in fuzz::targets() {
        let report = fuzz::run(&target, Budget::Cases(600), 7);
        assert!(report.cases >= 600 + target.seeds.len(), "{}: ran {}", target.name, report.cases);
        all.extend(failures(target.name, &report));
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_mock_answers_every_mutated_request_and_stays_up() {
    let report = fuzz::run_mock(Budget::Cases(300), 7).await;
    assert_eq!(report.cases, 300);
    let all = failures("mock", &report);
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn saved_regressions_still_pass() {
    let targets = fuzz::targets();
    let mut replayed = 0;
    for entry in std::fs::read_dir(fuzz::regressions_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(target) = targets.iter().find(|t| name.starts_with(&format!("{}-", t.name))) else { continue };
        let input = std::fs::read(&path).unwrap();
        assert_eq!(fuzz::check_one(target, &input), None, "{name}");
        replayed += 1;
    }
    // The folder keeps every input a run ever failed on (the first: an empty JSON string body).
    assert!(replayed >= 1, "no regressions replayed from {}", fuzz::regressions_dir().display());
}

#[test]
fn the_property_checks_can_fail() {
    // A check that breaks its property on the seed is reported, not hidden.
    let target = fuzz::Target { name: "broken", seeds: vec![b"{}".to_vec()], check: |_| Err("always".into()) };
    assert_eq!(fuzz::run(&target, Budget::Cases(3), 1).failures.len(), 4);
    let panics = fuzz::Target { name: "panics", seeds: vec![b"x".to_vec()], check: |_| panic!("boom") };
    assert!(fuzz::check_one(&panics, b"x").unwrap().contains("boom"));
    // The mutator is deterministic per seed and changes its input.
    let (mut a, mut b) = (Mutator::new(3), Mutator::new(3));
    let seed = br#"{"id":"1@g.us","participants":[{"id":"2@c.us"}]}"#;
    let (x, y) = (a.mutate(seed), b.mutate(seed));
    assert_eq!(x, y);
    assert!((0..20).any(|_| a.mutate(seed) != seed.to_vec()));
}
