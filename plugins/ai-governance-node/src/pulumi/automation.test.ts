import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  AllowListedPulumiCommand,
  PulumiVersionMismatchError,
  awsProviderPluginVersion,
  isPulumiCliAvailable,
  pulumiBinaryPath,
} from './automation';
import {
  DEMO_PULUMI_PASSPHRASE,
  buildPulumiEnvironment,
  readPulumiSettings,
} from './settings';

/**
 * A stand-in `pulumi` in a CLI folder: `version` prints a version (what PulumiCommand.get checks), `env` prints
 * its environment, `locked` fails the way a locked stack does.
 */
function makeCliFolder(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-pulumi-cli-'));
  fs.mkdirSync(path.join(root, 'bin'));
  fs.writeFileSync(
    path.join(root, 'bin', 'pulumi'),
    [
      '#!/bin/sh',
      'case "$1" in',
      '  version) env > "$(dirname "$0")/version-env"; echo v3.200.0 ;;',
      '  env) env ;;',
      '  locked) echo "error: [409] Conflict: Another update is currently in progress." >&2; exit 255 ;;',
      '  args) echo "$@" ;;',
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return root;
}

describe('AllowListedPulumiCommand', () => {
  let root: string;
  beforeAll(() => {
    root = makeCliFolder();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('gets the pinned CLI from the configured folder', async () => {
    const cli = await AllowListedPulumiCommand.get({ root, env: {} });
    expect(cli.command).toBe(pulumiBinaryPath(root));
    expect(cli.version?.toString()).toBe('3.200.0');
    expect(isPulumiCliAvailable(root)).toBe(true);
    expect(isPulumiCliAvailable(path.join(root, 'missing'))).toBe(false);
    expect(isPulumiCliAvailable(undefined, path.join(root, 'bin'))).toBe(true);
    expect(isPulumiCliAvailable(undefined, '')).toBe(false);
  });

  it("runs the CLI with exactly the allow-listed environment, not the backend's", async () => {
    process.env.AIGOV_TEST_BACKEND_SECRET = 'must-not-leak';
    try {
      const cli = await AllowListedPulumiCommand.get({ root, env: {} });
      const { env } = buildPulumiEnvironment(
        { passphrase: 'pass-phrase', envAllowList: ['AIGOV_EXTRA'] },
        { ...process.env, AIGOV_EXTRA: 'extra', PATH: '/usr/bin:/bin' },
      );
      const chunks: string[] = [];
      const result = await cli.run(['env'], root, env, c => chunks.push(c));
      const seen = Object.fromEntries(
        result.stdout
          .trim()
          .split('\n')
          .map(line => [
            line.slice(0, line.indexOf('=')),
            line.slice(line.indexOf('=') + 1),
          ]),
      );
      expect(seen.AIGOV_TEST_BACKEND_SECRET).toBeUndefined();
      expect(seen.AIGOV_EXTRA).toBe('extra');
      expect(seen.PULUMI_CONFIG_PASSPHRASE).toBe('pass-phrase');
      expect(seen.PULUMI_AUTOMATION_API).toBe('true');
      expect(seen.PATH).toBe(`${path.join(root, 'bin')}:/usr/bin:/bin`);
      expect(chunks.join('')).toBe(result.stdout);
    } finally {
      delete process.env.AIGOV_TEST_BACKEND_SECRET;
    }
  });

  it('adds --non-interactive, and turns a locked stack into ConcurrentUpdateError', async () => {
    const cli = await AllowListedPulumiCommand.get({ root, env: {} });
    const result = await cli.run(['args', 'preview'], root, {});
    expect(result.stdout.trim()).toBe('args preview --non-interactive');
    await expect(cli.run(['locked'], root, {})).rejects.toMatchObject({
      name: 'ConcurrentUpdateError',
    });
  });

  it('checks the version with the allow-listed environment only, not the whole process environment', async () => {
    // PulumiCommand.get itself would run `pulumi version` with process.env merged in.
    process.env.AIGOV_TEST_BACKEND_SECRET = 'must-not-leak';
    try {
      await AllowListedPulumiCommand.get({
        root,
        version: '3.200.0',
        env: { PATH: '/usr/bin:/bin', AIGOV_ALLOWED: 'yes' },
      });
      const seen = fs.readFileSync(
        path.join(root, 'bin', 'version-env'),
        'utf8',
      );
      expect(seen).toContain('AIGOV_ALLOWED=yes');
      expect(seen).not.toContain('must-not-leak');
    } finally {
      delete process.env.AIGOV_TEST_BACKEND_SECRET;
    }
  });

  it('refuses a CLI of another version than the pinned one, saying what to install', async () => {
    await expect(
      AllowListedPulumiCommand.get({ root, version: '3.190.0', env: {} }),
    ).rejects.toThrow(
      /is version 3\.200\.0, but aiGovernance\.pulumi\.version pins 3\.190\.0\. Install 3\.190\.0/,
    );
    await expect(
      AllowListedPulumiCommand.get({ root, version: '3.190.0', env: {} }),
    ).rejects.toBeInstanceOf(PulumiVersionMismatchError);
  });

  it('says so when no CLI is there', async () => {
    await expect(
      AllowListedPulumiCommand.get({
        root: path.join(root, 'missing'),
        env: {},
      }),
    ).rejects.toThrow(/ENOENT|not found/);
  });
});

describe('buildPulumiEnvironment', () => {
  it('passes only allow-listed variables, and reports secrets for redaction', () => {
    const { env, secrets } = buildPulumiEnvironment(
      { passphrase: 'pp-secret', accessToken: 'tok-secret', envAllowList: [] },
      {
        PATH: '/bin',
        AWS_PROFILE: 'mgmt',
        AWS_SECRET_ACCESS_KEY: 'aws-secret',
        GITHUB_TOKEN: 'gh-secret',
        BACKEND_SECRET: 'backend-secret',
      },
    );
    expect(env).toEqual({
      PATH: '/bin',
      AWS_PROFILE: 'mgmt',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_CONFIG_PASSPHRASE: 'pp-secret',
      PULUMI_ACCESS_TOKEN: 'tok-secret',
    });
    expect(secrets.sort()).toEqual(['aws-secret', 'pp-secret', 'tok-secret']);
  });
});

const SANDBOX = { sandbox: { enabled: true } };

describe('readPulumiSettings', () => {
  it('defaults to a file backend under the state folder and the passphrase provider on the embedded sandbox', () => {
    const settings = readPulumiSettings(
      new ConfigReader({
        aiGovernance: {
          organizations: SANDBOX,
          pulumi: { stateDir: '/tmp/state', passphrase: 'x' },
        },
      }),
    );
    expect(settings).toMatchObject({
      backendUrl: 'file:///tmp/state',
      secretsProvider: 'passphrase',
      projectName: 'ai-governance-accounts',
      cliFolder: undefined,
    });
  });

  it('takes s3 and KMS', () => {
    const settings = readPulumiSettings(
      new ConfigReader({
        aiGovernance: {
          pulumi: {
            backendUrl: 's3://state-bucket/accounts',
            secretsProvider: 'awskms://alias/pulumi?region=us-east-1',
            cliFolder: '/opt/pulumi',
            version: '3.190.0',
          },
        },
      }),
    );
    expect(settings).toMatchObject({
      backendUrl: 's3://state-bucket/accounts',
      secretsProvider: 'awskms://alias/pulumi?region=us-east-1',
      cliFolder: '/opt/pulumi',
      version: '3.190.0',
      sandbox: false,
    });
  });

  it('accepts the demo passphrase and a local state folder only when the sandbox is enabled', () => {
    const demo = {
      stateDir: '/tmp/state',
      secretsProvider: 'passphrase',
      passphrase: DEMO_PULUMI_PASSPHRASE,
    };
    expect(() =>
      readPulumiSettings(new ConfigReader({ aiGovernance: { pulumi: demo } })),
    ).toThrow(
      /secretsProvider is "passphrase" while the organizations sandbox is not enabled: a passphrase \(the demo one\) is for the embedded demo only\. Set secretsProvider to a KMS key/,
    );
    expect(() =>
      readPulumiSettings(
        new ConfigReader({
          aiGovernance: {
            organizations: { sandbox: { enabled: false } },
            pulumi: { ...demo, secretsProvider: 'awskms://alias/k' },
          },
        }),
      ),
    ).toThrow(/backendUrl is a local folder .* Set backendUrl to an S3 bucket/);
    expect(
      readPulumiSettings(
        new ConfigReader({
          aiGovernance: { organizations: SANDBOX, pulumi: demo },
        }),
      ).sandbox,
    ).toBe(true);
  });

  it('takes the AWS provider plugin version from the installed @pulumi/aws', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('@pulumi/aws/package.json');
    expect(awsProviderPluginVersion()).toBe(pkg.pulumi?.version ?? pkg.version);
    expect(awsProviderPluginVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects settings that cannot work, saying what to set', () => {
    expect(() =>
      readPulumiSettings(
        new ConfigReader({
          aiGovernance: { organizations: SANDBOX, pulumi: {} },
        }),
      ),
    ).toThrow(/passphrase is not set.*PULUMI_CONFIG_PASSPHRASE/);
    expect(() =>
      readPulumiSettings(
        new ConfigReader({
          aiGovernance: {
            organizations: SANDBOX,
            pulumi: { passphrase: 'x', version: 'latest' },
          },
        }),
      ),
    ).toThrow(/version "latest" is not a CLI version/);
    expect(() =>
      readPulumiSettings(
        new ConfigReader({
          aiGovernance: {
            pulumi: {
              backendUrl: 'https://api.pulumi.com',
              secretsProvider: 'default',
            },
          },
        }),
      ),
    ).toThrow(/accessToken is not set/);
    expect(() =>
      readPulumiSettings(
        new ConfigReader({
          aiGovernance: { pulumi: { backendUrl: 'ftp://x', passphrase: 'x' } },
        }),
      ),
    ).toThrow(/not a Pulumi backend URL/);
  });
});
