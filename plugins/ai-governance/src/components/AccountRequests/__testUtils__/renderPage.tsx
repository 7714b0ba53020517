/* Test scaffolding for the account-request views: a fake API and signals, and the page rendered as a given user. */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { AiGovernanceApi, aiGovernanceApiRef } from '../../../api';
import { ADMIN, createFakeApi, ME } from '../../../testing/fixtures';
import { AiGovernancePage } from '../../AiGovernancePage';

type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/** A signals API the test drives: `emit` delivers a message to every subscriber of the channel. */
export function fakeSignals() {
  const subscribers = new Map<string, Set<(m: JsonObject) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as (m: JsonObject) => void);
      subscribers.set(channel, set);
      return {
        unsubscribe: () => set.delete(onMessage as (m: JsonObject) => void),
      };
    },
  };
  return {
    api,
    emit(channel: string, message: JsonObject) {
      for (const s of subscribers.get(channel) ?? []) s(message);
    },
    count: (channel: string) => subscribers.get(channel)?.size ?? 0,
  };
}

/** The fixture API with every method typed as the jest mock it is. */
export type FakeApi = jest.Mocked<AiGovernanceApi>;

export function fakeApi(): FakeApi {
  return createFakeApi() as unknown as FakeApi;
}

/**
 * Renders the AI Governance page at a path below it, as the given user, with the approve permission decided by
 * `canApprove` (every other permission allowed). The page reads no vending config: each request says its target OU
 * (the fixture's "AI Production" for production requests).
 */
export function renderPage(
  api: FakeApi,
  options: {
    path: string;
    user?: string;
    canApprove?: boolean | ((resourceRef?: string) => boolean);
    signals?: SignalApi;
  },
) {
  const { canApprove = false } = options;
  const permission = mockApis.permission({
    authorize: req => {
      if (req.permission.name === 'ai-governance.account-request.approve') {
        const ok =
          typeof canApprove === 'function'
            ? canApprove((req as { resourceRef?: string }).resourceRef)
            : canApprove;
        return ok ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
      }
      return AuthorizeResult.ALLOW;
    },
  });
  const identity = mockApis.identity({ userEntityRef: options.user ?? ME });
  const rest = {
    mountPath: '/ai-governance/*',
    initialRouteEntries: [options.path],
  };
  if (options.signals) {
    return renderInTestApp(<AiGovernancePage />, {
      apis: [
        [aiGovernanceApiRef, api],
        permission,
        identity,
        [signalApiRef, options.signals],
      ],
      ...rest,
    });
  }
  return renderInTestApp(<AiGovernancePage />, {
    apis: [[aiGovernanceApiRef, api], permission, identity],
    ...rest,
  });
}

export { ADMIN, ME };
