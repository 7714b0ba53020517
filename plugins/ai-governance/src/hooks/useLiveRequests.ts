/* Account-request data kept current: reloaded on a signal, or polled while something may still change. */
import { useSignal } from '@backstage/plugin-signals-react';
import { DependencyList, useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** The signals channel the backend publishes on at every transition of an account request. */
export const ACCOUNT_REQUESTS_CHANNEL = 'ai-governance:account-requests';

/** How often to ask again while something shown may still change and no signal can tell us. */
export const POLL_INTERVAL_MS = 10_000;

/**
 * With signals the page hears every transition; it still asks now and then in case the signal connection dropped
 * (the signals client reconnects, but messages sent meanwhile are lost).
 */
export const POLL_INTERVAL_WITH_SIGNALS_MS = 60_000;

export interface LiveState<T> {
  /** The last answer, kept while a reload is under way or after a reload failed. */
  value?: T;
  /** Set when the last load failed. */
  error?: Error;
  /** True until the first answer (or error). */
  loading: boolean;
  /** Loads again now. */
  reload(): void;
}

/**
 * Loads something about account requests and keeps it current: again on every message on the account requests
 * signal channel, and every {@link POLL_INTERVAL_MS} while `live(value)` says something shown may still change.
 */
export function useLiveRequests<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  live: (value: T) => boolean,
): LiveState<T> {
  const state = useAsyncRetry(load, deps);
  const { lastSignal, isSignalsAvailable } = useSignal(
    ACCOUNT_REQUESTS_CHANNEL,
  );

  // A failed reload keeps what was shown (with the error beside it) rather than blanking the page.
  const lastGood = useRef<T | undefined>(undefined);
  if (state.value !== undefined) lastGood.current = state.value;
  const value = state.value ?? lastGood.current;

  // useAsyncRetry's retry is a no-op while a load is in flight: ask again once it ends.
  const pending = useRef(false);
  const retry = useRef(state.retry);
  retry.current = state.retry;
  const loadingNow = useRef(state.loading);
  loadingNow.current = state.loading;
  const reload = useRef(() => {
    if (loadingNow.current) pending.current = true;
    else retry.current();
  }).current;
  useEffect(() => {
    if (!state.loading && pending.current) {
      pending.current = false;
      retry.current();
    }
  }, [state.loading]);

  useEffect(() => {
    if (lastSignal) reload();
  }, [lastSignal, reload]);

  const isLive = value !== undefined && live(value);
  useEffect(() => {
    if (!isLive) return undefined;
    const timer = setInterval(
      reload,
      isSignalsAvailable ? POLL_INTERVAL_WITH_SIGNALS_MS : POLL_INTERVAL_MS,
    );
    return () => clearInterval(timer);
  }, [isLive, isSignalsAvailable, reload]);

  return {
    value,
    error: state.error,
    loading: state.loading && value === undefined,
    reload,
  };
}
