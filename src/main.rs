use clap::Parser;

// glibc's malloc spent a third of a build's CPU time (perf, example plan); mimalloc halves that.
// Built with `no_thp`: with transparent huge pages every new 2 MiB region is zeroed on first
// touch (`clear_page_erms`, 9 % of the example's cycles); without them peak RSS is 21 instead of
// 48 MiB on the example and 650 instead of 825 MiB at 10,000 pages, and system time halves.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = match krisenfest::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    std::process::exit(krisenfest::cli::run(cli));
}
