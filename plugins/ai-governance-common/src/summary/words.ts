/**
 * Words for the parts of a policy statement: actions and patterns, resources, condition keys and operators.
 */
import { parseConditionOperator } from '../policy/conditionOperators';

const SERVICE_NAMES: Record<string, string> = {
  bedrock: 'Bedrock',
  sagemaker: 'SageMaker',
  s3: 'S3',
  ec2: 'EC2',
  iam: 'IAM',
  kms: 'KMS',
  sts: 'STS',
  organizations: 'Organizations',
  cloudtrail: 'CloudTrail',
  config: 'AWS Config',
  guardduty: 'GuardDuty',
  securityhub: 'Security Hub',
  lambda: 'Lambda',
  dynamodb: 'DynamoDB',
  rds: 'RDS',
  logs: 'CloudWatch Logs',
  account: 'Account Management',
  secretsmanager: 'Secrets Manager',
  sqs: 'SQS',
  sns: 'SNS',
  route53: 'Route 53',
  ram: 'RAM',
  'access-analyzer': 'IAM Access Analyzer',
};

/** A service prefix in words. */
export function serviceWords(prefix: string): string {
  return SERVICE_NAMES[prefix.toLowerCase()] ?? prefix;
}

/** One action or pattern in words: `s3:*` → every S3 action; `s3:Get*` → S3 actions starting with Get. */
export function actionWords(action: string): string {
  const a = action.trim();
  if (a === '*') return 'every action';
  const colon = a.indexOf(':');
  if (colon < 0) return a;
  const service = serviceWords(a.slice(0, colon));
  const name = a.slice(colon + 1);
  if (name === '*') return `every ${service} action`;
  if (/^[A-Za-z0-9-]+\*$/.test(name))
    return `${service} actions starting with ${name.slice(0, -1)}`;
  if (/^\*[A-Za-z0-9-]+$/.test(name))
    return `${service} actions ending with ${name.slice(1)}`;
  if (/[*?]/.test(name)) return `${service} actions matching ${name}`;
  return a;
}

/** A list in words, shortened: the first few, then how many more. */
export function list(items: string[], joiner = 'and', max = 6): string {
  const unique = [...new Set(items)];
  if (unique.length === 0) return 'nothing';
  if (unique.length === 1) return unique[0];
  if (unique.length > max)
    return `${unique.slice(0, max).join(', ')} ${joiner} ${
      unique.length - max
    } more`;
  return `${unique.slice(0, -1).join(', ')} ${joiner} ${
    unique[unique.length - 1]
  }`;
}

/** What a condition key reads, in words. */
export function keyWords(key: string): string {
  const lower = key.toLowerCase();
  const tag = (prefix: string, owner: string) =>
    lower.startsWith(prefix)
      ? `${owner} tag ${key.slice(prefix.length)}`
      : undefined;
  const known: Record<string, string> = {
    'aws:requestedregion': 'the requested Region',
    'aws:principalarn': "the caller's ARN",
    'aws:principalaccount': "the caller's account",
    'aws:principalorgid': "the caller's organization",
    'aws:principalorgpaths': "the caller's OU path",
    'aws:principaltype': "the caller's type",
    'aws:principalisawsservice': 'whether the caller is an AWS service',
    'aws:principalservicename': "the calling service's name",
    'aws:resourceaccount': "the resource's account",
    'aws:resourceorgid': "the resource's organization",
    'aws:resourceorgpaths': "the resource's OU path",
    'aws:sourceip': 'the source IP address',
    'aws:sourcevpc': 'the source VPC',
    'aws:sourcevpce': 'the source VPC endpoint',
    'aws:securetransport': 'whether the request uses TLS',
    'aws:multifactorauthpresent': 'whether the caller signed in with MFA',
    'aws:calledvia': 'the services the request came through',
    'aws:viaawsservice':
      'whether an AWS service made the request on behalf of the caller',
    'aws:currenttime': 'the time of the request',
    'aws:sourceaccount': 'the source account',
    'aws:sourceorgid': 'the source organization',
    'aws:sourcearn': 'the source ARN',
    'aws:tagkeys': 'the tag keys in the request',
    'aws:userid': "the caller's user id",
    'aws:username': "the caller's user name",
  };
  return (
    known[lower] ??
    tag('aws:principaltag/', "the caller's") ??
    tag('aws:resourcetag/', "the resource's") ??
    tag('aws:requesttag/', "the request's") ??
    key
  );
}

