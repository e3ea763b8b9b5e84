import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { freshDatabase, type TestDatabase } from './helpers/database.js';
import { createTestApp, T0, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;

describe('staff roles', () => {
  let t: TestApp;
  let admin: Account;
  let ada: Account;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    ada = await t.makeUser('user', 'ada.lovelace@example.com');
  });
  afterAll(async () => t.close());

  it('admins find accounts by part of their email or name, and by role', async () => {
    const found = await t.call('GET', '/api/admin/users?query=LOVELACE', { token: admin.token });
    expect(found.status, found.raw).toBe(200);
    expect(found.body.map((u: { id: number }) => u.id)).toEqual([ada.id]);
    expect(found.body[0]).not.toHaveProperty('password_hash');
    const admins = await t.call('GET', '/api/admin/users?role=admin', { token: admin.token });
    expect(admins.body.map((u: { id: number }) => u.id)).toEqual([admin.id]);
    expect((await t.call('GET', '/api/admin/users?role=superuser', { token: admin.token })).status).toBe(422);
  });

  it('a new role counts from the next request with the same token, and is audited', async () => {
    const before = await t.call('GET', '/api/staff/events/1/door-pack', { token: ada.token });
    expect(before.status).toBe(403);

    const changed = await t.call('PUT', `/api/admin/users/${ada.id}/role`, { token: admin.token, body: { role: 'usher' } });
    expect(changed.status, changed.raw).toBe(200);
    expect(changed.body).toMatchObject({ id: ada.id, role: 'usher' });

    // The token issued while Ada was a customer now opens the door routes (404: no such showtime)…
    const after = await t.call('GET', '/api/staff/events/999999/door-pack', { token: ada.token });
    expect(after.status, after.raw).toBe(404);
    // …and still no admin route.
    expect((await t.call('GET', '/api/admin/users', { token: ada.token })).status).toBe(403);
    const me = await t.call('GET', '/api/auth/me', { token: ada.token });
    expect(me.body.role).toBe('usher');

    const audit = await t.call('GET', '/api/admin/audit?action=user.role_change', { token: admin.token });
    expect(audit.body[0]).toMatchObject({
      action: 'user.role_change',
      label: 'Role changed',
      actor_id: admin.id,
      target_type: 'user',
      target_id: String(ada.id),
      target_email: ada.email,
      details: { from: 'user', to: 'usher' },
      outcome: 'success',
    });

    // Back to a customer: the door is closed again on the very next request.
    await t.call('PUT', `/api/admin/users/${ada.id}/role`, { token: admin.token, body: { role: 'user' } });
    expect((await t.call('GET', '/api/staff/events/999999/door-pack', { token: ada.token })).status).toBe(403);
  });

  it('refuses an admin’s own role, a role the account has, an unknown role and an unknown account', async () => {
    const own = await t.call('PUT', `/api/admin/users/${admin.id}/role`, { token: admin.token, body: { role: 'user' } });
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('ROLE_CHANGE_REFUSED');
    const same = await t.call('PUT', `/api/admin/users/${ada.id}/role`, { token: admin.token, body: { role: 'user' } });
    expect(same.status).toBe(409);
    const unknown = await t.call('PUT', `/api/admin/users/${ada.id}/role`, { token: admin.token, body: { role: 'owner' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('body/role');
    const nobody = await t.call('PUT', '/api/admin/users/999999/role', { token: admin.token, body: { role: 'usher' } });
    expect(nobody.status).toBe(404);
    expect(nobody.body.code).toBe('USER_NOT_FOUND');
  });

  it('box office staff are exempt from the customer hold limits; ushers are not', async () => {
    const show = await t.makeShowtime(admin, { totalSeats: 25 });
    const box = await t.makeUser('box_office');
    const usher = await t.makeUser('usher');
    // Two holds of 6 seats each: 12 of one showtime, past the 10 a customer may hold at once.
    const holdSix = (who: Account, from: number) =>
      t.call('POST', '/api/book-seats', { token: who.token, body: { seat_ids: show.seatIds.slice(from, from + 6) } });
    expect((await holdSix(box, 0)).status).toBe(201);
    expect((await holdSix(box, 6)).status).toBe(201);
    expect((await holdSix(usher, 12)).status).toBe(201);
    const refused = await holdSix(usher, 18);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('HOLD_LIMIT');
  });
});

describe('migration 013: roles by reference, tickets for bookings already paid', () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('keeps every account, refuses unknown roles from then on, and issues tickets for confirmed bookings', async () => {
    database = await freshDatabase('012-hall-shapes');
    const k = database.db.kysely;
    const user = await k
      .insertInto('users')
      .values({ email: 'old@example.com', password_hash: 'x', full_name: 'Old', role: 'admin', is_active: 1, created_at: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const movie = await k
      .insertInto('movies')
      .values({ title: 'Old film', created_at: T0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await k
      .insertInto('events')
      .values({
        movie_id: movie.id,
        start_time: T0 + 1e7,
        end_time: T0 + 2e7,
        base_price: 1000,
        currency: 'USD',
        total_seats: 3,
        created_at: T0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seats = await k
      .insertInto('seats')
      .values(
        ['A1', 'A2', 'A3'].map((label, i) => ({
          event_id: event.id,
          row_label: 'A',
          row_index: 0,
          number: i + 1,
          label,
          category: 'standard',
          factor_bp: 10_000,
          price: 1000,
          status: 'available' as const,
        })),
      )
      .returning('id')
      .execute();
    const booking = (status: 'confirmed' | 'pending', reference: string) =>
      k
        .insertInto('bookings')
        .values({
          reference,
          user_id: user.id,
          event_id: event.id,
          status,
          total_amount: 2000,
          currency: 'USD',
          expires_at: T0,
          created_at: T0,
          paid_at: status === 'confirmed' ? T0 + 5 : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const paid = await booking('confirmed', 'PAIDPAID');
    const held = await booking('pending', 'HELDHELD');
    const [s1, s2, s3] = seats.map((s) => s.id) as [number, number, number];
    await k
      .insertInto('booking_seats')
      .values([
        { booking_id: paid.id, seat_id: s1, label: 'A1', price: 1000 },
        { booking_id: paid.id, seat_id: s2, label: 'A2', price: 1000, cancelled_at: T0 + 9 },
        { booking_id: held.id, seat_id: s3, label: 'A3', price: 1000 },
      ])
      .execute();

    await migrateToLatest(database.db);

    expect(await k.selectFrom('users').select(['email', 'role']).execute()).toEqual([
      { email: 'old@example.com', role: 'admin' },
    ]);
    expect((await k.selectFrom('roles').select('name').orderBy('name').execute()).map((r) => r.name)).toEqual([
      'admin',
      'box_office',
      'user',
      'usher',
    ]);
    const tickets = await k
      .selectFrom('tickets')
      .select(['booking_id', 'seat_id', 'seat_label', 'status', 'issued_at'])
      .execute();
    expect(tickets).toEqual([{ booking_id: paid.id, seat_id: s1, seat_label: 'A1', status: 'valid', issued_at: T0 + 5 }]);

    // The role is now checked against the roles table: an unknown one is refused by the database.
    await expect(
      k
        .insertInto('users')
        .values({
          email: 'x@example.com',
          password_hash: 'x',
          full_name: 'X',
          role: 'owner' as 'user',
          is_active: 1,
          created_at: T0,
        })
        .execute(),
    ).rejects.toThrow();
    // A new role is a row, not a rebuild.
    await k.insertInto('roles').values({ name: 'projectionist' }).execute();
    await k
      .insertInto('users')
      .values({
        email: 'p@example.com',
        password_hash: 'x',
        full_name: 'P',
        role: 'projectionist' as 'user',
        is_active: 1,
        created_at: T0,
      })
      .execute();
    // One live ticket per seat: issuing a second one for a sold seat fails.
    await expect(
      k
        .insertInto('tickets')
        .values({ booking_id: held.id, event_id: event.id, seat_id: s1, seat_label: 'A1', status: 'valid', issued_at: T0 })
        .execute(),
    ).rejects.toThrow();
  });
});
