//! Which `Host` names the preview answers. A web page on any site can make the browser
//! resolve its own name to 127.0.0.1 (DNS rebinding) and then read the preview as if it
//! were same-origin; such requests still carry that site's name in `Host`. So only
//! loopback names, the bound address and the `--host` value are answered; anything else
//! gets a 403 that says why.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The `Host` names one server answers.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// `--host` (lowercase, without brackets), when it is not a loopback name.
    named: Option<String>,
    bound: IpAddr,
}

impl AllowedHosts {
    /// For a server started with `--host host` and listening on `bound`.
    pub fn new(host: &str, bound: SocketAddr) -> AllowedHosts {
        let named = normalise(host);
        AllowedHosts {
            named: (!is_loopback_name(&named)).then_some(named),
            bound: bound.ip(),
        }
    }

    /// Whether a request whose `Host` (or absolute URI authority) is `value` is answered.
    /// The port does not matter: the server may have moved to the next free one.
    pub fn allows(&self, value: &str) -> bool {
        let name = normalise(strip_port(value.trim()));
        if name.is_empty() {
            return false;
        }
        if is_loopback_name(&name) || self.named.as_deref() == Some(name.as_str()) {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        // A wildcard address listens on every interface, so it is reached by any of the
        // machine's addresses; an address literal cannot be a rebinding name.
        ip == self.bound || self.bound.is_unspecified()
    }
}

fn is_loopback_name(name: &str) -> bool {
    name == "localhost" || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Lowercase, without IPv6 brackets or a final dot (`LocalHost.` is `localhost`).
/// Half a pair of brackets is no name at all.
fn normalise(name: &str) -> String {
    let name = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(inner) => inner,
        None if name.contains(['[', ']']) => return String::new(),
        None => name,
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// `host:port` → `host`, `[::1]:port` → `[::1]`; a bare IPv6 address stays whole.
fn strip_port(value: &str) -> &str {
    if let Some(end) = value.find(']') {
        return &value[..=end];
    }
    match value.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            host
        }
        _ => value,
    }
}

/// Middleware: answers 403 unless the request names an allowed host.
pub async fn guard_host(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let authority = request.uri().authority().map(|a| a.as_str().to_owned());
    let named = host.as_deref().or(authority.as_deref());
    let ok = named.is_some_and(|h| allowed.allows(h))
        && authority.as_deref().is_none_or(|a| allowed.allows(a));
    if ok {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "403 Forbidden: spex serve answers only requests for localhost, 127.0.0.1, [::1] or the \
         address given with --host. This request's Host header names another host (or none): \
         that is how a web page would read the preview through DNS rebinding.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(host: &str, bound: &str) -> AllowedHosts {
        AllowedHosts::new(host, bound.parse().expect("address"))
    }

    #[test]
    fn loopback_names_with_any_port_are_allowed() {
        let hosts = allowed("127.0.0.1", "127.0.0.1:3000");
        for host in [
            "localhost",
            "localhost:3001",
            "LOCALHOST.",
            "127.0.0.1",
            "127.0.0.1:3000",
            "[::1]",
            "[::1]:3000",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn other_names_and_addresses_are_refused() {
        let hosts = allowed("127.0.0.1", "127.0.0.1:3000");
        for host in [
            "",
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.5",
            "[::1",
            "localhost:3000:3000",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn a_non_loopback_host_flag_is_allowed_too() {
        let hosts = allowed("Preview.LAN", "192.168.1.5:3000");
        assert!(hosts.allows("preview.lan:3000"));
        assert!(hosts.allows("192.168.1.5:3000"), "the bound address");
        assert!(hosts.allows("localhost:3000"));
        assert!(!hosts.allows("192.168.1.6"));
        assert!(!hosts.allows("evil.example"));

        let wildcard = allowed("0.0.0.0", "0.0.0.0:3000");
        assert!(
            wildcard.allows("192.168.1.5:3000"),
            "any address of the machine"
        );
        assert!(!wildcard.allows("evil.example:3000"));
    }
}
