//! The guard: the handler's declared policy, enforced on AWS SDK for Rust clients in tests.
//!
//! A [`Guard`] is an SDK interceptor. Before an operation's input is serialized (so before any
//! network I/O) it maps the operation to the IAM action(s) it needs
//! ([`lambda_iam_catalog::operations`]), builds the resource ARN(s) from the input (region from
//! the client's config, partition and account from the builder), and evaluates them with the
//! same IAM evaluator and the same assembled policy as `cargo iam emit` writes (the logs
//! baseline, the handler's statements and those of every helper it `uses`).
//!
//! ```
//! use lambda_iam::guard::Guard;
//!
//! #[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::images/*"))]
//! async fn function_handler() {}
//!
//! # fn main() {
//! let guard = Guard::enforce(lambda_iam::declared!(function_handler))
//!     .account("123456789012")
//!     .region("eu-west-1")
//!     .build()
//!     .unwrap();
//! assert!(guard.policy_json().contains("arn:aws:s3:::images/*"));
//! // Then one line per client:
//! //   aws_sdk_s3::config::Builder::from(&sdk_config).interceptor(guard.clone()).build()
//! # }
//! ```
//!
//! # Modes
//!
//! - [`Mode::Enforce`]: a call the policy does not allow fails before anything is sent; the
//!   error names the action, the resource, the handler and the `allow(..)` to add.
//! - [`Mode::Record`]: every call goes through; violations are collected into a [`Report`]
//!   ([`Guard::report`], [`Guard::write_report`]), JSON as documented on [`Report`].
//!
//! # What is checked, and what is not
//!
//! The resource comes from the typed input for S3, DynamoDB and SQS (features `guard-s3`,
//! `guard-dynamodb`, `guard-sqs`) and from the input's `Debug` text for the other services of
//! [`lambda_iam_catalog::operations::SDK_SERVICES`] (SNS topic, Lambda function and qualifier,
//! Secrets Manager id, SSM names, KMS key or alias, EventBridge bus, Step Functions state
//! machine, Kinesis stream, Firehose stream, RDS Data resource). When no ARN can be built, the
//! action alone is checked (some Allow statement grants it, on any resource) and the report
//! says `"resource_checked": false`. Not modelled: resource policies (bucket, key, queue
//! policies), KMS calls implied by SSE-KMS, condition keys other than `aws:RequestedRegion`
//! (conditions on keys the guard does not set do not match), and a secret's random ARN suffix
//! (a name `n` is checked as `…:secret:n-XXXXXX`).

mod report;
pub mod resources;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_types::SigningName;
use aws_types::region::Region;
use lambda_iam_catalog::operations::{self, SdkService};
use lambda_iam_core::assemble::{FunctionDef, SourcedStatement, assemble};
use lambda_iam_core::declared::Declaration;
use lambda_iam_core::diag::Severity;
use lambda_iam_core::eval::{
    Context, Negatable, Outcome, Policy, PolicyKind, Request, RequestPrincipal, action_matches,
    evaluate,
};
use lambda_iam_core::policy::render;
use lambda_iam_core::vars::Vars;

pub use report::{Report, Violation};
use resources::Scope;

/// What the guard does with a call the policy does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Fail the call before any network I/O.
    Enforce,
    /// Let it through and record it in the [`Report`].
    Record,
}

/// Builds a [`Guard`]; see [`Guard::enforce`] and [`Guard::record`].
#[derive(Debug, Clone)]
pub struct GuardBuilder {
    declaration: &'static Declaration,
    mode: Mode,
    account: String,
    region: Option<String>,
    partition: String,
    function: Option<String>,
    vars: Vec<(String, String)>,
}

