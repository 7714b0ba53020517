/**
 * How the plugin's routes read request bodies and the JSON documents inside them, so hostile bodies get a 4xx that
 * says what to send instead of being read in a way the caller did not mean:
 * - {@link jsonBody}: a body must be JSON (`Content-Type: application/json`), at most `limit`, and UTF-8. Without the
 *   content type check express.json skips the body and the route sees `{}` (a text/plain POST /refresh crawled the
 *   whole organization); without the UTF-8 check bytes that are not UTF-8 became replacement characters.
 * - {@link withinJsonBounds}: a JSON object sent as a policy document is at most so deep and, written out, so long,
 *   checked without recursion (100,000 levels of nesting overflowed JSON.stringify's stack: a 500).
 * - {@link notFoundRoute}: a path no route has answers a JSON 404 rather than an empty one.
 */
import { InputError, NotFoundError } from '@backstage/errors';
import express, { type RequestHandler } from 'express';

/** The error express.json's `verify` throws: its `status` makes the error handler answer 400. */
class NotUtf8Error extends InputError {
  readonly status = 400;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An error with a status the error handler uses (express's 415). */
function unsupportedMediaType(message: string): Error {
  return Object.assign(new Error(message), {
    name: 'UnsupportedMediaTypeError',
    status: 415,
    statusCode: 415,
  });
}

/**
 * The body parser of a route taking JSON: refuses another content type or charset (415) when there is a body, a body over
 * `limit` (413) and one that is not UTF-8 (400); no body reads as `{}`, as before.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const parse = express.json({
    limit,
    verify: (_req, _res, buffer) => {
      try {
        utf8.decode(buffer);
      } catch {
        throw new NotUtf8Error(
          'The request body is not valid UTF-8: send JSON text encoded as UTF-8',
        );
      }
    },
  });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 ||
      req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is('application/json')) {
      next(
        unsupportedMediaType(
          `Send the body as JSON with Content-Type: application/json (got ${
            req.headers['content-type'] ? 'another content type' : 'none'
          })`,
        ),
      );
      return;
    }
    // body-parser would decode UTF-16 or UTF-32 as said, and the JSON error would quote the mojibake.
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
      req.headers['content-type'] ?? '',
    )?.[1];
    if (hasBody && charset && !/^utf-?8$/i.test(charset)) {
      next(
        unsupportedMediaType(
          'Send the body as UTF-8 JSON (Content-Type: application/json; charset=utf-8, or no charset)',
        ),
      );
      return;
    }
    next();
  };
  return [requireJson, parse];
}

/** Nesting deeper than any AWS policy document (statements, conditions, values: about 6 levels). */
export const MAX_DOCUMENT_DEPTH = 32;

/** True when `value` nests at most `maxDepth` levels of objects and arrays (checked without recursion). */
export function withinJsonDepth(
  value: unknown,
  maxDepth = MAX_DOCUMENT_DEPTH,
): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > maxDepth) return false;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return true;
}

/**
 * Undefined when `value` nests at most `maxDepth` levels of objects and arrays and its JSON text is at most
 * `maxLength` characters; else the problem, as a sentence.
 */
export function jsonBoundsProblem(
  value: unknown,
  maxLength: number,
  maxDepth = MAX_DOCUMENT_DEPTH,
): string | undefined {
  if (!withinJsonDepth(value, maxDepth)) {
    return `a policy document nests at most ${maxDepth} levels of objects and arrays`;
  }
  const length = JSON.stringify(value).length;
  if (length > maxLength) {
    return `a policy document is at most ${maxLength} characters as JSON text (this one is ${length})`;
  }
  return undefined;
}

/** True when {@link jsonBoundsProblem} finds none: for zod refinements. */
export function withinJsonBounds(
  value: unknown,
  maxLength: number,
  maxDepth = MAX_DOCUMENT_DEPTH,
): boolean {
  return jsonBoundsProblem(value, maxLength, maxDepth) === undefined;
}

/** The last handler of the plugin's router: a JSON 404 naming the path's method, for a path no route has. */
export function notFoundRoute(): RequestHandler {
  return (req, _res, next) => {
    next(
      new NotFoundError(
        `No ${req.method} route at this path of the AI Governance API; the routes are listed in its OpenAPI description (src/schema/openapi.yaml)`,
      ),
    );
  };
}
