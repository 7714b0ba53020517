/*
 * `aigov who-can --endpoint` and `aigov simulate --endpoint` against a sandbox that throttles, returns empty pages
 * and has ConcurrentModificationException bursts pending, as a busy AWS organization does: the CLI retries with the
 * product's retry policy and gives the same answer as without faults, every time.
 */
import {
  demoOrgModelPath,
  startSandbox,
  type RunningSandbox,
} from '@internal/organizations-sandbox';
import { runCommands } from '../__testUtils__/runCommands';
import { registerSimulateCommand } from './simulate';
import { registerWhoCanCommand } from './whoCan';

const run = (args: string[]) =>
  runCommands([registerSimulateCommand, registerWhoCanCommand], args);

const request = [
  '--action',
  'bedrock:InvokeModel',
  '--resource',
  'arn:aws:bedrock:us-east-1::foundation-model/unapproved.model-v1',
  '--context',
  'aws:RequestedRegion=us-east-1',
  '--format',
  'json',
];

describe('--endpoint against a faulty organization', () => {
  let running: RunningSandbox;
  beforeAll(async () => {
    running = await startSandbox({ port: 0, seed: demoOrgModelPath });
  });
  afterAll(async () => {
    await running.close();
  });

  it('who-can succeeds with the fault-free answer in 10 of 10 runs at 20% throttling, and --verbose counts the retries', async () => {
    running.sandbox.setFaults({});
    const clean = JSON.parse(
      (
        await run([
          'who-can',
          '--endpoint',
          running.url,
          '--rate',
          '1000',
          ...request,
        ])
      ).out,
    );
    expect(clean.allowed.length + clean.denied.length).toBeGreaterThan(10);

    let throttled = 0;
    for (let i = 0; i < 10; i++) {
      running.sandbox.setFaults({
        throttleProbability: 0.2,
        emptyPageProbability: 0.1,
        concurrentModificationBurst: 3,
        seed: 1000 + i,
      });
      running.sandbox.resetStats();
      const { out, err } = await run([
        'who-can',
        '--endpoint',
        running.url,
        '--rate',
        '1000',
        '--verbose',
        ...request,
      ]);
      expect(JSON.parse(out)).toEqual(clean);
      const sandboxThrottled = running.sandbox.stats().throttled;
      throttled += sandboxThrottled;
      // The verbose line reports exactly what the sandbox saw.
      expect(err).toContain(`in ${running.sandbox.stats().totalCalls} calls`);
      expect(err).toContain(`${sandboxThrottled} throttled`);
      expect(err).toMatch(
        sandboxThrottled > 0
          ? new RegExp(`${sandboxThrottled} throttling`)
          : /0 retries/,
      );
    }
    expect(throttled).toBeGreaterThan(0);
  }, 120_000);

  it('simulate succeeds under the same faults', async () => {
    running.sandbox.setFaults({
      throttleProbability: 0.2,
      emptyPageProbability: 0.1,
      seed: 7,
    });
    const { out } = await run([
      'simulate',
      '--endpoint',
      running.url,
      '--rate',
      '1000',
      '--account',
      'genai-sandbox',
      ...request,
    ]);
    expect(JSON.parse(out).decision).toBe('ExplicitDeny');
  }, 60_000);
});