impl GuardBuilder {
    /// The account id in ARNs and `${Account}` (default `123456789012`, the documentation
    /// account, so that a test needs no real account).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = account.into();
        self
    }

    /// `${Region}` of the policy, and the region of a call whose client has none
    /// (default: each client's own region; the policy then keeps `*` for `${Region}`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The partition (default `aws`).
    pub fn partition(mut self, partition: impl Into<String>) -> Self {
        self.partition = partition.into();
        self
    }

    /// The Lambda function's name, for `${FunctionName}` and the logs baseline (default: the
    /// handler's `function = ".."`, else its Rust name).
    pub fn function(mut self, name: impl Into<String>) -> Self {
        self.function = Some(name.into());
        self
    }

    /// A user variable's value (`${Bucket}`), as `[package.metadata.lambda-iam.vars]` gives it.
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.push((name.into(), value.into()));
        self
    }

    /// Assembles the handler's policy as `cargo iam emit` does. Fails when a variable is
    /// missing or the declaration cannot be assembled (the error lists why).
    pub fn build(self) -> Result<Guard, GuardError> {
        let decl = self.declaration;
        let function = self
            .function
            .clone()
            .or_else(|| decl.function.map(str::to_string))
            .unwrap_or_else(|| decl.name().replace('_', "-"));
        let def = FunctionDef {
            name: function.clone(),
            log_group: decl.log_group.map(str::to_string),
            vpc: decl.vpc,
            statements: decl
                .all_statements()
                .into_iter()
                .map(|spec| SourcedStatement { spec, origin: None })
                .collect(),
        };
        let mut vars = Vars::new();
        vars.insert("Account", self.account.clone());
        vars.insert("Partition", self.partition.clone());
        if let Some(region) = &self.region {
            vars.insert("Region", region.clone());
        }
        for (name, value) in &self.vars {
            vars.try_insert(name, value)
                .map_err(|e| GuardError::new(format!("var `{name}`: {}", e.message)))?;
        }
        let mut findings = Vec::new();
        let assembled = assemble(&def, &vars, &mut findings);
        let errors: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| match &f.help {
                Some(help) => format!("{} (help: {help})", f.message),
                None => f.message.clone(),
            })
            .collect();
        let assembled = match assembled {
            Some(a) if errors.is_empty() => a,
            _ => {
                return Err(GuardError::new(format!(
                    "cannot assemble the policy of `{}`: {}",
                    decl.path,
                    errors.join("; ")
                )));
            }
        };
        let policy = Policy::from_document(&assembled.policy)
            .map_err(|e| GuardError::new(format!("the assembled policy does not parse: {e}")))?;
        let principal = RequestPrincipal::Aws(format!(
            "arn:{}:sts::{}:assumed-role/{function}/{function}",
            self.partition, self.account
        ));
        Ok(Guard {
            inner: Arc::new(Inner {
                handler: decl.path,
                function,
                mode: self.mode,
                account: self.account,
                region: self.region,
                partition: self.partition,
                principal,
                policy_json: render(&assembled.policy),
                policy,
                state: Mutex::new(State::default()),
            }),
        })
    }
}

/// The guard: an AWS SDK interceptor holding one handler's assembled policy. Cheap to clone
/// (one `Arc`); clones share the report.
#[derive(Clone, Debug)]
pub struct Guard {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    handler: &'static str,
    function: String,
    mode: Mode,
    account: String,
    region: Option<String>,
    partition: String,
    policy: Policy,
    /// The function's role session, as the request's principal.
    principal: RequestPrincipal,
    policy_json: String,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    calls: usize,
    violations: Vec<Violation>,
}

/// A call the guard refused ([`Mode::Enforce`]), or a guard that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardError {
    message: String,
    /// The violation, when a call was refused.
    pub violation: Option<Box<Violation>>,
}

impl GuardError {
    fn new(message: String) -> GuardError {
        GuardError {
            message,
            violation: None,
        }
    }
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for GuardError {}

/// What one call needs, with its outcome.
#[derive(Debug)]
struct Check {
    action: String,
    resource: String,
    resource_checked: bool,
    outcome: Outcome,
}

impl Guard {
    /// A guard that fails calls the handler's declaration does not allow.
    pub fn enforce(declaration: &'static Declaration) -> GuardBuilder {
        Guard::builder(declaration, Mode::Enforce)
    }

    /// A guard that lets every call through and records the violations.
    pub fn record(declaration: &'static Declaration) -> GuardBuilder {
        Guard::builder(declaration, Mode::Record)
    }

    fn builder(declaration: &'static Declaration, mode: Mode) -> GuardBuilder {
        GuardBuilder {
            declaration,
            mode,
            account: "123456789012".to_string(),
            region: None,
            partition: "aws".to_string(),
            function: None,
            vars: Vec::new(),
        }
    }

    /// The policy the guard enforces, as `cargo iam emit` writes it.
    pub fn policy_json(&self) -> &str {
        &self.inner.policy_json
    }

    /// The violations so far, in call order, repeats counted once each.
    pub fn violations(&self) -> Vec<Violation> {
        self.lock().violations.clone()
    }

