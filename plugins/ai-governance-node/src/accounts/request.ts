import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  ACCOUNT_ENVIRONMENTS,
  AccountEnvironment,
  AccountRequest,
  DATA_CLASSIFICATIONS,
} from './types';

/** Account names: what AWS accepts (1-50 printable characters), narrowed to a readable set. @public */
export const ACCOUNT_NAME_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9 ._-]{1,48}[A-Za-z0-9]$/;

/** A plain email address (AWS accepts 6-64 characters). @public */
export const ACCOUNT_EMAIL_PATTERN =
  /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** An entity ref with a kind, e.g. `group:default/ml-platform`. @public */
export const ENTITY_REF_PATTERN =
  /^[a-z][a-z0-9_-]*:([a-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/i;

/** Cost centers: letters, digits and dashes, as finance systems use them. @public */
export const COST_CENTER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/**
 * Tag keys written on every vended account. The values come from the request; the dashboard reads them.
 * @public
 */
export const ACCOUNT_TAG_KEYS = {
  owner: 'ai-governance:owner',
  team: 'ai-governance:team',
  costCenter: 'ai-governance:cost-center',
  dataClassification: 'ai-governance:data-classification',
  environment: 'ai-governance:environment',
  requestedBy: 'ai-governance:requested-by',
  task: 'ai-governance:task',
  /** The deterministic request key (the stack name); finds the account a request made before. */
  request: 'ai-governance:request',
  managedBy: 'ai-governance:managed-by',
} as const;

/** @public */
export const MANAGED_BY_VALUE = 'backstage-ai-governance';

/** Lower-case slug of a name, for stack names and email local parts. @public */
export function slugify(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The email address of a request: the one given, else the configured pattern with `{name}` (the slug of the
 * account name) and `{environment}` filled in.
 * @public
 */
export function resolveAccountEmail(options: {
  name: string;
  environment: AccountEnvironment;
  email?: string;
  emailPattern?: string;
}): string {
  const given = options.email?.trim();
  if (given) {
    return given;
  }
  if (!options.emailPattern) {
    throw new InputError(
      'No email was given and aiGovernance.vending.emailPattern is not configured: give an email, or ask an admin to set the pattern (for example aws+{name}@example.com).',
    );
  }
  return options.emailPattern
    .replace(/\{name\}/g, slugify(options.name))
    .replace(/\{environment\}/g, options.environment);
}

/**
 * The deterministic name of the request's stack (and, for the organizations-api provisioner, the request key):
 * the same name and email always give the same stack, so running a request again updates it.
 * @public
 */
export function accountStackName(request: {
  name: string;
  email: string;
  environment: AccountEnvironment;
}): string {
  const digest = createHash('sha256')
    .update(request.email.trim().toLowerCase())
    .digest('hex')
    .slice(0, 8);
  const slug = slugify(request.name).slice(0, 40) || 'account';
  return `${
    request.environment === 'production' ? 'prod' : 'dev'
  }-${slug}-${digest}`;
}

/** The last part of an entity ref: `group:default/ml-platform` gives `ml-platform`. @public */
export function entityRefName(ref: string): string {
  const afterKind = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
  return afterKind.includes('/')
    ? afterKind.slice(afterKind.lastIndexOf('/') + 1)
    : afterKind;
}

/**
 * AWS's limits on tags of Organizations resources, in characters: a key of 1 to 128, a value of 0 to 256
 * (AWS Organizations API reference, the Tag data type).
 * @public
 */
export const TAG_LIMITS = { keyLength: 128, valueLength: 256 } as const;

/**
 * AWS tag values accept letters, digits, spaces and `_.:/=+-@`; anything else becomes `-`. Never shortened: a value
 * longer than AWS allows is refused by {@link validateAccountRequest} instead, so two different owners can never
 * end up with the same (truncated) tag.
 * @public
 */
export function tagValue(value: string): string {
  return value.replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, '-');
}

/** Tags longer than AWS allows, as sentences that say which and what to do (empty when every tag fits). @public */
export function tagLimitProblems(tags: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > TAG_LIMITS.keyLength) {
      problems.push(
        `Tag key "${key.slice(0, 40)}…" has ${
          key.length
        } characters; AWS allows 1 to ${TAG_LIMITS.keyLength}.`,
      );
    }
    if (value.length > TAG_LIMITS.valueLength) {
      problems.push(
        `Tag ${key} would be ${value.length} characters long; AWS allows at most ${TAG_LIMITS.valueLength}: shorten the field it comes from (tags are never truncated).`,
      );
    }
  }
  return problems;
}

