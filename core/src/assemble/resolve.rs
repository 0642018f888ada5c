//! Substitutes `${Name}` placeholders for one function, collecting a finding for every value
//! that is missing (see [`crate::vars`] for where values come from).

use super::{Finding, Origin};
use crate::diag::{Code, Severity};
use crate::template::{self, Segment};
use crate::vars::Vars;

/// Built-ins that fall back to `*` (with a warning, or an error under `strict`).
const WILDCARD_BUILTINS: &[(&str, &str)] = &[("Region", "eu-west-1"), ("Account", "123456789012")];

/// Resolves the templates of one function and remembers what was missing.
pub(super) struct Resolver<'a> {
    function: &'a str,
    vars: &'a Vars,
    /// Region/Account that fell back to `*`, with the first declaration that used them.
    missing_builtins: Vec<(&'static str, Option<Origin>)>,
    /// Unresolved user variables already reported, per declaration.
    reported: Vec<(String, Option<Origin>)>,
    pub(super) findings: Vec<Finding>,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(function: &'a str, vars: &'a Vars) -> Self {
        Resolver {
            function,
            vars,
            missing_builtins: Vec::new(),
            reported: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// `template` with every placeholder replaced; `None` (and an error finding) when a user
    /// variable has no value or the template is malformed. `what` names the place for messages
    /// (`resource`, `condition value`, `log_group`).
    pub(super) fn resolve(
        &mut self,
        template: &str,
        origin: Option<&Origin>,
        what: &str,
    ) -> Option<String> {
        let segments = match template::parse(template) {
            Ok(segments) => segments,
            Err(e) => {
                self.findings.push(Finding {
                    severity: Severity::Error,
                    code: Code::MalformedPlaceholder,
                    message: format!("{} (in the {what} of {})", e.message, describe(origin)),
                    help: Some(e.help),
                    origin: origin.cloned(),
                });
                return None;
            }
        };
        let mut out = String::with_capacity(template.len());
        let mut complete = true;
        for segment in segments {
            match segment {
                Segment::Literal(text) | Segment::PolicyVariable(text) => out.push_str(text),
                Segment::Placeholder(name) => match self.vars.resolve(name, self.function) {
                    Some(value) => out.push_str(&value),
                    None => match WILDCARD_BUILTINS.iter().find(|(b, _)| *b == name) {
                        // In a condition value a `*` is compared literally by most operators
                        // (`StringEquals`), and in a negated one it would disable the guard:
                        // there the value is required, never a wildcard.
                        Some((builtin, _)) if what == "condition value" => {
                            complete = false;
                            self.unresolved_condition_builtin(builtin, origin);
                        }
                        Some((builtin, _)) => {
                            if !self.missing_builtins.iter().any(|(b, _)| b == builtin) {
                                self.missing_builtins.push((builtin, origin.cloned()));
                            } else if let Some(slot) = self
                                .missing_builtins
                                .iter_mut()
                                .find(|(b, o)| b == builtin && o.is_none())
                            {
                                slot.1 = origin.cloned();
                            }
                            out.push('*');
                        }
                        None => {
                            complete = false;
                            self.unresolved_user_variable(name, origin, what);
                        }
                    },
                },
            }
        }
        complete.then_some(out)
    }

    fn unresolved_condition_builtin(&mut self, name: &str, origin: Option<&Origin>) {
        let key = (format!("condition:{name}"), origin.cloned());
        if self.reported.contains(&key) {
            return;
        }
        self.reported.push(key);
        self.findings.push(Finding {
            severity: Severity::Error,
            code: Code::UnresolvedBuiltin,
            message: format!(
                "`${{{name}}}` has no value (in a condition value of {}): a `*` there would be \
                 compared literally, not as a wildcard",
                describe(origin)
            ),
            help: Some(format!(
                "set `{name} = \"..\"` in `[package.metadata.lambda-iam.vars]` or \
                 `[workspace.metadata.lambda-iam.vars]`, or pass `--var {name}=..`"
            )),
            origin: origin.cloned(),
        });
    }

    fn unresolved_user_variable(&mut self, name: &str, origin: Option<&Origin>, what: &str) {
        let key = (name.to_string(), origin.cloned());
        if self.reported.contains(&key) {
            return;
        }
        self.reported.push(key);
        let mut help = format!(
            "set `{name} = \"..\"` in `[package.metadata.lambda-iam.vars]` of the package, or in \
             `[workspace.metadata.lambda-iam.vars]`, or pass `--var {name}=..`"
        );
        if let Some(builtin) = template::BUILTINS
            .iter()
            .find(|b| b.eq_ignore_ascii_case(name))
        {
            help = format!("did you mean the built-in `${{{builtin}}}`? otherwise {help}");
        }
        self.findings.push(Finding {
            severity: Severity::Error,
            code: Code::UnresolvedVariable,
            message: format!(
                "variable `${{{name}}}` has no value (in the {what} of {})",
                describe(origin)
            ),
            help: Some(help),
            origin: origin.cloned(),
        });
    }

    /// Emits one finding per built-in that fell back to `*`: a warning, or an error under
    /// `strict`. Returns whether any was an error.
    pub(super) fn finish_builtins(&mut self) -> bool {
        let severity = if self.vars.strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        let missing = std::mem::take(&mut self.missing_builtins);
        let any = !missing.is_empty();
        for (name, origin) in missing {
            let example = WILDCARD_BUILTINS
                .iter()
                .find(|(b, _)| *b == name)
                .map_or("..", |(_, e)| e);
            let message = if self.vars.strict {
                format!(
                    "`${{{name}}}` has no value for function `{}` (strict mode)",
                    self.function
                )
            } else {
                format!(
                    "`${{{name}}}` has no value for function `{}`: `*` is used in its place",
                    self.function
                )
            };
            self.findings.push(Finding {
                severity,
                code: Code::UnresolvedBuiltin,
                message,
                help: Some(format!(
                    "set `[package.metadata.lambda-iam.vars] {name} = \"{example}\"` or pass \
                     `--var {name}={example}`"
                )),
                origin,
            });
        }
        any && self.vars.strict
    }
}

/// `handler image_processor::function_handler`, or `the function` without an origin.
pub(super) fn describe(origin: Option<&Origin>) -> String {
    match origin {
        Some(origin) => format!("`{}`", origin.item),
        None => "the function".to_string(),
    }
}
