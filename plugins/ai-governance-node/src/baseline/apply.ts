/**
 * Applying the baseline directly (`engine: organizations-api` of the baseline action and CLI): brings an organization to the baseline through the AWS Organizations API, for where
 * no Pulumi CLI exists. It creates and updates (policy types, policies, OUs, attachments) and never deletes, detaches
 * or moves: what the baseline does not declare is reported instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  EnablePolicyTypeCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  OrganizationsClient,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  BaselineChange,
  compactPolicyContent,
  OrgModel,
  OrgModelError,
  OrgSnapshot,
  parseOrgModel,
  planBaseline,
} from '@internal/plugin-ai-governance-common';
import { crawlOrganization } from '../organizations/crawler';

/** A change the apply made, with the AWS id it created or touched. @public */
export interface AppliedBaselineChange extends BaselineChange {
  /** The id of the OU or policy created or updated; for an attachment, the target's id. */
  id?: string;
}

/** The outcome of {@link applyBaseline}. @public */
export interface BaselineApplyResult {
  /** What the apply changed, in order. Empty when the organization already matched. */
  applied: AppliedBaselineChange[];
  /** What differs and was left alone (extra OUs and attachments, accounts placed elsewhere). */
  reported: BaselineChange[];
}

/** Options of {@link applyBaseline} and {@link previewBaseline}. @public */
export interface BaselineApplyOptions {
  /** Reads the live organization; default: a full crawl with the same client. */
  readSnapshot?: () => Promise<OrgSnapshot>;
  signal?: AbortSignal;
  /** Called after each change is made (progress for long applies). */
  onApplied?: (change: AppliedBaselineChange) => void;
}

async function snapshotOf(
  client: OrganizationsClient,
  options: BaselineApplyOptions,
) {
  if (options.readSnapshot) return options.readSnapshot();
  return (await crawlOrganization(client, { signal: options.signal })).snapshot;
}

/** The changes `applyBaseline` would make, and what it would only report. Changes nothing. @public */
export async function previewBaseline(
  client: OrganizationsClient,
  model: OrgModel,
  options: BaselineApplyOptions = {},
): Promise<{ changes: BaselineChange[]; snapshot: OrgSnapshot }> {
  const snapshot = await snapshotOf(client, options);
  return { changes: planBaseline(snapshot, model), snapshot };
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string })?.name;
}

/** An apply that stopped part way: the changes made before the error are in `applied`. @public */
export class BaselineApplyError extends Error {
  constructor(
    readonly cause: unknown,
    readonly applied: AppliedBaselineChange[],
  ) {
    const name = errorName(cause);
    const message = cause instanceof Error ? cause.message : String(cause);
    super(
      `The baseline apply stopped after ${applied.length} change${
        applied.length === 1 ? '' : 's'
      }: ${name && !message.includes(name) ? `${name}: ` : ''}${message}`,
    );
    this.name = 'BaselineApplyError';
  }
}

/**
 * Applies the baseline: reads the live organization, plans, then enables policy types, creates and updates
 * policies, creates OUs (parents first) and attaches policies, in that order. Idempotent: a change that AWS reports
 * as already made (a type already enabled, an attachment already there) counts as done, and running again finds
 * nothing to do. Stops at the first error, after the changes already made (which are in the error's `applied`).
 * @public
 */
