import { describe, expect, it } from 'vitest';
import {
  bcryptCost,
  categoryNames,
  choosePrice,
  decideOwnerChange,
  findPrototypeSchemaProblems,
  firstFreeHall,
  importedHallName,
  importedReference,
  layoutFingerprint,
  mapActive,
  mapRole,
  naiveUtcToMillis,
  normalizePrototypeEmail,
  type PrototypeSeat,
  parseSeatLabel,
  planShowtime,
  priceToMinorUnits,
} from './prototype-import.js';

const seat = (
  id: number,
  description: unknown,
  price: unknown,
  status = 'open',
  booking_reference: unknown = null,
): PrototypeSeat => ({
  id,
  description,
  price,
  status,
  booking_reference,
  locked_at: null,
});

describe('priceToMinorUnits', () => {
  it('reads the float as the decimal the admin typed and rounds half to even', () => {
    expect(priceToMinorUnits(15, 2)).toBe(1500);
    expect(priceToMinorUnits(12.5, 2)).toBe(1250);
    expect(priceToMinorUnits(0.1 + 0.2, 2)).toBe(30); // 0.30000000000000004
    expect(priceToMinorUnits(12.345, 2)).toBe(1234); // half, 4 is even: down
    expect(priceToMinorUnits(12.355, 2)).toBe(1236); // half, 5 is odd: up
    expect(priceToMinorUnits(12.3451, 2)).toBe(1235); // more than half: up
    expect(priceToMinorUnits(12.344, 2)).toBe(1234);
    expect(priceToMinorUnits(7.5, 0)).toBe(8);
    expect(priceToMinorUnits(6.5, 0)).toBe(6);
    expect(priceToMinorUnits('18.00', 2)).toBe(1800);
    expect(priceToMinorUnits(0, 2)).toBe(0);
  });

  it('refuses what is not a price', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 'twelve', null, undefined, {}, 1e22]) {
      expect(priceToMinorUnits(bad, 2)).toBeNull();
    }
  });
});

describe('naiveUtcToMillis', () => {
  it("reads SQLAlchemy's naive datetimes as UTC", () => {
    expect(naiveUtcToMillis('2030-05-01 19:30:00.000000')).toBe(Date.UTC(2030, 4, 1, 19, 30));
    expect(naiveUtcToMillis('2030-05-01 19:30:00')).toBe(Date.UTC(2030, 4, 1, 19, 30));
    expect(naiveUtcToMillis('2030-05-01T19:30:15.250')).toBe(Date.UTC(2030, 4, 1, 19, 30, 15, 250));
    expect(naiveUtcToMillis('2030-05-01T19:30:00+02:00')).toBe(Date.UTC(2030, 4, 1, 17, 30));
    expect(naiveUtcToMillis('2030-05-01')).toBe(Date.UTC(2030, 4, 1));
  });

  it('refuses what is not a real time', () => {
    for (const bad of ['2030-02-30 10:00:00', '2030-05-01 25:00:00', 'tomorrow', '', null, 1_900_000_000]) {
      expect(naiveUtcToMillis(bad)).toBeNull();
    }
  });
});

describe('accounts', () => {
  it('maps roles, active flags and emails', () => {
    expect(mapRole('USER')).toBe('user');
    expect(mapRole('ADMIN')).toBe('admin');
    expect(mapRole('admin')).toBe('admin');
    expect(mapRole('SUPERUSER')).toBeNull();
    expect(mapActive(1)).toBe(1);
    expect(mapActive(0)).toBe(0);
    expect(mapActive('false')).toBe(0);
    expect(mapActive(null)).toBe(1);
    expect(normalizePrototypeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normalizePrototypeEmail('not an email')).toBeNull();
  });

  it("reads a bcrypt hash's cost, and nothing else as bcrypt", () => {
    const hash = `$2b$12$${'a'.repeat(53)}`;
    expect(bcryptCost(hash)).toBe(12);
    expect(bcryptCost(hash.replace('$2b$', '$2y$'))).toBe(12);
    expect(bcryptCost(`$2b$15$${'a'.repeat(53)}`)).toBe(15);
    expect(bcryptCost('$argon2id$v=19$m=19456,t=2,p=1$abc$def')).toBeNull();
    expect(bcryptCost(`$2b$12$${'a'.repeat(52)}`)).toBeNull();
  });
});

