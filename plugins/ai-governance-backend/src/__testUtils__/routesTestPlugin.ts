/**
 * A test backend plugin with the id `ai-governance` that mounts one route file's routes on a router, given the core
 * services every route file takes (credentials, permissions, audit), for route tests through `startTestBackend`;
 * `startRoutes` starts such a backend with every permission decided one way.
 */
import {
  coreServices,
  createBackendPlugin,
  type AuditorService,
  type HttpAuthService,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Router from 'express-promise-router';
import type { Router as ExpressRouter } from 'express';
import type { Server } from 'node:http';

/** The services a route file's `add…Routes` function needs. */
export interface RouteServices {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

export function routesTestPlugin(
  addRoutes: (router: ExpressRouter, services: RouteServices) => void,
) {
  return createBackendPlugin({
    pluginId: 'ai-governance',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          auditor: coreServices.auditor,
        },
        async init({ httpRouter, ...services }) {
          const router = Router();
          addRoutes(router, services);
          httpRouter.use(router);
        },
      });
    },
  });
}

/** Starts a test backend with the routes `addRoutes` adds and every permission answered `result`; answers its server. */
export async function startRoutes(
  addRoutes: (router: ExpressRouter, services: RouteServices) => void,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
): Promise<Server> {
  const { server } = await startTestBackend({
    features: [
      routesTestPlugin(addRoutes),
      mockServices.permissions.factory({ result }),
    ],
  });
  return server;
}
