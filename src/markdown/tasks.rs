//! Task lists and headings read from the event stream: where a checklist item ends, its plain
//! text, and the words of the checklist toolbar.

use super::*;

/// Plain text of a run of events (for heading slugs, TOC entries, task ids).
pub(super) fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Index of the end of the heading that starts at `events[start]`.
pub(super) fn heading_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len(), |p| start + p)
}

/// Events that end the inline text of a task item (its label).
pub(super) fn ends_task_label(e: &Event<'_>) -> bool {
    matches!(
        e,
        Event::End(TagEnd::Item)
            | Event::End(TagEnd::Paragraph)
            | Event::Rule
            | Event::Start(
                Tag::List(_)
                    | Tag::Item
                    | Tag::Paragraph
                    | Tag::Heading { .. }
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::Table(_)
                    | Tag::DefinitionList
                    | Tag::FootnoteDefinition(_)
            )
    )
}

/// For the list starting at `events[start]`: the index of its end, whether it holds task items
/// at any depth, how many, and whether its own items are task items.
pub(super) fn list_tasks(
    events: &[(Event<'_>, Range<usize>)],
    start: usize,
) -> (usize, usize, bool) {
    let mut depth = 0usize;
    let mut count = 0usize;
    let mut direct = false;
    for (k, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 {
                    return (k, count, direct);
                }
            }
            Event::TaskListMarker(_) => {
                count += 1;
                if depth == 1 {
                    direct = true;
                }
            }
            _ => {}
        }
    }
    (events.len(), count, direct)
}

/// Whether the item starting at `events[i]` is a task item (marker first, in a tight or loose list).
pub(super) fn is_task_item(events: &[(Event<'_>, Range<usize>)], i: usize) -> bool {
    match events.get(i + 1).map(|(e, _)| e) {
        Some(Event::TaskListMarker(_)) => true,
        Some(Event::Start(Tag::Paragraph)) => {
            matches!(
                events.get(i + 2).map(|(e, _)| e),
                Some(Event::TaskListMarker(_))
            )
        }
        _ => false,
    }
}

/// UI text of the checklist toolbar, by site language (record checklists use the same words).
pub struct ChecklistWords {
    /// `{done}` and `{total}` are replaced by the script.
    pub count: &'static str,
    pub reset: &'static str,
    pub print: &'static str,
    pub filter: &'static str,
    pub all: &'static str,
    pub role: &'static str,
    pub form: &'static str,
}

pub fn checklist_words(lang: Language) -> ChecklistWords {
    match lang {
        Language::De => ChecklistWords {
            count: "{done} von {total} erledigt",
            reset: "Fortschritt zurücksetzen",
            print: "Drucken",
            filter: "Punkte anzeigen für",
            all: "Alle",
            role: "Rolle",
            form: "Checkliste",
        },
        Language::En => ChecklistWords {
            count: "{done} of {total} done",
            reset: "Reset progress",
            print: "Print",
            filter: "Show items for",
            all: "All",
            role: "Role",
            form: "Checklist",
        },
    }
}
