/*
 * Runs the engine over the shared corpus of real SCPs and RCPs (../shared/corpus from the repository root):
 * every valid policy parses, every invalid one gets an error finding, sizes are counted as AWS counts them,
 * placeholders are found, and the 29 outcomes stated by the scp-deployment authors hold.
 */
import fs from 'fs';
import path from 'path';
import type { OrgNode, OrgPolicy, OrgSnapshot } from '../orgModel/types';
import { FULL_AWS_ACCESS_POLICY } from '../orgModel/awsManaged';
import { parsePolicyDocument } from './document';
import { policySize } from './json';
import { lintPolicy, lintPolicyWithCatalog, LintPolicyType } from './lint';
import { simulate } from './evaluate';
import {
  corpusDir,
  nodeCatalog,
  presentOrRequired,
  readJson,
} from './__testUtils__/node';

interface ManifestEntry {
  file: string;
  kind: 'SCP' | 'RCP' | 'AISERVICES_OPT_OUT_POLICY' | 'OTHER';
  validJson: boolean;
  hasPlaceholders: boolean;
  sizeCharsMinified?: number;
}
interface DetailEntry {
  file: string;
  placeholderTokens: string[];
  bom: boolean;
}
interface Expectations {
  policySets: Array<{ name: string; ouId: string; files: string[] }>;
  cases: Array<{ id: string; action: string; allowedByOrganizations: boolean }>;
}

const dir = corpusDir();
if (
  !presentOrRequired(
    dir !== undefined,
    'The shared corpus (../shared/corpus from the repository root)',
  )
) {
  // eslint-disable-next-line no-console
  console.log(
    'The shared corpus (../shared/corpus from the repository root) is absent: skipping the corpus tests.',
  );
}
const describeCorpus = dir ? describe : describe.skip;

const manifest: ManifestEntry[] = dir
  ? readJson(path.join(dir, 'manifest.json'))
  : [];
const details = new Map<string, DetailEntry>(
  dir
    ? readJson<DetailEntry[]>(path.join(dir, 'manifest-details.json')).map(
        d => [d.file, d],
      )
    : [],
);
const read = (file: string) =>
  fs.readFileSync(path.join(dir!, 'policies', file), 'utf8');
const POLICY_TYPE_OF_KIND: Record<string, LintPolicyType> = {
  RCP: 'RESOURCE_CONTROL_POLICY',
  SCP: 'SERVICE_CONTROL_POLICY',
};
const typeOf = (kind: ManifestEntry['kind']): LintPolicyType =>
  POLICY_TYPE_OF_KIND[kind] ?? 'AISERVICES_OPT_OUT_POLICY';

