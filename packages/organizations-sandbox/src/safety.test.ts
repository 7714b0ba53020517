/**
 * The sandbox's safety: it listens on loopback, answers only requests addressed to a loopback host (DNS rebinding),
 * and writes its state file atomically.
 */
import {
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { request } from 'http';
import { networkInterfaces, tmpdir } from 'os';
import { join } from 'path';
import { demoOrgModelPath, RunningSandbox, startSandbox } from '.';
import {
  hostOfHeader,
  hostRefusedBody,
  isAllowedHostHeader,
  isLoopbackAddress,
  urlHost,
} from './loopback';
import { readStateFile, writeFileAtomic } from './persistence';

let running: RunningSandbox | undefined;
let dir: string | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function parseOrText(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One raw HTTP request to the sandbox with the Host header a browser would send. */
function rawRequest(
  port: number,
  options: { host?: string; path?: string; target?: string; body?: string },
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-amz-json-1.1',
    };
    if (options.host !== undefined) headers.Host = options.host;
    if (options.target) {
      headers['X-Amz-Target'] = `AWSOrganizationsV20161128.${options.target}`;
    }
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: options.path ?? '/',
        headers,
        setHost: options.host === undefined ? false : undefined,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: parseOrText(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body ?? '{}');
  });
}

describe('Host header (DNS rebinding)', () => {
  it.each([
    ['localhost:4566', true],
    ['LOCALHOST', true],
    ['127.0.0.1:4566', true],
    ['127.8.9.10', true],
    ['[::1]:4566', true],
    ['[::1]', true],
    ['[::ffff:127.0.0.1]:80', true],
    ['evil.example:4566', false],
    ['127.0.0.1.evil.example', false],
    ['localhost.evil.example:4566', false],
    ['10.0.0.5:4566', false],
    ['[::2]:4566', false],
    ['[::1', false],
    ['', false],
    [undefined, false],
  ])('Host %p is allowed: %p', (header, allowed) => {
    expect(isAllowedHostHeader(header)).toBe(allowed);
  });

  it('accepts the extra names an operator allows', () => {
    expect(isAllowedHostHeader('sandbox:4566', ['sandbox'])).toBe(true);
    expect(isAllowedHostHeader('sandbox:4566')).toBe(false);
    expect(hostOfHeader('Sandbox.:80')).toBe('sandbox');
    expect(isLoopbackAddress('127.255.255.254')).toBe(true);
    expect(isLoopbackAddress('128.0.0.1')).toBe(false);
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('0.0.0.0')).toBe('127.0.0.1');
  });

  it('refuses a request addressed to another name with a 403 in the AWS JSON error shape, and changes nothing', async () => {
    running = await startSandbox({ seed: demoOrgModelPath });
    const before = running.sandbox.snapshot();
    const rootId = before.nodes.find(n => n.kind === 'root')!.id;
    const body = JSON.stringify({ ParentId: rootId, Name: 'Rebound' });

    const refused = await rawRequest(running.port, {
      host: `evil.example:${running.port}`,
      target: 'CreateOrganizationalUnit',
      body,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.__type).toBe('AccessDeniedException');
    expect(refused.body.message).toMatch(/loopback host/);
    expect(refused.body.message).toMatch(/DNS rebinding/);

    // The control API is guarded the same way.
    const faults = await rawRequest(running.port, {
      host: 'evil.example',
      path: '/_sandbox/faults',
      body: JSON.stringify({ throttleProbability: 1 }),
    });
    expect(faults.status).toBe(403);
    expect(running.sandbox.getFaults()).toEqual({});

    // Node's HTTP server itself refuses an HTTP/1.1 request without a Host header (400).
    const missing = await rawRequest(running.port, {
      target: 'ListRoots',
    });
    expect(missing.status).toBe(400);
    expect(hostRefusedBody(undefined).message).toMatch(/without a Host header/);

    expect({ ...running.sandbox.snapshot(), capturedAt: '' }).toEqual({
      ...before,
      capturedAt: '',
    });
    expect(running.sandbox.stats().totalCalls).toBe(0);

    // The same request addressed to a loopback name goes through.
    const served = await rawRequest(running.port, {
      host: `localhost:${running.port}`,
      target: 'CreateOrganizationalUnit',
      body,
    });
    expect(served.status).toBe(200);
    expect(served.body.OrganizationalUnit.Name).toBe('Rebound');
  });

  it('the AWS SDK sees AccessDeniedException when it addresses the sandbox by another name', async () => {
    running = await startSandbox({});
    const client = new OrganizationsClient({
      endpoint: running.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
    client.middlewareStack.add(
      next => async (args: any) => {
        args.request.headers.host = 'rebound.example';
        return next(args);
      },
      { step: 'finalizeRequest', name: 'reboundHost' },
    );
    await expect(client.send(new ListRootsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    client.destroy();
  });
});

/** Whether an HTTP request to this address and port gets any answer. */
function reaches(address: string, port: number): Promise<boolean> {
  return new Promise<boolean>(resolve => {
    const req = request(
      { host: address, port, path: '/', timeout: 2000 },
      res => {
        res.resume();
        resolve(true);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

describe('listening address', () => {
  it('listens on loopback by default: no other address of the machine reaches it', async () => {
    running = await startSandbox({});
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    expect(await reaches('127.0.0.1', running.port)).toBe(true);
    // Every non-loopback IPv4 address of this machine (none on an isolated runner) is refused.
    const external = Object.values(networkInterfaces())
      .flat()
      .filter(i => i && i.family === 'IPv4' && !i.internal)
      .map(i => i!.address);
    const reached = await Promise.all(
      external.map(a => reaches(a, running!.port)),
    );
    expect(reached.filter(Boolean)).toEqual([]);
  });
});

describe('state file', () => {
  it('is replaced whole on every change, with no temporary file left behind', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
    const file = join(dir, 'state.json');
    running = await startSandbox({ persistFile: file });
    const client = new OrganizationsClient({
      endpoint: running.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const rootId = (await client.send(new ListRootsCommand({}))).Roots![0].Id!;
    for (let i = 0; i < 5; i++) {
      await client.send(
        new CreateOrganizationalUnitCommand({
          ParentId: rootId,
          Name: `OU${i}`,
        }),
      );
      const state = readStateFile(file)!;
      expect(state.organizationalUnits.map(o => o.name)).toContain(`OU${i}`);
    }
    expect(readdirSync(dir)).toEqual(['state.json']);
    client.destroy();
  });

  it('keeps the previous file when a write fails, and says which file', () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
    const file = join(dir, 'state.json');
    writeFileAtomic(file, '{"version":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}');

    // Renaming over a folder fails: the old folder stays, and the temporary file is removed.
    const blocked = join(dir, 'blocked.json');
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'keep'), 'x');
    expect(() => writeFileAtomic(blocked, '{"version":2}')).toThrow(
      /Cannot write the sandbox state file .*blocked\.json.*previous state file is unchanged/,
    );
    expect(readdirSync(dir).sort()).toEqual(['blocked.json', 'state.json']);

    // A folder that does not exist: a clear error, nothing written.
    expect(() =>
      writeFileAtomic(join(dir!, 'missing', 'state.json'), '{}'),
    ).toThrow(/Cannot write the sandbox state file/);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}');
  });

  it('a corrupt state file is refused at start with what to do', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
    const file = join(dir, 'state.json');
    writeFileSync(file, '{"version":1,');
    await expect(startSandbox({ persistFile: file })).rejects.toThrow(
      /Cannot read the sandbox state file .*Delete it to start from the seed/,
    );
  });
});