describe('findPrototypeSchemaProblems', () => {
  const complete = new Map<string, string[]>([
    ['users', ['id', 'email', 'hashed_password', 'full_name', 'role', 'is_active', 'created_at', 'updated_at']],
    ['movies', ['id', 'title', 'description']],
    ['events', ['id', 'movie_id', 'start_time', 'created_at']],
    ['seats', ['id', 'event_id', 'price', 'description', 'status', 'locked_at', 'booking_reference', 'created_at']],
  ]);

  it("accepts the prototype's schema and names what another file lacks", () => {
    expect(findPrototypeSchemaProblems(complete)).toEqual([]);
    const other = new Map(complete);
    other.delete('movies');
    other.set('seats', ['id', 'event_id', 'price']);
    expect(findPrototypeSchemaProblems(other)).toEqual([
      'no table "movies"',
      'table "seats" has no column "description", "status", "booking_reference"',
    ]);
  });
});

describe('booking references and owners', () => {
  it('keeps the prototype reference in upper case, and refuses what cannot be one', () => {
    expect(importedReference(' bk-3f2a9c ')).toBe('BK-3F2A9C');
    expect(importedReference('K7M4Q9TZ2H')).toBe('K7M4Q9TZ2H');
    expect(importedReference('has space')).toBeNull();
    expect(importedReference('')).toBeNull();
    expect(importedReference('X'.repeat(65))).toBeNull();
  });

  it('lets an admin hand over only bookings owned by the placeholder, to an active account', () => {
    const active = { id: 7, is_active: 1 };
    expect(decideOwnerChange({ booking: { user_id: 1 }, placeholderId: 1, target: active })).toEqual({ ok: true });
    expect(decideOwnerChange({ booking: undefined, placeholderId: 1, target: active })).toMatchObject({
      code: 'BOOKING_NOT_FOUND',
    });
    expect(decideOwnerChange({ booking: { user_id: 1 }, placeholderId: 1, target: undefined })).toMatchObject({
      code: 'USER_NOT_FOUND',
    });
    expect(decideOwnerChange({ booking: { user_id: 1 }, placeholderId: 1, target: { id: 7, is_active: 0 } })).toMatchObject({
      code: 'USER_NOT_FOUND',
    });
    expect(decideOwnerChange({ booking: { user_id: 1 }, placeholderId: 1, target: { id: 1, is_active: 1 } })).toMatchObject({
      code: 'USER_NOT_FOUND',
    });
    expect(decideOwnerChange({ booking: { user_id: 5 }, placeholderId: 1, target: active })).toMatchObject({
      code: 'NOT_IMPORTED',
    });
    expect(decideOwnerChange({ booking: { user_id: 5 }, placeholderId: undefined, target: active })).toMatchObject({
      code: 'NOT_IMPORTED',
    });
  });
});

describe('seat labels and prices', () => {
  it('reads labels as row and number', () => {
    expect(parseSeatLabel('A1')).toEqual({ row: 1, number: 1 });
    expect(parseSeatLabel(' b12 ')).toEqual({ row: 2, number: 12 });
    expect(parseSeatLabel('AA 3')).toEqual({ row: 27, number: 3 });
    expect(parseSeatLabel('Row C, Seat 7')).toEqual({ row: 3, number: 7 });
    for (const odd of ['VIP left', '12', 'A0', 'A101', '', null]) expect(parseSeatLabel(odd)).toBeNull();
  });

  it('takes the commonest price as the base, and names the others by tier', () => {
    expect(choosePrice([1800, 1800, 1500, 1500, 1200])).toBe(1500); // tie: nearer the median
    expect(choosePrice([1000, 1000, 1000, 2000])).toBe(1000);
    expect(choosePrice([0, 0])).toBe(0);
    expect(choosePrice([0, 0, 0, 900])).toBe(900);
    expect([...categoryNames([2400, 1800, 1500, 1200, 900], 1500)]).toEqual([
      [1500, 'standard'],
      [1800, 'premium'],
      [2400, 'premium 2'],
      [1200, 'economy'],
      [900, 'economy 2'],
    ]);
  });
});

