/**
 * A test backend plugin with the id `ai-governance` that mounts one route file's routes on a router, given the core
 * services every route file takes (credentials, permissions, audit), for route tests through `startTestBackend`.
 */
import {
  coreServices,
  createBackendPlugin,
  type AuditorService,
  type HttpAuthService,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import type { Router as ExpressRouter } from 'express';

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
