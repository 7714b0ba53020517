/* Formatting for the views: ages, decision labels, and finding a statement's lines in a document. */
import type { Decision } from '@internal/plugin-ai-governance-common';

export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return 'never';
  }
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

export function ageSeconds(iso: string | null | undefined, now = Date.now()) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : (now - t) / 1000;
}

export const DECISION_LABELS: Record<Decision, string> = {
  Allowed: 'Allowed',
  ExplicitDeny: 'Denied (explicit deny)',
  ImplicitDeny: 'Denied (nothing allows it)',
};

/**
 * Finds the lines of one statement in a policy document when the engine did not give them: by its Sid, else by its
 * position in the Statement array. Returns 1-based inclusive lines.
 */
export function findStatementLines(
  content: string,
  statementIndex: number,
  sid?: string,
): { startLine: number; endLine: number } | undefined {
  const lines = content.split('\n');
  // Character offset where each statement object starts, found by walking the JSON with a brace counter.
  const stmtKey = content.search(/"Statement"\s*:/);
  if (stmtKey < 0) return undefined;
  const starts: Array<{ start: number; end: number }> = [];
  let i = content.indexOf(':', stmtKey) + 1;
  while (i < content.length && /\s/.test(content[i])) i++;
  const single = content[i] === '{';
  let depth = 0;
  let inString = false;
  let objStart = -1;
  for (; i < content.length; i++) {
    const c = content[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (c === '{' && depth === (single ? 0 : 1)) objStart = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (c === '}' && depth === (single ? 0 : 1) && objStart >= 0) {
        starts.push({ start: objStart, end: i });
        objStart = -1;
        if (single) break;
      }
      if (depth === 0) break;
    }
  }
  let found = starts[statementIndex];
  if (sid) {
    const bySid = starts.find(s =>
      new RegExp(
        `"Sid"\\s*:\\s*"${sid.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`,
      ).test(content.slice(s.start, s.end)),
    );
    if (bySid) found = bySid;
  }
  if (!found) return undefined;
  const lineOf = (offset: number) =>
    content.slice(0, offset).split('\n').length;
  const startLine = lineOf(found.start);
  const endLine = Math.min(lineOf(found.end), lines.length);
  return { startLine, endLine };
}
