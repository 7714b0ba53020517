import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  configureWithoutStackTraces,
  errorBodyWithoutStacks,
  stripErrorStacks,
} from './httpRouter';

const logger: LoggerService = {
  error: jest.fn(),
  warn: jest.fn(),
  info: jest.fn(),
  debug: jest.fn(),
  child: () => logger,
};

/** The body the error handler that `configure` installs answers for `error`, with NODE_ENV development. */
function answer(configure: typeof configureWithoutStackTraces | undefined) {
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger,
  });
  let handler: ReturnType<MiddlewareFactory['error']> | undefined;
  const applyDefaults = () => {
    handler = middleware.error();
  };
  const app: any = { use: jest.fn() };
  if (configure) configure({ app, middleware, applyDefaults });
  else applyDefaults();
  let status = 0;
  let body: any;
  const res: any = {
    headersSent: false,
    status(code: number) {
      status = code;
      return res;
    },
    json(value: unknown) {
      body = value;
      return res;
    },
  };
  handler!(
    new InputError('bad request body'),
    { method: 'POST', url: '/api/x' } as any,
    res,
    jest.fn(),
  );
  return { status, body };
}

describe('configureWithoutStackTraces', () => {
  const nodeEnv = process.env.NODE_ENV;
  beforeEach(() => {
    process.env.NODE_ENV = 'development';
  });
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('answers errors with their message and no stack, where Backstage’s default shows it in development', () => {
    const defaults = answer(undefined);
    expect(defaults.body.error.stack).toEqual(expect.any(String));

    const ours = answer(configureWithoutStackTraces);
    expect(ours.status).toBe(400);
    expect(ours.body.error).toEqual({
      name: 'InputError',
      message: 'bad request body',
    });
    expect(JSON.stringify(ours.body)).not.toMatch(/stack|\.ts:\d+/);
  });
});

describe('stripErrorStacks', () => {
  it('takes the stack out of an error answer sent by any router, its causes too, and leaves other answers alone', () => {
    const sent: unknown[] = [];
    const res = { json: (body: unknown) => sent.push(body) };
    const next = jest.fn();
    stripErrorStacks()({}, res, next);
    expect(next).toHaveBeenCalledTimes(1);

    res.json({
      error: {
        name: 'AuthenticationError',
        message: 'Missing credentials',
        stack:
          'AuthenticationError: Missing credentials\n    at f (file.ts:1:2)',
        cause: { name: 'Error', message: 'inner', stack: 'Error: inner' },
      },
      request: { method: 'GET', url: '/tree' },
      response: { statusCode: 401 },
    });
    res.json({ stack: 'a field of an ordinary answer', items: [] });
    expect(sent).toEqual([
      {
        error: {
          name: 'AuthenticationError',
          message: 'Missing credentials',
          cause: { name: 'Error', message: 'inner' },
        },
        request: { method: 'GET', url: '/tree' },
        response: { statusCode: 401 },
      },
      { stack: 'a field of an ordinary answer', items: [] },
    ]);
    expect(errorBodyWithoutStacks('text')).toBe('text');
  });
});
