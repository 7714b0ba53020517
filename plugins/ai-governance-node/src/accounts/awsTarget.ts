/** Where the Pulumi account program's AWS provider goes, from configuration. */
import type { Config } from '@backstage/config';
import { readOrganizationsConfig } from '../organizations/config';
import type { AwsTargetSettings } from './PulumiAccountProvisioner';

/**
 * Where the Pulumi program's AWS provider goes: the same place as the Organizations client (the sandbox endpoint
 * with placeholder keys, or AWS in the configured region), assuming `aiGovernance.pulumi.aws.roleArn` when set.
 * @public
 */
export function awsTargetFromConfig(
  config: Config,
  endpoint?: string,
): AwsTargetSettings {
  const org = readOrganizationsConfig(config);
  const target = endpoint ?? org.endpoint;
  const pulumiAws = config.getOptionalConfig('aiGovernance.pulumi.aws');
  return {
    region: org.region,
    ...(target
      ? {
          endpoint: target,
          // Placeholders the sandbox ignores; real AWS credentials never come from here.
          accessKeyId: 'AKIASANDBOX',
          secretAccessKey: 'sandbox',
        }
      : {}),
    roleArn: pulumiAws?.getOptionalString('roleArn'),
    externalId: pulumiAws?.getOptionalString('externalId'),
  };
}
