//! Which `Host` a request may name. A web page on another site can make the browser send requests
//! to the preview by pointing its own host name at 127.0.0.1 (DNS rebinding); the browser then
//! treats the answers as that site's own and lets its script read the intranet pages. Such a
//! request still names the attacker's host, so answering only to loopback names and to the
//! address the server listens on closes that door without relying on the browser.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Mutex;

use super::say;
use crate::diagnostics::{Lang, Msg};
use crate::msg;

/// Refused host names reported in the terminal at most, so a page hammering the preview cannot
/// flood it.
const MAX_REPORTED: usize = 8;

pub(super) struct Hosts {
    /// What `--bind` names (also accepted when it is not loopback, e.g. a LAN address).
    bind: IpAddr,
    port: u16,
    reported: Mutex<Vec<String>>,
}

impl Hosts {
    pub(super) fn new(bind: IpAddr, port: u16) -> Hosts {
        Hosts {
            bind,
            port,
            reported: Mutex::new(Vec::new()),
        }
    }

    /// `host` is the `Host` field; `local` the address this connection reached (with `--bind
    /// 0.0.0.0`, the machine's address a colleague typed). Any port is accepted: the name is
    /// what a rebinding page cannot fake, and an SSH tunnel changes the port.
    pub(super) fn allows(&self, host: &str, local: Option<IpAddr>) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if name == "localhost" {
            return true;
        }
        let ip = match name.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
            None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
        };
        let Some(ip) = ip.map(|ip| ip.to_canonical()) else {
            return false;
        };
        ip.is_loopback()
            || ip == self.bind.to_canonical()
            || local.is_some_and(|l| l.to_canonical() == ip)
    }

    /// The body of the refusal, and a line in the terminal the first few times a host is refused
    /// (a colleague using a machine name with `--bind` sees why).
    pub(super) fn refusal(&self, host: Option<&str>, lang: Lang) -> String {
        let port = self.port;
        {
            let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
            // (the key in `reported` is the English text: it does not change with the language)
            let shown = host.map_or_else(
                || msg!("(keiner)", "(none)"),
                |h| Msg::same(h.escape_debug().to_string()),
            );
            if reported.len() < MAX_REPORTED && !reported.contains(&shown.en) {
                reported.push(shown.en.clone());
                let bind = self.bind;
                let also = if bind.is_loopback() {
                    Msg::same("")
                } else if bind.is_unspecified() {
                    msg!(
                        " und die Adressen dieses Rechners",
                        " and this machine's addresses"
                    )
                } else {
                    msg!(" und {bind}", " and {bind}")
                };
                let (shown_de, shown) = (&shown.de, &shown.en);
                let (also_de, also) = (&also.de, &also.en);
                say(
                    lang,
                    msg!(
                        "Warnung: Anfrage für den Host `{shown_de}` abgewiesen: Die Vorschau antwortet nur auf localhost, 127.0.0.1 und [::1]{also_de}",
                        "warning: refused a request for host `{shown}`: the preview answers only to localhost, 127.0.0.1 and [::1]{also}"
                    ),
                );
                say(
                    lang,
                    msg!(
                        "  = Hilfe: Öffnen Sie http://localhost:{port}/ ; andere Hostnamen werden abgewiesen, damit fremde Websites die Vorschau nicht auslesen können (DNS-Rebinding)",
                        "  = help: open http://localhost:{port}/ ; other host names are refused so that web sites cannot read the preview (DNS rebinding)"
                    ),
                );
            }
        }
        msg!(
            "421 Misdirected Request: Diese Vorschau antwortet nur auf localhost, 127.0.0.1 und [::1] (öffnen Sie http://localhost:{port}/)\n",
            "421 misdirected request: this preview answers only to localhost, 127.0.0.1 and [::1] (open http://localhost:{port}/)\n"
        )
        .get(lang)
        .to_string()
    }
}

/// The name part of a `Host` field (`[::1]` of `[::1]:1111`), if the rest is a port or nothing.
fn host_name(host: &str) -> Option<&str> {
    let (name, rest) = if host.starts_with('[') {
        host.split_at(host.find(']')? + 1)
    } else {
        match host.rfind(':') {
            Some(i) => host.split_at(i),
            None => (host, ""),
        }
    };
    let port_ok = match rest.strip_prefix(':') {
        None => rest.is_empty(),
        Some(p) => {
            p.is_empty() || (p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok())
        }
    };
    (port_ok && !name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_bound_address_only() {
        let hosts = Hosts::new("192.168.1.5".parse().unwrap(), 1111);
        let local: IpAddr = "10.0.0.7".parse().unwrap();
        for ok in [
            "localhost",
            "LOCALHOST:1111",
            "localhost.",
            "localhost.:8080",
            "localhost:",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.0.0.1.",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
            "[::ffff:127.0.0.1]:1111",
            "192.168.1.5:1111",
            "10.0.0.7",
        ] {
            assert!(hosts.allows(ok, Some(local)), "{ok}");
        }
        for bad in [
            "",
            ":1111",
            "evil.example",
            "attacker.com:1111",
            "localhost.attacker.com",
            "attacker.com.localhost.",
            "localhost:1111:1111",
            "localhost:99999",
            "localhost:12ab",
            "127.0.0.1:1111@evil.example",
            "::1",
            "[::1",
            "[::1]x",
            "[localhost]",
            "192.168.1.6",
            "0.0.0.0",
            "2130706433",
            "127.1",
        ] {
            assert!(!hosts.allows(bad, Some(local)), "{bad}");
        }
    }
}
