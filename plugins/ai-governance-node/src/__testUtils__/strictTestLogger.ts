import type { LoggerService } from '@backstage/backend-plugin-api';

/** One recorded log call. */
export interface LoggedLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: unknown;
}

/**
 * A logger for tests that records every call and fails on unbound calls: `const { info } = logger; info('x')`
 * (or passing `logger.info` as a callback) throws, as it would lose `this` with a real Winston logger.
 */
export class StrictTestLogger implements LoggerService {
  readonly lines: LoggedLine[] = [];

  error(message: string, meta?: unknown): void {
    StrictTestLogger.record(this, 'error', message, meta);
  }
  warn(message: string, meta?: unknown): void {
    StrictTestLogger.record(this, 'warn', message, meta);
  }
  info(message: string, meta?: unknown): void {
    StrictTestLogger.record(this, 'info', message, meta);
  }
  debug(message: string, meta?: unknown): void {
    StrictTestLogger.record(this, 'debug', message, meta);
  }
  child(_meta: unknown): LoggerService {
    if (!(this instanceof StrictTestLogger)) {
      throw new Error(
        'logger.child was called without its logger (unbound call)',
      );
    }
    return this;
  }

  /** Every message, one string per call. */
  get messages(): string[] {
    return this.lines.map(l => l.message);
  }

  text(): string {
    return this.messages.join('\n');
  }

  private static record(
    self: unknown,
    level: LoggedLine['level'],
    message: string,
    meta?: unknown,
  ) {
    if (!(self instanceof StrictTestLogger)) {
      throw new Error(
        `logger.${level} was called without its logger (unbound call): call logger.${level}(...) or bind it`,
      );
    }
    if (typeof message !== 'string') {
      throw new Error(
        `logger.${level} was called with a ${typeof message}, not a string`,
      );
    }
    self.lines.push({ level, message, meta });
  }
}
