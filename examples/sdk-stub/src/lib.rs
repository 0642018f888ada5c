//! Test support for the examples: a local HTTP stub that AWS SDK for Rust clients can be
//! pointed at, so that tests (and the guard's) run real clients without network access or AWS
//! credentials.
//!
//! The stub listens on `127.0.0.1` (an ephemeral port), records every request it receives and
//! answers each with a minimal successful response for the protocol it recognises: S3 (REST
//! XML; `GET` of an object returns [`OBJECT_BODY`]), and the JSON protocols of DynamoDB and SQS
//! (`X-Amz-Target`), `{}` otherwise.
//!
//! ```no_run
//! let stub = sdk_stub::Stub::start();
//! let config = sdk_stub::sdk_config(&stub);
//! // aws_sdk_s3::config::Builder::from(&config).force_path_style(true) ...
//! assert_eq!(stub.requests().len(), 0);
//! # drop(config);
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

/// What an S3 `GetObject` on the stub returns.
pub const OBJECT_BODY: &[u8] = b"not really an image";

/// The region of [`sdk_config`].
pub const REGION: &str = "eu-west-1";

/// One request the stub received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// Path and query.
    pub target: String,
    /// `X-Amz-Target` (JSON protocols), if sent.
    pub amz_target: Option<String>,
}

/// A running stub; it stops when the test process ends.
#[derive(Debug, Clone)]
pub struct Stub {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Stub {
    /// Starts a stub on an ephemeral port of 127.0.0.1.
    pub fn start() -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                std::thread::spawn(move || serve(stream, &log));
            }
        });
        Stub { addr, requests }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// An SDK config for the stub: region [`REGION`], static test credentials, the stub's URL as
/// the endpoint. S3 clients also need `force_path_style(true)`.
pub fn sdk_config(stub: &Stub) -> SdkConfig {
    let credentials = Credentials::new("AKIDSTUB", "stub-secret", None, None, "sdk-stub");
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .endpoint_url(stub.url())
        .build()
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Recorded>>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, target) = match (parts.next(), parts.next()) {
            (Some(m), Some(t)) => (m.to_string(), t.to_string()),
            _ => return,
        };
        let mut length = 0usize;
        let mut amz_target = None;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("x-amz-target") {
                    amz_target = Some(value.to_string());
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let (content_type, response): (&str, Vec<u8>) = match (&amz_target, method.as_str()) {
            (Some(t), _) if t.starts_with("AmazonSQS.SendMessage") => (
                "application/x-amz-json-1.0",
                br#"{"MessageId":"stub-1"}"#.to_vec(),
            ),
            (Some(_), _) => ("application/x-amz-json-1.0", b"{}".to_vec()),
            (None, "GET") if target.contains("list-type=2") => (
                "application/xml",
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><KeyCount>0</KeyCount></ListBucketResult>".to_vec(),
            ),
            (None, "GET") => ("application/octet-stream", OBJECT_BODY.to_vec()),
            (None, _) => ("application/xml", Vec::new()),
        };
        log.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Recorded {
                method,
                target,
                amz_target,
            });
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\netag: \"stub\"\r\n\r\n",
            response.len()
        );
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(&response).is_err() {
            return;
        }
    }
}
