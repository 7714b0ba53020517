import { ConfigReader } from '@backstage/config';
import {
  accountStackName,
  accountTags,
  entityRefName,
  resolveAccountEmail,
  tagValue,
  tagLimitProblems,
  validateAccountRequest,
} from './request';
import {
  describeCreateAccountFailure,
  describeOrganizationsError,
  KNOWN_CREATE_ACCOUNT_FAILURE_REASONS,
} from './failures';
import { readVendingSettings } from './settings';
import { testAccountRequest } from '../__testUtils__/accountRequests';

const request = testAccountRequest();

describe('account requests', () => {
  it('fills the email from the pattern, or keeps the one given', () => {
    expect(
      resolveAccountEmail({
        name: 'ML Research',
        environment: 'production',
        emailPattern: 'aws+{environment}-{name}@example.com',
      }),
    ).toBe('aws+production-ml-research@example.com');
    expect(
      resolveAccountEmail({
        name: 'x',
        environment: 'development',
        email: ' me@example.com ',
        emailPattern: 'aws+{name}@example.com',
      }),
    ).toBe('me@example.com');
    expect(() =>
      resolveAccountEmail({ name: 'x', environment: 'development' }),
    ).toThrow(/emailPattern is not configured/);
  });

  it('names the stack deterministically: same request, same stack; another email, another stack', () => {
    const a = accountStackName(request);
    expect(a).toMatch(/^dev-ml-research-[0-9a-f]{8}$/);
    expect(
      accountStackName({ ...request, email: 'AWS+ML-Research@example.com' }),
    ).toBe(a);
    expect(
      accountStackName({ ...request, email: 'other@example.com' }),
    ).not.toBe(a);
    expect(accountStackName({ ...request, environment: 'production' })).toMatch(
      /^prod-/,
    );
  });

  it('tags with owner, team, cost center, classification, environment, user and task', () => {
    const tags = accountTags(request);
    expect(tags).toMatchObject({
      'ai-governance:owner': 'group:default/ml-platform',
      'ai-governance:team': 'ml-platform',
      'ai-governance:cost-center': 'CC-1234',
      'ai-governance:data-classification': 'internal',
      'ai-governance:environment': 'development',
      'ai-governance:requested-by': 'user:default/jane',
      'ai-governance:task': 't-1',
    });
    expect(entityRefName('user:jane')).toBe('jane');
    expect(tagValue('a<b>c')).toBe('a-b-c');
  });

  it('validates every field with a message that says what to do', () => {
    expect(validateAccountRequest(request)).toEqual([]);
    const problems = validateAccountRequest({
      ...request,
      name: '!',
      email: 'not-an-email',
      environment: 'staging' as any,
      owner: 'ml-platform',
      costCenter: 'cost center 1',
      dataClassification: 'secret' as any,
      purpose: ' ',
    });
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(
      /use the form group:default\/team-name/,
    );
    expect(problems.join('\n')).toMatch(/use one of development, production/);
  });
});

describe('failure messages', () => {
  it('has a message that says what to do for every CreateAccount FailureReason', () => {
    // Every value of the SDK's enum has its own message.
    const sdkReasons = [
      'ACCOUNT_LIMIT_EXCEEDED',
      'CONCURRENT_ACCOUNT_MODIFICATION',
      'EMAIL_ALREADY_EXISTS',
      'FAILED_BUSINESS_VALIDATION',
      'GOVCLOUD_ACCOUNT_ALREADY_EXISTS',
      'INTERNAL_FAILURE',
      'INVALID_ADDRESS',
      'INVALID_EMAIL',
      'INVALID_IDENTITY_FOR_BUSINESS_VALIDATION',
      'INVALID_PAYMENT_INSTRUMENT',
      'MISSING_BUSINESS_VALIDATION',
      'MISSING_PAYMENT_INSTRUMENT',
      'PENDING_BUSINESS_VALIDATION',
      'UNKNOWN_BUSINESS_VALIDATION',
      'UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED',
    ];
    expect([...KNOWN_CREATE_ACCOUNT_FAILURE_REASONS].sort()).toEqual(
      sdkReasons,
    );
    expect(describeCreateAccountFailure('EMAIL_ALREADY_EXISTS')).toMatch(
      /different email/,
    );
    expect(describeCreateAccountFailure('SOMETHING_NEW')).toMatch(
      /SOMETHING_NEW/,
    );
    expect(describeCreateAccountFailure(undefined)).toMatch(
      /without giving a reason/,
    );
  });

  it('explains common exceptions', () => {
    expect(
      describeOrganizationsError({
        name: 'AccessDeniedException',
        message: 'no',
      }),
    ).toMatch(/organizations:CreateAccount/);
    expect(
      describeOrganizationsError({
        name: 'ConstraintViolationException',
        Reason: 'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
      }),
    ).toMatch(/daily quota of account creations/);
    expect(describeOrganizationsError(new Error('plain'))).toBe('plain');
  });
});

describe('readVendingSettings', () => {
  it('has safe defaults', () => {
    expect(readVendingSettings(new ConfigReader({}))).toEqual({
      engine: 'auto',
      organizationalUnits: {
        development: 'AI/Development',
        production: 'AI/Production',
      },
      emailPattern: undefined,
      roleName: 'OrganizationAccountAccessRole',
      iamUserAccessToBilling: 'DENY',
      closeOnDeletion: false,
      maxConcurrentCreations: 5,
      pollIntervalMs: 5000,
      creationTimeoutMs: 1_800_000,
    });
  });

  it('rejects a bad engine or email pattern, saying what is allowed', () => {
    expect(() =>
      readVendingSettings(
        new ConfigReader({
          aiGovernance: { vending: { engine: 'terraform' } },
        }),
      ),
    ).toThrow(/use one of pulumi, organizations-api, auto/);
    expect(() =>
      readVendingSettings(
        new ConfigReader({
          aiGovernance: { vending: { emailPattern: 'aws@example.com' } },
        }),
      ),
    ).toThrow(/\{name\} placeholder/);
  });

  it('refuses a tag longer than AWS allows instead of truncating it', () => {
    const owner = `group:default/${'a'.repeat(300)}`;
    const long = { ...request, owner };
    const problems = validateAccountRequest(long);
    expect(problems.join(' ')).toMatch(
      /Tag ai-governance:owner would be 314 characters long; AWS allows at most 256/,
    );
    expect(() => accountTags(long)).toThrow(/never truncated/);
    // Exactly at the limit is accepted, unchanged.
    const fits = {
      ...request,
      owner: `group:default/${'a'.repeat(256 - 'group:default/'.length)}`,
    };
    expect(validateAccountRequest(fits)).toEqual([]);
    expect(accountTags(fits)['ai-governance:owner']).toHaveLength(256);
    expect(tagLimitProblems({ ['k'.repeat(129)]: 'v' })[0]).toMatch(
      /AWS allows 1 to 128/,
    );
  });
});
