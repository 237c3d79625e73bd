use super::*;
use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct T {
    title: String,
    flag: Option<bool>,
}

#[test]
fn unknown_key_points_at_the_key() {
    let e = parse::<T>("title: x\ntitel: y\n", Path::new("a.yaml"), 0).unwrap_err();
    assert_eq!(e.message, "unknown key `titel`");
    assert_eq!(e.location(), "a.yaml:2:1");
    assert_eq!(
        e.hint.as_deref(),
        Some("meinten Sie `title`? allowed keys here: title, flag")
    );
}

#[test]
fn line_offset_is_added() {
    let e = parse::<T>("title: x\nflag: yes\n", Path::new("p.md"), 1).unwrap_err();
    assert_eq!(e.message, "not `true` or `false`");
    assert_eq!(e.location(), "p.md:3:7");
}

#[test]
fn duplicate_key() {
    let e = parse::<T>("title: x\ntitle: y\n", Path::new("a.yaml"), 0).unwrap_err();
    assert_eq!(e.message, "duplicate key `title`");
    assert_eq!(e.location(), "a.yaml:2:1");
}

#[test]
fn null_for_a_required_text_names_the_key() {
    for (y, at) in [
        ("title: null\n", "a.yaml:1:8"),
        ("title: ~\n", "a.yaml:1:8"),
        ("title:\n", "a.yaml:1:6"),
        ("{title: }\n", "a.yaml:1:7"),
    ] {
        let e = parse::<T>(y, Path::new("a.yaml"), 0).unwrap_err();
        assert_eq!(e.message, "`title` has no value", "{y:?}");
        assert_eq!(e.message.de, "`title` hat keinen Wert", "{y:?}");
        assert_eq!(e.location(), at, "{y:?}");
        let hint = e.hint.unwrap();
        assert_eq!(hint, "write a text after the colon, or remove the line");
        assert_eq!(
            hint.de,
            "Schreiben Sie einen Text nach dem Doppelpunkt, oder entfernen Sie die Zeile"
        );
        assert!(!e.message.de.contains("Option") && !e.message.en.contains("Option"));
    }
    // A list entry has no key of its own.
    let e = parse::<Vec<String>>("- a\n- ~\n", Path::new("a.yaml"), 0).unwrap_err();
    assert_eq!(e.message, "a value is missing here");
    assert_eq!(e.message.de, "hier fehlt ein Wert");
}

#[test]
fn messages_are_german_too() {
    let e = parse::<T>("title: x\ntitel: y\n", Path::new("a.yaml"), 0).unwrap_err();
    assert_eq!(e.message.de, "unbekannter Schlüssel `titel`");
    assert_eq!(
        e.hint.unwrap().de,
        "Meinten Sie `title`? Erlaubte Schlüssel an dieser Stelle: title, flag"
    );
    let e = parse::<T>("title: \"x\n", Path::new("a.yaml"), 0).unwrap_err();
    assert_eq!(e.message.de, "ein Anführungszeichen ist nicht geschlossen");
}

#[test]
fn invalid_dates_are_german_too() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct D {
        date: crate::model::common::Date,
    }
    let e = parse::<D>("date: 2026-02-30\n", Path::new("a.yaml"), 0).unwrap_err();
    assert_eq!(
        e.message,
        "invalid date `2026-02-30`: this day does not exist; February 2026 has 28 days, so the last one is 2026-02-28"
    );
    assert_eq!(
        e.message.de,
        "ungültiges Datum `2026-02-30`: diesen Tag gibt es nicht; der Februar 2026 hat 28 Tage, der letzte ist also der 2026-02-28"
    );
}

#[test]
fn an_unclosed_list_is_reported_where_it_opens() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct R {
        threats: Vec<String>,
        perspective: String,
    }
    for text in [
        "threats: [G0.33\nperspective: nutzer\n",
        "threats: [G0.33, \"a]\" # ]\nperspective: nutzer\n",
    ] {
        let e = parse::<R>(text, Path::new("r.yaml"), 0).unwrap_err();
        assert_eq!(e.message, "the `[` is not closed", "{text}");
        assert_eq!(e.location(), "r.yaml:1:10", "{text}");
    }
    // A list over several lines that is closed is not touched.
    let ok = "threats: [G0.33,\n  G0.20]\nperspective: nutzer\n";
    assert!(parse::<R>(ok, Path::new("r.yaml"), 0).is_ok());
}

#[test]
fn alias_bomb_is_an_error_not_a_hang() {
    let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    let mut prev = 'a';
    for c in 'b'..='p' {
        y.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = c;
    }
    y.push_str("title: x\n");
    let r = parse::<serde_json::Value>(&y, Path::new("bomb.yaml"), 0);
    assert!(r.is_err());
}
