//! Whole pages of the example plan as snapshots: the `<main>` of one page per template and page
//! family, in both outputs where they differ, and the list of files each output writes. Every
//! change of the generated HTML is a reviewed diff (`cargo insta review`, or `INSTA_UPDATE=always
//! cargo test --test pages` and read `git diff tests/snapshots`).

mod common;

use std::sync::OnceLock;

use krisenfest::build::BuildResult;

/// The example plan, built once for all tests of this file.
fn example() -> &'static BuildResult {
    static BUILT: OnceLock<(tempfile::TempDir, BuildResult)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            common::copy_example(dir.path());
            let r = common::build_plan(dir.path());
            assert!(
                !r.diagnostics.has_errors(),
                "{:#?}",
                r.diagnostics.snapshot()
            );
            (dir, r)
        })
        .1
}

/// The `<main>` element of a page: what the page says, without the frame every page shares (the
/// frame has a snapshot of its own, from the home page).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has a <main>");
    let end = html[start..].find("</main>").expect("</main>") + start + "</main>".len();
    &html[start..end]
}

fn page(output: &str, path: &str) -> String {
    common::file(example(), output, path)
}

macro_rules! snapshot_main {
    ($name:ident, $output:literal, $path:literal) => {
        #[test]
        fn $name() {
            let html = page($output, $path);
            insta::assert_snapshot!(main_of(&html));
        }
    };
}

snapshot_main!(home_public, "public", "index.html");
snapshot_main!(home_intranet, "intranet", "index.html");
snapshot_main!(
    guidance_page,
    "public",
    "einfuehrung/lernen-aus-der-krise/index.html"
);
snapshot_main!(section_page, "public", "it-organisation/index.html");
snapshot_main!(risk_register_public, "public", "risiken/index.html");
snapshot_main!(risk_register_intranet, "intranet", "risiken/index.html");
snapshot_main!(risk_public, "public", "risiken/r-001/index.html");
snapshot_main!(risk_intranet, "intranet", "risiken/r-001/index.html");
snapshot_main!(reviews, "intranet", "risiken/ueberpruefung/index.html");
snapshot_main!(measures, "public", "massnahmen/index.html");
snapshot_main!(measure, "public", "massnahmen/m-001/index.html");
snapshot_main!(goals, "public", "ziele/index.html");
snapshot_main!(perspective, "public", "perspektiven/nutzer/index.html");
snapshot_main!(threat, "public", "gefaehrdungen/g0-33/index.html");
snapshot_main!(decisions, "public", "entscheidungen/index.html");
snapshot_main!(evaluation, "public", "entscheidungen/plattform/index.html");
snapshot_main!(
    provisioning,
    "public",
    "entscheidungen/webmeeting-ausstattung/index.html"
);
snapshot_main!(checklists, "intranet", "checklisten/index.html");
snapshot_main!(checklist, "public", "checklisten/webmeeting/index.html");
snapshot_main!(impressum, "public", "impressum/index.html");
snapshot_main!(privacy, "public", "datenschutz/index.html");
snapshot_main!(changes_public, "public", "aenderungen/index.html");
snapshot_main!(changes_intranet, "intranet", "aenderungen/index.html");
snapshot_main!(council_paper, "public", "druck/vorlage/index.html");
snapshot_main!(
    accessibility_public,
    "public",
    "barrierefreiheit/index.html"
);
snapshot_main!(
    accessibility_intranet,
    "intranet",
    "barrierefreiheit/index.html"
);
snapshot_main!(open_data, "public", "daten/index.html");
snapshot_main!(search, "public", "suche/index.html");
snapshot_main!(page_list, "public", "seitenuebersicht/index.html");
snapshot_main!(emergency_overview, "intranet", "notfall/index.html");
snapshot_main!(
    emergency_process,
    "intranet",
    "notfall/p-buergerbuero/index.html"
);
snapshot_main!(emergency_public, "public", "notfallvorsorge/index.html");

/// The frame every page shares (head, header, navigation, footer), from the home page.
#[test]
fn frame() {
    let html = page("public", "index.html");
    let main = main_of(&html);
    insta::assert_snapshot!(html.replace(main, "<main>…</main>"));
}

#[test]
fn not_found_page() {
    insta::assert_snapshot!(page("public", "404.html"));
}

/// Which files each output writes: a page that appears or disappears is a reviewed change too.
#[test]
fn files_per_output() {
    let r = example();
    let mut lists = String::new();
    for o in &r.outputs {
        lists.push_str(&format!("# {}\n", o.spec.name));
        for k in o.files.keys() {
            lists.push_str(k);
            lists.push('\n');
        }
    }
    insta::assert_snapshot!(lists);
}
