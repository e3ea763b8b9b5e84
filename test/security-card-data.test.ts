import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyFingerprintsSchema } from '../src/db/migrations/005-idempotency-fingerprints.js';
import { APPROVED_CARD, createTestApp, DECLINED_CARD, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Response headers, CORS, errors and logs" (card data at rest): after approved,
 * declined and refused payments, with and without Idempotency-Key, no table holds a card number,
 * its last 12 digits, the cardholder's name, or a SHA-256 of the number or of the request body,
 * which could be brute-forced offline (a card number is 16 digits with a check digit, a CVC 3).
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

let t: TestApp;
let alice: User;
let seats: number[];
let nextSeat = 0;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.makeUser('admin');
  alice = await t.makeUser();
  seats = (await t.makeShowtime(admin, { rows: 5, perRow: 5, hoursAhead: 72 })).seatIds;
});
afterAll(async () => t.close());

async function hold(): Promise<string> {
  const res = await t.call('POST', '/api/book-seats', { token: alice.token, body: { seat_ids: [seats[nextSeat++]] } });
  expect(res.status, res.raw).toBe(201);
  return res.body.booking_reference;
}

/** Sends the body as exactly this text, so the test knows the bytes a fingerprint could be taken over. */
async function pay(rawBody: string, key?: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/confirm-payment',
    headers: {
      authorization: `Bearer ${alice.token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    payload: rawBody,
  });
  return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
}

/** What the service fingerprinted before keyed fingerprints: the body's JSON with sorted keys. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.entries(v)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
          .join(',')}}`
      : JSON.stringify(v);

const sha256Forms = (text: string) => {
  const digest = createHash('sha256').update(text).digest();
  return [digest.toString('hex'), digest.toString('hex').toUpperCase(), digest.toString('base64'), digest.toString('base64url')];
};

/** Every value of every column of every table of the test's database, as text. */
async function everyStoredValue(): Promise<{ where: string; text: string }[]> {
  const k = t.db.kysely;
  const columns =
    t.db.dialect === 'postgres'
      ? (
          await sql<{ table: string; column: string }>`select table_name as "table", column_name as "column"
            from information_schema.columns where table_schema = current_schema()`.execute(k)
        ).rows
      : (
          await sql<{ table: string; column: string }>`select m.name as "table", c.name as "column"
            from sqlite_master m join pragma_table_info(m.name) c where m.type = 'table'`.execute(k)
        ).rows;
  const out: { where: string; text: string }[] = [];
  for (const { table, column } of columns) {
    const rows = await sql<{ v: string | null }>`select cast(${sql.ref(column)} as text) as v from ${sql.table(table)}`.execute(
      k,
    );
    for (const row of rows.rows) if (row.v !== null) out.push({ where: `${table}.${column}`, text: row.v });
  }
  return out;
}

describe('card data at rest', () => {
  it('no table holds a card number, its last 12 digits, the holder, or a SHA-256 of the number or the body', async () => {
    const holder = 'Grace Q. Cardholder';
    const refused = { ...APPROVED_CARD, card_number: '4242 4242 4242 4241' }; // fails the Luhn check: 422
    const payments: { card: typeof APPROVED_CARD; key?: string; status: number }[] = [
      { card: APPROVED_CARD, key: 'pay-approved', status: 200 },
      { card: APPROVED_CARD, status: 200 },
      { card: DECLINED_CARD, key: 'pay-declined', status: 402 },
      { card: DECLINED_CARD, status: 402 },
      { card: refused, key: 'pay-refused', status: 422 },
    ];
    const bodies: string[] = [];
    for (const { card, key, status } of payments) {
      const raw = JSON.stringify({ booking_reference: await hold(), payment: { ...card, cardholder_name: holder } });
      bodies.push(raw);
      const res = await pay(raw, key);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (key) {
        // The key still works: the same request replays the first answer.
        const again = await pay(raw, key);
        expect(again.status).toBe(status);
        expect(again.headers['idempotent-replayed']).toBe('true');
      }
    }
    expect(await t.db.kysely.selectFrom('idempotency_keys').select('key').execute()).toHaveLength(3);

    const secrets: [string, string][] = [['the cardholder name', holder]];
    for (const { card } of payments) {
      const digits = card.card_number.replace(/\s/g, '');
      secrets.push(['a card number', card.card_number], ['a card number without spaces', digits]);
      secrets.push(['the last 12 digits of a card number', digits.slice(-12)]);
      for (const form of [...sha256Forms(digits), ...sha256Forms(card.card_number)]) {
        secrets.push([`the SHA-256 of ${card.card_number}`, form]);
      }
    }
    for (const raw of bodies) {
      for (const form of sha256Forms(raw)) secrets.push(['the SHA-256 of a request body as sent', form]);
      // What the service stored before: an unkeyed fingerprint of the whole body, card included.
      for (const form of sha256Forms(canonical(JSON.parse(raw)))) {
        secrets.push(['the SHA-256 of a request body in canonical form', form]);
      }
    }

    const stored = await everyStoredValue();
    // The scan reads what is there: the keys themselves, and the seat labels sold.
    expect(stored).toContainEqual({ where: 'idempotency_keys.key', text: 'pay-refused' });
    expect(stored.filter((s) => s.where === 'booking_seats.label').length).toBeGreaterThan(0);
    const found = stored.flatMap(({ where, text }) =>
      secrets.filter(([, secret]) => text.includes(secret)).map(([name]) => `${name} in ${where}`),
    );
    expect(found).toEqual([]);
  });

  it('a retry with the key and another card replays the first answer; another booking is 422', async () => {
    const reference = await hold();
    const first = await pay(JSON.stringify({ booking_reference: reference, payment: DECLINED_CARD }), 'card-swap');
    expect(first.status).toBe(402);
    const charges = t.payments.charges();
    // The card is not part of the fingerprint: the same key with another card is the same attempt.
    const swapped = await pay(JSON.stringify({ booking_reference: reference, payment: APPROVED_CARD }), 'card-swap');
    expect(swapped.status).toBe(402);
    expect(swapped.headers['idempotent-replayed']).toBe('true');
    expect(t.payments.charges()).toBe(charges);
    const other = await pay(JSON.stringify({ booking_reference: await hold(), payment: DECLINED_CARD }), 'card-swap');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('migration 005 deletes the confirm-payment keys stored with unkeyed fingerprints, and keeps the rest', async () => {
    const now = t.clock.now();
    const legacy = (route: string, key: string) => ({
      user_id: alice.id,
      route,
      key,
      request_hash: createHash('sha256').update(key).digest('hex'),
      status_code: 200,
      response_body: '{}',
      created_at: now,
      expires_at: now + 24 * HOUR,
    });
    await t.db.kysely
      .insertInto('idempotency_keys')
      .values([legacy('confirm-payment', 'legacy-pay'), legacy('book-seats', 'legacy-hold')])
      .execute();
    await idempotencyFingerprintsSchema(t.db.dialect).up(t.db.kysely);
    const left = await t.db.kysely.selectFrom('idempotency_keys').select(['route', 'key']).execute();
    expect(left.filter((row) => row.route === 'confirm-payment')).toEqual([]);
    expect(left).toContainEqual({ route: 'book-seats', key: 'legacy-hold' });
  });
});
