//! `cargo iam emit --format cloudformation|sam|terraform`: snapshots of each format on the
//! `deploy` fixture, the templates' policies against the JSON files, and the real tools
//! (`cfn-lint`, `aws-sam-translator`, `python-hcl2`) on the fixture's and the examples' templates.
//!
//! The tools come from a Python virtual environment named by `LAMBDA_IAM_DEPLOY_TOOLS` (its
//! `bin` directory; `.ci/run` installs the pinned versions there). Without it the tool test
//! prints why it did not run and passes: it is the only test here that needs anything beyond
//! this repository.

mod common;

use common::{repo, run, run_in, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const FORMATS: &[&str] = &["cloudformation", "sam", "terraform"];

#[test]
fn each_format_on_the_fixture() {
    for format in FORMATS {
        let r = run("deploy", &["emit", "--format", format, "--stdout"]);
        assert_eq!(r.code, 0, "{}", r.transcript());
        assert!(
            !r.stderr.contains("unresolved-builtin"),
            "the templates leave Region/Account to the deploy tool: no `*` warning\n{}",
            r.stderr
        );
        insta::assert_snapshot!(format!("deploy_{format}"), r.transcript());
    }
}

/// The value of a CloudFormation string: plain, or an `Fn::Sub` with the pseudo parameters
/// replaced by `vars` and `${!x}` unescaped to `${x}`.
fn substitute(value: &Value, vars: &[(&str, &str)]) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("Fn::Sub") => {
            let mut s = map["Fn::Sub"]
                .as_str()
                .expect("Fn::Sub of a string")
                .to_string();
            for (name, v) in vars {
                s = s.replace(&format!("${{AWS::{name}}}"), v);
            }
            assert!(!s.contains("${AWS::"), "unknown pseudo parameter in {s}");
            Value::String(s.replace("${!", "${"))
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, vars)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, vars)).collect()),
        other => other.clone(),
    }
}

