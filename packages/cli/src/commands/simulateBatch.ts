/**
 * `aigov simulate --requests FILE.jsonl`: many questions in one process, for CI. Each line of the file is one JSON
 * request (the body of POST /simulate, plus an optional `id` echoed back and an optional `expect`); each result is
 * one JSON line on stdout, in the order of the file. A line that cannot be read or evaluated gets an `error` line
 * naming its line number, and the batch goes on. The command line's request flags are defaults for every line.
 * This file reads the file and writes the results; a line is read in batchLine.ts, its expectation in
 * batchExpectation.ts.
 */
import fs from 'fs';
import path from 'path';
import {
  EvaluateOptions,
  OrgSnapshot,
  PolicyEngineError,
  simulate,
} from '@internal/plugin-ai-governance-common';
import { UsageError } from '../runCli';
import { EXPECTATION_NAMES, meetsExpectation } from './batchExpectation';
import {
  type BatchDefaults,
  isObject,
  LineError,
  parseBatchLine,
  type PolicyFileCache,
} from './batchLine';
import { requestEcho } from './requestParts';

/** The longest line read; a longer one is an error line (a request with its policies inline is far shorter). */
export const MAX_BATCH_LINE_LENGTH = 1_048_576;

/** The file's lines, each at most `maxLength` characters (a longer one comes back as `tooLong`, unread). */
export async function* readLines(
  file: string,
  maxLength: number,
): AsyncGenerator<{ text: string; tooLong: boolean }> {
  const stream = fs.createReadStream(file, {
    encoding: 'utf8',
    highWaterMark: 64 * 1024,
  });
  let current = '';
  let tooLong = false;
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      const piece = chunk.slice(start, nl < 0 ? undefined : nl);
      if (!tooLong) {
        if (current.length + piece.length > maxLength) {
          tooLong = true;
          current = '';
        } else current += piece;
      }
      if (nl < 0) break;
      yield { text: current.replace(/\r$/, ''), tooLong };
      current = '';
      tooLong = false;
      start = nl + 1;
    }
  }
  if (current !== '' || tooLong)
    yield { text: current.replace(/\r$/, ''), tooLong };
}

/** What a batch did: lines evaluated, lines in error, expectations not met. */
export interface BatchSummary {
  evaluated: number;
  errors: number;
  unmet: number;
}

/**
 * Evaluates every line of the requests file against the snapshot and writes one JSON result a line. Blank lines are
 * skipped (and keep their numbers). Errors that are not about a line (the file cannot be read) throw a UsageError.
 */
export async function runBatch(
  file: string,
  snapshot: OrgSnapshot,
  defaults: BatchDefaults,
  evaluateOptions: (action: string) => Promise<EvaluateOptions>,
  write: (line: string) => void,
): Promise<BatchSummary> {
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
  } catch (e) {
    throw new UsageError(
      `Cannot read the requests file ${file}: ${
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : (e as Error).message
      }.`,
    );
  }
  const baseDir = path.dirname(path.resolve(file));
  const files: PolicyFileCache = new Map();
  const summary: BatchSummary = { evaluated: 0, errors: 0, unmet: 0 };
  let lineNo = 0;
  for await (const { text, tooLong } of readLines(
    file,
    MAX_BATCH_LINE_LENGTH,
  )) {
    lineNo++;
    if (!tooLong && text.trim() === '') continue;
    let id: string | number | undefined;
    try {
      if (tooLong) {
        throw new LineError(
          `longer than ${MAX_BATCH_LINE_LENGTH} characters; put large policies in files ({"file": "policy.json"}).`,
        );
      }
      const parsed = parseBatchLine(text, defaults, baseDir, files);
      id = parsed.id;
      const options = await evaluateOptions(parsed.request.action);
      const result = simulate(snapshot, parsed.request, options);
      const out: Record<string, unknown> = { line: lineNo };
      if (id !== undefined) out.id = id;
      out.request = requestEcho(parsed.request);
      Object.assign(out, result);
      if (parsed.expect) {
        const ok = meetsExpectation(parsed.expect, result);
        out.expected = EXPECTATION_NAMES[parsed.expect];
        out.ok = ok;
        if (!ok) summary.unmet++;
      }
      summary.evaluated++;
      write(JSON.stringify(out));
    } catch (e) {
      if (!(e instanceof LineError) && !(e instanceof PolicyEngineError))
        throw e;
      summary.errors++;
      if (id === undefined) id = idOf(text);
      write(
        JSON.stringify({
          line: lineNo,
          ...(id !== undefined ? { id } : {}),
          error: `line ${lineNo}: ${e.message}`,
        }),
      );
    }
  }
  return summary;
}

/** The `id` of a line that failed after it was read as JSON, to help find it. */
function idOf(text: string): string | number | undefined {
  try {
    const raw = JSON.parse(text);
    const id = isObject(raw) ? raw.id : undefined;
    return typeof id === 'number' ||
      (typeof id === 'string' && id.length <= 256)
      ? id
      : undefined;
  } catch {
    return undefined;
  }
}