    /// The report so far.
    pub fn report(&self) -> Report {
        let state = self.lock();
        Report::new(
            self.inner.handler,
            &self.inner.function,
            self.inner.mode,
            state.calls,
            &state.violations,
        )
    }

    /// Writes [`report`](Self::report) as pretty JSON with a trailing newline, atomically (a
    /// temporary file in the same directory, then a rename).
    pub fn write_report(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        let path = path.as_ref();
        let text = self.report().to_json();
        let file_name = path.file_name().ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{}: not a file path", path.display()),
            )
        })?;
        let mut tmp_name = file_name.to_os_string();
        tmp_name.push(".tmp");
        let tmp = path.with_file_name(tmp_name);
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves the data intact: keep using it.
        self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Checks one call as the interceptor does: `sdk_id` and `operation` as the SDK's
    /// `Metadata` names them (`"S3"`, `"GetObject"`), the signing name, the client's region and
    /// the operation's input (`Input::erase(GetObjectInput { .. })`). Counts the call and
    /// records a violation; `Err` only in [`Mode::Enforce`].
    pub fn check_call(
        &self,
        sdk_id: &str,
        operation: &str,
        signing_name: Option<&str>,
        region: Option<&str>,
        input: &aws_smithy_runtime_api::client::interceptors::context::Input,
    ) -> Result<(), GuardError> {
        let inner = &*self.inner;
        let region = region.or(inner.region.as_deref()).unwrap_or("*");
        let checks = self.checks(sdk_id, operation, signing_name, region, input);
        let failed: Vec<&Check> = match &checks {
            Ok((checks, any_of)) => {
                let failed: Vec<&Check> = checks
                    .iter()
                    .filter(|c| c.outcome != Outcome::Allow)
                    .collect();
                if *any_of && failed.len() < checks.len() {
                    Vec::new()
                } else {
                    failed
                }
            }
            Err(_) => Vec::new(),
        };
        let mut state = self.lock();
        state.calls += 1;
        let violation = match &checks {
            Err(why) => Some(Violation::unmapped(sdk_id, operation, why)),
            Ok(_) if failed.is_empty() => None,
            Ok(_) => {
                let first = failed[0];
                Some(Violation::denied(
                    sdk_id,
                    operation,
                    &first.action,
                    &first.resource,
                    first.resource_checked,
                    first.outcome,
                    Scope {
                        partition: &inner.partition,
                        region,
                        account: &inner.account,
                    },
                ))
            }
        };
        let Some(violation) = violation else {
            return Ok(());
        };
        match state
            .violations
            .iter_mut()
            .find(|v| v.same_request(&violation))
        {
            Some(seen) => seen.count += 1,
            None => state.violations.push(violation.clone()),
        }
        drop(state);
        match inner.mode {
            Mode::Record => Ok(()),
            Mode::Enforce => Err(GuardError {
                message: violation.message(inner.handler),
                violation: Some(Box::new(violation)),
            }),
        }
    }

    /// The checks of one call, and whether one allowed need suffices (`any_of`); `Err` when the
    /// operation maps to no IAM action.
    fn checks(
        &self,
        sdk_id: &str,
        operation: &str,
        signing_name: Option<&str>,
        region: &str,
        input: &aws_smithy_runtime_api::client::interceptors::context::Input,
    ) -> Result<(Vec<Check>, bool), String> {
        let inner = &*self.inner;
        let prefix = operations::iam_prefix(sdk_id, signing_name).ok_or_else(|| {
            format!(
                "no IAM service prefix is known for SDK service `{sdk_id}` (signing name {})",
                signing_name.unwrap_or("unknown")
            )
        })?;
        let op = operations::operation(prefix, operation).ok_or_else(|| {
            format!("no IAM action is known for `{prefix}` operation `{operation}`")
        })?;
        let fallback = SdkService {
            crate_name: "",
            sdk_id: "",
            signing_name: "",
            iam_prefix: prefix,
            resource_fields: &[],
        };
        let service = operations::sdk_service(sdk_id)
            .filter(|s| s.iam_prefix == prefix)
            .unwrap_or(&fallback);
        let fields = resources::fields(service, operation, input);
        let scope = Scope {
            partition: &inner.partition,
            region,
            account: &inner.account,
        };
        let principal = &inner.principal;
        let context = Context::new().with("aws:RequestedRegion", region);
        let mut checks = Vec::new();
        for need in op.needs.as_slice() {
            let action = need.to_string();
            let resource_types: Vec<&str> = lambda_iam_catalog::action(&action)
                .map(|(_, a)| a.resource_types.iter().map(|r| r.name).collect())
                .unwrap_or_default();
            match resources::arns(prefix, need, &fields, scope, &resource_types) {
                Some(arns) => {
                    for arn in arns {
                        let request = Request::new(principal.clone(), action.clone(), arn.clone())
                            .with_context(context.clone());
                        let decision = evaluate(&[(PolicyKind::Identity, &inner.policy)], &request);
                        checks.push(Check {
                            action: action.clone(),
                            resource: arn,
                            resource_checked: true,
                            outcome: decision.outcome,
                        });
                    }
                }
                None => checks.push(Check {
                    outcome: self.action_only(&action),
                    action,
                    resource: "*".to_string(),
                    resource_checked: false,
                }),
            }
        }
        Ok((checks, op.any_of))
    }

    /// Whether some Allow statement grants `action` on some resource (the resource unknown).
    fn action_only(&self, action: &str) -> Outcome {
        let allowed = self.inner.policy.statements.iter().any(|st| {
            st.effect == lambda_iam_core::decl::Effect::Allow
                && match &st.action {
                    Negatable::Is(actions) => actions.iter().any(|a| action_matches(a, action)),
                    Negatable::Not(actions) => !actions.iter().any(|a| action_matches(a, action)),
                }
        });
        if allowed {
            Outcome::Allow
        } else {
            Outcome::ImplicitDeny
        }
    }
}

