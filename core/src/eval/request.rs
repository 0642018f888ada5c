//! The request an evaluation decides: who, what, on which resource, in which context.

use std::collections::BTreeMap;

/// Who makes the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestPrincipal {
    /// An IAM user, role, assumed-role session or account root, by ARN.
    Aws(String),
    /// A service principal such as `lambda.amazonaws.com`.
    Service(String),
    /// A federated identity provider (`cognito-identity.amazonaws.com`, a SAML provider ARN).
    Federated(String),
    /// An S3 canonical user id.
    CanonicalUser(String),
    /// An unsigned request.
    Anonymous,
}

impl RequestPrincipal {
    /// The account id of an AWS principal's ARN (`arn:aws:iam::111122223333:user/x`).
    pub fn account(&self) -> Option<&str> {
        match self {
            RequestPrincipal::Aws(arn) => arn.split(':').nth(4).filter(|a| !a.is_empty()),
            _ => None,
        }
    }
}

/// The value of a context key: one value (single-valued key) or a set (multivalued key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextValue {
    Single(String),
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values, one or many.
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(v) => std::slice::from_ref(v),
            ContextValue::Multi(v) => v,
        }
    }
}

/// Context keys and their values. Key names are case-insensitive, as in IAM; a key that is not
/// here is *missing* from the request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// lowercased key → (key as given, value).
    entries: BTreeMap<String, (String, ContextValue)>,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// Sets a key (replacing any value under the same name in any letter case).
    pub fn insert(&mut self, key: impl Into<String>, value: ContextValue) {
        let key = key.into();
        self.entries.insert(key.to_ascii_lowercase(), (key, value));
    }

    /// A single-valued key.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Context {
        self.insert(key, ContextValue::Single(value.into()));
        self
    }

    /// A multivalued key.
    pub fn with_multi<I, S>(mut self, key: impl Into<String>, values: I) -> Context
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.insert(
            key,
            ContextValue::Multi(values.into_iter().map(Into::into).collect()),
        );
        self
    }

    /// The value of a key, looked up case-insensitively.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        let found = if key.bytes().any(|b| b.is_ascii_uppercase()) {
            // Contexts are small: a scan costs less than allocating the lowercase key.
            self.entries
                .iter()
                .find(|(lower, _)| lower.eq_ignore_ascii_case(key))
                .map(|(_, entry)| entry)
        } else {
            self.entries.get(key)
        };
        found.map(|(_, value)| value)
    }

    /// Keys (as given) and values, sorted by lowercased key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.values().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One request to authorize.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub principal: RequestPrincipal,
    /// `service:Action`.
    pub action: String,
    /// The resource ARN (or `*` for actions without a resource).
    pub resource: String,
    pub context: Context,
}

impl Request {
    /// A request with an empty context.
    pub fn new(
        principal: RequestPrincipal,
        action: impl Into<String>,
        resource: impl Into<String>,
    ) -> Request {
        Request {
            principal,
            action: action.into(),
            resource: resource.into(),
            context: Context::new(),
        }
    }

    /// The same request with this context.
    pub fn with_context(mut self, context: Context) -> Request {
        self.context = context;
        self
    }
}
