import { afterEach, describe, expect, it } from 'vitest';
import { authThrottles } from '../src/server/plugins/security.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Login throttling and account probing": which address the per-address limits see.
 * Real sockets (listen on port 0), so the peer address is really 127.0.0.1, and the
 * X-Forwarded-For header is whatever the client chose to send. The registration limit (30 per
 * 10 minutes per address) is the probe: bodies that fail validation still count, and cost nothing.
 */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function listening(trustProxy: string[]) {
  t = await createTestApp({ config: { trustProxy } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  return (forwardedFor: string) =>
    fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: '{}',
    }).then((response) => response.status);
}

/** Uses up one address's registration budget (every answer a 422, counted all the same). */
async function exhaust(register: (forwardedFor: string) => Promise<number>, forwardedFor: string) {
  const statuses = [];
  for (let i = 0; i < authThrottles.registerByIp.max; i++) statuses.push(await register(forwardedFor));
  expect(new Set(statuses)).toEqual(new Set([422]));
  expect(await register(forwardedFor)).toBe(429);
}

describe('TRUST_PROXY and the per-address limits', () => {
  it('unset: X-Forwarded-For from any client is ignored, so two different values share one limit', async () => {
    const register = await listening([]);
    await exhaust(register, '203.0.113.1');
    expect(await register('198.51.100.7')).toBe(429);
  });

  it('TRUST_PROXY=127.0.0.1 (the real peer): two different forwarded clients get separate limits', async () => {
    const register = await listening(['127.0.0.1']);
    await exhaust(register, '203.0.113.1');
    expect(await register('198.51.100.7')).toBe(422);
    expect(await register('203.0.113.1')).toBe(429);
  });

  it('TRUST_PROXY=127.0.0.1 trusts only that hop: an untrusted address in the chain is the client, whatever is left of it', async () => {
    const register = await listening(['127.0.0.1']);
    // 10.9.9.9 handed the request to the trusted proxy; what it claims before itself is not believed.
    await exhaust(register, '203.0.113.1, 10.9.9.9');
    expect(await register('198.51.100.7, 10.9.9.9')).toBe(429);
  });

  it('TRUST_PROXY=10.0.0.0/8 (not the real peer 127.0.0.1): X-Forwarded-For is ignored', async () => {
    const register = await listening(['10.0.0.0/8']);
    await exhaust(register, '203.0.113.1');
    expect(await register('198.51.100.7')).toBe(429);
  });
});

describe('IPv6 clients and the per-address limits', () => {
  /** A sign-in from `remoteAddress` (in process, so the peer address is whatever the test says). */
  const signInFrom = (app: TestApp, remoteAddress: string) =>
    app.app
      .inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email: 'x' } })
      .then((response) => response.statusCode);

  it('two addresses in one /64 share the sign-in limit; an address in another /64 has its own', async () => {
    t = await createTestApp();
    const max = authThrottles.loginByIp.max;
    const statuses = [];
    // Alternating between two addresses of 2001:db8::/64: one budget between them.
    for (let i = 0; i < max; i++) statuses.push(await signInFrom(t, i % 2 === 0 ? '2001:db8::1' : '2001:db8::2'));
    expect(new Set(statuses)).toEqual(new Set([422]));
    expect(await signInFrom(t, '2001:db8::2')).toBe(429);
    expect(await signInFrom(t, '2001:db8::3')).toBe(429);
    expect(await signInFrom(t, '2001:db8:0:0:ffff:ffff:ffff:ffff')).toBe(429);
    expect(await signInFrom(t, '2001:db8:0:1::1')).toBe(422);
    expect(await signInFrom(t, '2001:db9::1')).toBe(422);
    const keys = (await t.db.kysely.selectFrom('rate_counters').select('key').execute()).map((row) => row.key);
    expect(keys).toContain('per-address:POST /api/auth/login:2001:db8:0:0::/64');
  });
});