impl Intercept for Guard {
    fn name(&self) -> &'static str {
        "lambda_iam::guard::Guard"
    }

    fn read_before_serialization(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(metadata) = cfg.load::<Metadata>() else {
            return match self.inner.mode {
                Mode::Enforce => Err(GuardError::new(
                    "lambda-iam guard: the SDK gave no operation metadata; the call cannot be checked"
                        .to_string(),
                )
                .into()),
                Mode::Record => Ok(()),
            };
        };
        let signing_name = cfg.load::<SigningName>().map(|s| s.as_ref());
        let region = cfg.load::<Region>().map(|r| r.as_ref());
        self.check_call(
            metadata.service(),
            metadata.name(),
            signing_name,
            region,
            context.input(),
        )
        .map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::interceptors::context::Input;

    #[crate::handler(
        allow("sns:Publish", "arn:${Partition}:sns:${Region}:${Account}:orders"),
        allow(
            "cloudwatch:PutMetricData",
            "*",
            reason = "PutMetricData takes no resource"
        ),
        allow(
            "dynamodb:PutItem",
            "arn:${Partition}:dynamodb:${Region}:${Account}:table/Orders"
        ),
        allow(
            "secretsmanager:GetSecretValue",
            "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:db-??????"
        ),
        deny(
            "sns:Publish",
            "arn:${Partition}:sns:${Region}:${Account}:orders-archive"
        ),
        allow("sns:Publish", "arn:${Partition}:sns:${Region}:${Account}:orders-*")
    )]
    #[allow(dead_code)]
    fn handler() {}

    /// Stands in for an SDK input of a service without a typed feature: only its `Debug` is read.
    #[derive(Debug)]
    #[allow(dead_code)]
    struct PublishInput {
        topic_arn: Option<String>,
        message: Option<String>,
    }

    #[derive(Debug)]
    struct NoFields;

    fn guard(mode: Mode) -> Guard {
        Guard::builder(crate::declared!(handler), mode)
            .region("eu-west-1")
            .build()
            .unwrap()
    }

    fn publish(topic: &str) -> Input {
        Input::erase(PublishInput {
            topic_arn: Some(format!("arn:aws:sns:eu-west-1:123456789012:{topic}")),
            message: Some("hello".into()),
        })
    }

    #[test]
    fn resources_read_from_debug_are_checked() {
        let guard = guard(Mode::Enforce);
        let region = Some("eu-west-1");
        guard
            .check_call("SNS", "Publish", Some("sns"), region, &publish("orders"))
            .unwrap();
        let error = guard
            .check_call("SNS", "Publish", Some("sns"), region, &publish("payments"))
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("`sns:Publish` on `arn:aws:sns:eu-west-1:123456789012:payments`"),
            "{error}"
        );
        let violation = error.violation.unwrap();
        assert_eq!(
            violation.allow,
            r#"allow("sns:Publish", "arn:${Partition}:sns:${Region}:${Account}:payments")"#
        );
    }

    #[test]
    fn a_deny_wins_and_says_so() {
        let guard = guard(Mode::Enforce);
        let error = guard
            .check_call(
                "SNS",
                "Publish",
                Some("sns"),
                Some("eu-west-1"),
                &publish("orders-archive"),
            )
            .unwrap_err();
        let violation = error.violation.unwrap();
        assert_eq!(violation.outcome, "explicit_deny");
        assert_eq!(violation.allow, "");
        // The wildcard allows the others.
        guard
            .check_call(
                "SNS",
                "Publish",
                Some("sns"),
                Some("eu-west-1"),
                &publish("orders-eu"),
            )
            .unwrap();
    }

    #[test]
    fn signing_name_maps_cloudwatch_and_star_actions_pass() {
        let guard = guard(Mode::Enforce);
        let input = Input::erase(NoFields);
        guard
            .check_call(
                "CloudWatch",
                "PutMetricData",
                Some("monitoring"),
                None,
                &input,
            )
            .unwrap();
        // An unknown SDK id still resolves through the signing name.
        guard
            .check_call(
                "Future CloudWatch",
                "PutMetricData",
                Some("monitoring"),
                None,
                &input,
            )
            .unwrap();
        let error = guard
            .check_call(
                "CloudWatch",
                "GetMetricData",
                Some("monitoring"),
                None,
                &input,
            )
            .unwrap_err();
        assert!(
            error.to_string().contains("`cloudwatch:GetMetricData`"),
            "{error}"
        );
    }

    #[test]
    fn without_a_resource_only_the_action_is_checked() {
        let guard = guard(Mode::Record);
        let input = Input::erase(NoFields);
        guard
            .check_call("DynamoDB", "PutItem", Some("dynamodb"), None, &input)
            .unwrap();
        guard
            .check_call("DynamoDB", "DeleteItem", Some("dynamodb"), None, &input)
            .unwrap();
        let report = guard.report();
        assert_eq!(report.calls, 2);
        assert_eq!(report.violations.len(), 1);
        let v = &report.violations[0];
        assert_eq!(
            (v.action.as_str(), v.resource.as_str(), v.resource_checked),
            ("dynamodb:DeleteItem", "*", false)
        );
        assert!(report.to_json().contains("\"mode\": \"record\""));
    }

    #[test]
    fn unknown_operations_are_refused_in_enforce_and_recorded_in_record() {
        let input = Input::erase(NoFields);
        let error = guard(Mode::Enforce)
            .check_call("SNS", "NoSuchOperation", Some("sns"), None, &input)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("no IAM action is known for `sns` operation `NoSuchOperation`"),
            "{error}"
        );
        let record = guard(Mode::Record);
        record
            .check_call("Nothing", "Anything", Some("no-such-service"), None, &input)
            .unwrap();
        assert_eq!(record.violations()[0].outcome, "unmapped");
    }

    #[test]
    fn secrets_by_name_match_the_suffix_pattern() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct GetSecretValueInput {
            secret_id: Option<String>,
        }
        let guard = guard(Mode::Enforce);
        let input = |id: &str| {
            Input::erase(GetSecretValueInput {
                secret_id: Some(id.into()),
            })
        };
        guard
            .check_call(
                "Secrets Manager",
                "GetSecretValue",
                Some("secretsmanager"),
                Some("eu-west-1"),
                &input("db"),
            )
            .unwrap();
        guard
            .check_call(
                "Secrets Manager",
                "GetSecretValue",
                Some("secretsmanager"),
                Some("eu-west-1"),
                &input("api-key"),
            )
            .unwrap_err();
    }

    #[test]
    fn a_missing_variable_fails_the_build_with_its_name() {
        #[crate::handler(allow("s3:GetObject", "arn:${Partition}:s3:::${Bucket}/*"))]
        #[allow(dead_code)]
        fn needs_var() {}
        let error = Guard::enforce(crate::declared!(needs_var))
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("Bucket"), "{error}");
        Guard::enforce(crate::declared!(needs_var))
            .var("Bucket", "images")
            .build()
            .unwrap();
    }
}
