/**
 * Resources AWS owns inside an account, which no policy lets a principal change: AWS managed policies
 * (`arn:aws:iam::aws:policy/...`), the roles AWS reserves (`role/aws-reserved/...`, e.g. IAM Identity Center's) and
 * the `alias/aws/...` aliases of AWS managed KMS keys. AWS refuses these requests whatever the policies say: an
 * implicit deny that no Allow lifts (an explicit Deny still wins).
 *
 * AWS pages: IAM User Guide, "AWS managed policies" (you cannot change the permissions in AWS managed policies);
 * IAM Identity Center User Guide, "Roles created by IAM Identity Center" (do not modify them; they are protected);
 * AWS KMS Developer Guide, "Aliases in AWS KMS" (aliases that begin with `alias/aws/` are reserved for AWS managed keys).
 */

const MANAGED_POLICY_ACTIONS = new Set([
  'iam:createpolicy',
  'iam:createpolicyversion',
  'iam:deletepolicy',
  'iam:deletepolicyversion',
  'iam:setdefaultpolicyversion',
  'iam:tagpolicy',
  'iam:untagpolicy',
]);

const RESERVED_ROLE_ACTIONS = new Set([
  'iam:attachrolepolicy',
  'iam:createrole',
  'iam:createservicelinkedrole',
  'iam:deleterole',
  'iam:deleterolepermissionsboundary',
  'iam:deleterolepolicy',
  'iam:deleteservicelinkedrole',
  'iam:detachrolepolicy',
  'iam:passrole',
  'iam:putrolepermissionsboundary',
  'iam:putrolepolicy',
  'iam:tagrole',
  'iam:untagrole',
  'iam:updateassumerolepolicy',
  'iam:updaterole',
  'iam:updateroledescription',
]);

const AWS_ALIAS_ACTIONS = new Set([
  'kms:createalias',
  'kms:deletealias',
  'kms:updatealias',
]);

/** Why AWS refuses the request on a resource it owns, or undefined when the resource is an ordinary one. */
export function awsOwnedRefusal(
  actionLower: string,
  resource: string,
): string | undefined {
  if (
    MANAGED_POLICY_ACTIONS.has(actionLower) &&
    /^arn:[^:]+:iam::aws:policy\//.test(resource)
  )
    return 'AWS managed policies cannot be changed';
  if (
    RESERVED_ROLE_ACTIONS.has(actionLower) &&
    /^arn:[^:]+:iam::\d{12}:role\/aws-reserved\//i.test(resource)
  )
    return 'roles AWS reserves (role/aws-reserved/) cannot be changed';
  if (
    AWS_ALIAS_ACTIONS.has(actionLower) &&
    /^arn:[^:]+:kms:[^:]*:\d{12}:alias\/aws\//i.test(resource)
  )
    return 'aliases under alias/aws/ are reserved for AWS managed keys';
  return undefined;
}
