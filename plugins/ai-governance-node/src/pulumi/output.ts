import type { EngineEvent, OpType } from '@pulumi/pulumi/automation';

/**
 * Collects chunks of process output and hands out whole lines. Chunks split lines anywhere; a line is emitted
 * once its end arrives, and `flush` emits what is left.
 * @public
 */
export class LineBuffer {
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    const lines = text.split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      this.emit(line);
    }
  }

  flush(): void {
    if (this.pending) {
      const rest = this.pending;
      this.pending = '';
      this.emit(rest);
    }
  }

  private emit(line: string) {
    // Progress output redraws lines with carriage returns: keep the last state of the line.
    const visible = line.includes('\r')
      ? line.slice(line.lastIndexOf('\r') + 1)
      : line;
    // eslint-disable-next-line no-control-regex
    const plain = visible.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trimEnd();
    if (plain.trim()) {
      this.onLine(plain);
    }
  }
}

/**
 * Replaces secret values in text with `[secret]`. Knows the values it was given, and masks the shapes of
 * secrets that reach output without being known (AWS secret keys, passphrases and tokens in `NAME=value` form).
 * @public
 */
export class Redactor {
  private readonly values = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    this.add(secrets);
  }

  add(secrets: Iterable<string | undefined>): void {
    for (const secret of secrets) {
      // Very short values would mask ordinary words; such secrets are weak anyway.
      if (secret && secret.length >= 4) {
        this.values.add(secret);
      }
    }
  }

  redact(text: string): string {
    let out = text;
    const longestFirst = [...this.values].sort((a, b) => b.length - a.length);
    for (const value of longestFirst) {
      out = out.split(value).join('[secret]');
    }
    return out
      .replace(
        /\b((?:[A-Z0-9_]*(?:SECRET|PASSPHRASE|TOKEN|PASSWORD|SESSION)[A-Z0-9_]*)\s*[=:]\s*)("[^"]*"|\S+)/gi,
        '$1[secret]',
      )
      .replace(/\b(ASIA|AKIA)[A-Z0-9]{16}\b/g, '[secret]')
      .replace(/\bpul-[a-f0-9]{40}\b/g, '[secret]');
  }
}

/** Operations that replace or delete a resource. @public */
export const DESTRUCTIVE_OPS: readonly OpType[] = [
  'replace',
  'create-replacement',
  'delete-replaced',
  'delete',
  'discard',
  'discard-replaced',
  'import-replacement',
  'read-replacement',
];

const OP_WORDS: Partial<Record<OpType, string>> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  replace: 'replace',
  'create-replacement': 'create replacement of',
  'delete-replaced': 'delete replaced',
  read: 'read',
  import: 'import',
  refresh: 'refresh',
};

function shortUrn(urn: string): string {
  // urn:pulumi:stack::project::type::name
  const parts = urn.split('::');
  return parts.length >= 4 ? `${parts[2]} "${parts[3]}"` : urn;
}

/**
 * One short readable line for an engine event, or undefined for events not worth a line.
 * @public
 */
export function describeEngineEvent(event: EngineEvent): string | undefined {
  if (event.resourcePreEvent) {
    const meta = event.resourcePreEvent.metadata;
    if (meta.op === 'same' || meta.type === 'pulumi:pulumi:Stack') {
      return undefined;
    }
    const planning = event.resourcePreEvent.planning ? 'would ' : '';
    const diffs = meta.diffs?.length
      ? ` (changes ${meta.diffs.join(', ')})`
      : '';
    return `${planning}${OP_WORDS[meta.op] ?? meta.op} ${shortUrn(
      meta.urn,
    )}${diffs}`;
  }
  if (event.resOutputsEvent) {
    const meta = event.resOutputsEvent.metadata;
    if (meta.op === 'same' || meta.type === 'pulumi:pulumi:Stack') {
      return undefined;
    }
    if (event.resOutputsEvent.planning) {
      return undefined;
    }
    return `done: ${OP_WORDS[meta.op] ?? meta.op} ${shortUrn(meta.urn)}`;
  }
  if (event.resOpFailedEvent) {
    return `failed: ${event.resOpFailedEvent.metadata.op} ${shortUrn(
      event.resOpFailedEvent.metadata.urn,
    )}`;
  }
  if (event.diagnosticEvent) {
    const d = event.diagnosticEvent;
    if (d.ephemeral || (d.severity === 'info#err' && !d.message.trim())) {
      return undefined;
    }
    const message = d.message
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
      .replace(/<\{%[^%]*%\}>/g, '')
      .trim();
    if (!message) {
      return undefined;
    }
    return `${
      d.severity === 'info' || d.severity === 'info#err' ? 'info' : d.severity
    }: ${message}`;
  }
  if (event.summaryEvent) {
    const changes = Object.entries(event.summaryEvent.resourceChanges ?? {})
      .filter(([op]) => op !== 'same')
      .map(([op, count]) => `${count} ${op}`);
    return `summary: ${changes.length ? changes.join(', ') : 'no changes'} in ${
      event.summaryEvent.durationSeconds
    } s`;
  }
  if (event.policyEvent) {
    return `policy ${event.policyEvent.policyName}: ${event.policyEvent.message}`;
  }
  if (event.cancelEvent) {
    return 'operation finished';
  }
  return undefined;
}
