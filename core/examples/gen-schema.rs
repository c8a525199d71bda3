//! Writes `schema/openapi.json` and `schema/<Name>.schema.json` from the code:
//! `cargo run -p waha-groups --example gen-schema` (or `make schema`).

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::remove_file(path)?;
        }
    }
    let files = waha_groups::schema::files();
    for (name, text) in &files {
        std::fs::write(dir.join(name), text)?;
    }
    println!("wrote {} files to schema/", files.len());
    Ok(())
}
