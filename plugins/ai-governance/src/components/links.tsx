/* The URLs of the dashboard's views, built from where the page is mounted. */
import { createContext, ReactNode, useContext, useMemo } from 'react';

/** Builds the URLs of the dashboard's views from the path the page is mounted at. */
export interface DashboardLinks {
  root(): string;
  node(id: string): string;
  policy(
    id: string,
    highlight?: { startLine: number; endLine: number },
  ): string;
  canIt(target?: string): string;
  whoCan(): string;
  drift(): string;
  /** The "What if?" tab, optionally with a change filled in (e.g. from a policy or an OU). */
  whatIf(prefill?: {
    op?: 'edit' | 'attach' | 'detach' | 'move';
    policy?: string;
    target?: string;
    account?: string;
  }): string;
  /** The "Account requests" tab. */
  requests(): string;
  /** One account request, with its history. */
  request(id: string): string;
}

export function makeLinks(basePath: string): DashboardLinks {
  const base = basePath.replace(/\/+$/, '');
  return {
    root: () => base || '/',
    node: id => `${base}/nodes/${encodeURIComponent(id)}`,
    policy: (id, highlight) =>
      `${base}/policies/${encodeURIComponent(id)}${
        highlight ? `?lines=${highlight.startLine}-${highlight.endLine}` : ''
      }`,
    canIt: target =>
      `${base}/can-it${target ? `?target=${encodeURIComponent(target)}` : ''}`,
    whoCan: () => `${base}/who-can`,
    drift: () => `${base}/drift`,
    whatIf: prefill => {
      const qs = new URLSearchParams(
        Object.entries(prefill ?? {}).filter(([, v]) => Boolean(v)) as Array<
          [string, string]
        >,
      ).toString();
      return `${base}/what-if${qs ? `?${qs}` : ''}`;
    },
    requests: () => `${base}/requests`,
    request: id => `${base}/requests/${encodeURIComponent(id)}`,
  };
}

const LinksContext = createContext<DashboardLinks>(makeLinks('/ai-governance'));

export function LinksProvider(props: {
  basePath: string;
  children: ReactNode;
}) {
  const value = useMemo(() => makeLinks(props.basePath), [props.basePath]);
  return (
    <LinksContext.Provider value={value}>
      {props.children}
    </LinksContext.Provider>
  );
}

export function useLinks(): DashboardLinks {
  return useContext(LinksContext);
}
