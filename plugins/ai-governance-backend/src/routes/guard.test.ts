import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { aiGovernanceRefreshPermission } from '@internal/plugin-ai-governance-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { recordingAuditor } from '../services/accountRequests/__testUtils__/fakes';
import { createRouteGuard } from './guard';

function app(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const { auditor, events } = recordingAuditor();
  const work = jest.fn(async ({ res }: { res: express.Response }) => {
    res.json({ done: true });
    return { answered: true };
  });
  const { route } = createRouteGuard({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result }),
    auditor,
  });
  const router = Router();
  router.post(
    '/write/:id',
    route(
      {
        eventId: 'thing-write',
        meta: req => ({ id: req.params.id }),
        access: 'write',
        permission: aiGovernanceRefreshPermission,
      },
      work,
    ),
  );
  const server = express().use(router).use(mockErrorHandler());
  return { server, events, work };
}

describe('createRouteGuard', () => {
  it('runs the work for a permitted user and records the event with both metas', async () => {
    const { server, events, work } = app(AuthorizeResult.ALLOW);
    const res = await request(server).post('/write/x1');
    expect(res.status).toBe(200);
    expect(work).toHaveBeenCalledTimes(1);
    expect(events).toEqual([
      {
        eventId: 'thing-write',
        meta: { id: 'x1', answered: true },
        outcome: 'success',
      },
    ]);
  });

  it('refuses a write from a service, and a user without the permission, before the work, recording the failure', async () => {
    const { server, events, work } = app(AuthorizeResult.ALLOW);
    const service = await request(server)
      .post('/write/x1')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);

    const denied = app(AuthorizeResult.DENY);
    const user = await request(denied.server).post('/write/x2');
    expect(user.status).toBe(403);
    expect(user.body.error.message).toBe(
      `Missing permission ${aiGovernanceRefreshPermission.name}`,
    );
    expect(work).not.toHaveBeenCalled();
    expect(denied.work).not.toHaveBeenCalled();
    expect([...events, ...denied.events].map(e => e.outcome)).toEqual([
      'fail',
      'fail',
    ]);
  });
});