/** Whether the key says who the caller is (for "exempts …"). */
export function isPrincipalKey(key: string): boolean {
  const lower = key.toLowerCase();
  return (
    lower === 'aws:principalarn' ||
    lower.startsWith('aws:principaltag/') ||
    lower === 'aws:principalaccount' ||
    lower === 'aws:principalorgpaths' ||
    lower === 'aws:principalorgid' ||
    lower === 'aws:principaltype' ||
    lower === 'aws:userid' ||
    lower === 'aws:username' ||
    lower === 'aws:principalisawsservice' ||
    lower === 'aws:principalservicename'
  );
}

const BASES: Record<string, [string, string]> = {
  // base operator: [positive words, negated words] before the values
  StringEquals: ['is', 'is not'],
  StringEqualsIgnoreCase: ['is (ignoring case)', 'is not (ignoring case)'],
  StringLike: ['matches', 'does not match'],
  NumericEquals: ['equals', 'does not equal'],
  NumericLessThan: ['is less than', 'is not less than'],
  NumericLessThanEquals: ['is at most', 'is more than'],
  NumericGreaterThan: ['is greater than', 'is not greater than'],
  NumericGreaterThanEquals: ['is at least', 'is less than'],
  DateEquals: ['is', 'is not'],
  DateLessThan: ['is before', 'is not before'],
  DateLessThanEquals: ['is at or before', 'is after'],
  DateGreaterThan: ['is after', 'is not after'],
  DateGreaterThanEquals: ['is at or after', 'is before'],
  IpAddress: ['is in', 'is not in'],
  ArnEquals: ['is', 'is not'],
  ArnLike: ['matches', 'does not match'],
  BinaryEquals: ['is', 'is not'],
};

/** The negation of each yes/no clause of KEY_WORDS ("whether …"), for a Bool condition tested against false. */
const NOT_CLAUSES: Record<string, string> = {
  'the caller is an AWS service': 'the caller is not an AWS service',
  'the request uses TLS': 'the request does not use TLS',
  'the caller signed in with MFA': 'the caller did not sign in with MFA',
  'an AWS service made the request on behalf of the caller':
    'no AWS service made the request on behalf of the caller',
};

/** One condition as a clause; `positive` turns a negated operator around (for "unless …"). */
export function conditionWords(
  operator: string,
  key: string,
  values: string[],
  positive = false,
): { text: string; negated: boolean; known: boolean } {
  const op = parseConditionOperator(operator);
  const subject = keyWords(key);
  if (!op)
    return {
      text: `${key} passes the unknown operator ${operator}`,
      negated: false,
      known: false,
    };
  if (op.base === 'Null') {
    const absent = values.map(v => v.toLowerCase() === 'true');
    const text =
      absent.length > 1 && absent.includes(true) && absent.includes(false)
        ? `${subject} is present or absent`
        : `${subject} is ${absent[0] ? 'absent' : 'present'}`;
    return { text, negated: false, known: true };
  }
  if (op.base === 'Bool') {
    const v = values.map(x => x.toLowerCase());
    // "whether the request uses TLS" with one value reads as the clause itself or its negation.
    const clause = subject.replace(/^whether /, '');
    const unique = [...new Set(v)];
    if (
      clause !== subject &&
      unique.length === 1 &&
      (unique[0] === 'true' || (unique[0] === 'false' && NOT_CLAUSES[clause]))
    ) {
      const text = unique[0] === 'true' ? clause : NOT_CLAUSES[clause];
      return {
        text: op.ifExists ? `${text} (or it is not known)` : text,
        negated: false,
        known: true,
      };
    }
    return {
      text: `${subject} is ${list(v, 'or')}`,
      negated: false,
      known: true,
    };
  }
  // OPERATORS fold the Not forms into their base with negated=true.
  const words = BASES[op.base] ?? [op.base, `not ${op.base}`];
  const negatedWords = op.negated && !positive;
  const verb = negatedWords ? words[1] : words[0];
  const many = values.length > 1;
  let valueText = list(values, 'or');
  if (many && /^(is|is not)/.test(verb))
    valueText = `one of ${list(values, 'or')}`;
  if (many && /^(matches|does not match)/.test(verb))
    valueText = `any of ${list(values, 'or')}`;
  let text = `${subject} ${verb} ${valueText}`;
  if (op.setOperator === 'ForAnyValue')
    text = `any of ${subject} ${verb} ${valueText}`;
  if (op.setOperator === 'ForAllValues')
    text = `every one of ${subject} ${verb} ${valueText}`;
  // "Unless X matches" already holds when X is absent; only a "when" clause needs the IfExists note.
  if (op.ifExists && !(positive && op.negated)) text += ` (or it is absent)`;
  return { text, negated: op.negated, known: true };
}
