"""Checks templates of `cargo iam emit --format sam|terraform` with the real tools.

    python validate.py sam FILE.json..        aws-sam-translator transforms each template
    python validate.py terraform FILE.tf..    python-hcl2 parses each file

Run by cargo-iam/tests/deploy.rs with the Python of a venv holding the pinned tools (see
.ci/run). Exits 1 with the reason on the first template that fails; prints one line per file.
"""

import copy
import json
import sys


def fail(path, message):
    print(f"{path}: {message}", file=sys.stderr)
    sys.exit(1)


def sam(paths):
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    # A fixed region and no credentials: the transform reads the partition from the region and
    # never calls AWS when no managed policy is named.
    session = boto3.session.Session(region_name="eu-west-1")
    for path in paths:
        with open(path) as f:
            template = json.load(f)
        # What `sam package` does before the transform: the local CodeUri becomes an S3 location.
        packaged = copy.deepcopy(template)
        functions = [
            (rid, r)
            for rid, r in packaged["Resources"].items()
            if r["Type"] == "AWS::Serverless::Function"
        ]
        if len(functions) != 1:
            fail(path, f"expected one AWS::Serverless::Function, found {len(functions)}")
        for _, r in functions:
            r["Properties"]["CodeUri"] = "s3://deploy-bucket/function.zip"
        try:
            out = Translator(
                managed_policy_map={}, sam_parser=Parser(), boto_session=session
            ).translate(packaged, parameter_values={})
        except Exception as e:  # the translator's errors carry the causes
            causes = getattr(e, "causes", None) or []
            detail = "; ".join(getattr(c, "message", str(c)) for c in causes) or str(e)
            fail(path, f"aws-sam-translator rejected the template: {detail}")
        resources = out["Resources"]
        lambdas = {k: v for k, v in resources.items() if v["Type"] == "AWS::Lambda::Function"}
        roles = {k: v for k, v in resources.items() if v["Type"] == "AWS::IAM::Role"}
        function_id = functions[0][0]
        if list(lambdas) != [function_id]:
            fail(path, f"expected the function {function_id}, got {sorted(lambdas)}")
        role_ref = lambdas[function_id]["Properties"].get("Role")
        ours = [k for k, v in template["Resources"].items() if v["Type"] == "AWS::IAM::Role"]
        if len(ours) != 1 or role_ref != {"Fn::GetAtt": [ours[0], "Arn"]}:
            fail(path, f"the function does not use the generated role: Role = {role_ref!r}")
        if sorted(roles) != ours:
            fail(path, f"SAM created roles of its own: {sorted(set(roles) - set(ours))}")
        if roles[ours[0]] != template["Resources"][ours[0]]:
            fail(path, "the transform changed the generated role")
        name = lambdas[function_id]["Properties"].get("FunctionName")
        print(f"{path}: transformed; {function_id} ({name}) runs with {ours[0]}")


def unquote(key):
    """python-hcl2 (8.x) keeps the quotes of block labels."""
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] == '"' else key


def terraform(paths):
    import hcl2

    for path in paths:
        with open(path) as f:
            try:
                doc = hcl2.load(f)
            except Exception as e:
                fail(path, f"python-hcl2 cannot parse it: {e}")
        if path.endswith("lambda_iam_data.tf"):
            kinds = sorted(unquote(k) for block in doc.get("data", []) for k in block)
            if kinds != ["aws_caller_identity", "aws_partition", "aws_region"]:
                fail(path, f"unexpected data sources {kinds}")
            print(f"{path}: parsed; data sources {', '.join(kinds)}")
            continue
        kinds = {}
        for block in doc.get("resource", []):
            for kind, named in block.items():
                for name, body in named.items():
                    kinds.setdefault(unquote(kind), {})[unquote(name)] = body
        roles, policies = kinds.get("aws_iam_role", {}), kinds.get("aws_iam_role_policy", {})
        if len(roles) != 1 or sorted(roles) != sorted(policies):
            fail(path, f"expected one role and its policy, got {sorted(kinds)}")
        (name,) = roles
        if "jsonencode(" not in str(roles[name].get("assume_role_policy")):
            fail(path, "assume_role_policy is not a jsonencode(..) expression")
        if "jsonencode(" not in str(policies[name].get("policy")):
            fail(path, "policy is not a jsonencode(..) expression")
        print(f"{path}: parsed; aws_iam_role.{name} with aws_iam_role_policy.{name}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("sam", "terraform"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    {"sam": sam, "terraform": terraform}[sys.argv[1]](sys.argv[2:])
