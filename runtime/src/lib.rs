//! Declare the AWS IAM permissions of a Lambda handler on the handler itself, checked at compile
//! time against the AWS IAM catalog; `cargo iam emit` turns the declarations into each
//! function's least-privilege execution-role policy, and `cargo iam check` keeps them in sync.
//!
//! ```
//! use lambda_iam::{declared, handler, requires};
//!
//! mod storage {
//!     /// Stores a resized image. Every handler that `uses` this helper takes on its permission.
//!     #[lambda_iam::requires(
//!         allow("s3:PutObject", "arn:${Partition}:s3:::my-resized-images/*"),
//!     )]
//!     pub async fn put_image(key: &str, bytes: Vec<u8>) -> usize {
//!         # let _ = key;
//!         bytes.len() // the S3 client call goes here
//!     }
//! }
//!
//! /// Resizes every image uploaded to the source bucket.
//! #[handler(
//!     allow("s3:GetObject", "arn:${Partition}:s3:::my-source-images/*"),
//!     allow(
//!         "dynamodb:PutItem",
//!         "arn:${Partition}:dynamodb:${Region}:${Account}:table/ImageMetadataTable",
//!     ),
//!     uses(storage::put_image),
//! )]
//! async fn function_handler(key: String) -> usize {
//!     storage::put_image(&key, vec![0; 4]).await
//! }
//!
//! # fn main() {
//! // What the handler declared, read back (as a test would):
//! let declaration = declared!(function_handler);
//! let actions: Vec<String> = declaration
//!     .all_statements()
//!     .into_iter()
//!     .flat_map(|statement| statement.actions)
//!     .collect();
//! assert_eq!(actions, ["s3:GetObject", "dynamodb:PutItem", "s3:PutObject"]);
//! # }
//! ```
//!
//! A declaration AWS would reject does not compile, and the error points at the literal:
//!
//! ```compile_fail
//! #[lambda_iam::handler(allow("s3:GetObjekt", "arn:${Partition}:s3:::my-source-images/*"))]
//! async fn function_handler() {}
//! # fn main() {}
//! ```
//!
//! The macros add nothing at run time: the function is emitted unchanged, with a
//! "IAM permissions" section appended to its docs and a hidden constant holding the
//! [`Declaration`] next to it. Nothing is written to disk while compiling; `cargo iam` reads the
//! sources.
//!
//! # The attribute grammar
//!
//! See [`handler`] for every item, with examples. In short, comma-separated and in any order:
//!
//! | item | meaning |
//! |---|---|
//! | `allow(ACTION, RESOURCE, ..)` | an Allow statement; ACTION and RESOURCE are strings or `[..]` lists of them; `condition(..)`s and `reason = ".."` may follow |
//! | `allow(actions = [..], resources = [..], ..)` | the keyed form of the same |
//! | `deny(..)` | the same forms, Effect Deny |
//! | `condition(OPERATOR, KEY, VALUE)` | inside a statement; VALUE a literal or a list |
//! | `reason = ".."` | inside a statement: why a broad permission is needed |
//! | `uses(path::to::helper, ..)` | take on the permissions of `#[requires]` helpers |
//! | `function = ".."` | handler only: the Lambda function's name |
//! | `vpc` | handler only: the function runs in a VPC |
//! | `log_group = ".."` | handler only: a custom log group |
//!
//! # The SDK guard (feature `guard`)
//!
//! In tests, the handler's declaration can be enforced on the AWS SDK for Rust clients it uses:
//! [`guard::Guard`] is an SDK interceptor that evaluates every call against the handler's
//! assembled policy before anything is sent, failing undeclared calls (`Guard::enforce`) or
//! recording them into a JSON report (`Guard::record`). One line per client:
//!
//! ```text
//! let guard = Guard::enforce(lambda_iam::declared!(function_handler)).region("eu-west-1").build()?;
//! let s3 = aws_sdk_s3::Client::from_conf(
//!     aws_sdk_s3::config::Builder::from(&sdk_config).interceptor(guard.clone()).build());
//! ```
//!
//! Features `guard-s3`, `guard-dynamodb` and `guard-sqs` read those services' inputs through
//! their types. Without any `guard*` feature this crate depends on no part of the AWS SDK.
//!
//! # Renamed dependency
//!
//! `iam = { package = "lambda-iam", .. }` in `Cargo.toml` works: the macros read the manifest
//! of the crate being compiled to find the name (`#[iam::handler(..)]`).

// Lets generated code say `::lambda_iam::..` inside this crate too (its own tests and docs).
#[allow(unused_extern_crates)]
extern crate self as lambda_iam;

#[cfg(feature = "guard")]
pub mod guard;

pub use lambda_iam_core::decl::{AttrKind, ConditionSpec, Effect, StatementSpec};
pub use lambda_iam_core::declared::{Condition, Contents, Declaration, Statement};

