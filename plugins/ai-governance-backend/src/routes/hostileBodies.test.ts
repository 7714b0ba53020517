/**
 * Bodies scripts/hostile-requests.mjs found answered wrongly, each now refused with a 4xx naming the problem: a
 * policy document sent as a JSON object nested 100,000 levels deep (POST /who-can and POST /what-if overflowed the
 * stack writing it out: 500), a what-if document sent as an object past the 20,000 characters its text form may have
 * (it was evaluated, for seconds), a body that is not JSON (read as `{}`) and one that is not UTF-8.
 */
import request from 'supertest';
import { startRoutes } from '../__testUtils__/routesTestPlugin';
import { smallSnapshot } from '../__testUtils__/smallSnapshot';
import { addPolicyRoutes } from './policyRoutes';
import { addWhatIfRoutes } from './whatIfRoutes';

const snapshot = smallSnapshot(`
  root:
    policies: [FullAWSAccess]
    organizationalUnits:
      - name: AI
        policies: [FullAWSAccess]
        accounts:
          - { name: ml-dev, email: ml-dev@example.com, id: '333333333333' }
`);

/** JSON text of an object whose Statement is `n` levels of arrays. */
const deepDocument = (n: number) =>
  `{"Statement":${'['.repeat(n)}${']'.repeat(n)}}`;

function start() {
  return startRoutes((router, services) => {
    addPolicyRoutes(router, { ...services, getSnapshot: async () => snapshot });
    addWhatIfRoutes(router, {
      ...services,
      getSnapshot: async () => snapshot,
      getBaseline: async () => {
        throw new Error('not read by these tests');
      },
    });
  });
}

const postRaw = async (path: string, text: string | Buffer) =>
  request(await start())
    .post(`/api/ai-governance${path}`)
    .set('Content-Type', 'application/json')
    .serialize(body => body)
    .send(text);

describe('hostile bodies', () => {
  it('refuses an identity policy nested 100,000 levels deep with 400 on /who-can and /simulate', async () => {
    for (const [path, head] of [
      ['/who-can', '"action":"s3:GetObject"'],
      ['/simulate', '"target":"333333333333","action":"s3:GetObject"'],
    ]) {
      const res = await postRaw(
        path,
        `{${head},"identityPolicies":[{"name":"deep","content":${deepDocument(
          100_000,
        )}}]}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /identityPolicies\.0\.content: a policy document nests at most 32 levels/,
      );
    }
  });

  it('says a policy over its size once, ending in one full stop', async () => {
    const res = await request(await start())
      .post('/api/ai-governance/simulate')
      .send({
        target: '333333333333',
        action: 's3:GetObject',
        // an object: its text form is measured after zod's string bound
        identityPolicies: [
          { name: 'big', content: { Sid: 'x'.repeat(70_000) } },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /at most 65536 are taken\. Fix the document\.$/,
    );
  });

  it('refuses a what-if document nested 100,000 levels deep with 400', async () => {
    const res = await postRaw(
      '/what-if',
      `{"changes":[{"op":"edit","policy":"FullAWSAccess","document":${deepDocument(
        100_000,
      )}}]}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /changes\.0\.document: a policy document nests at most 32 levels/,
    );
  });

  it('measures a what-if document sent as an object written out: past 20,000 characters is a 400', async () => {
    const statements = Array.from({ length: 400 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Deny',
      Action: `s3:Get${i}`,
      Resource: '*',
    }));
    const res = await request(await start())
      .post('/api/ai-governance/what-if')
      .send({
        changes: [
          {
            op: 'create',
            name: 'big',
            type: 'SERVICE_CONTROL_POLICY',
            document: { Version: '2012-10-17', Statement: statements },
            attachTo: ['AI'],
          },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /changes\.0\.document: a policy document is at most 20000 characters as JSON text \(this one is \d+\)/,
    );
  });

  it('says a bad query is the query, not the body', async () => {
    const res = await request(await start()).get(
      '/api/ai-governance/actions?prefix=',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid query: prefix: /);
  });

  it('refuses a text/plain body with 415 and bytes that are not UTF-8 with 400', async () => {
    const plain = await request(await start())
      .post('/api/ai-governance/lint')
      .set('Content-Type', 'text/plain')
      .send('{"content":"{}","type":"SCP"}');
    expect(plain.status).toBe(415);

    const bytes = await postRaw(
      '/lint',
      Buffer.concat([
        Buffer.from('{"type":"SCP","content":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    );
    expect(bytes.status).toBe(400);
    expect(bytes.body.error.message).toMatch(/not valid UTF-8/);
  });
});
