/*
 * The demo backend's root HTTP router: Backstage's defaults, except that error answers never carry a stack trace.
 * Backstage's error handlers (the root's and each plugin's own) put stack traces in every error answer when NODE_ENV
 * is development, as `yarn start` runs this backend, and a stack names the server's files and lines to whoever sent
 * a bad request. The log keeps them: errors of 500 and above are still logged with their stack.
 */
import {
  rootHttpRouterServiceFactory,
  type RootHttpRouterConfigureContext,
} from '@backstage/backend-defaults/rootHttpRouter';

type JsonObject = { [key: string]: unknown };
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A serialized error without its stack, and its causes without theirs. */
function withoutStack(error: JsonObject): JsonObject {
  const { stack: _stack, cause, ...rest } = error;
  return cause === undefined
    ? rest
    : { ...rest, cause: isObject(cause) ? withoutStack(cause) : cause };
}

/**
 * Backstage's error answer (`{ error, request, response: { statusCode } }`, ErrorResponseBody) without stack traces;
 * any other body as it is.
 */
export function errorBodyWithoutStacks(body: unknown): unknown {
  if (
    !isObject(body) ||
    !isObject(body.error) ||
    !isObject(body.response) ||
    typeof body.response.statusCode !== 'number'
  ) {
    return body;
  }
  return { ...body, error: withoutStack(body.error) };
}

/** Middleware: every JSON answer after it goes through {@link errorBodyWithoutStacks}, whichever router sends it. */
export function stripErrorStacks() {
  return (
    _req: unknown,
    res: { json: (body: unknown) => unknown },
    next: () => void,
  ) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => json(errorBodyWithoutStacks(body));
    next();
  };
}

/** Backstage's default configuration, with {@link stripErrorStacks} first and `showStackTraces: false`. */
export function configureWithoutStackTraces(
  context: Pick<
    RootHttpRouterConfigureContext,
    'app' | 'middleware' | 'applyDefaults'
  >,
): void {
  const { app, middleware, applyDefaults } = context;
  app.use(stripErrorStacks());
  const error = middleware.error.bind(middleware);
  middleware.error = (options = {}) =>
    error({ ...options, showStackTraces: false });
  applyDefaults();
}

export const rootHttpRouterWithoutStackTraces = rootHttpRouterServiceFactory({
  configure: configureWithoutStackTraces,
});
