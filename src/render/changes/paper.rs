//! The council paper of the current edition (`druck/vorlage/index.html`, design §9): Betreff,
//! Beratungsfolge, Sachverhalt, Beschlussvorschlag, Finanzielle Auswirkungen and Anlagen, as
//! one page meant to be printed. Rendered after every other file of the output, because its
//! attachments are listed only when they exist there (the print edition, its PDF).

use serde::Serialize;

use super::{RenderEnv, groups, page_out, records, status_words};
use crate::diagnostics::Diagnostics;
use crate::files::Files;
use crate::render::LinkView;
use crate::render::budget::{BudgetView, financial_effects};
use crate::urls::segments;

#[derive(Serialize)]
struct Step {
    body: String,
    date: String,
    role: Option<String>,
    result: Option<String>,
}

#[derive(Serialize)]
struct PaperView {
    subject: String,
    reference: Option<String>,
    edition: String,
    status: String,
    date: String,
    consultation: Vec<Step>,
    facts: Vec<String>,
    /// "Risiken: 0 neu, 2 geändert, 0 entfallen" per kind, since the previous edition.
    changes: Vec<String>,
    previous: Option<String>,
    proposal: Vec<String>,
    budget: Option<BudgetView>,
    attachments: Vec<LinkView>,
}

pub fn out(env: &RenderEnv<'_>) -> String {
    format!(
        "{}/vorlage/index.html",
        segments(env.site.config.language).print
    )
}

pub fn render(env: &RenderEnv<'_>, files: &Files, diags: &Diagnostics) -> Files {
    let mut result = Files::new();
    let eds = &env.site.editions;
    let Some(cur) = eds.current() else {
        return result;
    };
    let page = out(env);
    let print = segments(env.site.config.language).print;
    let kind = cur
        .paper
        .as_ref()
        .and_then(|p| p.kind.clone())
        .unwrap_or_else(|| env.t("paper_title", "Vorlage"));
    let reference = cur.paper.as_ref().map(|p| p.reference.clone());
    let title = match &reference {
        Some(r) => format!("{kind} {r}"),
        None => kind,
    };
    let list = records(env);
    let change_lines = groups(env, &page_out(env), &list)
        .iter()
        .map(|g| {
            format!(
                "{}: {} {}, {} {}, {} {}",
                g.title,
                g.added,
                env.t("changes_added", "neu"),
                g.changed,
                env.t("changes_changed", "geändert"),
                g.removed,
                env.t("changes_removed", "entfallen")
            )
        })
        .collect();
    let mut attachments = vec![LinkView {
        title: env.t("changes_title", "Änderungen"),
        url: env.url(&page, &page_out(env)),
    }];
    for (file, key, default) in [
        (
            "index.html",
            "paper_print_edition",
            "Druckfassung des Plans",
        ),
        ("plan.pdf", "paper_pdf", "Der Plan als PDF"),
    ] {
        let to = format!("{print}/{file}");
        if files.get(&to).is_some() {
            attachments.push(LinkView {
                title: env.t(key, default),
                url: env.url(&page, &to),
            });
        }
    }
    let view = PaperView {
        subject: cur.title.clone(),
        reference,
        edition: cur.version.value.clone(),
        status: status_words(env, cur),
        date: cur.date.value.german(),
        consultation: cur
            .consultation
            .iter()
            .map(|c| Step {
                body: c.body.clone(),
                date: c.date.value.german(),
                role: c.role.clone(),
                result: c.result.clone(),
            })
            .collect(),
        facts: facts(env),
        changes: change_lines,
        previous: eds.previous.as_ref().map(|p| p.edition.clone()),
        proposal: paragraphs(cur.proposal.as_deref().unwrap_or("")),
        budget: financial_effects(env, "finanzielle-auswirkungen", None),
        attachments,
    };
    result.extend(env.record_page(
        "council.html",
        "paper",
        &page,
        &eds.file(),
        &title,
        None,
        &view,
        diags,
    ));
    result
}

/// The Sachverhalt: the plan's summary, that is the start page's description and the first
/// paragraph of its text, as plain sentences (the paper is printed; links would not help).
fn facts(env: &RenderEnv<'_>) -> Vec<String> {
    let Some(home) = env.site.pages.iter().find(|p| p.out == "index.html") else {
        return Vec::new();
    };
    let mut v: Vec<String> = home.front.description.iter().cloned().collect();
    if let Some(first) = paragraphs(&home.body)
        .into_iter()
        .find(|p| !p.starts_with('#') && !p.starts_with('>'))
    {
        v.push(plain(&first));
    }
    v
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Markdown emphasis and links as their words: `**x**` → `x`, `[x](y)` → `x`.
fn plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after
            .find("](")
            .and_then(|j| after[j..].find(')').map(|k| (j, j + k)))
        {
            Some((j, k)) => {
                out.push_str(&after[..j]);
                rest = &after[k + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "").replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_words() {
        assert_eq!(
            plain("Der **Plan** nach [BSI 200-3](@/methode.md) gilt."),
            "Der Plan nach BSI 200-3 gilt."
        );
        assert_eq!(
            plain("eckige [Klammer ohne Link"),
            "eckige [Klammer ohne Link"
        );
    }
}
