/**
 * How the Python prototype's database (FastAPI + SQLAlchemy on SQLite) maps onto bookmemovie's:
 * plain values in, plain decisions out. Reading the file and writing the rows live in
 * src/db/prototype-file.ts and src/db/stores/prototype-import-store.ts.
 */
import { type Slot, slotsCollide } from './schedule.js';
import { type HallLayout, MAX_ROWS, MAX_SEATS_PER_ROW, rowLabel, type SeatCategory, STANDARD_CATEGORY } from './seat-layout.js';

/** The prototype's tables and the columns the import reads; others (updated_at, ...) are ignored. */
export const PROTOTYPE_COLUMNS = {
  users: ['id', 'email', 'hashed_password', 'full_name', 'role', 'is_active', 'created_at'],
  movies: ['id', 'title', 'description'],
  events: ['id', 'movie_id', 'start_time'],
  seats: ['id', 'event_id', 'price', 'description', 'status', 'booking_reference'],
} as const;

/** Columns read when present: the prototype has them, but nothing breaks without them. */
export const OPTIONAL_PROTOTYPE_COLUMNS = { events: ['created_at'], seats: ['locked_at'] } as const;

export type PrototypeTable = keyof typeof PROTOTYPE_COLUMNS;

/** What is missing for a file to be a prototype database; empty when it is one. */
export function findPrototypeSchemaProblems(tables: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(PROTOTYPE_COLUMNS)) {
    const present = tables.get(table);
    if (!present) {
      problems.push(`no table "${table}"`);
      continue;
    }
    const missing = columns.filter((c) => !present.includes(c));
    if (missing.length > 0) problems.push(`table "${table}" has no column ${missing.map((c) => `"${c}"`).join(', ')}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A price as the prototype stored it (a float, REAL) in minor units, rounded half-even at the
 * currency's digits. The float is read as the shortest decimal that prints it (12.345, not
 * 12.3449999...), which is the number the admin typed. Null for anything that is not a price.
 */
export function priceToMinorUnits(value: unknown, digits: number): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    // Below a millionth String() switches to exponent notation; such a price rounds to nothing.
    if (value > 0 && value < 1e-6) return 0;
    text = String(value);
  } else if (typeof value === 'bigint') {
    text = value.toString();
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = DECIMAL.exec(text);
  if (!match || match[1] === '-') return null;
  const whole = match[2] as string;
  const fraction = match[3] ?? '';
  const kept = (fraction + '0'.repeat(digits)).slice(0, digits);
  const rest = fraction.slice(digits);
  let minor = BigInt(whole + kept);
  if (rest.length > 0) {
    const first = Number(rest[0]);
    const beyondHalf = /[1-9]/.test(rest.slice(1));
    const odd = minor % 2n === 1n;
    if (first > 5 || (first === 5 && (beyondHalf || odd))) minor += 1n;
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

const NAIVE_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A prototype time in epoch milliseconds. SQLAlchemy writes naive datetimes
 * (`2030-05-01 19:30:00.000000`) and the prototype's were UTC, so a value without an offset is
 * UTC. Null when it is not a real time.
 */
export function naiveUtcToMillis(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = NAIVE_DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return null;
  }
  if (!zone || zone.toUpperCase() === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** The prototype's role enum ('USER' / 'ADMIN', by name) as bookmemovie's; null when it is neither. */
export function mapRole(value: unknown): 'user' | 'admin' | null {
  const role = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (role === 'user' || role === 'userrole.user') return 'user';
  if (role === 'admin' || role === 'userrole.admin') return 'admin';
  return null;
}

/** SQLAlchemy's Boolean is 0/1 in SQLite; a missing value is the model's default, active. */
export function mapActive(value: unknown): 0 | 1 {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return ['0', 'false', 'f', 'no', ''].includes(value.trim().toLowerCase()) ? 0 : 1;
  return Number(value) === 0 ? 0 : 1;
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function normalizePrototypeEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return email.length <= 254 && EMAIL_SHAPE.test(email) ? email : null;
}

const BCRYPT = /^\$2[aby]?\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/** The cost of a bcrypt hash (passlib writes `$2b$12$...`), or null when it is not one. */
export function bcryptCost(hash: string): number | null {
  const m = BCRYPT.exec(hash);
  return m ? Number(m[1]) : null;
}

/**
 * The highest bcrypt cost sign-in verifies. bcrypt is verified in pure JavaScript (bcryptjs):
 * cost 12, passlib's default, takes about 250 ms; each step up doubles it, so 14 is about a
 * second, and a hash above it is refused as a failed sign-in rather than tying up a core.
 */
export const MAX_BCRYPT_COST = 14;

// ---------------------------------------------------------------------------------------------
// The placeholder owner and imported payments
// ---------------------------------------------------------------------------------------------

/** The prototype never recorded who booked: imported bookings belong to this inactive account. */
export const IMPORTED_CUSTOMER = {
  email: 'imported-customer@bookmemovie.invalid',
  full_name: 'Imported customer',
  /** Not a hash of anything: no password verifies against it, and the account is inactive. */
  password_hash: '!imported-placeholder-cannot-sign-in',
} as const;

/** Imported bookings were paid outside bookmemovie: their payment names this provider. */
export const IMPORTED_PAYMENT_PROVIDER = 'imported';

export const importedPaymentId = (reference: string) => `imported:${reference}`;

export type OwnerChange =
  | { ok: true }
  | { ok: false; code: 'BOOKING_NOT_FOUND' | 'USER_NOT_FOUND' | 'NOT_IMPORTED' | 'SAME_OWNER' };

/**
 * Whether an admin may hand a booking to another account. Only bookings still owned by the
 * placeholder: those are the ones whose customer is unknown. A real customer's booking stays
 * theirs (its refunds and emails follow its owner); handing it over is not an admin's call.
 */
export function decideOwnerChange(input: {
  booking: { user_id: number } | undefined;
  placeholderId: number | undefined;
  target: { id: number; is_active: number } | undefined;
}): OwnerChange {
  if (!input.booking) return { ok: false, code: 'BOOKING_NOT_FOUND' };
  if (input.target?.is_active !== 1 || input.target.id === input.placeholderId) {
    return { ok: false, code: 'USER_NOT_FOUND' };
  }
  if (input.placeholderId === undefined || input.booking.user_id !== input.placeholderId) {
    return { ok: false, code: 'NOT_IMPORTED' };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Booking references
// ---------------------------------------------------------------------------------------------

const REFERENCE_SHAPE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

/**
 * The prototype's booking reference as bookmemovie keeps it: upper case (lookups upper-case what
 * the customer types), or null when it cannot be one (empty, spaces, longer than 64).
 */
export function importedReference(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const reference = String(value).trim().toUpperCase();
  return REFERENCE_SHAPE.test(reference) ? reference : null;
}

// ---------------------------------------------------------------------------------------------
// Seats, halls and bookings of one showtime
// ---------------------------------------------------------------------------------------------

export type PrototypeSeat = {
  id: number;
  price: unknown;
  description: unknown;
  status: unknown;
  booking_reference: unknown;
  locked_at?: unknown;
};

export type PlannedSeat = {
  prototypeId: number;
  row_label: string;
  row_index: number;
  number: number;
  label: string;
  category: string;
  factor_bp: number;
  price: number;
  /** The raw reference of the booking that owns it; undefined when it is for sale. */
  booking?: string;
};

export type PlannedBooking = {
  /** As the prototype wrote it (trimmed); '' for booked seats that had none. */
  prototypeReference: string;
  seatIndexes: number[];
  total: number;
  /** The latest moment one of its seats was locked: when it was booked, as near as the prototype knows. */
  bookedAt: number | null;
};

export type ShowtimePlan =
  | {
      ok: true;
      seats: PlannedSeat[];
      bookings: PlannedBooking[];
      basePrice: number;
      layout: HallLayout;
      /** Equal layouts (size and price categories) share a hall. */
      fingerprint: string;
      /** Labels that did not read as row + number, placed in a row of their own. */
      oddLabels: string[];
      /** Seats that were locked (held) in the prototype and are for sale again. */
      freedLocks: number;
      /** Statuses that are not open/locked/booked; those seats are for sale. */
      unknownStatuses: string[];
    }
  | { ok: false; problem: string };

const LABEL_FORMS = [/^([A-Z]{1,2})\s*-?\s*(\d{1,3})$/, /^ROW\s*([A-Z]{1,2})[\s,]*SEAT\s*(\d{1,3})$/];

/** Row index of spreadsheet-style letters: A is 1, Z 26, AA 27. */
export function rowIndexOf(letters: string): number {
  let index = 0;
  for (const c of letters) index = index * 26 + (c.charCodeAt(0) - 64);
  return index;
}

/** A seat label such as "A1", "b12", "AA 3" or "Row C, Seat 7" as row and number; null otherwise. */
export function parseSeatLabel(value: unknown): { row: number; number: number } | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toUpperCase();
  for (const form of LABEL_FORMS) {
    const m = form.exec(text);
    if (!m) continue;
    const row = rowIndexOf(m[1] as string);
    const number = Number(m[2]);
    if (row >= 1 && row <= MAX_ROWS && number >= 1 && number <= MAX_SEATS_PER_ROW) return { row, number };
  }
  return null;
}

/**
 * The base price of a showtime: the price most seats have (the prototype's "standard" tier), a
 * tie going to the one nearest the median seat price. Free seats count only when all are free.
 */
export function choosePrice(prices: number[]): number {
  const paid = prices.filter((p) => p > 0);
  if (paid.length === 0) return 0;
  const counts = new Map<number, number>();
  for (const p of paid) counts.set(p, (counts.get(p) ?? 0) + 1);
  const sorted = [...paid].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  let best = sorted[0] as number;
  for (const [price, count] of counts) {
    const bestCount = counts.get(best) ?? 0;
    const nearer = Math.abs(price - median) < Math.abs(best - median);
    const asNear = Math.abs(price - median) === Math.abs(best - median) && price < best;
    if (count > bestCount || (count === bestCount && (nearer || asNear))) best = price;
  }
  return best;
}

/** Category names by price: the base is standard, dearer ones premium (2, 3...), cheaper economy (2, 3...). */
export function categoryNames(prices: number[], basePrice: number): Map<number, string> {
  const distinct = [...new Set(prices)];
  const above = distinct.filter((p) => p > basePrice).sort((a, b) => a - b);
  const below = distinct.filter((p) => p < basePrice).sort((a, b) => b - a);
  const names = new Map<number, string>([[basePrice, STANDARD_CATEGORY]]);
  for (const [i, p] of above.entries()) names.set(p, i === 0 ? 'premium' : `premium ${i + 1}`);
  for (const [i, p] of below.entries()) names.set(p, i === 0 ? 'economy' : `economy ${i + 1}`);
  return names;
}

const factorOf = (price: number, basePrice: number) => (basePrice > 0 ? Math.round((price * 10000) / basePrice) : 10000);

const MAX_LABEL_LENGTH = 40;

/**
 * Seats, hall layout and bookings for one prototype showtime. Labels that read as row + number
 * keep their place; the others go, in the prototype's order, into rows of their own after the
 * last one, keeping their text as the label. Booked seats are grouped by booking reference;
 * locked and open seats are for sale.
 */
export function planShowtime(seats: PrototypeSeat[], digits: number): ShowtimePlan {
  if (seats.length === 0) return { ok: false, problem: 'it has no seats' };
  const prices: number[] = [];
  for (const seat of seats) {
    const price = priceToMinorUnits(seat.price, digits);
    if (price === null) return { ok: false, problem: `seat ${seat.id} has no usable price (${JSON.stringify(seat.price)})` };
    prices.push(price);
  }
  const ordered = seats.map((seat, i) => ({ seat, price: prices[i] as number })).sort((a, b) => a.seat.id - b.seat.id);

  const placed: { entry: (typeof ordered)[number]; row: number; number: number; label: string }[] = [];
  const taken = new Set<string>();
  const odd: (typeof ordered)[number][] = [];
  for (const entry of ordered) {
    const spot = parseSeatLabel(entry.seat.description);
    const label = spot ? `${rowLabel(spot.row)}${spot.number}` : null;
    if (spot && label && !taken.has(label)) {
      taken.add(label);
      placed.push({ entry, row: spot.row, number: spot.number, label });
    } else {
      odd.push(entry);
    }
  }
  const lastRow = placed.reduce((max, p) => Math.max(max, p.row), 0);
  const oddLabels: string[] = [];
  odd.forEach((entry, i) => {
    const text = typeof entry.seat.description === 'string' ? entry.seat.description.trim() : '';
    let label = (text || `Seat ${entry.seat.id}`).slice(0, MAX_LABEL_LENGTH);
    if (taken.has(label)) label = `${label.slice(0, MAX_LABEL_LENGTH - 12)} #${entry.seat.id}`;
    taken.add(label);
    oddLabels.push(text || `(seat ${entry.seat.id} without a label)`);
    placed.push({
      entry,
      row: lastRow + 1 + Math.floor(i / MAX_SEATS_PER_ROW),
      number: (i % MAX_SEATS_PER_ROW) + 1,
      label,
    });
  });
  placed.sort((a, b) => a.row - b.row || a.number - b.number);

  const basePrice = choosePrice(prices);
  const names = categoryNames(prices, basePrice);
  let freedLocks = 0;
  const unknownStatuses: string[] = [];
  const planned: PlannedSeat[] = placed.map(({ entry, row, number, label }) => {
    const status = typeof entry.seat.status === 'string' ? entry.seat.status.trim().toLowerCase() : String(entry.seat.status);
    const seat: PlannedSeat = {
      prototypeId: entry.seat.id,
      row_label: rowLabel(row),
      row_index: row,
      number,
      label,
      category: names.get(entry.price) ?? STANDARD_CATEGORY,
      factor_bp: factorOf(entry.price, basePrice),
      price: entry.price,
    };
    if (status === 'booked' || status === 'seatstatus.booked') {
      const raw = entry.seat.booking_reference;
      seat.booking = raw === null || raw === undefined ? '' : String(raw).trim();
    } else if (status === 'locked' || status === 'seatstatus.locked') {
      freedLocks += 1;
    } else if (status !== 'open' && status !== 'seatstatus.open') {
      unknownStatuses.push(`seat ${entry.seat.id}: ${status}`);
    }
    return seat;
  });

  const lockedAt = new Map(seats.map((s) => [s.id, naiveUtcToMillis(s.locked_at)]));
  const bookings = new Map<string, PlannedBooking>();
  planned.forEach((seat, index) => {
    if (seat.booking === undefined) return;
    const booking = bookings.get(seat.booking) ?? { prototypeReference: seat.booking, seatIndexes: [], total: 0, bookedAt: null };
    booking.seatIndexes.push(index);
    booking.total += seat.price;
    const at = lockedAt.get(seat.prototypeId) ?? null;
    if (at !== null && (booking.bookedAt === null || at > booking.bookedAt)) booking.bookedAt = at;
    bookings.set(seat.booking, booking);
  });

  const layout = hallLayoutOf(planned, basePrice);
  return {
    ok: true,
    seats: planned,
    bookings: [...bookings.values()],
    basePrice,
    layout,
    fingerprint: layoutFingerprint(layout),
    oddLabels,
    freedLocks,
    unknownStatuses,
  };
}

