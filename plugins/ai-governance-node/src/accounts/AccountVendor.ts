import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '@backstage/config';
import {
  PulumiWorkspaceBoundary,
  createLocalWorkspaceBoundary,
  isPulumiCliAvailable,
} from '../pulumi/automation';
import {
  PulumiSettings,
  buildPulumiEnvironment,
  readPulumiSettings,
} from '../pulumi/settings';
import { awsTargetFromConfig } from './awsTarget';
import { AccountVendingError, describeOrganizationsError } from './failures';
import { ConcurrencyLimiter } from './limiter';
import { OrganizationsApiAccountProvisioner } from './OrganizationsApiAccountProvisioner';
import { resolveOrganizationalUnitId } from './organizationalUnits';
import {
  AwsTargetSettings,
  PulumiAccountProvisioner,
} from './PulumiAccountProvisioner';
import { assertValidAccountRequest, resolveAccountEmail } from './request';
import { readVendingSettings } from './settings';
import {
  AccountProvisioner,
  AccountEnvironment,
  AccountPlan,
  AccountRequest,
  AccountVendingResult,
  AccountVendingSettings,
  DataClassification,
  VendingRunContext,
} from './types';

/** Options of the {@link AccountVendor} constructor. @public */
export interface AccountVendorOptions {
  /** The Organizations client of the management account (or the sandbox). */
  client: OrganizationsClient;
  vending: AccountVendingSettings;
  /** Needed for the Pulumi provisioner; omit to use only the Organizations API provisioner. */
  pulumi?: PulumiSettings;
  /** Where the Pulumi program's AWS provider goes: the same target as `client`. */
  aws?: AwsTargetSettings;
  /** Test seam: the CLI boundary (default: LocalWorkspace with the pinned CLI). */
  boundary?: PulumiWorkspaceBoundary;
  /** The backend's environment, from which the allow-listed variables are taken (default process.env). */
  env?: Record<string, string | undefined>;
}

/** The request as the scaffolder action takes it: the email is optional. @public */
export interface AccountRequestInput {
  name: string;
  environment: AccountEnvironment;
  owner: string;
  costCenter: string;
  dataClassification: DataClassification;
  purpose: string;
  email?: string;
  requestedBy: string;
  taskId: string;
}

/**
 * Vends AI accounts: resolves the request (email from the pattern, OU from the environment), picks the provisioner
 * (`pulumi`, `organizations-api`, or `auto`: Pulumi when its CLI is found) and says in the log which one ran.
 * @public
 */
export class AccountVendor {
  private readonly provisioners: {
    pulumi?: PulumiAccountProvisioner;
    direct: OrganizationsApiAccountProvisioner;
  };
  private readonly ouCache = new Map<string, Promise<string>>();

  /**
   * The vendor from configuration: `aiGovernance.vending`, `aiGovernance.pulumi` (when configured, or required by
   * `engine: pulumi`) and, unless `aws` is given, the Pulumi program's AWS target from `aiGovernance.organizations`
   * (`endpoint` overrides the configured one, e.g. the embedded sandbox's port known only at run time). The one way
   * to build a vendor from config; `lazyVendor` calls it once the client is known.
   */
  static fromConfig(
    config: Config,
    options: Omit<AccountVendorOptions, 'vending' | 'pulumi'> & {
      endpoint?: string;
    },
  ): AccountVendor {
    const { endpoint, ...rest } = options;
    const vending = readVendingSettings(config);
    const wantsPulumi = vending.engine !== 'organizations-api';
    return new AccountVendor({
      ...rest,
      aws: rest.aws ?? awsTargetFromConfig(config, endpoint),
      vending,
      pulumi:
        wantsPulumi &&
        (vending.engine === 'pulumi' || config.has('aiGovernance.pulumi'))
          ? readPulumiSettings(config)
          : undefined,
    });
  }

  constructor(private readonly options: AccountVendorOptions) {
    const limiter = new ConcurrencyLimiter(
      options.vending.maxConcurrentCreations,
    );
    this.provisioners = {
      direct: new OrganizationsApiAccountProvisioner({
        client: options.client,
        settings: options.vending,
        limiter,
      }),
    };
    if (options.pulumi) {
      const { env, secrets } = buildPulumiEnvironment(
        options.pulumi,
        options.env ?? process.env,
      );
      this.provisioners.pulumi = new PulumiAccountProvisioner({
        boundary:
          options.boundary ??
          createLocalWorkspaceBoundary({ settings: options.pulumi, env }),
        projectName: options.pulumi.projectName,
        settings: options.vending,
        aws: options.aws ?? { region: 'us-east-1' },
        secrets,
        limiter,
        client: options.client,
      });
    }
  }

  get settings(): AccountVendingSettings {
    return this.options.vending;
  }

