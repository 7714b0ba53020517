/* What "Can it?" sends and how it reads the answer: the request built from the form, the statement that decided. */
import type {
  DecidingStatement,
  SimulationRequest,
  SimulationResult,
} from '@internal/plugin-ai-governance-common';

/** One row of the request-context editor: a condition key and its value(s), comma-separated. */
export interface ContextRow {
  key: string;
  value: string;
}

export function buildRequest(form: {
  target: string;
  action: string;
  resource: string;
  context: ContextRow[];
}): SimulationRequest {
  const context: Record<string, string | string[]> = {};
  for (const row of form.context) {
    const key = row.key.trim();
    if (!key) continue;
    const values = row.value
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    context[key] = values.length > 1 ? values : values[0] ?? '';
  }
  return {
    target: form.target.trim(),
    action: form.action.trim(),
    resource: form.resource.trim() || '*',
    ...(Object.keys(context).length ? { context } : {}),
  };
}

/** Which statement decided the final answer, if one did. */
export function decidingOf(result: SimulationResult): {
  statement?: DecidingStatement;
  levelName?: string;
} {
  if (result.decision === 'ExplicitDeny') {
    for (const level of result.levels) {
      const stmt = level.deciding.find(d => d.effect === 'Deny');
      if (level.decision === 'ExplicitDeny' && stmt) {
        return { statement: stmt, levelName: level.node.name };
      }
    }
  }
  if (result.decision === 'ImplicitDeny') {
    const level = result.levels.find(l => l.decision === 'ImplicitDeny');
    return { levelName: level?.node.name };
  }
  const allowing = [...result.levels]
    .reverse()
    .find(l => l.deciding.length > 0);
  return { statement: allowing?.deciding[0], levelName: allowing?.node.name };
}

/** The lines of a deciding statement in its policy document, when the evaluator located it. */
export function statementLines(
  statement: Pick<DecidingStatement, 'line' | 'endLine'>,
): { startLine: number; endLine: number } | undefined {
  return statement.line
    ? {
        startLine: statement.line,
        endLine: statement.endLine ?? statement.line,
      }
    : undefined;
}