export async function applyBaseline(
  client: OrganizationsClient,
  model: OrgModel,
  options: BaselineApplyOptions = {},
): Promise<BaselineApplyResult> {
  const { changes, snapshot } = await previewBaseline(client, model, options);
  // One typed door for the commands below; each call site names the output shape it reads.
  const rawSend = client.send.bind(client) as unknown as (
    command: unknown,
    opts: { abortSignal?: AbortSignal },
  ) => Promise<unknown>;
  const send = <T = unknown>(command: unknown) =>
    rawSend(command, { abortSignal: options.signal }) as Promise<T>;

  const root = snapshot.nodes.find(n => n.kind === 'root');
  if (!root) {
    throw new Error(
      'The organization has no root: check that the credentials belong to the management account.',
    );
  }
  // Ids by OU path and by policy name, filled in as the apply creates things.
  const byId = new Map(snapshot.nodes.map(n => [n.id, n]));
  const pathOf = (id: string): string => {
    const n = byId.get(id)!;
    return n.parentId ? `${pathOf(n.parentId)}/${n.name}` : 'Root';
  };
  const nodeIds = new Map<string, string>();
  for (const n of snapshot.nodes)
    if (n.kind !== 'account') nodeIds.set(pathOf(n.id), n.id);
  const policyIds = new Map(
    snapshot.policies.map(p => [`${p.type}:${p.name}`, p.id]),
  );
  const typeOf = new Map(model.spec.policies.map(p => [p.name, p.type]));

  const applied: AppliedBaselineChange[] = [];
  const reported: BaselineChange[] = [];
  const done = (change: AppliedBaselineChange) => {
    applied.push(change);
    options.onApplied?.(change);
  };

  const findPolicyId = async (
    name: string,
    type: string,
  ): Promise<string | undefined> => {
    let token: string | undefined;
    do {
      const page = await send<{
        Policies?: { Id?: string; Name?: string }[];
        NextToken?: string;
      }>(new ListPoliciesCommand({ Filter: type as never, NextToken: token }));
      const hit = page.Policies?.find(p => p.Name === name);
      if (hit?.Id) return hit.Id;
      token = page.NextToken;
    } while (token);
    return undefined;
  };
  const findOuId = async (
    parentId: string,
    name: string,
  ): Promise<string | undefined> => {
    let token: string | undefined;
    do {
      const page = await send<{
        OrganizationalUnits?: { Id?: string; Name?: string }[];
        NextToken?: string;
      }>(
        new ListOrganizationalUnitsForParentCommand({
          ParentId: parentId,
          NextToken: token,
        }),
      );
      const hit = page.OrganizationalUnits?.find(o => o.Name === name);
      if (hit?.Id) return hit.Id;
      token = page.NextToken;
    } while (token);
    return undefined;
  };

  try {
    for (const change of changes) {
      switch (change.action) {
        case 'enable-policy-type': {
          try {
            await send(
              new EnablePolicyTypeCommand({
                RootId: root.id,
                PolicyType: change.policyType!,
              }),
            );
          } catch (error) {
            if (errorName(error) !== 'PolicyTypeAlreadyEnabledException')
              throw error;
          }
          done({ ...change, id: root.id });
          break;
        }
        case 'create-policy': {
          let id: string | undefined;
          try {
            const out = await send<{
              Policy?: { PolicySummary?: { Id?: string } };
            }>(
              new CreatePolicyCommand({
                Name: change.policyName!,
                Type: change.policyType!,
                Content: compactPolicyContent(change.content!),
                Description: change.description ?? '',
              }),
            );
            id = out.Policy?.PolicySummary?.Id;
          } catch (error) {
            // Made by a run that stopped before recording it: bring it to the baseline's content instead.
            if (errorName(error) !== 'DuplicatePolicyException') throw error;
            id = await findPolicyId(change.policyName!, change.policyType!);
            if (!id) throw error;
            await send(
              new UpdatePolicyCommand({
                PolicyId: id,
                Content: compactPolicyContent(change.content!),
              }),
            );
          }
          policyIds.set(`${change.policyType}:${change.policyName}`, id!);
          done({ ...change, id });
          break;
        }
        case 'update-policy': {
          const id = policyIds.get(
            `${change.policyType}:${change.policyName}`,
          )!;
          await send(
            new UpdatePolicyCommand({
              PolicyId: id,
              Content: compactPolicyContent(change.content!),
              ...(change.description !== undefined
                ? { Description: change.description }
                : {}),
            }),
          );
          done({ ...change, id });
          break;
        }
        case 'create-ou': {
          const ouPath = change.path!;
          const slash = ouPath.lastIndexOf('/');
          const parentId = nodeIds.get(ouPath.slice(0, slash));
          const name = ouPath.slice(slash + 1);
          if (!parentId)
            throw new Error(
              `Cannot create OU ${ouPath}: its parent was not found or created.`,
            );
          let id: string | undefined;
          try {
            const out = await send<{ OrganizationalUnit?: { Id?: string } }>(
              new CreateOrganizationalUnitCommand({
                ParentId: parentId,
                Name: name,
              }),
            );
            id = out.OrganizationalUnit?.Id;
          } catch (error) {
            if (errorName(error) !== 'DuplicateOrganizationalUnitException')
              throw error;
            id = await findOuId(parentId, name);
            if (!id) throw error;
          }
          nodeIds.set(ouPath, id!);
          done({ ...change, id });
          break;
        }
        case 'attach-policy': {
          const targetId = change.nodeId ?? nodeIds.get(change.path!);
          const type = change.policyType ?? typeOf.get(change.policyName!);
          const policyId =
            policyIds.get(`${type}:${change.policyName}`) ??
            (await findPolicyId(change.policyName!, type!));
          if (!targetId || !policyId) {
            throw new Error(
              `Cannot attach ${change.policyName} to ${change.path}: the target or the policy was not found.`,
            );
          }
          try {
            await send(
              new AttachPolicyCommand({
                PolicyId: policyId,
                TargetId: targetId,
              }),
            );
          } catch (error) {
            if (errorName(error) !== 'DuplicatePolicyAttachmentException')
              throw error;
          }
          done({ ...change, id: targetId });
          break;
        }
        default:
          reported.push(change);
      }
    }
  } catch (error) {
    throw new BaselineApplyError(error, applied);
  }
  return { applied, reported };
}

/**
 * Reads an org model file (the baseline) and the policy files it names, relative to the file.
 * Throws {@link OrgModelError} listing every problem.
 * @public
 */
export function loadBaselineModel(file: string): OrgModel {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch {
    throw new OrgModelError(
      [
        {
          path: '(file)',
          message: `cannot read ${file}: the file does not exist or is not readable`,
        },
      ],
      file,
    );
  }
  return parseOrgModel(text, {
    source: file,
    readFile: rel =>
      fs.readFileSync(path.resolve(path.dirname(absolute), rel), 'utf8'),
  });
}

/** @public @deprecated use {@link BaselineApplyOptions} */
export type BaselineEngineOptions = BaselineApplyOptions;
