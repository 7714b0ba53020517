/**
 * The inputs of `aigov baseline preview|apply`: the options checked, the baseline file read, and the live
 * organization read through an Organizations client.
 */
import {
  OrgModel,
  OrgModelError,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import {
  crawlOrganization,
  loadBaselineModel,
} from '@internal/plugin-ai-governance-node';
import { UsageError } from '../../runCli';
import {
  organizationsClientFor,
  parseEndpoint,
  parseRate,
} from '../organizationInput';

export type OrganizationsClient = ReturnType<typeof organizationsClientFor>;

type Engine = 'organizations-api' | 'pulumi';
export type Format = 'text' | 'json';

/** The options as commander gives them. */
export interface BaselineOptions {
  org?: string;
  endpoint?: string;
  engine: string;
  format: string;
  rate?: string;
  pulumiBackend?: string;
  pulumiVersion?: string;
  allowRemoval?: string[];
  overwriteDrift?: boolean;
}

/** The options every engine takes, checked. */
export interface CheckedOptions {
  engine: Engine;
  format: Format;
  org: string;
  endpoint?: string;
  rate: number;
}

export function checkOptions(opts: BaselineOptions): CheckedOptions {
  if (!opts.org) {
    throw new UsageError(
      'Give the baseline with --org MODEL.yaml, e.g. --org guardrails/baseline.yaml.',
    );
  }
  if (opts.engine !== 'organizations-api' && opts.engine !== 'pulumi') {
    throw new UsageError(
      `--engine takes organizations-api or pulumi (got "${opts.engine}").`,
    );
  }
  if (opts.format !== 'text' && opts.format !== 'json') {
    throw new UsageError(`--format takes text or json (got "${opts.format}").`);
  }
  const endpoint =
    opts.endpoint === undefined ? undefined : parseEndpoint(opts.endpoint);
  const rate = parseRate(opts.rate);
  return {
    engine: opts.engine,
    format: opts.format,
    org: opts.org,
    endpoint,
    rate,
  };
}

export function loadModel(file: string): OrgModel {
  try {
    return loadBaselineModel(file);
  } catch (e) {
    if (e instanceof OrgModelError)
      throw new UsageError(`${e.message}\nFix the baseline file.`);
    throw e;
  }
}

export function clientFor(
  endpoint: string | undefined,
  rate: number,
): OrganizationsClient {
  return organizationsClientFor(
    endpoint,
    rate,
    `aigov-baseline|${endpoint ?? 'aws'}|${rate}`,
  );
}

export async function readLive(
  client: OrganizationsClient,
  endpoint: string | undefined,
): Promise<OrgSnapshot> {
  try {
    return (await crawlOrganization(client, { maxPasses: 2 })).snapshot;
  } catch (e) {
    const where = endpoint ?? 'AWS (the default credentials)';
    throw new UsageError(
      `Cannot read the organization at ${where}: ${
        e instanceof Error ? e.message : String(e)
      }. ${
        endpoint
          ? 'Is the endpoint running (yarn aigov sandbox)?'
          : 'Check the AWS credentials of the management account.'
      }`,
    );
  }
}
