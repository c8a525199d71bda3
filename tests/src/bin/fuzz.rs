//! `make fuzz`: every target for `FUZZ_SECONDS` (default 600) in total, seeded by `FUZZ_SEED`
//! (default: the clock). Prints cases/s per target and writes failing inputs to
//! `tests/fuzz-regressions/`, which `make test` replays. Exits 1 when anything failed.

use std::time::Duration;

use waha_groups_tests::fuzz::{self, Budget, Report};

fn main() {
    let total: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(600);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs())
    });
    let targets = fuzz::targets();
    let share = Duration::from_secs(total) / (targets.len() as u32 + 1);
    println!("fuzzing {} targets + the mock for {total} s (seed {seed})", targets.len());
    let mut failed = 0;
    for target in &targets {
        failed += report(target.name, &fuzz::run(target, Budget::Time(share), seed));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    failed += report("mock", &runtime.block_on(fuzz::run_mock(Budget::Time(share), seed)));
    if failed > 0 {
        eprintln!("{failed} failing inputs written to {}", fuzz::regressions_dir().display());
        std::process::exit(1);
    }
}

fn report(name: &str, r: &Report) -> usize {
    let rate = r.cases as f64 / r.elapsed.as_secs_f64().max(1e-9);
    println!(
        "{name:<8} {:>9} cases in {:>6.1} s = {rate:>9.0} cases/s, {} failures",
        r.cases,
        r.elapsed.as_secs_f64(),
        r.failures.len()
    );
    for (input, why) in &r.failures {
        match fuzz::save_regression(name, input) {
            Ok(path) => println!("  {why}\n  -> {}", path.display()),
            Err(e) => println!("  {why}\n  (not saved: {e})"),
        }
    }
    r.failures.len()
}
