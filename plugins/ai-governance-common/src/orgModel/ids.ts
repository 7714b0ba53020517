/**
 * AWS identifiers in one place: the patterns of organization, root, OU, policy, account and account-request ids,
 * the ARNs AWS writes for them, and deterministic ids (the same key always gives the same id, so an org model file
 * compiles to the same organization every time, and the sandbox seeded from it serves the same ids). Browser-safe
 * (no Node crypto).
 */
import type { PolicyType } from './types';

const LOWER_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/** A 53-bit string hash (cyrb53), good enough to spread ids; not for security. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** `length` characters of `alphabet` derived from `key`. */
export function hashChars(
  key: string,
  alphabet: string,
  length: number,
): string {
  let out = '';
  let round = 0;
  while (out.length < length) {
    let h = hash53(key, round++);
    // Take 8 digits from each 53-bit value: enough entropy per digit for alphabets up to 36 characters.
    for (let i = 0; i < 8 && out.length < length; i++) {
      out += alphabet[h % alphabet.length];
      h = Math.floor(h / alphabet.length);
    }
  }
  return out;
}

/** `o-` and 10 lowercase letters or digits. @public */
export function deterministicOrganizationId(key: string): string {
  return `o-${hashChars(`org:${key}`, LOWER_ALNUM, 10)}`;
}

/** `r-` and 4 lowercase letters or digits. @public */
export function deterministicRootId(key: string): string {
  return `r-${hashChars(`root:${key}`, LOWER_ALNUM, 4)}`;
}

/** `ou-<root suffix>-` and 8 lowercase letters or digits. @public */
export function deterministicOuId(rootId: string, key: string): string {
  return `ou-${rootId.slice(2)}-${hashChars(`ou:${key}`, LOWER_ALNUM, 8)}`;
}

/** `p-` and 8 lowercase letters or digits. @public */
export function deterministicPolicyId(key: string): string {
  return `p-${hashChars(`policy:${key}`, LOWER_ALNUM, 8)}`;
}

/** A 12-digit account id that does not start with 0. @public */
export function deterministicAccountId(key: string): string {
  const digits = hashChars(`account:${key}`, DIGITS, 12);
  return digits[0] === '0' ? `1${digits.slice(1)}` : digits;
}

/** Patterns AWS uses for its identifiers. @public */
export const ID_PATTERNS = {
  organization: /^o-[a-z0-9]{10,32}$/,
  root: /^r-[0-9a-z]{4,32}$/,
  organizationalUnit: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  policy: /^p-[0-9a-zA-Z_]{8,128}$/,
  account: /^\d{12}$/,
  createAccountRequest: /^car-[a-z0-9]{8,32}$/,
} as const;

/** ARNs as AWS writes them. @public */
export const orgArns = {
  organization: (mgmt: string, orgId: string) =>
    `arn:aws:organizations::${mgmt}:organization/${orgId}`,
  root: (mgmt: string, orgId: string, rootId: string) =>
    `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`,
  organizationalUnit: (mgmt: string, orgId: string, ouId: string) =>
    `arn:aws:organizations::${mgmt}:ou/${orgId}/${ouId}`,
  account: (mgmt: string, orgId: string, accountId: string) =>
    `arn:aws:organizations::${mgmt}:account/${orgId}/${accountId}`,
  policy: (mgmt: string, orgId: string, type: PolicyType, policyId: string) =>
    `arn:aws:organizations::${mgmt}:policy/${orgId}/${type.toLowerCase()}/${policyId}`,
};

/** The ARN AWS gives an AWS-managed policy. @public */
export function awsManagedPolicyArn(type: PolicyType, id: string): string {
  return `arn:aws:organizations::aws:policy/${type.toLowerCase()}/${id}`;
}

/** Patterns of IAM ARNs the policy engine reads. @public */
export const ARN_PATTERNS = {
  /** A service-linked role: SCPs and RCPs do not apply to it. */
  serviceLinkedRole: /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\//,
  /** An ARN with an account id in its fifth field; `$1` is the text before the id, `$2` the colon after it. */
  accountField: /^(arn:[^:]*:[^:]*:[^:]*:)\d{12}(:)/,
} as const;

/** AWS's email pattern for accounts, with its length limits (6 to 64). @public */
export function isValidAccountEmail(email: string): boolean {
  return (
    email.length >= 6 &&
    email.length <= 64 &&
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
  );
}