/**
 * The tags of a vended account. Pure: same request, same tags. Throws an InputError when a tag would be longer than
 * AWS allows (never truncates).
 * @public
 */
export function accountTags(request: AccountRequest): Record<string, string> {
  const tags = uncheckedAccountTags(request);
  const problems = tagLimitProblems(tags);
  if (problems.length > 0) {
    throw new InputError(problems.join(' '));
  }
  return tags;
}

function uncheckedAccountTags(request: AccountRequest): Record<string, string> {
  return {
    [ACCOUNT_TAG_KEYS.owner]: tagValue(request.owner),
    [ACCOUNT_TAG_KEYS.team]: tagValue(entityRefName(request.owner)),
    [ACCOUNT_TAG_KEYS.costCenter]: tagValue(request.costCenter),
    [ACCOUNT_TAG_KEYS.dataClassification]: request.dataClassification,
    [ACCOUNT_TAG_KEYS.environment]: request.environment,
    [ACCOUNT_TAG_KEYS.requestedBy]: tagValue(request.requestedBy),
    [ACCOUNT_TAG_KEYS.task]: tagValue(request.taskId),
    [ACCOUNT_TAG_KEYS.request]: accountStackName(request),
    [ACCOUNT_TAG_KEYS.managedBy]: MANAGED_BY_VALUE,
  };
}

/**
 * Checks a request and returns the problems as sentences that say what to do (empty when it is valid).
 * @public
 */
export function validateAccountRequest(request: AccountRequest): string[] {
  const problems: string[] = [];
  if (!ACCOUNT_NAME_PATTERN.test(request.name)) {
    problems.push(
      `Account name "${request.name}" is not valid: use 3 to 50 letters, digits, spaces, dots, dashes or underscores, starting and ending with a letter or digit.`,
    );
  }
  if (
    !ACCOUNT_EMAIL_PATTERN.test(request.email) ||
    request.email.length < 6 ||
    request.email.length > 64
  ) {
    problems.push(
      `Email "${request.email}" is not valid: give a plain address of 6 to 64 characters, such as aws+ml-research@example.com.`,
    );
  }
  if (!ACCOUNT_ENVIRONMENTS.includes(request.environment)) {
    problems.push(
      `Environment "${
        request.environment
      }" is not known: use one of ${ACCOUNT_ENVIRONMENTS.join(', ')}.`,
    );
  }
  if (!ENTITY_REF_PATTERN.test(request.owner)) {
    problems.push(
      `Owner "${request.owner}" is not an entity ref: use the form group:default/team-name.`,
    );
  }
  if (!COST_CENTER_PATTERN.test(request.costCenter)) {
    problems.push(
      `Cost center "${request.costCenter}" is not valid: use up to 32 letters, digits, dashes or underscores.`,
    );
  }
  if (!DATA_CLASSIFICATIONS.includes(request.dataClassification)) {
    problems.push(
      `Data classification "${
        request.dataClassification
      }" is not known: use one of ${DATA_CLASSIFICATIONS.join(', ')}.`,
    );
  }
  if (!request.purpose || !request.purpose.trim()) {
    problems.push(
      'Purpose is empty: say in a sentence what the account is for.',
    );
  }
  if (problems.length === 0) {
    problems.push(...tagLimitProblems(uncheckedAccountTags(request)));
  }
  return problems;
}

/** Throws an InputError listing every problem of the request. @public */
export function assertValidAccountRequest(request: AccountRequest): void {
  const problems = validateAccountRequest(request);
  if (problems.length > 0) {
    throw new InputError(problems.join(' '));
  }
}
