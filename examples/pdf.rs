//! Typesets a print document (the whole-plan HTML) as PDF, to try `krisenfest::pdf` before the
//! build writes it: `cargo run --release --features pdf --example pdf -- druck/index.html out.pdf`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: pdf PRINT.html OUT.pdf");
        std::process::exit(2);
    };
    let html = std::fs::read_to_string(input).unwrap_or_else(|e| {
        eprintln!("{input}: {e}");
        std::process::exit(1)
    });
    let meta = krisenfest::pdf::PdfMeta {
        title: "IT-Masterplan",
        municipality: "Musterstadt",
        lang: "de",
        stand: "7. Dezember 2026",
        date: (2026, 12, 7),
    };
    let start = Instant::now();
    match krisenfest::pdf::render(&html, &meta) {
        Ok(pdf) => {
            std::fs::write(output, &pdf).unwrap_or_else(|e| {
                eprintln!("{output}: {e}");
                std::process::exit(1)
            });
            eprintln!(
                "{output}: {} bytes in {} ms",
                pdf.len(),
                start.elapsed().as_millis()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
