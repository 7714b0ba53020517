#!/usr/bin/env python3
"""Checks the sandbox from outside with boto3 (and the AWS CLI when one is installed), for every policy type.

Optional: for machines with boto3. Start a sandbox without a seed, then run

    yarn aigov sandbox --port 4599 &
    python3 packages/organizations-sandbox/scripts/boto3-check.py http://127.0.0.1:4599

It drives botocore's own parser, so a response shape AWS's model does not allow fails here even when the JS SDK
accepts it. Expected values are AWS's documented ones, written here rather than read from the sandbox:
- quotas: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html and
  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html (per-target table);
- example documents: each type's "syntax and examples" page in the Organizations user guide;
- errors: the Organizations API reference (CreatePolicy, AttachPolicy, DeletePolicy, DescribeEffectivePolicy).
Prints "N passed, N failed" and exits 1 when anything failed. It changes the sandbox's organization: use a fresh one.
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

URL = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SANDBOX_URL", "")).rstrip("/")
if not URL:
    sys.exit("usage: boto3-check.py http://127.0.0.1:PORT (a sandbox started without --seed)")

org = boto3.client(
    "organizations",
    endpoint_url=URL,
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
    config=Config(retries={"max_attempts": 1}, read_timeout=30, connect_timeout=5),
)

passed = 0
failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}{': ' + str(detail) if detail else ''}")


def expect_error(what, code, reason, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        err = e.response.get("Error", {})
        got_reason = e.response.get("Reason")
        ok = err.get("Code") == code and (reason is None or got_reason == reason)
        check(ok, what, f"got {err.get('Code')} {got_reason} {err.get('Message')}")
        return e
    check(False, what, f"expected {code} {reason or ''}, the call succeeded")
    return None


def call(what, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - every failure is reported, none hidden
        check(False, what, repr(e))
        return None


# AWS's per-type facts: size (characters as sent, whitespace included), policies per target.
LIMITS = {
    "SERVICE_CONTROL_POLICY": (10240, 10),
    "RESOURCE_CONTROL_POLICY": (5120, 5),
    "AISERVICES_OPT_OUT_POLICY": (2500, 5),
    "TAG_POLICY": (10000, 10),
    "BACKUP_POLICY": (10000, 10),
    "CHATBOT_POLICY": (10000, 5),
    "DECLARATIVE_POLICY_EC2": (10000, 10),
    "BEDROCK_POLICY": (10000, 10),
    "S3_POLICY": (10000, 10),
    "SECURITYHUB_POLICY": (10000, 10),
    "SECURITYHUB_CSPM_POLICY": (10000, 10),
    "INSPECTOR_POLICY": (10000, 10),
    "GUARDDUTY_POLICY": (10000, 10),
    "NETWORK_SECURITY_DIRECTOR_POLICY": (10000, 10),
    # "Upgrade rollout policy syntax and examples": "the maximum policy size of 5,120 bytes".
    "UPGRADE_ROLLOUT_POLICY": (5120, 10),
}

# One valid document per type, after the examples on AWS's pages.
EXAMPLES = {
    "SERVICE_CONTROL_POLICY": {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "DenyLeaveOrg", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}],
    },
    "RESOURCE_CONTROL_POLICY": {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EnforceSecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": ["s3:*", "sqs:*"],
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
            }
        ],
    },
    "AISERVICES_OPT_OUT_POLICY": {"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}},
    "TAG_POLICY": {
        "tags": {
            "costcenter": {
                "tag_key": {"@@assign": "CostCenter"},
                "tag_value": {"@@assign": ["100", "200"]},
                "enforced_for": {"@@assign": ["secretsmanager:*"]},
            }
        }
    },
    "BACKUP_POLICY": {
        "plans": {
            "PII_Backup_Plan": {
                "regions": {"@@assign": ["ap-northeast-2", "us-east-1"]},
                "rules": {
                    "Hourly": {
                        "schedule_expression": {"@@assign": "cron(0 5/1 ? * * *)"},
                        "start_backup_window_minutes": {"@@assign": "480"},
                        "target_backup_vault_name": {"@@assign": "FortKnox"},
                        "lifecycle": {"delete_after_days": {"@@assign": "2"}},
                    }
                },
                "selections": {
                    "tags": {
                        "datatype": {
                            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/MyIamRole"},
                            "tag_key": {"@@assign": "dataType"},
                            "tag_value": {"@@assign": ["PII", "RED"]},
                        }
                    }
                },
            }
        }
    },
    "CHATBOT_POLICY": {
        "chatbot": {
            "platforms": {
                "slack": {
                    "client": {"@@assign": "enabled"},
                    "workspaces": {"@@assign": ["Slack-Workspace-Id"]},
                    "default": {
                        "supported_channel_types": {"@@assign": ["private"]},
                        "supported_role_settings": {"@@assign": ["user_role"]},
                    },
                },
                "microsoft_teams": {"client": {"@@assign": "disabled"}},
            }
        }
    },
    "DECLARATIVE_POLICY_EC2": {
        "ec2_attributes": {
            "serial_console_access": {"status": {"@@assign": "disabled"}},
            "image_block_public_access": {"state": {"@@assign": "block_new_sharing"}},
        }
    },
    "BEDROCK_POLICY": {
        "bedrock": {
            "guardrail_inference": {
                "us-east-1": {
                    "config_1": {
                        "identifier": {"@@assign": "arn:aws:bedrock:us-east-1:123456789012:guardrail/hu1dlsv9wy1d:1"},
                        "selective_content_guarding": {
                            "system": {"@@assign": "selective"},
                            "messages": {"@@assign": "comprehensive"},
                        },
                        "model_enforcement": {
                            "included_models": {"@@assign": ["ALL"]},
                            "excluded_models": {"@@assign": ["amazon.titan-embed-text-v2:0", "cohere.embed-english-v3"]},
                        },
                    }
                }
            }
        }
    },
    "S3_POLICY": {"s3_attributes": {"public_access_block_configuration": {"@@assign": "all"}}},
    "SECURITYHUB_POLICY": {
        "securityhub": {
            "enable_in_regions": {"@@append": ["ALL_SUPPORTED"], "@@operators_allowed_for_child_policies": ["@@all"]},
            "disable_in_regions": {"@@append": [], "@@operators_allowed_for_child_policies": ["@@all"]},
        }
    },
    "SECURITYHUB_CSPM_POLICY": {
        "securityhub": {
            "enable_in_regions": {"@@assign": ["us-east-1", "us-west-2"]},
            "disable_in_regions": {"@@assign": []},
        }
    },
    "INSPECTOR_POLICY": {
        "inspector": {
            "enablement": {
                "ec2_scanning": {
                    "enable_in_regions": {"@@assign": ["us-east-1", "us-west-2"]},
                    "disable_in_regions": {"@@assign": ["eu-west-1"]},
                }
            }
        }
    },
    "GUARDDUTY_POLICY": {
        "guardduty": {
            "default": {
                "foundational": {"@@assign": "enabled"},
                "s3_data_events": {"@@assign": "enabled"},
            }
        }
    },
    "NETWORK_SECURITY_DIRECTOR_POLICY": {
        "network_security_director": {
            "enablement": {
                "network_security_scan": {
                    "enable_in_regions": {"@@assign": ["us-east-1", "eu-west-1"]},
                    "disable_in_regions": {"@@assign": []},
                }
            }
        }
    },
    "UPGRADE_ROLLOUT_POLICY": {
        "upgrade_rollout": {
            "default": {"patch_order": {"@@assign": "last"}},
            "tags": {"devtag": {"tag_values": {"dev": {"patch_order": {"@@assign": "first"}}}}},
        }
    },
}
MANAGEMENT = [t for t in EXAMPLES if t not in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")]
ARN_RE = r"^arn:aws:organizations::\d{12}:policy/o-[a-z0-9]{10,32}/{type}/p-[0-9a-zA-Z_]{8,128}$"


def check_summary(s, type_, what):
    check(isinstance(s.get("AwsManaged"), bool), f"{what}: AwsManaged is a bool", s.get("AwsManaged"))
    check(s.get("Type") == type_, f"{what}: Type", s.get("Type"))
    check(re.match(r"^p-[0-9a-zA-Z_]{8,128}$", s.get("Id", "")) is not None, f"{what}: Id format", s.get("Id"))
    if not s.get("AwsManaged"):
        check(
            re.match(ARN_RE.replace("{type}", type_.lower()), s.get("Arn", "")) is not None,
            f"{what}: Arn format",
            s.get("Arn"),
        )
    check(isinstance(s.get("Name"), str) and isinstance(s.get("Description"), str), f"{what}: Name, Description")


def create(type_, name, doc, **extra):
    content = doc if isinstance(doc, str) else json.dumps(doc, indent=2)
    return org.create_policy(Content=content, Description=f"{name} (boto3 check)", Name=name, Type=type_, **extra)


# ---- setup: root, OUs, an account in a child OU ----
root = org.list_roots()["Roots"][0]
root_id = root["Id"]
mgmt = org.describe_organization()["Organization"]["MasterAccountId"]
parent_ou = org.create_organizational_unit(ParentId=root_id, Name="boto3-parent")["OrganizationalUnit"]["Id"]
child_ou = org.create_organizational_unit(ParentId=parent_ou, Name="boto3-child")["OrganizationalUnit"]["Id"]
limits_ou = org.create_organizational_unit(ParentId=root_id, Name="boto3-limits")["OrganizationalUnit"]["Id"]
status = org.create_account(Email="boto3-check@example.com", AccountName="boto3 check")["CreateAccountStatus"]
for _ in range(120):
    status = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
    if status["State"] != "IN_PROGRESS":
        break
    time.sleep(0.5)
check(status["State"] == "SUCCEEDED", "CreateAccount succeeds", status)
account = status.get("AccountId")
org.move_account(AccountId=account, SourceParentId=root_id, DestinationParentId=child_ou)

# ---- every type: enable, create, describe, list, size, malformed, attach limit, delete in use ----
for type_, doc in EXAMPLES.items():
    size_limit, per_target = LIMITS[type_]
    enabled = [p["Type"] for p in org.list_roots()["Roots"][0].get("PolicyTypes", []) if p["Status"] == "ENABLED"]
    if type_ not in enabled:
        r = call(f"{type_}: EnablePolicyType", org.enable_policy_type, RootId=root_id, PolicyType=type_)
        if r:
            types = {p["Type"]: p["Status"] for p in r["Root"]["PolicyTypes"]}
            check(types.get(type_) == "ENABLED", f"{type_}: EnablePolicyType answers the root with the type enabled", types)
    expect_error(f"{type_}: EnablePolicyType twice", "PolicyTypeAlreadyEnabledException", None, org.enable_policy_type, RootId=root_id, PolicyType=type_)

    r = call(f"{type_}: CreatePolicy with AWS's example", create, type_, f"{type_}-example", doc)
    if not r:
        continue
    p = r["Policy"]
    check_summary(p["PolicySummary"], type_, f"{type_}: CreatePolicy")
    check(json.loads(p["Content"]) == doc, f"{type_}: Content stored as sent")
    d = org.describe_policy(PolicyId=p["PolicySummary"]["Id"])["Policy"]
    check(d["Content"] == json.dumps(doc, indent=2), f"{type_}: DescribePolicy returns the content byte for byte")

    # Size: pad a valid document with whitespace to exactly the limit, then one more.
    base = json.dumps(doc)
    at_limit = base + " " * (size_limit - len(base))
    r = call(f"{type_}: a {size_limit}-character document (whitespace counted) is accepted", create, type_, f"{type_}-at-limit", at_limit)
    if r:
        org.delete_policy(PolicyId=r["Policy"]["PolicySummary"]["Id"])
    expect_error(
        f"{type_}: a {size_limit + 1}-character document is refused",
        "ConstraintViolationException",
        "POLICY_CONTENT_LIMIT_EXCEEDED",
        create,
        type_,
        f"{type_}-over-limit",
        at_limit + " ",
    )

    # Malformed documents.
    for label, bad in [
        ("not JSON", base[:-1]),
        ("a JSON array", "[]"),
        ("a JSON string", '"x"'),
    ]:
        expect_error(f"{type_}: {label} is malformed", "MalformedPolicyDocumentException", None, create, type_, f"{type_}-bad", bad)
    if type_ in MANAGEMENT:
        top = next(iter(doc))
        expect_error(
            f"{type_}: an unknown operator is malformed",
            "MalformedPolicyDocumentException",
            None,
            create,
            type_,
            f"{type_}-bad",
            {top: {"x": {"@@bogus": "y"}}},
        )
        expect_error(
            f"{type_}: @@append with a string is malformed",
            "MalformedPolicyDocumentException",
            None,
            create,
            type_,
            f"{type_}-bad",
            {top: {"x": {"@@append": "y"}}},
        )
    else:
        expect_error(
            f"{type_}: a statement without Effect is malformed",
            "MalformedPolicyDocumentException",
            None,
            create,
            type_,
            f"{type_}-bad",
            {"Version": "2012-10-17", "Statement": [{"Action": "*", "Resource": "*"}]},
        )

    # Attach up to the per-target limit on an OU, then one more.
    already = len(org.list_policies_for_target(TargetId=limits_ou, Filter=type_)["Policies"])
    ids = [p["PolicySummary"]["Id"]]
    for i in range(per_target - already):
        extra = call(f"{type_}: create policy {i}", create, type_, f"{type_}-n{i}", doc)
        if extra:
            ids.append(extra["Policy"]["PolicySummary"]["Id"])
    for pid in ids[: per_target - already]:
        call(f"{type_}: AttachPolicy within the limit", org.attach_policy, PolicyId=pid, TargetId=limits_ou)
    attached = org.list_policies_for_target(TargetId=limits_ou, Filter=type_)["Policies"]
    check(len(attached) == per_target, f"{type_}: {per_target} attached to the OU", len(attached))
    for s in attached:
        check_summary(s, type_, f"{type_}: ListPoliciesForTarget")
    expect_error(
        f"{type_}: attaching policy {per_target + 1} to one target",
        "ConstraintViolationException",
        "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
        org.attach_policy,
        PolicyId=ids[-1],
        TargetId=limits_ou,
    )
    expect_error(f"{type_}: DeletePolicy while attached", "PolicyInUseException", None, org.delete_policy, PolicyId=ids[0])
    targets = org.list_targets_for_policy(PolicyId=ids[0])["Targets"]
    check([t["TargetId"] for t in targets] == [limits_ou] and targets[0]["Type"] == "ORGANIZATIONAL_UNIT", f"{type_}: ListTargetsForPolicy", targets)
    for pid in ids[: per_target - already]:
        call(f"{type_}: DetachPolicy", org.detach_policy, PolicyId=pid, TargetId=limits_ou)
    check(
        len(org.list_policies_for_target(TargetId=limits_ou, Filter=type_)["Policies"]) == already,
        f"{type_}: every attachment detached",
    )
    for pid in ids[1:]:
        call(f"{type_}: DeletePolicy", org.delete_policy, PolicyId=pid)
    expect_error(f"{type_}: DescribePolicy after delete", "PolicyNotFoundException", None, org.describe_policy, PolicyId=ids[-1])

# ---- ListPolicies paging with MaxResults ----
made = [create("TAG_POLICY", f"paging-{i}", EXAMPLES["TAG_POLICY"])["Policy"]["PolicySummary"]["Id"] for i in range(5)]
seen, token, pages = [], None, 0
while True:
    kwargs = {"Filter": "TAG_POLICY", "MaxResults": 2}
    if token:
        kwargs["NextToken"] = token
    page = org.list_policies(**kwargs)
    pages += 1
    check(len(page["Policies"]) <= 2, "ListPolicies: MaxResults=2 gives at most 2")
    seen += [p["Id"] for p in page["Policies"]]
    token = page.get("NextToken")
    if not token or pages > 20:
        break
all_tag = [p["Id"] for p in org.list_policies(Filter="TAG_POLICY")["Policies"]]
check(sorted(seen) == sorted(all_tag) and len(seen) == len(set(seen)), "ListPolicies: pages hold every policy once", (seen, all_tag))
check(pages >= 3, "ListPolicies: 6 policies take at least 3 pages of 2", pages)
via_paginator = [p["Id"] for pg in org.get_paginator("list_policies").paginate(Filter="TAG_POLICY", PaginationConfig={"PageSize": 2}) for p in pg["Policies"]]
check(sorted(via_paginator) == sorted(all_tag), "ListPolicies: boto3 paginator")
for pid in made:
    org.delete_policy(PolicyId=pid)

# ---- DescribeEffectivePolicy: parent OU @@assign, child OU @@append and @@remove ----
LIST_SETTING = {
    "TAG_POLICY": ["tags", "costcenter", "tag_value"],
    "BACKUP_POLICY": ["plans", "PII_Backup_Plan", "regions"],
    "CHATBOT_POLICY": ["chatbot", "platforms", "slack", "workspaces"],
    "DECLARATIVE_POLICY_EC2": ["ec2_attributes", "allowed_images_settings", "image_criteria", "criteria_1", "allowed_image_providers"],
    "BEDROCK_POLICY": ["bedrock", "guardrail_inference", "us-east-1", "config_1", "model_enforcement", "excluded_models"],
    "SECURITYHUB_POLICY": ["securityhub", "enable_in_regions"],
    "SECURITYHUB_CSPM_POLICY": ["securityhub", "enable_in_regions"],
    "INSPECTOR_POLICY": ["inspector", "enablement", "ec2_scanning", "enable_in_regions"],
    "NETWORK_SECURITY_DIRECTOR_POLICY": ["network_security_director", "enablement", "network_security_scan", "enable_in_regions"],
    "GUARDDUTY_POLICY": ["guardduty", "default", "features_list"],
    "AISERVICES_OPT_OUT_POLICY": ["services", "default", "values_list"],
    "S3_POLICY": ["s3_attributes", "values_list"],
    "UPGRADE_ROLLOUT_POLICY": ["upgrade_rollout", "values_list"],
}


def nest(path, leaf):
    out = leaf
    for k in reversed(path):
        out = {k: out}
    return out


for type_ in MANAGEMENT:
    path = LIST_SETTING[type_]
    a = create(type_, f"{type_}-eff-parent", nest(path, {"@@assign": ["a", "b", "c"]}))["Policy"]["PolicySummary"]["Id"]
    b = create(type_, f"{type_}-eff-child", nest(path, {"@@append": ["d"], "@@remove": ["a"]}))["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=a, TargetId=parent_ou)
    org.attach_policy(PolicyId=b, TargetId=child_ou)
    r = call(f"{type_}: DescribeEffectivePolicy", org.describe_effective_policy, PolicyType=type_, TargetId=account)
    if r:
        e = r["EffectivePolicy"]
        got = json.loads(e["PolicyContent"])
        for k in path:
            got = got.get(k, {}) if isinstance(got, dict) else None
        check(got == ["b", "c", "d"], f"{type_}: effective value = parent @@assign, child @@append and @@remove", e["PolicyContent"])
        check(isinstance(e.get("LastUpdatedTimestamp"), datetime.datetime), f"{type_}: LastUpdatedTimestamp is a datetime", e.get("LastUpdatedTimestamp"))
        check(e.get("TargetId") == account and e.get("PolicyType") == type_, f"{type_}: TargetId and PolicyType", e)
    expect_error(
        f"{type_}: DescribeEffectivePolicy on an OU",
        "InvalidInputException",
        None,
        org.describe_effective_policy,
        PolicyType=type_,
        TargetId=child_ou,
    )
    org.detach_policy(PolicyId=a, TargetId=parent_ou)
    org.detach_policy(PolicyId=b, TargetId=child_ou)
    org.delete_policy(PolicyId=a)
    org.delete_policy(PolicyId=b)

# A parent that allows child policies no operator: the child's @@append is not applied.
a = create("TAG_POLICY", "locked-parent", {"tags": {"env": {"tag_key": {"@@assign": "Env"}, "tag_value": {"@@assign": ["prod"], "@@operators_allowed_for_child_policies": ["@@none"]}}}})["Policy"]["PolicySummary"]["Id"]
b = create("TAG_POLICY", "locked-child", {"tags": {"env": {"tag_value": {"@@append": ["dev"]}}}})["Policy"]["PolicySummary"]["Id"]
org.attach_policy(PolicyId=a, TargetId=parent_ou)
org.attach_policy(PolicyId=b, TargetId=child_ou)
e = json.loads(org.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=account)["EffectivePolicy"]["PolicyContent"])
check(e.get("tags", {}).get("env", {}).get("tag_value") == ["prod"], "TAG_POLICY: @@operators_allowed_for_child_policies [@@none] keeps the child's @@append out", e)
check("@@" not in json.dumps(e), "TAG_POLICY: the effective policy has no operators", e)
for pid, target in ((a, parent_ou), (b, child_ou)):
    org.detach_policy(PolicyId=pid, TargetId=target)
    org.delete_policy(PolicyId=pid)

# Tag policy keys are not case sensitive ("Tag policy syntax and examples"): CostCenter below costcenter is one statement.
a = create("TAG_POLICY", "case-parent", {"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"}, "tag_value": {"@@assign": ["100", "200"]}}}})["Policy"]["PolicySummary"]["Id"]
b = create("TAG_POLICY", "case-child", {"tags": {"CostCenter": {"tag_value": {"@@remove": ["100"]}}}})["Policy"]["PolicySummary"]["Id"]
org.attach_policy(PolicyId=a, TargetId=parent_ou)
org.attach_policy(PolicyId=b, TargetId=child_ou)
e = json.loads(org.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=account)["EffectivePolicy"]["PolicyContent"])
check(e.get("tags") == {"costcenter": {"tag_key": "CostCenter", "tag_value": ["200"]}}, "TAG_POLICY: policy keys differing in case are one statement", e)
for pid, target in ((a, parent_ou), (b, child_ou)):
    org.detach_policy(PolicyId=pid, TargetId=target)
    org.delete_policy(PolicyId=pid)

for t in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
    expect_error(
        f"{t}: DescribeEffectivePolicy refuses authorization policy types",
        "InvalidInputException",
        "INVALID_ENUM_POLICY_TYPE",
        org.describe_effective_policy,
        PolicyType=t,
        TargetId=account,
    )

# ---- hostile input: each answers an AWS-shaped 400 quickly and changes nothing ----


def raw(operation, body, timeout=30):
    req = urllib.request.Request(
        URL + "/",
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"AWSOrganizationsV20161128.{operation}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, json.loads(res.read() or b"{}")
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, {"raw": text[:200]}


def snapshot():
    state = json.loads(urllib.request.urlopen(URL + "/_sandbox/snapshot", timeout=30).read())
    state.pop("capturedAt", None)
    return json.dumps(state, sort_keys=True)


before = snapshot()
deep = '{"tags":' * 100000 + "{}" + "}" * 100000
deep_in_quota = '{"tags":' * 1000 + "{}" + "}" * 1000  # 9,002 characters: reaches the syntax check
many = json.dumps({"tags": {f"k{i}": {"@@assign": "v", "@@append": ["x"], "@@remove": ["y"]} for i in range(10000)}})
hostile = [
    ("huge Content (2,000,000 characters)", "CreatePolicy", json.dumps({"Name": "h", "Description": "", "Type": "TAG_POLICY", "Content": " " * 2_000_000}).encode()),
    ("deeply nested management policy", "CreatePolicy", json.dumps({"Name": "h", "Description": "", "Type": "BEDROCK_POLICY", "Content": deep}).encode()),
    ("deeply nested management policy within the size quota", "CreatePolicy", json.dumps({"Name": "h", "Description": "", "Type": "TAG_POLICY", "Content": deep_in_quota}).encode()),
    ("10,000 operator keys", "CreatePolicy", json.dumps({"Name": "h", "Description": "", "Type": "TAG_POLICY", "Content": many}).encode()),
    ("invalid UTF-8 in Name", "CreatePolicy", b'{"Name":"n\xff\xfe","Type":"TAG_POLICY","Content":"{\\"tags\\":{}}"}'),
    ("invalid UTF-8", "CreatePolicy", b'{"Name":"h","Type":"TAG_POLICY","Content":"{\\"tags\\":{}}\xff\xfe"}'),
    ("Content a number", "CreatePolicy", b'{"Name":"h","Type":"TAG_POLICY","Content":5}'),
    ("Content an object", "CreatePolicy", b'{"Name":"h","Type":"TAG_POLICY","Content":{"tags":{}}}'),
    ("Type a list", "CreatePolicy", b'{"Name":"h","Type":["TAG_POLICY"],"Content":"{}"}'),
    ("PolicyType a number", "DescribeEffectivePolicy", b'{"PolicyType":1}'),
    ("TargetId an object", "DescribeEffectivePolicy", b'{"PolicyType":"TAG_POLICY","TargetId":{}}'),
    ("PolicyType unknown", "EnablePolicyType", json.dumps({"RootId": root_id, "PolicyType": "NOT_A_TYPE"}).encode()),
    ("RootId a number", "EnablePolicyType", b'{"RootId":1,"PolicyType":"TAG_POLICY"}'),
    ("Filter a boolean", "ListPolicies", b'{"Filter":true}'),
    ("MaxResults a string", "ListPolicies", b'{"Filter":"TAG_POLICY","MaxResults":"2"}'),
    ("body a JSON array", "CreatePolicy", b"[]"),
]
for label, op, body in hostile:
    started = time.monotonic()
    try:
        status_code, answer = raw(op, body)
    except Exception as e:  # noqa: BLE001
        check(False, f"hostile: {label}", repr(e))
        continue
    took = time.monotonic() - started
    shaped = isinstance(answer.get("__type"), str) and isinstance(answer.get("message") or answer.get("Message"), str)
    check(status_code == 400 and shaped, f"hostile: {label} answers an AWS-shaped 400", (status_code, answer, f"{took:.1f}s"))
    print(f"  hostile: {label}: {status_code} {answer.get('__type')} {answer.get('Reason', '')} in {took:.2f}s")
check(snapshot() == before, "hostile: the organization is unchanged")

# ---- the AWS CLI, where installed ----
aws = shutil.which("aws")
if aws:
    env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    base_cmd = [aws, "organizations", "--endpoint-url", URL, "--region", "us-east-1", "--output", "json"]

    def cli(*args):
        return subprocess.run(base_cmd[:2] + list(args) + base_cmd[2:], env=env, capture_output=True, text=True, timeout=60)

    made = create("BEDROCK_POLICY", "cli-bedrock", EXAMPLES["BEDROCK_POLICY"])["Policy"]["PolicySummary"]["Id"]
    out = cli("list-policies", "--filter", "BEDROCK_POLICY")
    check(out.returncode == 0 and made in out.stdout, "aws organizations list-policies --filter BEDROCK_POLICY", out.stderr[-500:])
    out = cli("create-policy", "--type", "S3_POLICY", "--name", "cli-s3", "--description", "from the CLI", "--content", json.dumps(EXAMPLES["S3_POLICY"]))
    check(out.returncode == 0 and '"S3_POLICY"' in out.stdout, "aws organizations create-policy --type S3_POLICY", out.stderr[-500:])
    s3_id = json.loads(out.stdout)["Policy"]["PolicySummary"]["Id"] if out.returncode == 0 else None
    if s3_id:
        cli("attach-policy", "--policy-id", s3_id, "--target-id", account)
        out = cli("describe-effective-policy", "--policy-type", "S3_POLICY", "--target-id", account)
        check(out.returncode == 0 and "public_access_block_configuration" in out.stdout, "aws organizations describe-effective-policy --policy-type S3_POLICY", out.stderr[-500:])
        out = cli("delete-policy", "--policy-id", s3_id)
        check(out.returncode != 0 and "PolicyInUseException" in out.stderr, "aws organizations delete-policy while attached fails with PolicyInUseException", out.stderr[-500:])
        cli("detach-policy", "--policy-id", s3_id, "--target-id", account)
        cli("delete-policy", "--policy-id", s3_id)
    out = cli("describe-effective-policy", "--policy-type", "SERVICE_CONTROL_POLICY", "--target-id", account)
    check(out.returncode != 0 and "InvalidInputException" in out.stderr, "aws organizations describe-effective-policy for SCPs fails", out.stderr[-500:])
    org.delete_policy(PolicyId=made)
else:
    print("  (no aws CLI on PATH: CLI checks skipped)")

# ---- DisablePolicyType: detaches the type's policies, the root lists it no more ----
for type_ in MANAGEMENT + ["RESOURCE_CONTROL_POLICY"]:
    pid = create(type_, f"{type_}-disable", EXAMPLES[type_])["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=pid, TargetId=child_ou)
    r = call(f"{type_}: DisablePolicyType", org.disable_policy_type, RootId=root_id, PolicyType=type_)
    if r:
        types = [p["Type"] for p in r["Root"].get("PolicyTypes", [])]
        check(type_ not in types, f"{type_}: DisablePolicyType answers a root without the type", types)
    check(org.list_targets_for_policy(PolicyId=pid)["Targets"] == [], f"{type_}: disabling detaches the type's policies")
    expect_error(f"{type_}: DisablePolicyType twice", "PolicyTypeNotEnabledException", None, org.disable_policy_type, RootId=root_id, PolicyType=type_)
    expect_error(f"{type_}: AttachPolicy while disabled", "PolicyTypeNotEnabledException", None, org.attach_policy, PolicyId=pid, TargetId=child_ou)
    org.delete_policy(PolicyId=pid)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
