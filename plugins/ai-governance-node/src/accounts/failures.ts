/**
 * Turns AWS account-creation failures and common exceptions into messages that say what to do.
 */

const FAILURE_REASONS: Record<string, string> = {
  ACCOUNT_LIMIT_EXCEEDED:
    'The organization has reached its account quota. Ask an AWS admin to request a higher "Default maximum number of accounts" quota in Service Quotas, or close unused accounts, then run the request again.',
  EMAIL_ALREADY_EXISTS:
    'Another AWS account already uses this email address. Choose a different email (for example add +<name> before the @) and run the request again.',
  INVALID_ADDRESS:
    "AWS rejected the management account's address. Ask the organization admin to fix the contact address of the management account, then run the request again.",
  INVALID_EMAIL:
    'AWS rejected the email address. Give a valid address that can receive mail and run the request again.',
  CONCURRENT_ACCOUNT_MODIFICATION:
    'Another change to the organization was in progress. Wait a minute and run the request again; it will continue where it stopped.',
  INTERNAL_FAILURE:
    'AWS failed internally while creating the account. Wait a few minutes and run the request again; if it keeps failing, contact AWS Support.',
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS:
    'A GovCloud account already exists for this account. Contact AWS Support if this is unexpected.',
  MISSING_BUSINESS_VALIDATION:
    'The management account has not completed business validation. Ask the organization admin to complete it in the AWS console, then run the request again.',
  FAILED_BUSINESS_VALIDATION:
    'The management account failed business validation. Ask the organization admin to contact AWS Support, then run the request again.',
  PENDING_BUSINESS_VALIDATION:
    'Business validation of the management account is still pending. Wait until AWS completes it (this can take hours), then run the request again.',
  INVALID_IDENTITY_FOR_BUSINESS_VALIDATION:
    'The identity used for business validation is invalid. Ask the organization admin to fix it with AWS Support, then run the request again.',
  UNKNOWN_BUSINESS_VALIDATION:
    'AWS reported an unknown business-validation problem. Ask the organization admin to contact AWS Support.',
  MISSING_PAYMENT_INSTRUMENT:
    'The management account has no valid payment method. Ask the organization admin to add one in the Billing console, then run the request again.',
  INVALID_PAYMENT_INSTRUMENT:
    "The management account's payment method was rejected. Ask the organization admin to update it in the Billing console, then run the request again.",
  UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED:
    'AWS cannot update an existing resource policy with tags. Run the request again without changing tags on the resource policy, or contact AWS Support.',
};

/**
 * The message for a CreateAccount FailureReason from DescribeCreateAccountStatus.
 * @public
 */
export function describeCreateAccountFailure(
  reason: string | undefined,
): string {
  if (!reason) {
    return 'AWS reported that creating the account failed without giving a reason. Check the organization in the AWS console and run the request again.';
  }
  return (
    FAILURE_REASONS[reason] ??
    `AWS could not create the account (${reason}). Look the reason up in the AWS Organizations CreateAccountStatus documentation and run the request again once it is fixed.`
  );
}

/** Every FailureReason this module has a message for. @public */
export const KNOWN_CREATE_ACCOUNT_FAILURE_REASONS =
  Object.keys(FAILURE_REASONS);

const CONSTRAINT_REASONS: Record<string, string> = {
  ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED:
    "The organization has used up AWS's daily quota of account creations (this is a limit per day, not on creations in progress). Run the request again tomorrow, or ask an AWS admin to request a higher quota through AWS Support.",
  ACCOUNT_NUMBER_LIMIT_EXCEEDED:
    'The organization has reached its account quota. Ask an AWS admin to raise it in Service Quotas, then run the request again.',
  MAX_TAG_LIMIT_EXCEEDED:
    'The account would have more than 50 tags. Remove some tags and run the request again.',
  TAG_POLICY_VIOLATION:
    "The account's tags break a tag policy of the organization. Check the cost center and data classification against the tag policy and run the request again.",
  ORGANIZATION_NOT_IN_ALL_FEATURES_MODE:
    'The organization has only consolidated billing. Ask the organization admin to enable all features, then run the request again.',
  MASTER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED:
    'The management account needs a payment method. Ask the organization admin to add one, then run the request again.',
  MASTER_ACCOUNT_MISSING_CONTACT_INFO:
    'The management account has no contact information. Ask the organization admin to add it, then run the request again.',
  INVALID_ROLE_NAME:
    'The configured role name is not valid. Fix aiGovernance.vending.roleName (letters, digits and +=,.@_-, up to 64 characters).',
};

const EXCEPTIONS: Record<string, string> = {
  AccessDeniedException:
    'The credentials used for the management account may not do this. Check the role in aiGovernance config: it needs organizations:CreateAccount, DescribeCreateAccountStatus, ListAccounts, MoveAccount and TagResource.',
  AccessDeniedForDependencyException:
    'The role may not create the service-linked role AWS Organizations needs. Give it iam:CreateServiceLinkedRole and run the request again.',
  AWSOrganizationsNotInUseException:
    'The configured account is not in an organization. Point the configuration at the management account of an AWS organization.',
  ConcurrentModificationException:
    'Another change to the organization was in progress. Run the request again; it continues where it stopped.',
  TooManyRequestsException:
    'AWS throttled the requests. Wait a minute and run the request again.',
  ServiceException:
    'AWS Organizations had an internal error. Wait a few minutes and run the request again.',
  ParentNotFoundException:
    'The OU configured for this environment does not exist. Fix aiGovernance.vending.organizationalUnits.',
  DestinationParentNotFoundException:
    'The OU configured for this environment does not exist. Fix aiGovernance.vending.organizationalUnits.',
  DuplicateAccountException:
    'The account is already in the target OU. Nothing to do.',
  AccountNotFoundException:
    'The account was not found in the organization. It may have been closed or removed; check the organization in the AWS console.',
  CreateAccountStatusNotFoundException:
    'AWS no longer knows the creation request. Run the request again; it finds the account if it was made.',
  UnsupportedAPIEndpointException:
    "This call only works in the management account's region endpoint (us-east-1). Fix the region in configuration.",
  ExpiredTokenException:
    'The AWS credentials expired. Refresh the credentials of the backend and run the request again.',
  UnrecognizedClientException:
    'AWS did not recognise the credentials. Check the credentials configured for the backend.',
  CredentialsProviderError:
    'No AWS credentials were found. Configure credentials for the backend (aws.accounts or the environment) and run the request again.',
};

/**
 * A message that says what to do for an error thrown by an Organizations call (or any error: unknown ones
 * keep their own message).
 * @public
 */
export function describeOrganizationsError(error: unknown): string {
  const e = error as { name?: string; Reason?: string; message?: string };
  if (e?.name === 'ConstraintViolationException' && e.Reason) {
    const text = CONSTRAINT_REASONS[e.Reason];
    if (text) {
      return text;
    }
    return `AWS refused the change (${e.Reason}): ${e.message ?? ''}`.trim();
  }
  if (e?.name && EXCEPTIONS[e.name]) {
    return EXCEPTIONS[e.name];
  }
  if (e?.name === 'AbortError') {
    return 'The request was cancelled before it finished. Run it again to continue: it picks up the account if AWS made it.';
  }
  return e?.message ?? String(error);
}

/**
 * An error raised by account vending, with the message users should read and the original error as cause.
 * @public
 */
export class AccountVendingError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AccountVendingError';
    this.code = code;
  }
}
