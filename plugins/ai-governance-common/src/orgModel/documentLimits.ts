/**
 * Limits on the YAML and JSON documents the product reads besides policies (org models, guardrail packs, request
 * bodies), and reading YAML within them.
 */
import {
  Document,
  isMap,
  isPair,
  isSeq,
  LineCounter,
  parseDocument,
} from 'yaml';

/**
 * Bounds on the YAML and JSON documents the product reads besides policies (org models, guardrail packs, the
 * sandbox's request bodies): far above what a real organization needs, low enough that a hostile file cannot
 * exhaust the stack, the memory or the time of whoever reads it.
 * @public
 */
export const DOCUMENT_LIMITS = {
  /** Characters of an org model file (a 10,000-account organization with its policies takes a few MB). */
  maxOrgModelLength: 8 * 1024 * 1024,
  /** Characters of a guardrail pack file or of one of its policy templates. */
  maxPackFileLength: 1024 * 1024,
  /** Lists and mappings nested in one another (an org model needs about 20: five OU levels). */
  maxDepth: 64,
  /** Values (scalars, lists, mappings) in one document. */
  maxValues: 1_000_000,
} as const;

function tooDeep(what: string): string {
  return `${what} nests lists and mappings more than ${DOCUMENT_LIMITS.maxDepth} levels deep, the limit`;
}

function tooMany(what: string): string {
  return `${what} holds more than ${DOCUMENT_LIMITS.maxValues} values, the limit`;
}

/**
 * Checks the nesting depth and the number of values of a parsed document (plain objects and arrays), without
 * recursion. Returns a message naming the limit that is exceeded, or undefined.
 * @public
 */
export function documentLimitProblem(
  value: unknown,
  what = 'The document',
): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let count = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++count > DOCUMENT_LIMITS.maxValues) return tooMany(what);
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= DOCUMENT_LIMITS.maxDepth) return tooDeep(what);
    for (const child of Array.isArray(v) ? v : Object.values(v))
      stack.push([child, depth + 1]);
  }
  return undefined;
}

/** The same checks on a YAML document's node tree, before it becomes JavaScript values. */
function yamlLimitProblem(doc: Document, what: string): string | undefined {
  const stack: Array<[unknown, number]> = [[doc.contents, 0]];
  let count = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++count > DOCUMENT_LIMITS.maxValues) return tooMany(what);
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= DOCUMENT_LIMITS.maxDepth) return tooDeep(what);
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1]);
        stack.push([item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Parses YAML text within DOCUMENT_LIMITS: the length first, then the parse (whose own stack guard reports
 * RESOURCE_EXHAUSTION), then depth and count, then the conversion to plain values (which limits aliases).
 * Returns the value or the problems, each naming the limit it exceeded.
 * @public
 */
export function parseYamlWithinLimits(
  text: string,
  maxLength: number,
  what: string,
  lineCounter?: LineCounter,
):
  | { doc: Document; value: unknown; problems?: undefined }
  | { problems: Array<{ message: string; line?: number }> } {
  if (text.length > maxLength) {
    return {
      problems: [
        {
          message: `${what} is ${text.length} characters; the limit is ${maxLength}`,
        },
      ],
    };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map(e => ({
        message:
          e.code === 'RESOURCE_EXHAUSTION'
            ? tooDeep(what)
            : `YAML syntax error: ${e.message.split('\n')[0]}`,
        line: e.linePos?.[0]?.line,
      })),
    };
  }
  const problem = yamlLimitProblem(doc, what);
  if (problem) return { problems: [{ message: problem }] };
  try {
    return { doc, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    // yaml refuses documents whose aliases would expand exponentially (a "billion laughs").
    return {
      problems: [
        {
          message: `${what} cannot be read: ${
            (error as Error).message
          } (at most 100 alias expansions)`,
        },
      ],
    };
  }
}
