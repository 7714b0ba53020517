/**
 * AWS JSON 1.1 framing over HTTP: the `X-Amz-Target` prefix that names an AWS Organizations operation, JSON bodies
 * read within a size limit and the document limits, and responses with AWS's content type and request id.
 */
import { randomUUID } from 'crypto';
import { IncomingMessage, ServerResponse } from 'http';
import { documentLimitProblem } from '@internal/plugin-ai-governance-common';

/** `X-Amz-Target: AWSOrganizationsV20161128.<Operation>` */
export const TARGET_PREFIX = 'AWSOrganizationsV20161128.';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/x-amz-json-1.1',
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

/** A body over MAX_BODY_BYTES: answered 413, and the connection closed. */
class BodyTooLargeError extends Error {}

/** A body that is not UTF-8: answered 400, never decoded with replacement characters (that would store them). */
class BodyNotUtf8Error extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new BodyTooLargeError(
            `The request body is over ${MAX_BODY_BYTES} bytes, the sandbox's limit.`,
          ),
        );
        // Stop keeping the body; the 413 goes out and the connection closes.
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(
          new BodyNotUtf8Error(
            'The request body is not valid UTF-8; AWS JSON 1.1 bodies are UTF-8 JSON.',
          ),
        );
      }
    });
    req.on('error', reject);
  });
}

/**
 * Reads a JSON body that must be an object within the document limits (depth, count; see DOCUMENT_LIMITS). Answers
 * 413 or 400 itself and returns undefined when it is not.
 */
export async function readJsonObject(
  req: IncomingMessage,
  res: ServerResponse,
  refuse: (status: number, message: string) => void,
): Promise<Record<string, unknown> | undefined> {
  let body: unknown;
  try {
    const text = await readBody(req);
    body = text.trim() ? JSON.parse(text) : {};
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      res.setHeader('Connection', 'close');
      refuse(413, error.message);
    } else if (error instanceof BodyNotUtf8Error) refuse(400, error.message);
    else refuse(400, 'The request body is not valid JSON.');
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    refuse(400, 'The request body must be a JSON object.');
    return undefined;
  }
  const problem = documentLimitProblem(body, 'The request body');
  if (problem) {
    refuse(400, `${problem}.`);
    return undefined;
  }
  return body as Record<string, unknown>;
}
