// The OpenAPI file and the routers cannot drift: every route the plugin's routers serve is an operation of
// src/schema/openapi.yaml with the same method and path, and every operation there is served.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Router } from 'express';
import type { AccountRequestService } from '../services/accountRequests/AccountRequestService';
import type { InventoryManager } from '../services/inventory/InventoryManager';
import { createAccountRequestRouter } from '../routes/accountRequestRoutes';
import { createRouter } from '../routes/router';

/** A layer of an Express router's stack, as far as this test reads it. */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  name?: string;
  handle?: { stack?: Layer[] };
  regexp?: { fast_slash?: boolean };
}

/** `method path` of every route a router serves, with Express's `:id` written as OpenAPI's `{id}`. */
function served(router: Router): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') {
            routes.push(
              `${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`,
            );
          }
        }
      } else if (layer.name === 'router' && layer.handle?.stack) {
        // A nested router mounted under a path would need that prefix, which the stack does not keep readably.
        if (!layer.regexp?.fast_slash) {
          throw new Error(
            'a router is mounted under a path: give this test its prefix',
          );
        }
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return routes;
}

/** `method path` of every operation in the OpenAPI file (paths at two spaces, methods at four, as it is written). */
function described(text: string): string[] {
  const operations: string[] = [];
  let path = '';
  for (const line of text.split('\n')) {
    const p = /^ {2}(\/\S*):\s*$/.exec(line);
    if (p) path = p[1];
    const m = /^ {4}(get|put|post|delete|patch|head|options):\s*$/.exec(line);
    if (m && path) operations.push(`${m[1]} ${path}`);
    if (/^\S/.test(line)) path = '';
  }
  return operations;
}

describe('src/schema/openapi.yaml', () => {
  it('describes exactly the routes the plugin serves, with their methods', async () => {
    const services = {
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
    };
    const routers = [
      // The handlers are never called: an inventory and a service are only needed to build the routers.
      await createRouter({
        ...services,
        logger: mockServices.logger.mock(),
        inventory: {} as InventoryManager,
      }),
      createAccountRequestRouter({
        ...services,
        service: {} as AccountRequestService,
        userInfo: mockServices.userInfo(),
      }),
    ];
    const routes = routers.flatMap(served);
    const spec = described(
      readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'),
    );

    expect(routes.length).toBeGreaterThan(10);
    expect(new Set(routes).size).toBe(routes.length);
    const missingFromSpec = routes.filter(r => !spec.includes(r));
    const notServed = spec.filter(o => !routes.includes(o));
    expect({ missingFromSpec, notServed }).toEqual({
      missingFromSpec: [],
      notServed: [],
    });
  });
});