describeCorpus('the shared corpus', () => {
  const policies = manifest.filter(m => m.kind !== 'OTHER');

  it('has the policies the manifest lists', () => {
    expect(policies.length).toBeGreaterThan(100);
  });

  it('parses every valid policy without a syntax error', () => {
    const failures = policies
      .filter(m => m.validJson && m.kind !== 'AISERVICES_OPT_OUT_POLICY')
      .flatMap(m => {
        const { document, findings } = parsePolicyDocument(read(m.file));
        const syntax = findings.filter(f => f.code === 'JSON_SYNTAX_ERROR');
        return !document || syntax.length
          ? [`${m.file}: ${syntax.map(f => f.message).join('; ')}`]
          : [];
      });
    expect(failures).toEqual([]);
  });

  it('gives every invalid policy an error finding with a position', () => {
    const invalid = policies.filter(m => !m.validJson);
    expect(invalid.length).toBeGreaterThan(0);
    for (const m of invalid) {
      const findings = lintPolicy(read(m.file), { type: typeOf(m.kind) });
      const syntax = findings.find(
        f => f.code === 'JSON_SYNTAX_ERROR' && f.severity === 'error',
      );
      expect({ file: m.file, syntax: !!syntax }).toEqual({
        file: m.file,
        syntax: true,
      });
      expect(syntax!.line).toBeGreaterThan(1);
    }
  });

  it('counts sizes as AWS does for API callers (every character as sent), never below the minified size', () => {
    const wrong = policies
      .filter(
        m =>
          m.validJson &&
          m.sizeCharsMinified !== undefined &&
          !details.get(m.file)?.bom,
      )
      .filter(
        m =>
          policySize(read(m.file)) !== [...read(m.file)].length ||
          policySize(read(m.file)) < m.sizeCharsMinified!,
      )
      .map(
        m =>
          `${m.file}: ${policySize(read(m.file))} (minified ${
            m.sizeCharsMinified
          })`,
      );
    expect(wrong).toEqual([]);
  });

  it('finds every unresolved placeholder, and none where there are none', () => {
    const problems: string[] = [];
    for (const m of policies) {
      const findings = lintPolicy(read(m.file), {
        type: typeOf(m.kind),
      }).filter(f => f.code === 'UNRESOLVED_PLACEHOLDER');
      const tokens = details.get(m.file)?.placeholderTokens ?? [];
      if (m.hasPlaceholders !== findings.length > 0) {
        problems.push(
          `${m.file}: hasPlaceholders=${m.hasPlaceholders}, found ${findings
            .map(f => f.message)
            .join(' | ')}`,
        );
      }
      for (const t of tokens) {
        if (!findings.some(f => f.message.includes(t)))
          problems.push(`${m.file}: missed ${t}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lints every policy against iam-data, flagging the made-up services of bad_policy.json', async () => {
    const catalog = await nodeCatalog();
    const bad = policies.find(m => m.file.endsWith('bad_policy.json'))!;
    const findings = await lintPolicyWithCatalog(read(bad.file), {
      type: 'SERVICE_CONTROL_POLICY',
      catalog,
    });
    expect(
      findings.filter(f => f.code === 'INVALID_SERVICE_IN_ACTION').length,
    ).toBeGreaterThan(0);
    expect(findings.some(f => f.code === 'UNIQUE_SIDS_REQUIRED')).toBe(true);
    expect(findings.some(f => f.code === 'MISSING_VERSION')).toBe(true);
    for (const m of policies.filter(p => p.validJson)) {
      const all = await lintPolicyWithCatalog(read(m.file), {
        type: typeOf(m.kind),
        catalog,
      });
      for (const f of all) {
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
      }
    }
  });

  describe('the scp-deployment outcomes', () => {
    const expectations: Expectations | undefined = dir
      ? readJson(
          path.join(dir, 'expectations', 'scp-deployment.expectations.json'),
        )
      : undefined;

    function orgFor(
      set: Expectations['policySets'][number],
      withFullAccess: boolean,
    ): OrgSnapshot {
      const policiesOfSet: OrgPolicy[] = set.files.map(f => ({
        id: `p-${path
          .basename(f, '.json')
          .replace(/[^a-z0-9]/gi, '')
          .slice(-20)}`,
        name: f,
        type: 'SERVICE_CONTROL_POLICY',
        awsManaged: false,
        content: read(f),
      }));
      const full: OrgPolicy = FULL_AWS_ACCESS_POLICY;
      const nodes: OrgNode[] = [
        {
          id: 'r-abcd',
          kind: 'root',
          name: 'Root',
          policyIds: ['p-FullAWSAccess'],
          tags: {},
          enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
        },
        {
          id: set.ouId,
          kind: 'ou',
          name: set.name,
          parentId: 'r-abcd',
          policyIds: [
            ...(withFullAccess ? ['p-FullAWSAccess'] : []),
            ...policiesOfSet.map(p => p.id),
          ],
          tags: {},
        },
        {
          id: '123456789012',
          kind: 'account',
          name: 'test',
          parentId: set.ouId,
          policyIds: ['p-FullAWSAccess'],
          tags: {},
        },
      ];
      return {
        organization: { id: 'o-abcd', managementAccountId: '999999999999' },
        nodes,
        policies: [full, ...policiesOfSet],
        capturedAt: '2026-01-01T00:00:00Z',
      };
    }

    it('has 29 cases', () => {
      expect(expectations!.cases).toHaveLength(29);
    });

    it.each([false, true])(
      'every stated outcome holds for every policy set (FullAWSAccess on the OU too: %s)',
      withFull => {
        const mismatches: string[] = [];
        // A set whose files are not all in the corpus cannot be evaluated (the corpus lacks tools/allowed.json).
        const complete = expectations!.policySets.filter(set =>
          set.files.every(f => fs.existsSync(path.join(dir!, 'policies', f))),
        );
        expect(complete.map(s => s.name)).toContain('sandbox');
        for (const set of complete) {
          const org = orgFor(set, withFull);
          for (const c of expectations!.cases) {
            const r = simulate(org, {
              target: 'test',
              action: c.action,
              context: { 'aws:RequestedRegion': 'eu-west-2' },
            });
            if ((r.decision === 'Allowed') !== c.allowedByOrganizations) {
              mismatches.push(`${set.name} ${c.id} ${c.action}: ${r.decision}`);
            }
          }
        }
        expect(mismatches).toEqual([]);
      },
    );
  });
});
