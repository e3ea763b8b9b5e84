import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVED_CARD, createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Audit log": admin actions and booking state changes are recorded with who, what,
 * which target, when and from where; only admins read the log; the database refuses to change it.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;
type Response = Awaited<ReturnType<TestApp['call']>>;
type Entry = {
  id: number;
  at: string;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
};

let t: TestApp;
let admin: User;
let user: User;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  user = await t.makeUser();
});
afterAll(async () => t.close());

async function auditLog(query = ''): Promise<Entry[]> {
  const res = await t.call('GET', `/api/admin/audit${query}`, { token: admin.token });
  expect(res.status, res.raw).toBe(200);
  return res.body;
}

describe('GET /api/admin/audit', () => {
  it('records every admin action and booking change with actor, action, target, time and ip', async () => {
    const at = (ms: number) => new Date(ms).toISOString();
    const expected: { action: string; actor: User; target: string; at: string }[] = [];
    const step = async (action: string, actor: User, send: () => Promise<Response>, target: (b: Response['body']) => unknown) => {
      t.clock.advance(1000);
      const res = await send();
      expect(res.status, `${action}: ${res.raw}`).toBeLessThan(300);
      expected.push({ action, actor, target: String(target(res.body)), at: at(t.clock.now()) });
      return res.body;
    };
    const call = (actor: User, method: string, url: string, body?: unknown) => () =>
      t.call(method, url, { token: actor.token, body });

    const movie = await step(
      'movie.create',
      admin,
      call(admin, 'POST', '/api/admin/movies', { title: 'Audited', duration_minutes: 90 }),
      (b) => b.id,
    );
    await step(
      'movie.update',
      admin,
      call(admin, 'PUT', `/api/admin/movies/${movie.id}`, { title: 'Audited 2' }),
      () => movie.id,
    );
    const hall = await step(
      'hall.create',
      admin,
      call(admin, 'POST', '/api/admin/halls', { name: 'Audit Hall', rows: 2, seats_per_row: 3 }),
      (b) => b.id,
    );
    await step('hall.update', admin, call(admin, 'PUT', `/api/admin/halls/${hall.id}`, { name: 'Audit Hall 2' }), () => hall.id);
    const start = new Date(t.clock.now() + 48 * HOUR).toISOString();
    const event = await step(
      'event.create',
      admin,
      call(admin, 'POST', '/api/admin/events', { movie_id: movie.id, hall_id: hall.id, start_time: start, price: 10 }),
      (b) => b.event_id,
    );
    await step(
      'event.update',
      admin,
      call(admin, 'PUT', `/api/admin/events/${event.event_id}`, { price: 12 }),
      () => event.event_id,
    );
    const seats = (await t.call('GET', `/api/events/${event.event_id}/seats`)).body.seats.map(
      (s: { seat_id: number }) => s.seat_id,
    );
    const held = await step(
      'booking.hold',
      user,
      call(user, 'POST', '/api/book-seats', { seat_ids: [seats[0]] }),
      (b) => b.booking_reference,
    );
    await step(
      'booking.confirm',
      user,
      call(user, 'POST', '/api/confirm-payment', { booking_reference: held.booking_reference, payment: APPROVED_CARD }),
      () => held.booking_reference,
    );
    await step(
      'booking.cancel',
      user,
      call(user, 'POST', '/api/cancel-booking', { booking_reference: held.booking_reference }),
      () => held.booking_reference,
    );
    const other = await step(
      'booking.hold',
      user,
      call(user, 'POST', '/api/book-seats', { seat_ids: [seats[1]] }),
      (b) => b.booking_reference,
    );
    // An admin cancelling someone's booking is recorded as the admin.
    await step(
      'booking.cancel',
      admin,
      call(admin, 'POST', '/api/cancel-booking', { booking_reference: other.booking_reference }),
      () => other.booking_reference,
    );
    await step('event.delete', admin, call(admin, 'DELETE', `/api/admin/events/${event.event_id}`), () => event.event_id);
    await step('movie.delete', admin, call(admin, 'DELETE', `/api/admin/movies/${movie.id}`), () => movie.id);
    await step('hall.delete', admin, call(admin, 'DELETE', `/api/admin/halls/${hall.id}`), () => hall.id);

    const log = (await auditLog('?limit=500')).reverse(); // oldest first
    expect(log.map((e) => e.action)).toEqual(expected.map((e) => e.action));
    for (const [i, want] of expected.entries()) {
      const entry = log[i] as Entry;
      expect(entry, want.action).toMatchObject({
        action: want.action,
        actor_id: want.actor.id,
        actor_email: want.actor.email,
        target_id: want.target,
        at: want.at,
        ip: '127.0.0.1',
      });
      expect(entry.target_type).toBe(want.action.split('.')[0]);
      // Booking changes are written by the store in their own transaction, with what changed;
      // admin actions by the route, with the request that made them.
      expect(entry.details).toMatchObject(
        want.action === 'booking.hold'
          ? { seat_ids: expect.any(Array), amount: expect.any(Number) }
          : want.action.startsWith('booking.')
            ? {}
            : { method: expect.any(String), path: expect.stringMatching(/^\/api\//), status: expect.any(Number) },
      );
    }
    // The log holds no secrets: no card numbers, no tokens.
    const raw = JSON.stringify(log);
    expect(raw).not.toContain('4242');
    expect(raw).not.toContain(user.token);

    // Filters.
    const cancels = await auditLog('?action=booking.cancel');
    expect(cancels).toHaveLength(2);
    expect((await auditLog(`?actor_id=${user.id}`)).every((e) => e.actor_id === user.id)).toBe(true);
    expect((await auditLog('?target_type=hall')).map((e) => e.action).sort()).toEqual([
      'hall.create',
      'hall.delete',
      'hall.update',
    ]);
  });

  it('refused requests, replays and reads are not recorded as changes', async () => {
    const before = (await auditLog('?limit=500')).length;
    expect((await t.call('POST', '/api/admin/movies', { token: admin.token, body: { title: '' } })).status).toBe(422);
    expect((await t.call('DELETE', '/api/admin/movies/999999', { token: admin.token })).status).toBe(404);
    expect((await t.call('POST', '/api/admin/movies', { token: user.token, body: { title: 'Nope' } })).status).toBe(403);
    await t.call('GET', '/api/admin/movies', { token: admin.token });
    expect((await auditLog('?limit=500')).length).toBe(before);
  });

  it('is for admins only: a user gets 403, no token 401', async () => {
    const asUser = await t.call('GET', '/api/admin/audit', { token: user.token });
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe('FORBIDDEN');
    expect((await t.call('GET', '/api/admin/audit')).status).toBe(401);
  });
});

describe('the audit log is append-only in the database', () => {
  it('UPDATE and DELETE on audit_log throw (both dialects), and the rows are unchanged', async () => {
    const k = t.db.kysely;
    const before = await k.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(before.length).toBeGreaterThan(0);
    const first = before[0]?.id as number;
    await expect(k.updateTable('audit_log').set({ action: 'forged' }).where('id', '=', first).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(k.updateTable('audit_log').set({ actor_id: null }).execute()).rejects.toThrow(/append-only/);
    await expect(k.deleteFrom('audit_log').where('id', '=', first).execute()).rejects.toThrow(/append-only/);
    await expect(k.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    // Inside a transaction too: nothing is half-applied.
    await expect(
      t.db.transaction(async (trx) => {
        await trx.insertInto('audit_log').values({ at: 1, action: 'x', target_type: 'x', details: '{}' }).execute();
        await trx.deleteFrom('audit_log').execute();
      }),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(k)).rejects.toThrow(/append-only/);
    expect(await k.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
