import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  policyDocumentSize,
  type EffectivePoliciesResponse,
  type InheritedLevel,
  type NodeResponse,
  type OrgNode,
  type OrgPolicy,
  type OrgSnapshot,
  type PolicyResponse,
  type PolicySummary,
  type TreeNode,
  type TreeResponse,
} from '@internal/plugin-ai-governance-common';
import { effectivePolicies } from './effectivePolicies';

type NodeRef = Pick<OrgNode, 'id' | 'kind' | 'name'>;

function ref(node: OrgNode): NodeRef {
  return { id: node.id, kind: node.kind, name: node.name };
}

/**
 * Everything the read routes serve, computed once per snapshot: the `GET /tree` body as JSON and gzip with its
 * ETag, and indexes for `GET /nodes/{id}` and `GET /policies/{id}`.
 */
export class SnapshotView {
  readonly snapshot: OrgSnapshot;
  /** False when the crawl that took the snapshot was interrupted (see TreeResponse.complete). */
  readonly complete: boolean;
  readonly treeJson: Buffer;
  readonly treeGzip: Buffer;
  readonly etag: string;
  readonly #nodes = new Map<string, OrgNode>();
  readonly #summaries = new Map<string, PolicySummary>();
  readonly #policies = new Map<string, OrgPolicy>();
  readonly #targets = new Map<string, NodeRef[]>();
  /** Effective policies per account, computed on first request and kept with this snapshot. */
  readonly #effective = new Map<string, EffectivePoliciesResponse>();

  constructor(snapshot: OrgSnapshot, complete = true) {
    this.snapshot = snapshot;
    this.complete = complete;
    for (const node of snapshot.nodes) {
      this.#nodes.set(node.id, node);
      for (const id of node.policyIds) {
        const list = this.#targets.get(id) ?? [];
        list.push(ref(node));
        this.#targets.set(id, list);
      }
    }
    for (const policy of snapshot.policies) {
      this.#policies.set(policy.id, policy);
      const { content, ...rest } = policy;
      this.#summaries.set(policy.id, {
        ...rest,
        targetCount: this.#targets.get(policy.id)?.length ?? 0,
        size: policyDocumentSize(content),
      });
    }
    const tree: TreeResponse = {
      organization: snapshot.organization,
      nodes: snapshot.nodes.map(node => {
        const policyIdsByType: TreeNode['policyIdsByType'] = {};
        for (const id of node.policyIds) {
          const type = this.#policies.get(id)?.type;
          if (type) (policyIdsByType[type] ??= []).push(id);
        }
        return { ...node, policyIdsByType };
      }),
      policies: [...this.#summaries.values()],
      snapshotTime: snapshot.capturedAt,
      complete,
    };
    this.treeJson = Buffer.from(JSON.stringify(tree));
    this.treeGzip = gzipSync(this.treeJson, { level: 9 });
    this.etag = `"${createHash('sha256')
      .update(this.treeJson)
      .digest('base64url')
      .slice(0, 27)}"`;
  }

  hasNode(id: string) {
    return this.#nodes.has(id);
  }

  #attached(node: OrgNode): PolicySummary[] {
    return node.policyIds
      .map(id => this.#summaries.get(id))
      .filter((p): p is PolicySummary => p !== undefined);
  }

  /** The nodes from the root down to a node (inclusive); empty when unknown. */
  #chain(id: string): OrgNode[] {
    const chain: OrgNode[] = [];
    const seen = new Set<string>();
    for (
      let n: OrgNode | undefined = this.#nodes.get(id);
      n && !seen.has(n.id);
      n = n.parentId ? this.#nodes.get(n.parentId) : undefined
    ) {
      seen.add(n.id);
      chain.unshift(n);
    }
    return chain;
  }

  /**
   * An account's effective management policies, each value with the policies and operators behind it (computed
   * once per account and snapshot); undefined when no such node; `'not-account'` for a root or OU, for which AWS
   * computes no effective policy.
   */
  effectivePolicies(
    id: string,
  ): EffectivePoliciesResponse | 'not-account' | undefined {
    const node = this.#nodes.get(id);
    if (!node) return undefined;
    if (node.kind !== 'account') return 'not-account';
    let answer = this.#effective.get(id);
    if (!answer) {
      answer = effectivePolicies(
        this.#chain(id),
        this.#policies,
        this.snapshot.capturedAt,
      );
      this.#effective.set(id, answer);
    }
    return answer;
  }

  /** One node with its path from the root and what it inherits level by level; undefined when unknown. */
  node(id: string): NodeResponse | undefined {
    const node = this.#nodes.get(id);
    if (!node) return undefined;
    const chain = this.#chain(id);
    const inherited: InheritedLevel[] = chain.map(n => ({
      node: ref(n),
      policies: this.#attached(n),
    }));
    return {
      node,
      path: chain.map(ref),
      attached: this.#attached(node),
      inherited,
      snapshotTime: this.snapshot.capturedAt,
    };
  }

  /** One policy with its content and targets; undefined when unknown. */
  policy(id: string): PolicyResponse | undefined {
    const policy = this.#policies.get(id);
    if (!policy) return undefined;
    return {
      policy,
      targets: this.#targets.get(id) ?? [],
      snapshotTime: this.snapshot.capturedAt,
    };
  }
}