/**
 * The hall a showtime's seats fit: as many rows and seats per row as the furthest seat, and a
 * category for each run of rows whose seats share one price other than the base (rows of mixed
 * prices stay standard in the hall; each seat keeps its own price and category all the same).
 */
export function hallLayoutOf(seats: PlannedSeat[], basePrice: number): HallLayout {
  const rows = seats.reduce((max, s) => Math.max(max, s.row_index), 0);
  const seatsPerRow = seats.reduce((max, s) => Math.max(max, s.number), 0);
  const rowPrice = new Map<number, { price: number; category: string; factorBp: number } | null>();
  for (const seat of seats) {
    const current = rowPrice.get(seat.row_index);
    if (current === undefined)
      rowPrice.set(seat.row_index, { price: seat.price, category: seat.category, factorBp: seat.factor_bp });
    else if (current !== null && current.price !== seat.price) rowPrice.set(seat.row_index, null);
  }
  const categories: SeatCategory[] = [];
  for (let row = 1; row <= rows; row++) {
    const tier = rowPrice.get(row);
    const usable = tier && tier.price !== basePrice && tier.factorBp > 0 && tier.factorBp <= 100_000;
    if (!tier || !usable) continue;
    const last = categories.at(-1);
    const factor = tier.factorBp / 10000;
    if (last && last.to_row === row - 1 && last.name === tier.category && last.price_factor === factor) last.to_row = row;
    else categories.push({ name: tier.category, from_row: row, to_row: row, price_factor: factor });
  }
  return { rows, seats_per_row: seatsPerRow, categories };
}

/** What makes two halls the same: their size and their price categories. */
export function layoutFingerprint(layout: HallLayout): string {
  const categories = layout.categories.map((c) => `${c.name}:${c.from_row}-${c.to_row}x${c.price_factor}`).join(',');
  return `${layout.rows}x${layout.seats_per_row}|${categories}`;
}

/**
 * The first hall (in order) where a showtime fits without overlapping another (film length plus
 * cleaning), or -1 when every one is busy then and another hall of the same layout is needed.
 */
export function firstFreeHall(halls: readonly (readonly Slot[])[], slot: Slot): number {
  return halls.findIndex((busy) => !busy.some((other) => slotsCollide(slot, other)));
}

/** A hall name not yet taken: "Imported hall 5x5", then "Imported hall 5x5 (2)", ... */
export function importedHallName(layout: HallLayout, taken: ReadonlySet<string>): string {
  const base = `Imported hall ${layout.rows}x${layout.seats_per_row}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const name = `${base} (${n})`;
    if (!taken.has(name)) return name;
  }
}