/// Declares the IAM permissions of the function that serves one Lambda function.
///
/// ```
/// #[lambda_iam::handler(
///     allow("s3:GetObject", "arn:${Partition}:s3:::my-source-images/*"),
///     allow("dynamodb:PutItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/Images"),
/// )]
/// async fn function_handler(key: String) -> String {
///     key
/// }
/// # fn main() {}
/// ```
///
/// The arguments are comma-separated items, in any order. Each is checked at compile time, and
/// every error of the attribute is reported in one build, pointing at the offending literal.
///
/// # `allow(ACTION, RESOURCE, ..)`
///
/// One Allow statement. ACTION is `service:Action` as IAM spells it; RESOURCE is an ARN, an
/// ARN template with `${Name}` placeholders, or `"*"` for actions that support no
/// resource-level permissions. Either may be a `[..]` list:
///
/// ```
/// #[lambda_iam::handler(
///     allow(["s3:GetObject", "s3:PutObject"], "arn:${Partition}:s3:::my-bucket/*"),
///     allow("s3:ListBucket", "arn:${Partition}:s3:::my-bucket"),
///     allow("ec2:DescribeNetworkInterfaces", "*"),
/// )]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// Placeholders: `${Partition}` (default `aws`), `${Region}`, `${Account}` and
/// `${FunctionName}` are built in; any other `${Name}` is a variable from
/// `[package.metadata.lambda-iam.vars]`, resolved by `cargo iam`. A placeholder with a colon
/// (`${aws:username}`) is an IAM policy variable and is kept as written; `*` and `?` are IAM
/// wildcards.
///
/// # `allow(actions = [..], resources = [..], ..)`
///
/// The keyed form of the same statement; the keys go in any order, and a single string is
/// accepted where a list is. Positional and keyed forms do not mix in one statement.
///
/// ```
/// #[lambda_iam::handler(allow(
///     actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
///     resources = "arn:${Partition}:sqs:${Region}:${Account}:jobs",
/// ))]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// # `deny(..)`
///
/// A Deny statement, in either form. A deny that cancels an allow of the same action and
/// resource (with the same conditions) in the same attribute is an error.
///
/// ```
/// #[lambda_iam::handler(
///     allow("s3:GetObject", "arn:${Partition}:s3:::my-bucket/*"),
///     deny("s3:GetObject", "arn:${Partition}:s3:::my-bucket/*",
///          condition("Bool", "aws:SecureTransport", false)),
/// )]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// # `condition(OPERATOR, KEY, VALUE)`
///
/// Inside a statement, repeatable. OPERATOR is an IAM condition operator as a string
/// (`"StringEquals"`, `"ForAnyValue:StringLike"`, `"ArnLike"`, `"IpAddress"`, `"Bool"`,
/// `"NumericLessThan"`, `"DateGreaterThan"`, each with `IfExists`); KEY a global `aws:` key or
/// one that applies to the statement's actions; VALUE a string, number or `true`/`false`, or a
/// `[..]` list of them. The value must fit the operator's type.
///
/// ```
/// #[lambda_iam::handler(allow(
///     "s3:ListBucket",
///     "arn:${Partition}:s3:::my-bucket",
///     condition("StringLike", "s3:prefix", ["incoming/*", "archive/*"]),
///     condition("StringEqualsIfExists", "aws:RequestedRegion", "eu-west-1"),
/// ))]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// # `reason = ".."`
///
/// Inside the statement it justifies. Required where a declaration is broad: wildcard actions
/// (`s3:Get*`), `"*"` on an action that supports ARNs, resources that cover a whole type, and
/// privilege-escalation actions such as `iam:PassRole`. It may not be empty.
///
/// ```
/// #[lambda_iam::handler(allow(
///     "s3:Get*",
///     "arn:${Partition}:s3:::my-bucket/*",
///     reason = "the exporter reads objects, their tags and ACLs",
/// ))]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// # `uses(path::to::helper, ..)`
///
/// Takes on the permissions of [`requires`] helpers, in any crate; the compiler checks the
/// paths. Write the helper's path through its module (`db::load_user`), or its name brought by
/// a glob import (`use db::*;`). rustc reports that it cannot find
/// `__lambda_iam_requires_<name>` when the function is not marked `#[requires]` (a path to a
/// `#[handler]` fails the same way), or when the path names a helper imported by name
/// (`use db::load_user;`, with or without `as`): such a `use` brings the function but not the
/// declaration beside it.
///
/// ```
/// mod db {
///     #[lambda_iam::requires(allow("dynamodb:GetItem", "arn:${Partition}:dynamodb:${Region}:${Account}:table/Users"))]
///     pub fn load_user() {}
/// }
///
/// #[lambda_iam::handler(uses(db::load_user))]
/// fn handler() {
///     db::load_user()
/// }
/// # fn main() {}
/// ```
///
/// # `function = ".."`
///
/// The Lambda function's name (1 to 64 letters, digits, `-` and `_`). Default: the name of the
/// bin target whose module tree holds the handler.
///
/// ```
/// #[lambda_iam::handler(function = "image-processor")]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// # `vpc`
///
/// The function runs in a VPC: its policy gets the network-interface permissions Lambda needs.
///
/// ```
/// #[lambda_iam::handler(vpc)]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// # `log_group = ".."`
///
/// A custom log group (Lambda's `LoggingConfig`); `${Name}` placeholders are allowed. Default
/// `/aws/lambda/<function>`. The logs baseline of the policy is scoped to it.
///
/// ```
/// #[lambda_iam::handler(log_group = "/app/${Stage}/${FunctionName}")]
/// fn handler() {}
/// # fn main() {}
/// ```
///
/// # Where it goes
///
/// On free functions (async or not, generic, with other attributes) and on methods of inherent
/// `impl` blocks. Methods of trait impls are not supported: the hidden constant cannot be
/// added to a trait impl (rustc reports "const `__lambda_iam_requires_..` is not a member of
/// trait"); put the permissions on a free helper function and `uses` it.
///
/// `function`, `vpc` and `log_group` are for handlers only; [`requires`] rejects them.
pub use lambda_iam_macros::handler;

