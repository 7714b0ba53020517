/**
 * The one boundary between this package and the Pulumi CLI. Everything that spawns `pulumi` lives here; the
 * runner takes a {@link PulumiWorkspaceBoundary} so that it can be tested without a CLI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ConfigMap,
  EngineEvent,
  LocalWorkspace,
  PulumiCommand,
  PulumiFn,
} from '@pulumi/pulumi/automation';
// createCommandError is what the Automation API itself uses to turn a failed run into ConcurrentUpdateError,
// StackNotFoundError and the like; it is not re-exported from the package index.
import * as pulumiErrors from '@pulumi/pulumi/automation/errors';
import * as pulumiCmd from '@pulumi/pulumi/automation/cmd';
import * as pulumiMinimumVersion from '@pulumi/pulumi/automation/minimumVersion';
import type { PulumiSettings } from './settings';

/** Callbacks and cancellation of one CLI operation. @public */
export interface PulumiOperationOptions {
  /** Raw stdout chunks (split anywhere). */
  onOutput: (chunk: string) => void;
  /** Structured engine events. */
  onEvent: (event: EngineEvent) => void;
  signal?: AbortSignal;
}

/** A stack's exported state (`pulumi stack export`): `deployment.resources`, `deployment.pending_operations`. @public */
export interface PulumiStackState {
  version: number;
  deployment: {
    resources?: Array<{
      urn: string;
      type: string;
      id?: string;
      protect?: boolean;
      retainOnDelete?: boolean;
      [key: string]: unknown;
    }>;
    pending_operations?: Array<{
      resource: { urn: string; type?: string; id?: string };
      type: string;
    }>;
    [key: string]: unknown;
  };
}

/** The stack operations the runner uses. @public */
export interface PulumiStackOperations {
  readonly stackName: string;
  /** `pulumi preview`; with `plan`, the update plan is saved to that file (`--save-plan`). */
  preview(
    options: PulumiOperationOptions & { plan?: string },
  ): Promise<{ changeSummary: Record<string, number> }>;
  /** `pulumi up`; with `plan`, the update is held to exactly that saved plan (`--plan`). */
  up(options: PulumiOperationOptions & { plan?: string }): Promise<{
    outputs: Record<string, { value: unknown; secret: boolean }>;
    changeSummary?: Record<string, number>;
  }>;
  /** `pulumi refresh`: reads every resource of the stack back from AWS into the state. */
  refresh(options: PulumiOperationOptions): Promise<void>;
  /** The outputs of the last successful update (empty for a new stack). */
  outputs(): Promise<Record<string, { value: unknown; secret: boolean }>>;
  /** `pulumi stack export`. */
  exportState(): Promise<PulumiStackState>;
  /** `pulumi stack import`. */
  importState(state: PulumiStackState): Promise<void>;
  /** Asks the CLI to cancel a running update of this stack. */
  cancel(): Promise<void>;
}

/** What the runner asks of the boundary: a stack with the program and its config set. @public */
export interface PulumiStackSpec {
  projectName: string;
  stackName: string;
  program: PulumiFn;
  /** Stack config; secret values are stored encrypted by the stack's secrets provider. */
  config: Record<string, { value: string; secret?: boolean }>;
}

/** The boundary to the Pulumi CLI. @public */
export interface PulumiWorkspaceBoundary {
  /** `LocalWorkspace.createOrSelectStack` with the inline program, then the stack config. */
  openStack(spec: PulumiStackSpec): Promise<PulumiStackOperations>;
}

/** Where the pinned CLI's binary is expected under the configured folder (what `PulumiCommand.get` runs). @public */
export function pulumiBinaryPath(cliFolder: string): string {
  return path.resolve(cliFolder, 'bin', 'pulumi');
}

/**
 * Whether a Pulumi CLI is available: the configured folder holds `bin/pulumi`, or (with no folder) one is on the
 * PATH of the allow-listed environment.
 * @public
 */
