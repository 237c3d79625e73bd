//! `krisenfest snapshot [--edition VERSION]`: the plan's records as the snapshot of an edition,
//! `content/editions/<version>.json`, which later builds compare against (docs/inhalte.md).

use std::io::IsTerminal;
use std::path::Path;

use clap::Args;

use super::{date_from_env, say, usage};
use crate::diagnostics::{self, Diagnostics, Lang, Severity, Sources};
use crate::msg;

#[derive(Args, Debug)]
pub struct SnapshotArgs {
    /// The edition (its `version` in content/editions.yaml; default: the last one listed).
    #[arg(long, value_name = "VERSION")]
    pub edition: Option<String>,
    /// Replace a snapshot that exists and differs (it records an edition as it was).
    #[arg(short = 'f', long)]
    pub force: bool,
}

pub fn run(root: &Path, a: &SnapshotArgs, flag: Option<Lang>) -> i32 {
    let early = flag.unwrap_or_default();
    let date = match date_from_env() {
        Ok(d) => d.unwrap_or_else(|| crate::model::common::Date(jiff::ZonedDateTime::now().date())),
        Err(m) => {
            let h = msg!(
                "setzen Sie `SOURCE_DATE_EPOCH` auf Sekunden seit 1970 oder entfernen Sie die Variable",
                "set `SOURCE_DATE_EPOCH` to seconds since 1970 or unset it"
            );
            return usage(early, &m, &h);
        }
    };
    let diags = Diagnostics::new();
    let sources = Sources::default();
    let opts = crate::load::LoadOptions { drafts: false };
    let site = crate::load::load(root, &opts, &diags, &sources).map(|mut s| {
        crate::validate::validate_site(&mut s, date, &diags);
        s
    });
    let lang = crate::config::messages_lang(flag, &sources);
    let all = diags.snapshot();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if !all.is_empty() {
        eprint!("{}", diagnostics::render_all(&all, &sources, color, lang));
    }
    let Some(site) = site.filter(|_| !all.iter().any(|d| d.severity == Severity::Error)) else {
        say(
            lang,
            "Hinweis: kein Schnappschuss geschrieben; beheben Sie zuerst die Fehler".into(),
            "note: no snapshot written; fix the errors first".into(),
        );
        return 1;
    };
    let listed = site.editions.list.iter().map(|e| e.version.value.as_str());
    let version = match (&a.edition, site.editions.current()) {
        (Some(v), _) => v.trim().to_string(),
        (None, Some(cur)) => cur.version.value.clone(),
        (None, None) => {
            let m = msg!(
                "welche Fassung? Es gibt keine content/editions.yaml",
                "which edition? There is no content/editions.yaml"
            );
            let h = msg!(
                "geben Sie die Fassung an, z. B. `krisenfest snapshot --edition 1.0`, oder legen Sie content/editions.yaml an (siehe docs/inhalte.md, „Fassungen“)",
                "name the edition, e.g. `krisenfest snapshot --edition 1.0`, or create content/editions.yaml (see docs/inhalte.md, \"Fassungen\")"
            );
            return usage(lang, &m, &h);
        }
    };
    if !crate::model::edition::usable_version(&version) {
        let m = msg!(
            "`{version}` lässt sich nicht als Dateiname verwenden",
            "`{version}` cannot be used as a file name"
        );
        let h = msg!(
            "Versionsnummern bestehen aus Ziffern, Buchstaben, Punkt und Bindestrich, z. B. `2.0`",
            "versions consist of digits, letters, dots and hyphens, e.g. `2.0`"
        );
        return usage(lang, &m, &h);
    }
    if !listed.clone().any(|v| v == version) && site.editions.source.is_some() {
        say(
            lang,
            format!(
                "Warnung: die Fassung `{version}` steht nicht in content/editions.yaml; der Schnappschuss wird trotzdem geschrieben"
            ),
            format!(
                "warning: edition `{version}` is not in content/editions.yaml; the snapshot is written anyway"
            ),
        );
    }
    let d = &site.records;
    let snap =
        crate::compute::changes::snapshot(d, site.config.default_audience, &d.method(), &version);
    let text = crate::compute::changes::snapshot_json(&snap);
    let dir = root.join("content").join("editions");
    let path = dir.join(format!("{version}.json"));
    let shown = format!("content/editions/{version}.json");
    match std::fs::read_to_string(&path) {
        Ok(old) if old == text => {
            say(
                lang,
                format!("{shown} ist schon aktuell"),
                format!("{shown} is up to date"),
            );
            return 0;
        }
        Ok(_) if !a.force => {
            let m = msg!(
                "`{shown}` gibt es schon, mit anderem Inhalt",
                "`{shown}` exists already, with other content"
            );
            let h = msg!(
                "ein Schnappschuss hält eine Fassung so fest, wie sie beraten wurde. Soll er wirklich durch den heutigen Stand ersetzt werden, rufen Sie `krisenfest snapshot --edition {version} --force` auf",
                "a snapshot records an edition as it was consulted. To really replace it with today's state, run `krisenfest snapshot --edition {version} --force`"
            );
            return usage(lang, &m, &h);
        }
        _ => {}
    }
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        // via a temporary file, so that an interrupted write leaves the old snapshot whole
        let tmp = dir.join(format!(".{version}.json.tmp"));
        std::fs::write(&tmp, &text)?;
        std::fs::rename(&tmp, &path)
    });
    let c = &snap;
    let n = c.goals.len() + c.risks.len() + c.measures.len() + c.decisions.len();
    match written {
        Ok(()) => {
            say(
                lang,
                format!("Schnappschuss der Fassung {version} geschrieben: {shown} ({n} Einträge)"),
                format!("wrote the snapshot of edition {version}: {shown} ({n} records)"),
            );
            0
        }
        Err(e) => {
            say(
                lang,
                format!("Fehler: `{shown}` kann nicht geschrieben werden: {e}"),
                format!("error: cannot write `{shown}`: {e}"),
            );
            1
        }
    }
}
