/*
 * Tests of `aigov who-can` with the principal's own policies and the resource's account (the flags `aigov simulate`
 * takes): each account is the principal's account, so its SCPs apply, and the fixed resource account's RCPs apply
 * to every principal. Through commander in-process, against an org model file of our own.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runCommands } from '../__testUtils__/runCommands';
import { registerWhoCanCommand } from './whoCan';
import { UsageError } from '../runCli';
import type { WhoCanResult } from '@internal/plugin-ai-governance-common';

const run = (args: string[]) => runCommands([registerWhoCanCommand], args);

/** apps' principals may not use S3 (an SCP); the data account's resources admit only data's and apps' principals. */
const ORG = `apiVersion: ai-governance/v1
kind: Organization
spec:
  managementAccount: { name: management, email: mgmt@example.com, id: '111111111111' }
  enabledPolicyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]
  policies:
    - { name: no-s3, type: SERVICE_CONTROL_POLICY, file: no-s3.json }
    - { name: data-and-apps-only, type: RESOURCE_CONTROL_POLICY, file: data-and-apps-only.json }
  root:
    policies: [FullAWSAccess, RCPFullAWSAccess]
    organizationalUnits:
      - name: Storage
        policies: [FullAWSAccess, RCPFullAWSAccess]
        accounts:
          - name: data
            email: data@example.com
            id: '333333333333'
            policies: [FullAWSAccess, RCPFullAWSAccess, data-and-apps-only]
      - name: Apps
        policies: [FullAWSAccess, RCPFullAWSAccess, no-s3]
        accounts:
          - { name: apps, email: apps@example.com, id: '444444444444' }
          - { name: tools, email: tools@example.com, id: '555555555555' }
`;

const json = (value: object) => JSON.stringify(value, null, 2);

const FILES: Record<string, string> = {
  'no-s3.json': json({
    Version: '2012-10-17',
    Statement: [{ Sid: 'NoS3', Effect: 'Deny', Action: 's3:*', Resource: '*' }],
  }),
  'data-and-apps-only.json': json({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DataAndAppsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: {
          StringNotEquals: {
            'aws:PrincipalAccount': ['333333333333', '444444444444'],
          },
        },
      },
    ],
  }),
  'read-bucket.json': json({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    ],
  }),
  'ec2-only.json': json({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }],
  }),
};

let tmp: string;
let org: string;
const file = (name: string) => path.join(tmp, name);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aigov-who-can-'));
  org = file('org.yaml');
  fs.writeFileSync(org, ORG);
  for (const [name, text] of Object.entries(FILES))
    fs.writeFileSync(file(name), text);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const BUCKET = 'arn:aws:s3:::data-bucket/report.csv';

describe('aigov who-can with the request parts', () => {
  it("applies each principal account's SCPs and the resource account's RCPs", async () => {
    const r = await run([
      'who-can',
      '--org',
      org,
      '--action',
      's3:GetObject',
      '--resource',
      BUCKET,
      '--resource-account',
      'data',
      '--identity-policy',
      file('read-bucket.json'),
      '--format',
      'json',
    ]);
    const out: WhoCanResult = JSON.parse(r.out);
    const at = Object.fromEntries(
      [...out.allowed, ...out.denied].map(a => [a.name, a]),
    );
    expect(at.data.decision).toBe('Allowed');
    // apps: its own SCP. tools: its SCP denies too, but the data account's RCP (tools is not among the accounts it
    // admits) comes first in AWS's order, as simulate says.
    expect(at.apps.deniedBy).toMatchObject({ sid: 'NoS3', nodeName: 'Apps' });
    expect(at.tools.deniedAt).toMatchObject({
      nodeName: 'data',
      policyType: 'RESOURCE_CONTROL_POLICY',
    });
    // The management account is exempt from SCPs, not from the data account's RCP.
    expect(at.management.deniedBy).toMatchObject({
      sid: 'DataAndAppsOnly',
      nodeName: 'data',
    });
  });

  it("says when the principal's own policies are what deny", async () => {
    const r = await run([
      'who-can',
      '--org',
      org,
      '--action',
      's3:GetObject',
      '--resource',
      BUCKET,
      '--identity-policy',
      file('ec2-only.json'),
      '--under',
      'Storage',
    ]);
    expect(r.out).toContain(
      'data (333333333333)  ImplicitDeny: no identity policy allows it',
    );
  });

  it('refuses a missing policy file and contradictory flags with a usage error', async () => {
    await expect(
      run([
        'who-can',
        '--org',
        org,
        '--action',
        's3:GetObject',
        '--identity-policy',
        file('missing.json'),
      ]),
    ).rejects.toThrow(UsageError);
    await expect(
      run([
        'who-can',
        '--org',
        org,
        '--action',
        's3:GetObject',
        '--anonymous',
        '--identity-policy',
        file('read-bucket.json'),
      ]),
    ).rejects.toThrow(/--anonymous means no principal/);
  });
});
