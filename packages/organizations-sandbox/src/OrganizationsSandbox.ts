/**
 * The sandbox's public face: one AWS Organizations with AWS's semantics, quotas and exceptions, answering calls by
 * operation name, with faults, call counters, snapshots and state export. Transport-free: `startSandbox` puts it
 * behind HTTP (AWS JSON 1.1). The operations themselves live in `operations/`, one file per resource family.
 */
import type {
  OrgModel,
  OrgSnapshot,
} from '@internal/plugin-ai-governance-common';
import { OrganizationsError, Errors } from './errors';
import { FaultInjector } from './FaultInjector';
import type { FaultOptions } from './faults';
import { resolveLimits, ResolvedLimits, SandboxLimits } from './limits';
import {
  buildOperationTable,
  completeAccountClosures,
  completeCreateAccountRequests,
  OperationTable,
} from './operations';
import { OrgStore } from './OrgStore';
import type { SandboxState } from './records';
import {
  exportStore,
  importStore,
  loadOrgModel,
  toOrgSnapshot,
} from './storeConversions';
import type { Input } from './wire/input';
import { Pager } from './wire/paging';

/** @public */
export interface OrganizationsSandboxOptions {
  /** The organization to start with (e.g. from `parseOrgModel` or `loadOrgModelFile`). Default: management only. */
  seed?: OrgModel;
  faults?: FaultOptions;
  /** How long CreateAccount stays IN_PROGRESS. Default 2,000 ms. */
  createAccountDelayMs?: number;
  /** How long CloseAccount stays PENDING_CLOSURE before SUSPENDED. Default 2,000 ms. */
  closeAccountDelayMs?: number;
  limits?: SandboxLimits;
  /** Called after every change of state (the server persists through it). */
  onChange?: () => void;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

/** Counters of API calls, for benchmarks and tests. @public */
export interface SandboxStats {
  /** Every API call received, throttled or not. */
  totalCalls: number;
  /** Calls per operation name. */
  calls: Record<string, number>;
  /** Calls answered with TooManyRequestsException. */
  throttled: number;
  /** Calls answered with an exception, per exception name (throttles included). */
  errors: Record<string, number>;
  /** ISO time counting started (the last reset). */
  since: string;
}

/** The outcome of one call. @public */
export interface SandboxResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

/** The organization a sandbox starts with when given no seed: the management account alone. */
const MANAGEMENT_ONLY: OrgModel = {
  apiVersion: 'ai-governance/v1',
  kind: 'Organization',
  spec: {
    managementAccount: {
      name: 'management',
      email: 'aws-management@example.com',
    },
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
    policies: [],
    root: {},
  },
};

/**
 * A local AWS Organizations: state, operations, faults and call counters.
 * @public
 */
export class OrganizationsSandbox {
  private readonly store = new OrgStore();
  private readonly faults: FaultInjector;
  private readonly limits: ResolvedLimits;
  private readonly now: () => number;
  private readonly onChange?: () => void;
  private readonly operationTable: OperationTable;
  private statsData!: SandboxStats;

  constructor(options: OrganizationsSandboxOptions = {}) {
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
    this.limits = resolveLimits(options.limits);
    this.faults = new FaultInjector(this.now);
    this.resetStats();
    this.setFaults(options.faults ?? {});
    loadOrgModel(this.store, options.seed ?? MANAGEMENT_ONLY);
    this.operationTable = buildOperationTable({
      store: this.store,
      limits: this.limits,
      faults: this.faults,
      pager: new Pager(operation => this.faults.emptyPage(operation)),
      now: this.now,
      createAccountDelayMs: options.createAccountDelayMs ?? 2000,
      closeAccountDelayMs: options.closeAccountDelayMs ?? 2000,
    });
  }

  /** The current organization, in the same shape `compileOrgModel` and the crawler produce. */
  snapshot(): OrgSnapshot {
    this.tick();
    return toOrgSnapshot(this.store, this.now());
  }

  /** Replaces the fault settings (an empty object clears every fault). Throws on invalid options. */
  setFaults(faults: FaultOptions): void {
    this.faults.set(faults);
  }

  /** The fault settings in force. */
  getFaults(): FaultOptions {
    return this.faults.get();
  }

  /** Counters of API calls since the last reset. */
  stats(): SandboxStats {
    return {
      ...this.statsData,
      calls: { ...this.statsData.calls },
      errors: { ...this.statsData.errors },
    };
  }

  resetStats(): void {
    this.statsData = {
      totalCalls: 0,
      calls: {},
      throttled: 0,
      errors: {},
      since: new Date(this.now()).toISOString(),
    };
  }

  /** Names of the operations the sandbox implements. */
  operations(): string[] {
    return this.operationTable.names();
  }

  /**
   * Handles one API call: counts it, applies faults (latency, rate, throttling, errors), runs the operation.
   * Never throws; exceptions come back as AWS error bodies.
   */
  async call(operation: string, input: Input): Promise<SandboxResponse> {
    this.statsData.totalCalls++;
    this.statsData.calls[operation] =
      (this.statsData.calls[operation] ?? 0) + 1;
    const writes = this.operationTable.isWrite(operation);
    try {
      await this.faults.beforeCall(operation, writes);
      const handler = this.operationTable.get(operation);
      if (!handler) throw Errors.unknownOperation(operation);
      this.tick();
      const body = handler(input ?? {});
      if (writes) this.onChange?.();
      return { statusCode: 200, body };
    } catch (e) {
      const error =
        e instanceof OrganizationsError
          ? e
          : new OrganizationsError(
              'ServiceException',
              `The sandbox failed: ${
                e instanceof Error ? e.message : String(e)
              }`,
              {},
              500,
            );
      this.statsData.errors[error.type] =
        (this.statsData.errors[error.type] ?? 0) + 1;
      if (error.type === 'TooManyRequestsException') this.statsData.throttled++;
      return { statusCode: error.statusCode, body: error.toBody() };
    }
  }

  /** The state as plain JSON, for persistence. */
  exportState(): SandboxState {
    this.tick();
    return exportStore(this.store);
  }

  /** Replaces the state with one from {@link OrganizationsSandbox.exportState}. */
  importState(state: SandboxState): void {
    importStore(this.store, state);
  }

  /** Completes CreateAccount requests and account closures whose time has come. */
  private tick() {
    const now = this.now();
    const created = completeCreateAccountRequests(this.store, this.limits, now);
    const closed = completeAccountClosures(this.store, now);
    if (created || closed) this.onChange?.();
  }
}
