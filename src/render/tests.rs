#[test]
fn base_path_is_the_folder_of_the_address() {
    assert_eq!(super::base_path("https://x.example/plan/"), "/plan/");
    assert_eq!(super::base_path("https://x.example"), "/");
    assert_eq!(
        super::base_path("https://x.example/a/b/index.html"),
        "/a/b/"
    );
    assert_eq!(super::base_path("https://x.example/plan/?q=1"), "/plan/");
}
