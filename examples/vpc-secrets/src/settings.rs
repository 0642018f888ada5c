//! Parsing what the function reads: the secret and the parameter. No AWS calls here.

use std::fmt;

use serde::Deserialize;

/// The database credentials, as RDS stores them in a managed secret.
#[derive(Deserialize, Clone, PartialEq, Eq)]
pub struct DbCredentials {
    pub username: String,
    pub password: String,
    pub host: String,
    #[serde(default = "default_port")]
    pub port: u16,
    #[serde(default, rename = "dbname")]
    pub database: Option<String>,
}

fn default_port() -> u16 {
    5432
}

impl DbCredentials {
    pub fn from_secret(secret: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(secret)
    }

    /// `host:port/database`, or `host:port` without a database name.
    pub fn address(&self) -> String {
        match &self.database {
            Some(database) => format!("{}:{}/{database}", self.host, self.port),
            None => format!("{}:{}", self.host, self.port),
        }
    }
}

/// Never prints the password, so the credentials can be logged.
impl fmt::Debug for DbCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DbCredentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .finish()
    }
}

/// The function's settings, stored as JSON in the parameter.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// Connections to keep open to the database.
    #[serde(default = "default_pool_size")]
    pub pool_size: u32,
    /// How long one statement may run, in milliseconds.
    #[serde(default = "default_statement_timeout_ms")]
    pub statement_timeout_ms: u64,
}

fn default_pool_size() -> u32 {
    2
}

fn default_statement_timeout_ms() -> u64 {
    5_000
}

impl AppConfig {
    pub fn from_parameter(value: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = r#"{"username":"app","password":"s3cr3t-Pa55","engine":"postgres",
        "host":"db.internal.example","port":6432,"dbname":"orders"}"#;

    #[test]
    fn credentials_are_read_from_an_rds_style_secret() {
        let credentials = DbCredentials::from_secret(SECRET).unwrap();
        assert_eq!(credentials.username, "app");
        assert_eq!(credentials.password, "s3cr3t-Pa55");
        assert_eq!(credentials.address(), "db.internal.example:6432/orders");
    }

    #[test]
    fn port_and_database_are_optional() {
        let credentials =
            DbCredentials::from_secret(r#"{"username":"a","password":"b","host":"h"}"#).unwrap();
        assert_eq!(credentials.address(), "h:5432");
    }

    #[test]
    fn a_secret_without_password_is_rejected() {
        let error = DbCredentials::from_secret(r#"{"username":"a","host":"h"}"#).unwrap_err();
        assert!(error.to_string().contains("password"), "{error}");
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let shown = format!("{:?}", DbCredentials::from_secret(SECRET).unwrap());
        assert!(!shown.contains("s3cr3t-Pa55"), "{shown}");
        assert!(
            shown.contains("<redacted>") && shown.contains("db.internal.example"),
            "{shown}"
        );
    }

    #[test]
    fn config_fills_in_defaults_and_rejects_unknown_settings() {
        assert_eq!(
            AppConfig::from_parameter(r#"{"pool_size": 8}"#).unwrap(),
            AppConfig {
                pool_size: 8,
                statement_timeout_ms: 5_000
            }
        );
        let error = AppConfig::from_parameter(r#"{"pool_sise": 8}"#).unwrap_err();
        assert!(error.to_string().contains("pool_sise"), "{error}");
    }
}
