/**
 * The conformance tests' harness: a sandbox seeded with the demo organization on a loopback port for each test,
 * the real AWS SDK client pointed at it, a clock the tests step instead of waiting, and assertions on AWS-style
 * exceptions. Each conformance test file calls {@link useConformanceSandbox} once at its top.
 */
import {
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  compileOrgModel,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import {
  demoOrgModelPath,
  loadOrgModelFile,
  RunningSandbox,
  startSandbox,
} from '..';

/** A small valid SCP document. */
export const SCP = (sid = 'DenyX') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: sid, Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
    ],
  });

/** The sandbox of the running test. */
export let running: RunningSandbox;
/** The AWS SDK client of the running test, pointed at {@link running}. */
export let client: OrganizationsClient;
/** The demo organization as `compileOrgModel` compiles it: the ids the sandbox starts with. */
export let demo: OrgSnapshot;

export const node = (name: string) => demo.nodes.find(n => n.name === name)!;
export const policyId = (name: string) =>
  demo.policies.find(p => p.name === name)!.id;

/** Expects the call to fail with this AWS exception (and reason), and returns the error. */
export async function expectError(
  promise: Promise<unknown>,
  name: string,
  reason?: string,
): Promise<any> {
  const error: any = await promise.then(
    () => {
      throw new Error(`expected ${name}, but the call succeeded`);
    },
    e => e,
  );
  expect(error.name).toBe(name);
  expect(error.$metadata.httpStatusCode).toBe(
    name === 'ServiceException' ? 500 : 400,
  );
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(10);
  if (reason) expect(error.Reason).toBe(reason);
  return error;
}

/** Added to the sandbox's clock: tests step time with it instead of waiting. */
let clockOffset = 0;

/** Steps the clock until the CreateAccount request ends, and returns its status. */
export async function waitForCreateAccount(id: string) {
  for (let i = 0; i < 100; i++) {
    const { CreateAccountStatus } = await client.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id }),
    );
    if (CreateAccountStatus!.State !== 'IN_PROGRESS')
      return CreateAccountStatus!;
    // Step the sandbox's clock instead of sleeping, so a loaded machine cannot make the test flaky.
    clockOffset += 1_000;
  }
  throw new Error('CreateAccount did not finish');
}

/** The demo org (the governance baseline) enables no RCPs: tests of RCP behaviour enable them as AWS would. */
export async function enableRcps() {
  await client.send(
    new EnablePolicyTypeCommand({
      RootId: demo.nodes[0].id,
      PolicyType: 'RESOURCE_CONTROL_POLICY',
    }),
  );
}

/** Moves the sandbox's clock forward (the sandbox reads it through its `now` option). */
export function advanceClock(ms: number) {
  clockOffset += ms;
}

/** Registers the hooks that start a sandbox and a client before each test, and stop them after. */
export function useConformanceSandbox() {
  beforeAll(() => {
    demo = compileOrgModel(loadOrgModelFile(demoOrgModelPath));
  });

  beforeEach(async () => {
    running = await startSandbox({
      seed: demoOrgModelPath,
      createAccountDelayMs: 5_000,
      closeAccountDelayMs: 5_000,
      now: () => Date.now() + clockOffset,
    });
    client = new OrganizationsClient({
      endpoint: running.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: 'AKIDSANDBOX',
        secretAccessKey: 'sandbox-secret',
      },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await running.close();
  });
}
