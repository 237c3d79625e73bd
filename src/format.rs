//! German number formatting for published figures (deterministic, no locale lookup).
//!
//! - [`eur`]: whole euros, `.` as thousands separator: `12.345 €`.
//! - [`decimal`] / [`decimal2`]: fixed decimals with `,` as decimal mark and `.` as thousands
//!   separator: `7,35`.
//!
//! Rounding is the German commercial rule (kaufmännisch, DIN 1333: half away from zero) applied
//! to the decimal value as one would compute it by hand: the number is first rounded to nine
//! decimals, which removes binary noise (7.345 is stored as 7.34499999…), so `7,345` → `7,35`
//! and `8,125` → `8,13`.
//! - [`percent`]: a share (0.25) as percent with up to two decimals, trailing zeros dropped:
//!   `25 %`, `12,5 %`.
//!
//! Negative numbers use the ASCII hyphen-minus; `-0` is printed as `0`.

/// Group the digits of a non-negative integer string with `.` every three digits.
fn group(int: &str) -> String {
    let n = int.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `x` rounded to `places` decimals as a decimal string without sign: first to nine decimals
/// (which removes binary noise such as 7.3449999999999998 for 7.345), then half away from zero.
fn round_abs(x: f64, places: usize) -> String {
    let x = x.abs();
    if places >= 9 {
        return format!("{:.*}", places, x);
    }
    let s = format!("{x:.9}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes().take(places)).collect();
    if frac.as_bytes().get(places).is_some_and(|d| *d >= b'5') {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - places;
    let mut out = String::from_utf8(digits[..split].to_vec()).unwrap_or_default();
    if places > 0 {
        out.push('.');
        out.push_str(std::str::from_utf8(&digits[split..]).unwrap_or_default());
    }
    out
}

/// `x` with `places` decimals, German separators.
pub fn decimal(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = round_abs(x, places);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group(int));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// Two decimals: `decimal2(7.346) == "7,35"`.
pub fn decimal2(x: f64) -> String {
    decimal(x, 2)
}

/// Up to `places` decimals, trailing zeros (and a trailing comma) removed: `3,5`, `3`.
pub fn decimal_trim(x: f64, places: usize) -> String {
    let s = decimal(x, places);
    if s.contains(',') {
        s.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        s
    }
}

/// Whole euros: `eur(12345.4) == "12.345 €"`.
pub fn eur(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    format!("{} €", decimal(x, 0))
}

/// An exact amount in cents: `eur_cents(2_400_000, false) == "24.000 €"`, with two decimals
/// when asked (a column where any amount has cents) or when it has cents itself, so that an
/// amount is never rounded: `eur_cents(115_050, false) == "1.150,50 €"`.
pub fn eur_cents(cents: u128, decimals: bool) -> String {
    let (int, frac) = (cents / 100, cents % 100);
    if decimals || frac != 0 {
        format!("{},{frac:02} €", group(&int.to_string()))
    } else {
        format!("{} €", group(&int.to_string()))
    }
}

/// A share as percent: `percent(0.25) == "25 %"`, `percent(0.125) == "12,5 %"`.
pub fn percent(share: f64) -> String {
    format!("{} %", decimal_trim(share * 100.0, 2))
}

/// A value already in percent (a perspective weight): `percent_value(30.0) == "30 %"`.
pub fn percent_value(p: f64) -> String {
    format!("{} %", decimal_trim(p, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros() {
        assert_eq!(eur(12345.4), "12.345 €");
        assert_eq!(eur(12345.5), "12.346 €");
        assert_eq!(eur(380_257.88), "380.258 €");
        assert_eq!(eur(1_234_567.0), "1.234.567 €");
        assert_eq!(eur(999.0), "999 €");
        assert_eq!(eur(0.0), "0 €");
        assert_eq!(eur(-0.4), "0 €");
        assert_eq!(eur(-1500.0), "-1.500 €");
    }

    #[test]
    fn exact_euros() {
        assert_eq!(eur_cents(2_400_000, false), "24.000 €");
        assert_eq!(eur_cents(2_400_000, true), "24.000,00 €");
        assert_eq!(eur_cents(115_050, false), "1.150,50 €");
        assert_eq!(eur_cents(7, false), "0,07 €");
        assert_eq!(eur_cents(0, false), "0 €");
        assert_eq!(
            eur_cents(100_000_000_000_000, true),
            "1.000.000.000.000,00 €"
        );
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal2(7.346), "7,35");
        assert_eq!(decimal2(8.145_535_714), "8,15");
        // ties round away from zero, on the decimal value (7.345 is 7.34499… in binary)
        assert_eq!(decimal2(7.345), "7,35");
        assert_eq!(decimal2(8.125), "8,13");
        assert_eq!(decimal2(0.1 + 0.2), "0,30");
        assert_eq!(decimal2(9.995), "10,00");
        assert_eq!(decimal2(999.999), "1.000,00");
        assert_eq!(decimal(2.5, 0), "3");
        assert_eq!(decimal(-2.5, 0), "-3");
        assert_eq!(decimal2(7.0), "7,00");
        assert_eq!(decimal2(1234.5), "1.234,50");
        assert_eq!(decimal2(-0.001), "0,00");
        assert_eq!(decimal2(-2.5), "-2,50");
        assert_eq!(decimal(0.970_873_786, 4), "0,9709");
        assert_eq!(decimal_trim(2.50, 2), "2,5");
        assert_eq!(decimal_trim(3.0, 2), "3");
    }

    #[test]
    fn percents() {
        assert_eq!(percent(0.25), "25 %");
        assert_eq!(percent(0.35), "35 %");
        assert_eq!(percent(0.125), "12,5 %");
        assert_eq!(percent(0.03), "3 %");
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(percent_value(37.5), "37,5 %");
    }
}