/// Declares the IAM permissions of a helper; every [`handler`] that `uses` it takes them on.
///
/// The same statement syntax as [`handler`]: `allow(..)`, `deny(..)` (with `condition(..)` and
/// `reason`) and `uses(..)` of other helpers; `function`, `vpc` and `log_group` are not
/// accepted.
///
/// ```
/// pub struct Store;
///
/// impl Store {
///     #[lambda_iam::requires(
///         allow("s3:PutObject", "arn:${Partition}:s3:::my-resized-images/*"),
///     )]
///     pub async fn put<T: AsRef<[u8]>>(&self, body: T) -> usize {
///         body.as_ref().len()
///     }
/// }
///
/// #[lambda_iam::handler(uses(Store::put))]
/// async fn handler() -> usize {
///     Store.put(b"image").await
/// }
/// # fn main() {}
/// ```
pub use lambda_iam_macros::requires;

/// The [`Declaration`] of a function annotated with [`handler`] or [`requires`], as a
/// `&'static` reference usable in `const` context. Its fields ([`Contents`]) are decoded from
/// the constant on first read.
///
/// ```
/// #[lambda_iam::handler(allow("s3:GetObject", "arn:${Partition}:s3:::my-source-images/*"))]
/// fn function_handler() {}
///
/// # fn main() {
/// const DECLARATION: &lambda_iam::Declaration = lambda_iam::declared!(function_handler);
/// assert_eq!(DECLARATION.statements[0].actions, ["s3:GetObject"]);
/// assert_eq!(DECLARATION.name(), "function_handler");
/// # }
/// ```
pub use lambda_iam_macros::declared;

#[doc(hidden)]
pub mod __private {
    //! What the generated code refers to. Not a public API.
    use core::marker::PhantomData;
    pub use lambda_iam_core::declared::Declaration;

    /// The hidden constant beside an annotated function: its declaration, typed by the
    /// attribute (`Handler` or `Requires`) so that `uses(..)` of a handler is a type error with
    /// a clear message.
    #[derive(Debug)]
    pub struct Declared<K> {
        pub declaration: Declaration,
        pub kind: PhantomData<K>,
    }

    impl<K> Declared<K> {
        /// `text` is `concat!(module_path!(), "\0", <the encoded declaration>)`.
        pub const fn new(text: &'static str, uses: &'static [&'static Declaration]) -> Self {
            Declared {
                declaration: Declaration::from_encoded(text, uses),
                kind: PhantomData,
            }
        }
    }

    /// Marks the constant of a `#[handler]`.
    #[derive(Debug)]
    pub enum Handler {}

    /// Marks the constant of a `#[requires]` helper.
    #[derive(Debug)]
    pub enum Requires {}

    /// The constant of a `#[handler]`.
    pub type HandlerDeclaration = Declared<Handler>;

    /// The constant of a `#[requires]` helper.
    pub type RequiresDeclaration = Declared<Requires>;

    /// What `uses(..)` accepts: only `#[requires]` helpers.
    #[diagnostic::on_unimplemented(
        message = "`uses(..)` names a `#[handler]`, not a `#[requires]` helper",
        label = "this function is annotated with `#[handler]`",
        note = "a handler's permissions are its own: move the shared ones into a helper annotated \
                with `#[lambda_iam::requires(..)]` and `uses` it from both handlers"
    )]
    pub trait Helper {}

    impl Helper for Requires {}

    /// One entry of `uses(..)`.
    pub const fn used<K: Helper>(declared: &'static Declared<K>) -> &'static Declaration {
        &declared.declaration
    }

    /// What `declared!(path)` expands to.
    pub const fn declared<K>(declared: &'static Declared<K>) -> &'static Declaration {
        &declared.declaration
    }
}
