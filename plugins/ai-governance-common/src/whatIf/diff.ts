/**
 * The effective-permission diff: applies a change set to a copy of the organization, re-evaluates every probe for the
 * accounts under the changed nodes (and only those) before and after, and groups the verdicts that change by OU and
 * by probe, in sentences. `ProbeEvaluator` decides each probe.
 */
import type { OrgNode, OrgSnapshot } from '../orgModel/types';
import type {
  ChainEvaluation,
  EvaluateOptions,
} from '../policy/evaluate/chain';
import { normalizeAction } from '../policy/evaluate/context';
import { indexSnapshot } from '../policy/evaluate/snapshotIndex';
import { PolicyEngineError } from '../policy/errors';
import { applyChangeSet } from './apply';
import { deriveProbes, probeKey, probeLabel } from './probes';
import type {
  WhatIfAccountChange,
  WhatIfChangeSet,
  WhatIfGroup,
  WhatIfProbe,
  WhatIfProbeSummary,
  WhatIfResult,
} from './types';
import { ProbeEvaluator, reasonOf } from './probeEvaluator';

/** Options of whatIf. @public */
export interface WhatIfOptions extends EvaluateOptions {
  /** The probes; defaults to those derived from the policies before and after, plus the critical ones. */
  probes?: WhatIfProbe[];
  /** At most this many derived probes. Defaults to 2,000. */
  maxProbes?: number;
  /** Evaluate every account, not only those under changed nodes (for tests that check the shortcut). */
  allAccounts?: boolean;
}

const PRODUCTION = /(^|[^a-z])prod(uction)?([^a-z]|$)/i;

/** Whether a node's name or environment tag says production. */
function looksProduction(n: OrgNode): boolean {
  if (PRODUCTION.test(n.name)) return true;
  return Object.entries(n.tags ?? {}).some(
    ([k, v]) => /^(env|environment|stage)$/i.test(k) && PRODUCTION.test(v),
  );
}

