/**
 * AWS Organizations exceptions as the service returns them over AWS JSON 1.1: `__type` names the exception, the
 * body carries `Message` (and `message`, which some clients read), plus modelled members such as `Reason`.
 */

/** An AWS Organizations exception. @public */
export class OrganizationsError extends Error {
  readonly type: string;
  readonly statusCode: number;
  readonly extra: Record<string, string>;

  constructor(
    type: string,
    message: string,
    extra: Record<string, string> = {},
    statusCode = 400,
  ) {
    super(message);
    this.name = type;
    this.type = type;
    this.statusCode = statusCode;
    this.extra = extra;
  }

  toBody(): Record<string, string> {
    return {
      __type: this.type,
      Message: this.message,
      message: this.message,
      ...this.extra,
    };
  }
}

const err =
  (type: string) => (message: string, extra?: Record<string, string>) =>
    new OrganizationsError(type, message, extra);

/** Constructors for every exception the sandbox returns. */
export const Errors = {
  accountAlreadyClosed: err('AccountAlreadyClosedException'),
  accountNotRegistered: (id: string) =>
    new OrganizationsError(
      'AccountNotRegisteredException',
      `The specified account is not a delegated administrator for this Amazon Web Services service. (${id})`,
    ),
  accountNotFound: (id?: string) =>
    new OrganizationsError(
      'AccountNotFoundException',
      `You specified an account that doesn't exist.${id ? ` (${id})` : ''}`,
    ),
  childNotFound: (id: string) =>
    new OrganizationsError(
      'ChildNotFoundException',
      `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified. (${id})`,
    ),
  concurrentModification: () =>
    new OrganizationsError(
      'ConcurrentModificationException',
      'The target of the operation is currently being modified by a different request. Try again later.',
    ),
  constraintViolation: (reason: string, message: string) =>
    new OrganizationsError('ConstraintViolationException', message, {
      Reason: reason,
    }),
  createAccountStatusNotFound: (id: string) =>
    new OrganizationsError(
      'CreateAccountStatusNotFoundException',
      `We can't find a create account request with the CreateAccountRequestId that you specified. (${id})`,
    ),
  destinationParentNotFound: (id: string) =>
    new OrganizationsError(
      'DestinationParentNotFoundException',
      `We can't find the destination container (a root or OU) with the ParentId that you specified. (${id})`,
    ),
  duplicateAccount: () =>
    new OrganizationsError(
      'DuplicateAccountException',
      'That account is already present in the specified destination.',
    ),
  duplicateOrganizationalUnit: (name: string) =>
    new OrganizationsError(
      'DuplicateOrganizationalUnitException',
      `An OU with the same name already exists. (${name})`,
    ),
  duplicatePolicy: (name: string) =>
    new OrganizationsError(
      'DuplicatePolicyException',
      `A policy with the same name already exists. (${name})`,
    ),
  duplicatePolicyAttachment: () =>
    new OrganizationsError(
      'DuplicatePolicyAttachmentException',
      'The selected policy is already attached to the specified target.',
    ),
  effectivePolicyNotFound: () =>
    new OrganizationsError(
      'EffectivePolicyNotFoundException',
      "If you ran this action on the management account, this policy type is not enabled. If you ran the action on a member account, the account doesn't have an effective policy of this type. Contact the administrator of your organization.",
    ),
  invalidInput: (reason: string, message: string) =>
    new OrganizationsError('InvalidInputException', message, {
      Reason: reason,
    }),
  malformedPolicyDocument: (detail: string) =>
    new OrganizationsError(
      'MalformedPolicyDocumentException',
      `The provided policy document doesn't meet the requirements of the specified policy type. ${detail}`,
    ),
  masterCannotLeave: () =>
    new OrganizationsError(
      'MasterCannotLeaveOrganizationException',
      "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    ),
  organizationalUnitNotEmpty: () =>
    new OrganizationsError(
      'OrganizationalUnitNotEmptyException',
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
    ),
  organizationalUnitNotFound: (id: string) =>
    new OrganizationsError(
      'OrganizationalUnitNotFoundException',
      `We can't find an OU with the OrganizationalUnitId that you specified. (${id})`,
    ),
  parentNotFound: (id: string) =>
    new OrganizationsError(
      'ParentNotFoundException',
      `We can't find a root or OU with the ParentId that you specified. (${id})`,
    ),
  policyInUse: () =>
    new OrganizationsError(
      'PolicyInUseException',
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    ),
  policyNotAttached: () =>
    new OrganizationsError(
      'PolicyNotAttachedException',
      "The policy isn't attached to the specified target in the specified root.",
    ),
  policyNotFound: (id: string) =>
    new OrganizationsError(
      'PolicyNotFoundException',
      `We can't find a policy with the PolicyId that you specified. (${id})`,
    ),
  policyTypeAlreadyEnabled: () =>
    new OrganizationsError(
      'PolicyTypeAlreadyEnabledException',
      'The specified policy type is already enabled in the specified root.',
    ),
  policyTypeNotEnabled: (type: string) =>
    new OrganizationsError(
      'PolicyTypeNotEnabledException',
      `The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root. (${type})`,
    ),
  rootNotFound: (id: string) =>
    new OrganizationsError(
      'RootNotFoundException',
      `We can't find a root with the RootId that you specified. (${id})`,
    ),
  service: () =>
    new OrganizationsError(
      'ServiceException',
      "AWS Organizations can't complete your request because of an internal service error. Try again later.",
      {},
      500,
    ),
  sourceParentNotFound: (id: string) =>
    new OrganizationsError(
      'SourceParentNotFoundException',
      `We can't find a source root or OU with the ParentId that you specified. (${id})`,
    ),
  targetNotFound: (id: string) =>
    new OrganizationsError(
      'TargetNotFoundException',
      `We can't find a root, OU, account, or policy with the TargetId that you specified. (${id})`,
    ),
  tooManyRequests: () =>
    new OrganizationsError(
      'TooManyRequestsException',
      'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
      { Type: 'AWS.Organizations' },
    ),
  unknownOperation: (op: string) =>
    new OrganizationsError(
      'UnknownOperationException',
      `The sandbox does not implement the operation ${op}.`,
    ),
};