/// Splits `--stdout` output into (file name, contents).
fn stdout_files(stdout: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in stdout.split_inclusive('\n') {
        if let Some(name) = line
            .strip_prefix("==> ")
            .and_then(|l| l.trim_end().strip_suffix(" <=="))
        {
            out.push((name.to_string(), String::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(line);
        }
    }
    out
}

#[test]
fn cloudformation_policies_are_the_json_policies_once_the_stack_fills_in_its_values() {
    // Region and Account are given to the JSON run, and the same values stand in for the
    // stack's pseudo parameters: the documents must then be equal, policy variables included.
    let vars = ["--var", "Region=eu-west-1", "--var", "Account=123456789012"];
    let json = run("deploy", &[&["emit", "--stdout"][..], &vars].concat());
    assert_eq!(json.code, 0, "{}", json.transcript());
    let json = stdout_files(&json.stdout);
    for format in ["cloudformation", "sam"] {
        let r = run("deploy", &["emit", "--stdout", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.transcript());
        let templates = stdout_files(&r.stdout);
        assert_eq!(templates.len(), 3, "{}", r.stdout);
        for (name, text) in templates {
            let function = name
                .rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".json")
                .to_string();
            let template: Value = serde_json::from_str(&text).unwrap();
            let role = template["Resources"]
                .as_object()
                .unwrap()
                .values()
                .find(|r| r["Type"] == "AWS::IAM::Role")
                .expect("a role");
            let pseudo = [
                ("Partition", "aws"),
                ("Region", "eu-west-1"),
                ("AccountId", "123456789012"),
            ];
            let policy = substitute(
                &role["Properties"]["Policies"][0]["PolicyDocument"],
                &pseudo,
            );
            let trust = &role["Properties"]["AssumeRolePolicyDocument"];
            let expected = |suffix: &str| -> Value {
                let (_, text) = json
                    .iter()
                    .find(|(n, _)| n.ends_with(&format!("/{function}.{suffix}")))
                    .unwrap_or_else(|| panic!("no {function}.{suffix} in the JSON run"));
                serde_json::from_str(text).unwrap()
            };
            assert_eq!(policy, expected("policy.json"), "{format} {function}");
            assert_eq!(trust, &expected("trust.json"), "{format} {function}");
        }
    }
}

#[test]
fn templates_are_written_under_the_format_directory_and_check_ignores_them() {
    let dir = scratch("deploy");
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    for format in FORMATS {
        let r = run_in(dir.path(), &["emit", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.transcript());
        assert!(
            r.stderr.contains(&format!("to iam/{format}/")),
            "{}",
            r.stderr
        );
    }
    let mut names: Vec<String> = FORMATS
        .iter()
        .flat_map(|f| {
            std::fs::read_dir(dir.path().join("iam").join(f))
                .unwrap()
                .map(move |e| format!("{f}/{}", e.unwrap().file_name().to_string_lossy()))
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "cloudformation/2fa-check.json",
            "cloudformation/ingest.json",
            "cloudformation/uploads.json",
            "sam/2fa-check.json",
            "sam/ingest.json",
            "sam/uploads.json",
            "terraform/2fa-check.tf",
            "terraform/ingest.tf",
            "terraform/lambda_iam_data.tf",
            "terraform/uploads.tf",
        ]
    );
    let sam = std::fs::read_to_string(dir.path().join("iam/sam/uploads.json")).unwrap();
    assert!(
        sam.contains("\"CodeUri\": \"../..\""),
        "CodeUri is the package, relative to the template: {sam}"
    );
    let again = run_in(dir.path(), &["emit", "--format", "terraform"]);
    assert!(again.stderr.contains("(4 unchanged)"), "{}", again.stderr);
    let check = run_in(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
}

/// One Lambda::Permission / aws_lambda_permission per statement of the resource-based policy.
#[test]
fn triggers_become_permission_resources() {
    let cfn = run(
        "deploy",
        &["emit", "--stdout", "--format", "sam", "-p", "ingest"],
    );
    assert_eq!(cfn.code, 0, "{}", cfn.transcript());
    let (_, text) = &stdout_files(&cfn.stdout)[0];
    let template: Value = serde_json::from_str(text).unwrap();
    let mut permissions: Vec<(&String, &Value)> = template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Lambda::Permission")
        .collect();
    permissions.sort_by_key(|(id, _)| id.as_str());
    let ids: Vec<&str> = permissions.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "IngestInvokeFromApigateway",
            "IngestInvokeFromEvents",
            "IngestInvokeFromS3",
            "IngestInvokeFromSns",
            "IngestInvokeFunctionUrl",
            "IngestInvokeViaFunctionUrl",
        ]
    );
    let s3 = &permissions[2].1["Properties"];
    assert_eq!(s3["Principal"], "s3.amazonaws.com");
    assert_eq!(s3["SourceAccount"], "123456789012");
    assert_eq!(s3["FunctionName"]["Ref"], "Ingest");
    assert_eq!(
        permissions[5].1["Properties"]["InvokedViaFunctionUrl"],
        true
    );
    let tf = run(
        "deploy",
        &["emit", "--stdout", "--format", "terraform", "-p", "ingest"],
    );
    assert_eq!(
        tf.stdout
            .matches("resource \"aws_lambda_permission\"")
            .count(),
        6,
        "{}",
        tf.stdout
    );
}

#[test]
fn permissions_file_is_written_checked_and_removed_with_the_last_trigger() {
    let dir = scratch("deploy");
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let file = dir.path().join("iam/ingest.permissions.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("\"aws:SourceAccount\": \"123456789012\""),
        "{text}"
    );
    assert!(!dir.path().join("iam/uploads.permissions.json").exists());
    // A stale resource-based policy fails the check like a stale policy.
    std::fs::write(&file, text.replace("incoming-orders", "other-bucket")).unwrap();
    let check = run_in(dir.path(), &["check"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(
        check.stderr.contains("ingest.permissions.json` is stale"),
        "{}",
        check.stderr
    );
    // A permissions file of a function without triggers is orphaned; emit removes it.
    std::fs::write(dir.path().join("iam/uploads.permissions.json"), "{}\n").unwrap();
    let check = run_in(dir.path(), &["check"]);
    assert!(
        check
            .stderr
            .contains("uploads.permissions.json` is orphaned"),
        "{}",
        check.stderr
    );
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert!(!dir.path().join("iam/uploads.permissions.json").exists());
    let check = run_in(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
}

/// The `bin` directory of the virtual environment holding the validation tools, or why not.
fn tools() -> Result<PathBuf, String> {
    let dir = std::env::var_os("LAMBDA_IAM_DEPLOY_TOOLS").ok_or(
        "LAMBDA_IAM_DEPLOY_TOOLS is not set (`.ci/run` sets it to a venv with cfn-lint, \
         aws-sam-translator and python-hcl2)",
    )?;
    let dir = PathBuf::from(dir);
    for tool in ["python", "cfn-lint"] {
        if !dir.join(tool).is_file() {
            return Err(format!(
                "LAMBDA_IAM_DEPLOY_TOOLS={} has no `{tool}`",
                dir.display()
            ));
        }
    }
    Ok(dir)
}

fn tool(cmd: &mut Command) {
    let out = cmd.output().expect("the tool runs");
    let text = format!(
        "{cmd:?}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    eprintln!("{text}");
}

fn emit_all(manifest: &Path, out: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for format in FORMATS {
        let r = run_in(
            &repo(),
            &[
                "emit",
                "--manifest-path",
                manifest.to_str().unwrap(),
                "--out-dir",
                out.to_str().unwrap(),
                "--format",
                format,
            ],
        );
        assert_eq!(r.code, 0, "{}", r.transcript());
        let mut these: Vec<PathBuf> = std::fs::read_dir(out.join(format))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        these.sort();
        files.extend(these);
    }
    files
}

#[test]
fn real_tools_accept_every_template() {
    let bin = match tools() {
        Ok(bin) => bin,
        Err(why) => {
            eprintln!(
                "\n!!!!!!!! SKIPPED: deploy templates NOT validated with cfn-lint, \
                 aws-sam-translator, python-hcl2: {why} !!!!!!!!\n"
            );
            return;
        }
    };
    let validate = repo().join("cargo-iam/tests/deploy/validate.py");
    for manifest in [
        repo().join("tests/fixtures/deploy/Cargo.toml"),
        repo().join("examples/Cargo.toml"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let files = emit_all(&manifest, out.path());
        let of = |ext: &str, dir: &str| -> Vec<&PathBuf> {
            files
                .iter()
                .filter(|f| {
                    f.extension().is_some_and(|e| e == ext)
                        && f.parent().is_some_and(|p| p.ends_with(dir))
                })
                .collect()
        };
        let templates: Vec<&PathBuf> = [of("json", "cloudformation"), of("json", "sam")].concat();
        assert!(templates.len() >= 4, "{files:?}");
        // cfn-lint exits non-zero on any error (and on warnings): zero findings expected.
        tool(Command::new(bin.join("cfn-lint")).args(&templates));
        tool(
            Command::new(bin.join("python"))
                .arg(&validate)
                .arg("sam")
                .args(of("json", "sam")),
        );
        tool(
            Command::new(bin.join("python"))
                .arg(&validate)
                .arg("terraform")
                .args(of("tf", "terraform")),
        );
    }
}

#[test]
fn stages_have_their_own_values_and_directories() {
    let dir = scratch("deploy");
    let manifest = dir.path().join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(
        "\n[workspace.metadata.lambda-iam.stages.dev.vars]\nAccount = \"111111111111\"\n\
         Region = \"eu-west-1\"\n\n[workspace.metadata.lambda-iam.stages.prod.vars]\n\
         Account = \"222222222222\"\nRegion = \"us-east-1\"\n",
    );
    std::fs::write(&manifest, text).unwrap();
    for stage in ["dev", "prod"] {
        let r = run_in(dir.path(), &["emit", "--stage", stage]);
        assert_eq!(r.code, 0, "{}", r.transcript());
    }
    let dev = std::fs::read_to_string(dir.path().join("iam/dev/uploads.policy.json")).unwrap();
    let prod = std::fs::read_to_string(dir.path().join("iam/prod/uploads.policy.json")).unwrap();
    assert!(
        dev.contains("arn:aws:dynamodb:eu-west-1:111111111111:table/Users"),
        "{dev}"
    );
    assert!(
        prod.contains("arn:aws:dynamodb:us-east-1:222222222222:table/Users"),
        "{prod}"
    );
    // The stage wins over the package's own values (`ingest` sets Account 123456789012).
    let ingest = std::fs::read_to_string(dir.path().join("iam/prod/ingest.policy.json")).unwrap();
    assert!(
        ingest.contains("222222222222") && !ingest.contains("123456789012"),
        "{ingest}"
    );
    let check = run_in(dir.path(), &["check", "--stage", "prod"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    // Stages defined: `--stage` is required, and must name one of them.
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("`dev`, `prod`"), "{}", r.stderr);
    let r = run_in(dir.path(), &["emit", "--stage", "qa"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("unknown stage `qa`"), "{}", r.stderr);
    // A stage's file drifting from its values fails that stage's check only.
    std::fs::write(dir.path().join("iam/dev/uploads.policy.json"), prod).unwrap();
    assert_eq!(run_in(dir.path(), &["check", "--stage", "dev"]).code, 1);
    assert_eq!(run_in(dir.path(), &["check", "--stage", "prod"]).code, 0);
}

#[test]
fn cargo_lambda_settings_the_handler_does_not_cover_are_warnings() {
    let dir = scratch("deploy");
    let r = run_in(dir.path(), &["emit"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    let manifest = dir.path().join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    let at = text.find("[workspace]").unwrap();
    text.insert_str(
        at,
        "[package.metadata.lambda.deploy]\ntracing = \"Active\"\nenable_function_url = true\n\n\
         [package.metadata.lambda.bin.otp.deploy]\nname = \"otp-check\"\n\
         vpc = { subnet_ids = [\"subnet-0abc\"], security_group_ids = [\"sg-0abc\"] }\n\n",
    );
    std::fs::write(&manifest, text).unwrap();
    let r = run_in(dir.path(), &["check"]);
    // Warnings: the committed files are still current, so the check passes.
    assert_eq!(r.code, 0, "{}", r.transcript());
    for needle in [
        "warning[deploy-mismatch]: cargo-lambda deploys `uploads` with active X-Ray tracing",
        "warning[deploy-mismatch]: cargo-lambda gives `uploads` a function URL",
        "warning[deploy-mismatch]: cargo-lambda deploys `2fa-check` into VPC subnets ([package.metadata.lambda.bin.otp] `vpc.subnet_ids`)",
        "warning[deploy-mismatch]: cargo-lambda deploys the handler of `2fa-check` as `otp-check`",
        "warning[deploy-mismatch]: cargo-lambda deploys `2fa-check` with active X-Ray tracing",
    ] {
        assert!(r.stderr.contains(needle), "{needle}\n{}", r.stderr);
    }
    // `uploads` declares `vpc`: no VPC warning for it; `ingest` is another package.
    assert!(
        !r.stderr.contains("deploys `uploads` into VPC"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("`ingest`"), "{}", r.stderr);
}
