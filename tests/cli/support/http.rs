//! A tiny HTTP/1.1 client on `std::net::TcpStream`, enough to talk to
//! `tokenctl serve`: write a request line, headers and a body; read a
//! status, headers and a Content-Length (or chunked) body. Being this
//! small, it also lets a test send a request a byte at a time, or half of
//! one, or nothing at all.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

/// How long a test waits for any one read or write before it gives up.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A response as read off the wire.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Every header in order, names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the body of a {} is not JSON ({e}): {:?}",
                self.status,
                self.text()
            )
        })
    }
}

/// A connection to `addr` that gives up on any read or write after `PATIENCE`.
pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// The bytes of a request: `Host` first, then `headers`, then a
/// Content-Length whenever there is a body or the method is POST.
pub fn request_bytes(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let length = body.len().to_string();
    let mut all = headers.to_vec();
    if !body.is_empty() || method == "POST" {
        all.push(("Content-Length", &length));
    }
    let mut bytes = request_head(method, path, &all).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The head of a request whose body the caller sends (or withholds) on its
/// own: exactly `headers`, with no Content-Length of its own.
pub fn request_head(method: &str, path: &str, headers: &[(&str, &str)]) -> String {
    let mut out = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out
}

/// Read one response: the status line, the headers, then the body.
pub fn read_response(stream: &mut impl Read) -> io::Result<Response> {
    let head = read_head(stream)?;
    let text = String::from_utf8(head)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a head that is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| status_line.strip_prefix("HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not an HTTP status line: {status_line:?}"),
            )
        })?;
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    if status == 304 || status == 204 || (100..200).contains(&status) {
        return Ok(response);
    }
    if response
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        response.body = read_chunked(stream)?;
    } else if let Some(n) = response.header("content-length") {
        let n: usize = n
            .parse()
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a bad Content-Length"))?;
        let mut body = vec![0; n];
        stream.read_exact(&mut body)?;
        response.body = body;
    } else {
        stream.read_to_end(&mut response.body)?;
    }
    Ok(response)
}

/// Up to and without the blank line that ends the head, a byte at a time
/// (so nothing after the response is consumed).
fn read_head(stream: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "the connection closed after {:?}",
                    String::from_utf8_lossy(&head)
                ),
            ));
        }
        head.push(byte[0]);
        if head.len() > 64 * 1024 {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "a huge head"));
        }
    }
    head.truncate(head.len() - 4);
    Ok(head)
}

fn read_line(stream: &mut impl Read) -> io::Result<String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while !line.ends_with(b"\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        line.push(byte[0]);
    }
    line.truncate(line.len() - 2);
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn read_chunked(stream: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let size = read_line(stream)?;
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a bad chunk size"))?;
        if size == 0 {
            while !read_line(stream)?.is_empty() {}
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        stream.read_exact(&mut body[start..])?;
        read_line(stream)?;
    }
}

/// One request on a connection of its own (`Connection: close`).
#[track_caller]
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut all = vec![("Connection", "close")];
    all.extend_from_slice(headers);
    let mut stream = connect(addr);
    stream
        .write_all(&request_bytes(method, path, &all, body))
        .unwrap_or_else(|e| panic!("{method} {path}: write: {e}"));
    read_response(&mut stream).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

#[track_caller]
pub fn get(addr: SocketAddr, path: &str) -> Response {
    request(addr, "GET", path, &[], b"")
}

/// The `Authorization` value of HTTP Basic for `name` and `secret`.
pub fn basic(name: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{name}:{secret}")))
}

/// `application/x-www-form-urlencoded`, every byte but the unreserved
/// ones percent-encoded.
pub fn form(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// `POST /introspect` with `token`, as the client `name` with `secret`.
#[track_caller]
pub fn introspect(addr: SocketAddr, name: &str, secret: &str, token: &str) -> Response {
    let auth = basic(name, secret);
    request(
        addr,
        "POST",
        "/introspect",
        &[("Authorization", &auth), FORM],
        form(&[("token", token)]).as_bytes(),
    )
}
