/**
 * Paging of list operations as AWS does it: `MaxResults` from 1 to 20, and an opaque `NextToken` that is valid only
 * for the same call (operation and key). Faults may hand out an empty page that still carries a token.
 */
import { Errors } from '../errors';
import type { Input } from './input';

const PAGE_MAX = 20;

/** One page of a list, and the token for the next when there is more. */
export interface Page<T> {
  items: T[];
  NextToken?: string;
}

export class Pager {
  private tokenSeq = 0;

  /** @param emptyPage - whether a fault turns this page of `operation` into an empty one */
  constructor(private readonly emptyPage: (operation: string) => boolean) {}

  /** Pages `items` by MaxResults and NextToken; `key` names the list within the operation (e.g. its parent id). */
  page<T>(operation: string, key: string, items: T[], input: Input): Page<T> {
    const max = maxResults(input);
    let offset = 0;
    if (input.NextToken !== undefined && input.NextToken !== null) {
      const invalid = () =>
        Errors.invalidInput(
          'INVALID_NEXT_TOKEN',
          'The NextToken you provided is not valid. Pass the NextToken from the previous response of the same call.',
        );
      if (typeof input.NextToken !== 'string') throw invalid();
      try {
        const t = JSON.parse(
          Buffer.from(input.NextToken, 'base64url').toString('utf8'),
        );
        if (
          t.op !== operation ||
          t.key !== key ||
          !Number.isInteger(t.offset) ||
          t.offset < 0
        )
          throw invalid();
        offset = t.offset;
      } catch {
        throw invalid();
      }
    }
    const token = (o: number) =>
      Buffer.from(
        JSON.stringify({ op: operation, key, offset: o, n: this.tokenSeq++ }),
      ).toString('base64url');
    if (offset < items.length && this.emptyPage(operation)) {
      return { items: [], NextToken: token(offset) };
    }
    const slice = items.slice(offset, offset + max);
    const next = offset + max < items.length ? token(offset + max) : undefined;
    return next ? { items: slice, NextToken: next } : { items: slice };
  }
}

function maxResults(input: Input): number {
  if (input.MaxResults === undefined || input.MaxResults === null)
    return PAGE_MAX;
  const m = input.MaxResults;
  if (typeof m !== 'number' || !Number.isInteger(m)) {
    throw Errors.invalidInput(
      'INVALID_INPUT',
      'MaxResults must be an integer from 1 to 20.',
    );
  }
  if (m < 1)
    throw Errors.invalidInput(
      'MIN_VALUE_EXCEEDED',
      'You provided a value for MaxResults that is less than 1.',
    );
  if (m > PAGE_MAX)
    throw Errors.invalidInput(
      'MAX_VALUE_EXCEEDED',
      `You provided a value for MaxResults that is greater than ${PAGE_MAX}.`,
    );
  return m;
}
