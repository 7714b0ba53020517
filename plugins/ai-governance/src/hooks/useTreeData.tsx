/* The organization's tree, loaded once for every view of the page. */
import { useApi } from '@backstage/core-plugin-api';
import type { TreeResponse } from '@internal/plugin-ai-governance-common';
import { createContext, ReactNode, useContext, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { aiGovernanceApiRef } from '../api';
import { buildTreeIndex, TreeIndex } from '../lib/tree';

export interface TreeData {
  loading: boolean;
  error?: Error;
  tree?: TreeResponse;
  index?: TreeIndex;
  retry(): void;
}

const TreeDataContext = createContext<TreeData | undefined>(undefined);

/** Loads the tree once for every view of the page. */
export function TreeDataProvider(props: { children: ReactNode }) {
  const api = useApi(aiGovernanceApiRef);
  const state = useAsyncRetry(() => api.getTree(), [api]);
  const index = useMemo(
    () => (state.value ? buildTreeIndex(state.value) : undefined),
    [state.value],
  );
  const value = useMemo<TreeData>(
    () => ({
      loading: state.loading,
      error: state.error,
      tree: state.value,
      index,
      retry: state.retry,
    }),
    [state.loading, state.error, state.value, index, state.retry],
  );
  return (
    <TreeDataContext.Provider value={value}>
      {props.children}
    </TreeDataContext.Provider>
  );
}

export function useTreeData(): TreeData {
  const ctx = useContext(TreeDataContext);
  if (!ctx) throw new Error('useTreeData must be used inside TreeDataProvider');
  return ctx;
}

/** The tree data when a provider is present, otherwise undefined (for views used outside the page). */
export function useOptionalTreeData(): TreeData | undefined {
  return useContext(TreeDataContext);
}