function verb(direction: 'gains' | 'loses', n: number): string {
  if (direction === 'gains') return n === 1 ? 'gains' : 'gain';
  return n === 1 ? 'loses' : 'lose';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * What changes for whom: applies the change set to a copy of the snapshot and lists every account whose verdict on a
 * probe request changes, with the deciding statement before and after, grouped by OU and by probe. Throws
 * PolicyEngineError when a change cannot apply.
 * @public
 */
export function whatIf(
  before: OrgSnapshot,
  changeSet: WhatIfChangeSet,
  options: WhatIfOptions = {},
): WhatIfResult {
  if (!changeSet || !Array.isArray(changeSet.changes)) {
    throw new PolicyEngineError(
      'The change set has no list of changes: give `changes:` with at least one entry.',
    );
  }
  const { after, changedNodeIds, movedAccountIds, applied } = applyChangeSet(
    before,
    changeSet.changes,
  );
  const beforeEval = new ProbeEvaluator(before, options);
  const afterEval = new ProbeEvaluator(after, options);

  let probes = options.probes;
  if (!probes) {
    const extra = changeSet.probes ?? [];
    const critical = changeSet.replaceDefaultProbes ? extra : undefined;
    const policies = [
      ...before.policies,
      ...after.policies.filter(
        p => !before.policies.some(b => b.content === p.content),
      ),
    ];
    probes = deriveProbes(policies, {
      maxProbes: options.maxProbes,
      ...(critical ? { critical } : {}),
    });
    if (!changeSet.replaceDefaultProbes) {
      const known = new Set(probes.map(probeKey));
      for (const p of extra)
        if (!known.has(probeKey(p)))
          probes.unshift({ ...p, source: 'critical' });
    }
  }

  // Accounts under a changed node, before or after, plus those that moved; all accounts on request.
  const afterIndex = indexSnapshot(after);
  const affected: OrgNode[] = afterIndex.accounts.filter(
    a =>
      options.allAccounts ||
      movedAccountIds.has(a.id) ||
      afterIndex.paths.get(a.id)!.some(n => changedNodeIds.has(n.id)) ||
      (beforeEval.has(a.id) &&
        beforeEval.path(a.id).some(n => changedNodeIds.has(n.id))),
  );

  const productionRefs = (changeSet.production ?? []).map(r =>
    String(r).toLowerCase(),
  );
  const isProduction = (path: OrgNode[]) =>
    path.some(n =>
      productionRefs.length
        ? productionRefs.includes(n.id.toLowerCase()) ||
          productionRefs.includes(n.name.toLowerCase())
        : looksProduction(n),
    );

  const changes: WhatIfAccountChange[] = [];
  const actions = probes.map(p => normalizeAction(p.action));
  // Probe by probe (each evaluator's memo then holds one probe's chains), account by account.
  // Each account's chains and paths are looked up once, not once per probe (a change set creates no account: every
  // account after was there before).
  const facts = affected.map(account => {
    const afterPath = afterIndex.paths.get(account.id)!;
    const beforePath = beforeEval.path(account.id);
    return {
      account,
      parent: afterPath[afterPath.length - 2] as OrgNode | undefined,
      production: isProduction(afterPath) || isProduction(beforePath),
      beforeChain: beforeEval.chain(account.id),
      beforePath,
      afterChain: afterEval.chain(account.id),
      afterPath,
    };
  });
  // Accounts with the same chain before and the same chain after get the same verdicts on a probe that no statement
  // of either chain decides by an account-specific key: such a pair of chains is decided once per probe, the others
  // account by account. The changes keep the accounts' order.
  const pairs = new Map<string, number[]>();
  facts.forEach((f, k) => {
    const key = `${f.beforeChain} ${f.afterChain}`;
    const list = pairs.get(key);
    if (list) list.push(k);
    else pairs.set(key, [k]);
  });
  const pairList = [...pairs.values()];
  probes.forEach((probe, i) => {
    const action = actions[i];
    const changed: Array<[number, ChainEvaluation, ChainEvaluation]> = [];
    const decide = (k: number): [ChainEvaluation, ChainEvaluation] => {
      const f = facts[k];
      return [
        beforeEval.decideOn(
          f.account.id,
          f.beforeChain,
          f.beforePath,
          probe,
          i,
          action,
        ),
        afterEval.decideOn(
          f.account.id,
          f.afterChain,
          f.afterPath,
          probe,
          i,
          action,
        ),
      ];
    };
    for (const list of pairList) {
      const f = facts[list[0]];
      const perAccount =
        beforeEval.readsAccountKeys(
          f.beforeChain,
          f.beforePath,
          probe,
          i,
          action,
        ) ||
        afterEval.readsAccountKeys(f.afterChain, f.afterPath, probe, i, action);
      if (!perAccount) {
        const [b, a] = decide(list[0]);
        if ((b.decision === 'Allowed') !== (a.decision === 'Allowed'))
          for (const k of list) changed.push([k, b, a]);
        continue;
      }
      for (const k of list) {
        const [b, a] = decide(k);
        if ((b.decision === 'Allowed') !== (a.decision === 'Allowed'))
          changed.push([k, b, a]);
      }
    }
    if (pairList.length > 1) changed.sort((x, y) => x[0] - y[0]);
    for (const [k, b, a] of changed) {
      const f = facts[k];
      changes.push({
        accountId: f.account.id,
        accountName: f.account.name,
        parentId: f.parent?.id,
        parentName: f.parent?.name,
        production: f.production,
        probe,
        direction: a.decision === 'Allowed' ? 'gains' : 'loses',
        before: reasonOf(b, f.beforePath),
        after: reasonOf(a, f.afterPath),
      });
    }
  });

  // By OU and by verdict change.
  const groups = new Map<string, WhatIfGroup>();
  const labels = new Map<WhatIfProbe, [string, string]>();
  for (const c of changes) {
    let named = labels.get(c.probe);
    if (!named) {
      named = [probeLabel(c.probe), probeKey(c.probe)];
      labels.set(c.probe, named);
    }
    const [label, probeId] = named;
    const key = `${c.direction}\u0000${probeId}\u0000${c.parentId}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        direction: c.direction,
        probe: label,
        ouId: c.parentId ?? '',
        ouName: c.parentName ?? '',
        accounts: [],
        reason: c.direction === 'loses' ? c.after : c.before,
        dangerous: false,
        sentence: '',
      };
      groups.set(key, g);
    }
    g.accounts.push({
      id: c.accountId,
      name: c.accountName,
      production: c.production,
    });
    g.dangerous ||= c.direction === 'gains' || c.production;
  }
  const groupList = [...groups.values()];
  for (const g of groupList) {
    const n = g.accounts.length;
    g.sentence = `${plural(n, 'account')} in ${g.ouName} ${verb(
      g.direction,
      n,
    )} ${g.probe}: ${
      g.direction === 'gains'
        ? `before, ${g.reason.text.replace(/^Denied/, 'denied')}`
        : g.reason.text.replace(/^Denied/, 'now denied')
    }`;
  }
  const rank = (d: boolean, dir: string) =>
    (d ? 0 : 2) + (dir === 'gains' ? 0 : 1);
  groupList.sort(
    (x, y) =>
      rank(x.dangerous, x.direction) - rank(y.dangerous, y.direction) ||
      y.accounts.length - x.accounts.length ||
      x.probe.localeCompare(y.probe) ||
      x.ouName.localeCompare(y.ouName),
  );

  const summaries = new Map<
    string,
    WhatIfProbeSummary & { ouSet: Set<string> }
  >();
  for (const g of groupList) {
    const key = `${g.direction}\u0000${g.probe}`;
    let s = summaries.get(key);
    if (!s) {
      s = {
        direction: g.direction,
        probe: g.probe,
        accounts: 0,
        productionAccounts: 0,
        ous: [],
        ouSet: new Set(),
        dangerous: false,
        sentence: '',
      };
      summaries.set(key, s);
    }
    s.accounts += g.accounts.length;
    s.productionAccounts += g.accounts.filter(a => a.production).length;
    s.ouSet.add(g.ouName);
    s.dangerous ||= g.dangerous;
  }
  const byProbe: WhatIfProbeSummary[] = [...summaries.values()].map(
    ({ ouSet, ...s }) => {
      const ous = [...ouSet].sort();
      const prod = s.productionAccounts
        ? ` (${s.productionAccounts.toLocaleString('en-US')} in production)`
        : '';
      const where =
        ous.length <= 3
          ? ous.join(', ')
          : `${ous.slice(0, 3).join(', ')} and ${ous.length - 3} more OUs`;
      return {
        ...s,
        ous,
        sentence: `${plural(s.accounts, 'account')}${prod} ${verb(
          s.direction,
          s.accounts,
        )} ${s.probe} (in ${where}).`,
      };
    },
  );
  byProbe.sort(
    (x, y) =>
      rank(x.dangerous, x.direction) - rank(y.dangerous, y.direction) ||
      y.accounts - x.accounts ||
      x.probe.localeCompare(y.probe),
  );

  const opensAccess = changes.some(c => c.direction === 'gains');
  const warnings: string[] = [];
  const gainers = new Set(
    changes.filter(c => c.direction === 'gains').map(c => c.accountId),
  );
  if (gainers.size)
    warnings.push(
      `The change opens access: ${plural(
        gainers.size,
        'account',
      )} gain at least one request that was denied.`,
    );
  const prodLosers = new Set(
    changes
      .filter(c => c.direction === 'loses' && c.production)
      .map(c => c.accountId),
  );
  if (prodLosers.size)
    warnings.push(
      `${plural(
        prodLosers.size,
        'production account',
      )} lose access. The inventory knows nothing of usage: whether these accounts use what they lose is not known here; check CloudTrail before applying.`,
    );
  warnings.push(
    'Only SCPs and RCPs are evaluated, with the probe requests listed; IAM and resource policies inside the accounts, and context values no policy mentions, are not seen.',
  );
  return {
    description: changeSet.description,
    accountsEvaluated: affected.length,
    accountsInOrganization: afterIndex.accounts.length,
    probes: probes.length,
    changes,
    groups: groupList,
    byProbe,
    opensAccess,
    warnings,
    applied,
  };
}