  /** The provisioner that would run, and why (`reason` names the config key `aiGovernance.vending.engine`). */
  chooseProvisioner(): { provisioner: AccountProvisioner; reason: string } {
    const choice = this.options.vending.engine;
    const pulumi = this.provisioners.pulumi;
    if (choice === 'organizations-api') {
      return {
        provisioner: this.provisioners.direct,
        reason: 'aiGovernance.vending.engine is organizations-api',
      };
    }
    if (choice === 'pulumi') {
      if (!pulumi) {
        throw new Error(
          'aiGovernance.vending.engine is pulumi but aiGovernance.pulumi is not configured: configure it (cliFolder, backendUrl, secrets provider) or choose organizations-api.',
        );
      }
      return {
        provisioner: pulumi,
        reason: 'aiGovernance.vending.engine is pulumi',
      };
    }
    const folder = this.options.pulumi?.cliFolder;
    const env = this.options.env ?? process.env;
    if (
      pulumi &&
      (this.options.boundary || isPulumiCliAvailable(folder, env.PATH))
    ) {
      return {
        provisioner: pulumi,
        reason: `engine auto: a Pulumi CLI was found${
          folder ? ` in ${folder}` : ' on the PATH'
        }`,
      };
    }
    return {
      provisioner: this.provisioners.direct,
      reason: pulumi
        ? `engine auto: no Pulumi CLI found${
            folder ? ` in ${folder}` : ' on the PATH'
          }`
        : 'engine auto: aiGovernance.pulumi is not configured',
    };
  }

  /** @deprecated use {@link AccountVendor.chooseProvisioner} */
  chooseEngine(): { engine: AccountProvisioner; reason: string } {
    const { provisioner, reason } = this.chooseProvisioner();
    return { engine: provisioner, reason };
  }

  /** Fills in the email from the pattern and checks every field; throws an InputError saying what to fix. */
  resolveRequest(input: AccountRequestInput): AccountRequest {
    const email = resolveAccountEmail({
      name: input.name,
      environment: input.environment,
      email: input.email,
      emailPattern: this.options.vending.emailPattern,
    });
    const request: AccountRequest = {
      name: input.name.trim(),
      email,
      environment: input.environment,
      owner: input.owner,
      costCenter: input.costCenter,
      dataClassification: input.dataClassification,
      purpose: input.purpose,
      requestedBy: input.requestedBy,
      taskId: input.taskId,
    };
    assertValidAccountRequest(request);
    return request;
  }

  /** The OU id of an environment (config holds an id or a name path; names are looked up once). */
  organizationalUnitFor(
    environment: AccountEnvironment,
    signal?: AbortSignal,
  ): Promise<string> {
    const ref = this.options.vending.organizationalUnits[environment];
    let cached = this.ouCache.get(ref);
    if (!cached) {
      cached = resolveOrganizationalUnitId(this.options.client, ref, {
        signal,
        environment,
      });
      cached.catch(() => this.ouCache.delete(ref));
      this.ouCache.set(ref, cached);
    }
    return cached;
  }

  async preview(
    request: AccountRequest,
    ctx: VendingRunContext,
  ): Promise<AccountPlan> {
    return this.withProvisioner(request, ctx, (provisioner, ou) =>
      provisioner.preview(request, ou, ctx),
    );
  }

  async apply(
    request: AccountRequest,
    ctx: VendingRunContext,
  ): Promise<AccountVendingResult> {
    return this.withProvisioner(request, ctx, (provisioner, ou) =>
      provisioner.apply(request, ou, ctx),
    );
  }

  /** Picks the provisioner, resolves the OU, runs `fn`; errors come out as messages that say what to do. */
  private async withProvisioner<T>(
    request: AccountRequest,
    ctx: VendingRunContext,
    fn: (
      provisioner: AccountProvisioner,
      organizationalUnitId: string,
    ) => Promise<T>,
  ): Promise<T> {
    const { provisioner, reason } = this.chooseProvisioner();
    // The log line names the config value (`engine`), which is what operators set.
    ctx.logger.info(`Engine: ${provisioner.name} (${reason})`);
    try {
      const ou = await this.organizationalUnitFor(
        request.environment,
        ctx.signal,
      );
      return await fn(provisioner, ou);
    } catch (error) {
      if (ctx.signal?.aborted && !(error instanceof AccountVendingError)) {
        throw new AccountVendingError(
          'CANCELLED',
          describeOrganizationsError({ name: 'AbortError' }),
          { cause: error },
        );
      }
      if (
        error instanceof AccountVendingError ||
        (error as Error)?.name === 'InputError'
      ) {
        throw error;
      }
      throw new AccountVendingError(
        (error as Error)?.name ?? 'UNKNOWN',
        describeOrganizationsError(error),
        { cause: error },
      );
    }
  }
}