export function isPulumiCliAvailable(
  cliFolder: string | undefined,
  pathValue: string | undefined = process.env.PATH,
): boolean {
  const candidates = cliFolder
    ? [pulumiBinaryPath(cliFolder)]
    : (pathValue ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map(dir => path.join(dir, 'pulumi'));
  return candidates.some(file => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** The result of one CLI run, as the Automation API's own CommandResult. @public */
export interface PulumiCommandResult {
  stdout: string;
  stderr: string;
  code: number;
  err?: Error;
}

/** The CLI found is not the version `aiGovernance.pulumi.version` pins. @public */
export class PulumiVersionMismatchError extends Error {
  constructor(
    readonly command: string,
    readonly found: string,
    readonly pinned: string,
  ) {
    super(
      `The Pulumi CLI at ${command} is version ${found}, but aiGovernance.pulumi.version pins ${pinned}. Install ${pinned} in aiGovernance.pulumi.cliFolder (it must hold bin/pulumi), or change the pin after testing the new CLI against the sandbox (scripts/pulumi-e2e.sh).`,
    );
    this.name = 'PulumiVersionMismatchError';
  }
}

/**
 * The version of the AWS provider plugin the programs need: the installed `@pulumi/aws` package's, so that the
 * plugin the CLI runs is the one the program's SDK was generated for.
 * @public
 */
export function awsProviderPluginVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('@pulumi/aws/package.json') as {
    version: string;
    pulumi?: { version?: string };
  };
  return pkg.pulumi?.version ?? pkg.version;
}

const parseAndValidatePulumiVersion = (
  pulumiCmd as unknown as {
    parseAndValidatePulumiVersion: (
      min: unknown,
      current: string,
      optOut: boolean,
    ) => PulumiCommand['version'];
  }
).parseAndValidatePulumiVersion;

const minimumVersion = (
  pulumiMinimumVersion as unknown as { minimumVersion: unknown }
).minimumVersion;

const createCommandError = (
  pulumiErrors as unknown as {
    createCommandError: (result: PulumiCommandResult) => Error;
  }
).createCommandError;

const CommandResult = (
  pulumiCmd as unknown as {
    CommandResult: new (
      stdout: string,
      stderr: string,
      code: number,
      err?: Error,
    ) => PulumiCommandResult;
  }
).CommandResult;

/**
 * A PulumiCommand that runs the CLI with exactly the environment it is given: the Automation API's own runner
 * merges the whole process environment into the CLI's, which would hand every backend secret to the CLI and its
 * plugins. The PATH given is prefixed with the CLI's folder, so that its bundled plugins are found.
 * @public
 */
export class AllowListedPulumiCommand {
  constructor(
    readonly command: string,
    readonly version: PulumiCommand['version'],
  ) {}

  /**
   * What `PulumiCommand.get({ version, root })` does, with one difference: the SDK's own `get` runs
   * `pulumi version` with the whole process environment merged in (execa's default), which would hand every
   * backend secret to the CLI. This runs it with the allow-listed environment only, then checks the version:
   * at least the Automation API's minimum (the SDK's own check), and exactly `version` when one is pinned.
   */
  static async get(options: {
    root?: string;
    version?: string;
    env: Record<string, string>;
  }): Promise<AllowListedPulumiCommand> {
    const command = options.root ? pulumiBinaryPath(options.root) : 'pulumi';
    const probe = new AllowListedPulumiCommand(command, null);
    const { stdout } = await probe.run(['version'], process.cwd(), {
      ...options.env,
      PULUMI_SKIP_UPDATE_CHECK: 'true',
    });
    const found = stdout.trim().replace(/^v/, '');
    if (options.version && found !== options.version.replace(/^v/, '')) {
      throw new PulumiVersionMismatchError(command, found, options.version);
    }
    const version = parseAndValidatePulumiVersion(minimumVersion, found, false);
    return new AllowListedPulumiCommand(command, version);
  }

  run(
    args: string[],
    cwd: string,
    additionalEnv: { [key: string]: string },
    onOutput?: (data: string) => void,
    onError?: (data: string) => void,
    signal?: AbortSignal,
  ): Promise<PulumiCommandResult> {
    const fullArgs = args.includes('--non-interactive')
      ? args
      : [...args, '--non-interactive'];
    const env: Record<string, string> = { ...additionalEnv };
    if (path.isAbsolute(this.command)) {
      env.PATH = [path.dirname(this.command), additionalEnv.PATH]
        .filter(Boolean)
        .join(path.delimiter);
    }
    env.PULUMI_AUTOMATION_API = 'true';
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const child = spawn(this.command, fullArgs, {
        cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onAbort = () => child.kill('SIGINT');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (data: string) => {
        stdout += data;
        onOutput?.(data);
      });
      child.stderr.on('data', (data: string) => {
        stderr += data;
        onError?.(data);
      });
      child.on('error', error => {
        signal?.removeEventListener('abort', onAbort);
        reject(
          createCommandError(new CommandResult('', error.message, -2, error)),
        );
      });
      child.on('close', code => {
        signal?.removeEventListener('abort', onAbort);
        const result = new CommandResult(stdout, stderr, code ?? -1);
        if (code === 0) {
          resolve(result);
        } else {
          reject(createCommandError(result));
        }
      });
    });
  }
}

/**
 * The real boundary: a LocalWorkspace per stack, with the pinned CLI from the configured folder (its version checked
 * against `settings.version`), the backend URL, the secrets provider and only the allow-listed environment. Before
 * the first stack it installs the AWS provider plugin at the version of `@pulumi/aws` (a no-op when present).
 * @public
 */
export function createLocalWorkspaceBoundary(options: {
  settings: PulumiSettings;
  /** The allow-listed environment for the CLI (see `buildPulumiEnvironment`). */
  env: Record<string, string>;
  /** Plugins to install before the first run; default the AWS provider at the version of `@pulumi/aws`. */
  plugins?: Array<{ name: string; version: string }>;
}): PulumiWorkspaceBoundary {
  const { settings, env } = options;
  let command: Promise<AllowListedPulumiCommand> | undefined;
  let pluginsInstalled: Promise<void> | undefined;
  return {
    async openStack(spec) {
      command ??= AllowListedPulumiCommand.get({
        root: settings.cliFolder,
        version: settings.version,
        env,
      });
      const pulumiCommand = await command.catch(error => {
        command = undefined;
        throw error;
      });
      if (settings.backendUrl.startsWith('file://')) {
        fs.mkdirSync(settings.backendUrl.slice('file://'.length), {
          recursive: true,
        });
      }
      const stack = await LocalWorkspace.createOrSelectStack(
        {
          projectName: spec.projectName,
          stackName: spec.stackName,
          program: spec.program,
        },
        {
          pulumiCommand: pulumiCommand as unknown as PulumiCommand,
          envVars: env,
          pulumiHome: settings.pulumiHome,
          secretsProvider: settings.secretsProvider,
          projectSettings: {
            name: spec.projectName,
            runtime: 'nodejs',
            backend: { url: settings.backendUrl },
          },
        },
      );
      pluginsInstalled ??= (async () => {
        for (const plugin of options.plugins ?? [
          { name: 'aws', version: awsProviderPluginVersion() },
        ]) {
          await stack.workspace.installPlugin(
            plugin.name,
            `v${plugin.version.replace(/^v/, '')}`,
            'resource',
          );
        }
      })();
      await pluginsInstalled.catch(error => {
        pluginsInstalled = undefined;
        throw error;
      });
      const config: ConfigMap = {};
      for (const [key, entry] of Object.entries(spec.config)) {
        config[key] = { value: entry.value, secret: entry.secret ?? false };
      }
      await stack.setAllConfig(config);
      return {
        stackName: spec.stackName,
        async preview(op) {
          const result = await stack.preview({
            onOutput: op.onOutput,
            onEvent: op.onEvent,
            signal: op.signal,
            ...(op.plan ? { plan: op.plan } : {}),
          });
          return { changeSummary: { ...result.changeSummary } };
        },
        async up(op) {
          const result = await stack.up({
            onOutput: op.onOutput,
            onEvent: op.onEvent,
            signal: op.signal,
            ...(op.plan ? { plan: op.plan } : {}),
          });
          return {
            outputs: result.outputs,
            changeSummary: { ...(result.summary.resourceChanges ?? {}) },
          };
        },
        async refresh(op) {
          await stack.refresh({
            onOutput: op.onOutput,
            onEvent: op.onEvent,
            signal: op.signal,
          });
        },
        outputs: () => stack.outputs(),
        exportState: async () =>
          (await stack.exportStack()) as unknown as PulumiStackState,
        importState: state => stack.importStack(state),
        cancel: () => stack.cancel(),
      };
    },
  };
}
