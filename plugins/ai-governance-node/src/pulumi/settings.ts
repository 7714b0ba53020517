import path from 'node:path';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where the Pulumi engine keeps state and how it runs the CLI (`aiGovernance.pulumi` in config). @public */
export interface PulumiSettings {
  /** Folder of the pinned CLI (`<folder>/bin/pulumi`), the `root` of `PulumiCommand.get`; PATH when unset. */
  cliFolder?: string;
  /**
   * The exact CLI version the backend runs (`aiGovernance.pulumi.version`, e.g. `3.190.0`). A CLI of another version
   * is refused before any stack is touched. Unset: any CLI at least the Automation API's minimum.
   */
  version?: string;
  /** True on the embedded defaults (the organizations sandbox is enabled): the only place the demo passphrase may be used. */
  sandbox?: boolean;
  /** `file://…`, `s3://…`, `azblob://…`, `gs://…` or `https://api.pulumi.com` (Pulumi Cloud). */
  backendUrl: string;
  /** `passphrase`, `awskms://…`, `azurekeyvault://…`, `gcpkms://…`, `hashivault://…`, or `default` (Pulumi Cloud). */
  secretsProvider: string;
  /** The passphrase, when the secrets provider is `passphrase`. A secret. */
  passphrase?: string;
  /** Pulumi Cloud access token, when the backend is Pulumi Cloud. A secret. */
  accessToken?: string;
  /** The project name of the account stacks. */
  projectName: string;
  /** PULUMI_HOME for the CLI (plugins, credentials); the CLI's default when unset. */
  pulumiHome?: string;
  /** Names of further environment variables the CLI may see, beyond the built-in allow-list. */
  envAllowList: string[];
}

/**
 * The environment variables the CLI sees when present in the backend's environment: what it needs to run, to reach
 * the network, and to find AWS credentials. Nothing else is passed.
 * @public
 */
export const DEFAULT_PULUMI_ENV_ALLOW_LIST: readonly string[] = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'LC_ALL',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_EC2_METADATA_DISABLED',
];

/** Variables whose values are secrets: they go to the redactor. @public */
const SECRET_ENV = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'PULUMI_CONFIG_PASSPHRASE',
  'PULUMI_ACCESS_TOKEN',
];

/** The passphrase of the embedded defaults (app-config.yaml); never accepted outside the sandbox. @public */
export const DEMO_PULUMI_PASSPHRASE = 'local-demo-only';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Reads `aiGovernance.pulumi`. Defaults: a `file://` backend under `stateDir` (default `.ai-governance/pulumi-state`
 * relative to the backend's working folder), the `passphrase` secrets provider.
 *
 * Outside the embedded defaults (`aiGovernance.organizations.sandbox.enabled` not true) it refuses what only a demo
 * may use: the `passphrase` secrets provider and a `file://` backend (state on one machine's disk is lost with the
 * machine, and a lost account stack means a duplicate account). Production takes `s3://` and `awskms://`.
 * @public
 */
export function readPulumiSettings(config: Config): PulumiSettings {
  const c = config.getOptionalConfig('aiGovernance.pulumi');
  const sandbox =
    config.getOptionalBoolean('aiGovernance.organizations.sandbox.enabled') ===
    true;
  const version = c?.getOptionalString('version');
  if (version !== undefined && !SEMVER.test(version)) {
    throw new InputError(
      `aiGovernance.pulumi.version "${version}" is not a CLI version: give the exact version installed in cliFolder, e.g. 3.190.0 (see "pulumi version").`,
    );
  }
  const stateDir = path.resolve(
    c?.getOptionalString('stateDir') ?? '.ai-governance/pulumi-state',
  );
  const backendUrl = c?.getOptionalString('backendUrl') ?? `file://${stateDir}`;
  if (!/^(file|s3|azblob|gs|https?):\/\//.test(backendUrl)) {
    throw new InputError(
      `aiGovernance.pulumi.backendUrl "${backendUrl}" is not a Pulumi backend URL: use file://<folder>, s3://<bucket>, or https://api.pulumi.com.`,
    );
  }
  const secretsProvider =
    c?.getOptionalString('secretsProvider') ?? 'passphrase';
  const passphrase = c?.getOptionalString('passphrase');
  const accessToken = c?.getOptionalString('accessToken');
  if (secretsProvider === 'passphrase' && passphrase === undefined) {
    // An empty passphrase is allowed by Pulumi but must be said explicitly.
    throw new InputError(
      'aiGovernance.pulumi.passphrase is not set while the secrets provider is "passphrase": set it from a secret (for example ${PULUMI_CONFIG_PASSPHRASE}), or choose a KMS secrets provider.',
    );
  }
  if (/^https?:\/\//.test(backendUrl) && !accessToken) {
    throw new InputError(
      'aiGovernance.pulumi.accessToken is not set while the backend is Pulumi Cloud: set it from a secret (for example ${PULUMI_ACCESS_TOKEN}).',
    );
  }
  if (!sandbox && secretsProvider === 'passphrase') {
    throw new InputError(
      `aiGovernance.pulumi.secretsProvider is "passphrase" while the organizations sandbox is not enabled: a passphrase ${
        passphrase === DEMO_PULUMI_PASSPHRASE ? '(the demo one) ' : ''
      }is for the embedded demo only. Set secretsProvider to a KMS key, e.g. awskms://alias/ai-governance-pulumi?region=us-east-1 (docs/vending.md, "Production").`,
    );
  }
  if (!sandbox && backendUrl.startsWith('file://')) {
    throw new InputError(
      `aiGovernance.pulumi.backendUrl is a local folder (${backendUrl}) while the organizations sandbox is not enabled: state on one machine's disk is lost with it. Set backendUrl to an S3 bucket, e.g. s3://my-pulumi-state/ai-governance?region=us-east-1 (docs/vending.md, "Production").`,
    );
  }
  const cliFolder = c?.getOptionalString('cliFolder');
  const pulumiHome = c?.getOptionalString('home');
  return {
    cliFolder: cliFolder ? path.resolve(cliFolder) : undefined,
    version,
    sandbox,
    backendUrl,
    secretsProvider,
    passphrase,
    accessToken,
    projectName:
      c?.getOptionalString('projectName') ?? 'ai-governance-accounts',
    pulumiHome: pulumiHome ? path.resolve(pulumiHome) : undefined,
    envAllowList: c?.getOptionalStringArray('envAllowList') ?? [],
  };
}

/**
 * The CLI's whole environment: the allow-listed variables present in `processEnv`, plus the passphrase or access
 * token from settings. Returns the secret values too, for redaction.
 * @public
 */
export function buildPulumiEnvironment(
  settings: Pick<PulumiSettings, 'passphrase' | 'accessToken' | 'envAllowList'>,
  processEnv: Record<string, string | undefined>,
): { env: Record<string, string>; secrets: string[] } {
  const env: Record<string, string> = {};
  for (const name of [
    ...DEFAULT_PULUMI_ENV_ALLOW_LIST,
    ...settings.envAllowList,
  ]) {
    const value = processEnv[name];
    if (value !== undefined) {
      env[name] = value;
    }
  }
  env.PULUMI_SKIP_UPDATE_CHECK = 'true';
  if (settings.passphrase !== undefined) {
    env.PULUMI_CONFIG_PASSPHRASE = settings.passphrase;
  }
  if (settings.accessToken) {
    env.PULUMI_ACCESS_TOKEN = settings.accessToken;
  }
  const secrets = SECRET_ENV.map(name => env[name]).filter((v): v is string =>
    Boolean(v),
  );
  return { env, secrets };
}