describe('planShowtime', () => {
  // The prototype's 25-seat grid: rows A-B 18.00, C-D 15.00, E 12.00.
  const grid: PrototypeSeat[] = [];
  let id = 100;
  for (const [row, price] of [
    ['A', 18],
    ['B', 18],
    ['C', 15],
    ['D', 15],
    ['E', 12],
  ] as const) {
    for (let n = 1; n <= 5; n++) grid.push(seat(id++, `${row}${n}`, price));
  }

  it('shapes a hall from the labels, with categories grouped by price', () => {
    const plan = planShowtime(grid, 2);
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.basePrice).toBe(1500);
    expect(plan.layout).toEqual({
      rows: 5,
      seats_per_row: 5,
      categories: [
        { name: 'premium', from_row: 1, to_row: 2, price_factor: 1.2 },
        { name: 'economy', from_row: 5, to_row: 5, price_factor: 0.8 },
      ],
    });
    expect(plan.seats[0]).toMatchObject({ label: 'A1', row_label: 'A', row_index: 1, number: 1, price: 1800, factor_bp: 12000 });
    expect(plan.seats.at(-1)).toMatchObject({ label: 'E5', category: 'economy', price: 1200 });
    expect(plan.oddLabels).toEqual([]);
    expect(layoutFingerprint(plan.layout)).toBe(plan.fingerprint);
    // The same layout at another base price is the same hall.
    const dearer = planShowtime(
      grid.map((s) => ({ ...s, price: (s.price as number) * 2 })),
      2,
    );
    expect(dearer.ok && dearer.fingerprint).toBe(plan.fingerprint);
  });

  it('groups booked seats by reference, frees locked ones, and puts odd labels in a row of their own', () => {
    const seats = [
      seat(1, 'A1', 10, 'booked', 'REF1'),
      seat(2, 'A2', 10, 'booked', 'REF1'),
      seat(3, 'A3', 12.5, 'booked', 'REF2'),
      seat(4, 'B1', 10, 'locked', 'REF3'),
      seat(5, 'Wheelchair space', 10, 'open'),
      seat(6, 'A1', 10, 'open'),
      seat(7, 'B2', 10, 'BOOKED', null),
    ];
    const plan = planShowtime(seats, 2);
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.bookings.map((b) => [b.prototypeReference, b.seatIndexes.map((i) => plan.seats[i]?.label), b.total])).toEqual([
      ['REF1', ['A1', 'A2'], 2000],
      ['REF2', ['A3'], 1250],
      ['', ['B2'], 1000],
    ]);
    expect(plan.freedLocks).toBe(1);
    expect(plan.oddLabels).toEqual(['Wheelchair space', 'A1']);
    const oddRow = plan.seats.filter((s) => s.row_index === 3);
    expect(oddRow.map((s) => [s.row_label, s.number, s.label])).toEqual([
      ['C', 1, 'Wheelchair space'],
      ['C', 2, 'A1 #6'],
    ]);
    expect(new Set(plan.seats.map((s) => s.label)).size).toBe(seats.length);
    expect(plan.layout).toMatchObject({ rows: 3, seats_per_row: 3 });
  });

  it('refuses a showtime without seats or with a seat that has no usable price', () => {
    expect(planShowtime([], 2)).toEqual({ ok: false, problem: 'it has no seats' });
    expect(planShowtime([seat(1, 'A1', 10), seat(2, 'A2', 'n/a')], 2)).toEqual({
      ok: false,
      problem: 'seat 2 has no usable price ("n/a")',
    });
  });
});

describe('halls', () => {
  const HOUR = 3_600_000;
  it('puts a showtime in the first hall of its layout that is free then', () => {
    const busy = [[{ start: 0, end: 2 * HOUR }], [{ start: 5 * HOUR, end: 7 * HOUR }]];
    expect(firstFreeHall(busy, { start: HOUR, end: 3 * HOUR })).toBe(1);
    expect(firstFreeHall(busy, { start: 6 * HOUR, end: 8 * HOUR })).toBe(0);
    expect(firstFreeHall(busy, { start: 2 * HOUR, end: 6 * HOUR })).toBe(-1);
    expect(firstFreeHall([], { start: 0, end: HOUR })).toBe(-1);
  });

  it('names halls by size without taking a name in use', () => {
    const layout = { rows: 5, seats_per_row: 6, categories: [] };
    expect(importedHallName(layout, new Set())).toBe('Imported hall 5x6');
    expect(importedHallName(layout, new Set(['Imported hall 5x6', 'Imported hall 5x6 (2)']))).toBe('Imported hall 5x6 (3)');
  });
});
