use super::*;

#[test]
fn output_paths() {
    assert_eq!(page_out("_index.md"), "index.html");
    assert_eq!(page_out("schulung/_index.md"), "schulung/index.html");
    assert_eq!(
        page_out("schulung/Geräte prüfen.md"),
        "schulung/geraete-pruefen/index.html"
    );
}

#[test]
fn front_matter_offsets() {
    let s = split_front_matter("---\ntitle: x\n---\nbody\n", Path::new("a.md")).unwrap();
    assert_eq!(s.yaml, "title: x\n");
    assert_eq!(s.body, "body\n");
    assert_eq!(s.front_offset, 1);
    assert_eq!(s.body_offset, 3);
}

#[test]
fn unclosed_front_matter() {
    let e = split_front_matter("---\ntitle: x\n", Path::new("a.md")).unwrap_err();
    assert_eq!(e.message, "front matter is not closed");
    assert_eq!(e.location(), "a.md:1:1");
}
