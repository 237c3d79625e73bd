//! The licences hold up: the project's own text, the fonts' licence beside the fonts in every
//! output, and a third-party notice that names every crate compiled into the binary.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(REPO).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_project_carries_the_full_eupl_text() {
    let text = read("LICENSE");
    assert!(text.starts_with("EUROPEAN UNION PUBLIC LICENCE v. 1.2"));
    // the articles a shortened copy would drop: definitions, liability, applicable law, and the
    // appendix of compatible licences
    for part in [
        "1.Definitions",
        "8.Disclaimer of Liability",
        "15.Applicable Law",
        "Appendix",
        "GNU General Public License (GPL) v. 2, v. 3",
    ] {
        assert!(text.contains(part), "LICENSE lacks {part:?}");
    }
    assert!(
        text.len() > 12_000,
        "LICENSE is shortened: {} bytes",
        text.len()
    );
    assert!(read("Cargo.toml").contains("license = \"EUPL-1.2\""));
}

fn assert_full_ofl(text: &str, what: &str) {
    for part in [
        "SIL OPEN FONT LICENSE",
        "Version 1.1 - 26 February 2007",
        "PERMISSION & CONDITIONS",
        "5) The Font Software, modified or unmodified, in part or in whole, must be distributed entirely under this license",
        "TERMINATION",
        "DISCLAIMER",
        "Digitized data copyright © 2012-2015, The Mozilla Foundation and Telefonica S.A.",
    ] {
        assert!(text.contains(part), "{what} lacks {part:?}");
    }
}

#[test]
fn every_output_that_ships_the_fonts_ships_their_licence() {
    let theme = read("themes/default/static/assets/kern/fonts/OFL.txt");
    assert_full_ofl(&theme, "the theme's OFL.txt");
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    let r = common::build_plan(dir.path());
    assert!(!r.diagnostics.has_errors());
    assert!(r.outputs.len() >= 2);
    for o in &r.outputs {
        let fonts: Vec<&String> = o.files.keys().filter(|k| k.ends_with(".woff2")).collect();
        assert!(!fonts.is_empty(), "{} ships no fonts", o.spec.name);
        let folders: BTreeSet<&str> = fonts.iter().map(|f| &f[..f.rfind('/').unwrap()]).collect();
        for folder in folders {
            let licence = format!("{folder}/OFL.txt");
            let shipped = common::file(&r, &o.spec.name, &licence);
            assert_eq!(shipped, theme, "{} {licence}", o.spec.name);
        }
    }
}

/// Packages compiled into the binary on this platform: krisenfest's normal dependencies,
/// transitively, as `cargo tree` resolves them (features and `cfg` evaluated; dev- and
/// build-dependencies never reach the binary).
fn compiled_packages() -> BTreeSet<(String, String)> {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree", "--locked", "-e", "normal", "--prefix", "none", "--format", "{p}",
        ])
        .current_dir(REPO)
        .output()
        .expect("cargo tree");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            (name != "krisenfest").then(|| (name.to_string(), version.to_string()))
        })
        .collect()
}

#[test]
fn the_third_party_notice_names_every_compiled_crate_with_its_licence() {
    let notice = read("THIRD-PARTY-LICENSES.md");
    let packages = compiled_packages();
    assert!(packages.len() > 50, "only {} packages?", packages.len());
    let missing: Vec<String> = packages
        .iter()
        .filter(|(name, version)| !notice.contains(&format!("`{name} {version}`")))
        .map(|(n, v)| format!("{n} {v}"))
        .collect();
    assert!(
        missing.is_empty(),
        "THIRD-PARTY-LICENSES.md is stale (run scripts/third-party.sh); missing: {missing:?}"
    );
    // every licence named is given in full
    for licence in ["MIT License", "Apache License", "Version 2.0, January 2004"] {
        assert!(
            notice.contains(licence),
            "notice lacks the text of {licence}"
        );
    }
}
