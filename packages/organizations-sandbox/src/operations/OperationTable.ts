/**
 * The table of AWS Organizations operations the sandbox answers: each resource family's file registers its handlers
 * here, marking those that change the organization (writes get the ConcurrentModificationException faults and are
 * persisted). Also what a handler works with: {@link OperationContext}.
 */
import type { FaultInjector } from '../FaultInjector';
import type { ResolvedLimits } from '../limits';
import type { OrgStore } from '../OrgStore';
import type { Input } from '../wire/input';
import type { Pager } from '../wire/paging';

/** Runs one operation on its input and returns the response body; throws an `OrganizationsError` to refuse. */
export type Handler = (input: Input) => Record<string, unknown>;

/** What every handler may use. */
export interface OperationContext {
  store: OrgStore;
  limits: ResolvedLimits;
  faults: FaultInjector;
  pager: Pager;
  now(): number;
  /** How long CreateAccount stays IN_PROGRESS. */
  createAccountDelayMs: number;
  /** How long CloseAccount stays PENDING_CLOSURE before SUSPENDED. */
  closeAccountDelayMs: number;
}

export class OperationTable {
  private readonly handlers = new Map<string, Handler>();
  private readonly writes = new Set<string>();

  /** Registers an operation that only reads. */
  read(name: string, handler: Handler): void {
    this.add(name, handler);
  }

  /** Registers an operation that changes the organization. */
  write(name: string, handler: Handler): void {
    this.add(name, handler);
    this.writes.add(name);
  }

  private add(name: string, handler: Handler) {
    if (this.handlers.has(name))
      throw new Error(`Operation ${name} is registered twice`);
    this.handlers.set(name, handler);
  }

  get(name: string): Handler | undefined {
    return this.handlers.get(name);
  }

  isWrite(name: string): boolean {
    return this.writes.has(name);
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
