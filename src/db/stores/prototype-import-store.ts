import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import {
  bcryptCost,
  firstFreeHall,
  IMPORTED_CUSTOMER,
  IMPORTED_PAYMENT_PROVIDER,
  importedHallName,
  importedPaymentId,
  importedReference,
  MAX_BCRYPT_COST,
  mapActive,
  mapRole,
  naiveUtcToMillis,
  normalizePrototypeEmail,
  type PlannedSeat,
  planShowtime,
} from '../../core/prototype-import.js';
import { type Slot, showtimeEnd, toIso } from '../../core/schedule.js';
import type { HallLayout } from '../../core/seat-layout.js';
import type { Db } from '../database.js';
import type { PrototypeData } from '../prototype-file.js';
import type { Database, PrototypeImportsTable } from '../schema.js';
import { appendAudit } from './audit-store.js';

type Trx = Transaction<Database>;
type Kind = PrototypeImportsTable['kind'];

export type ImportCounts = {
  users: number;
  admins: number;
  movies: number;
  halls: number;
  showtimes: number;
  seats: number;
  bookings: number;
  bookedSeats: number;
  /** Sum of the imported bookings, minor units. */
  amount: number;
};

export type ImportReport = {
  read: { users: number; movies: number; showtimes: number; seats: number };
  imported: ImportCounts;
  /** Found from an earlier run (or, for movies, already in bookmemovie with the same title and description). */
  alreadyThere: { users: number; movies: number; showtimes: number };
  placeholder: 'created' | 'found' | 'not needed';
  /** Rows left as they are, one line each. */
  skipped: string[];
  /** Rows that could not be imported, one line each, with why. */
  notImported: string[];
  /** Imported, but differently from the prototype: what an admin should know. */
  notes: string[];
};

export type ImportOptions = {
  now: number;
  currency: string;
  currencyDigits: number;
  dryRun: boolean;
  /** A fresh bookmemovie booking reference (for prototype references that cannot be kept). */
  newReference: () => string;
};

/** Thrown to roll a dry run back after it has done (and reported) everything. */
class DryRunDone extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

const PLACEHOLDER_KEY = 'imported-customer';
const SEAT_CHUNK = 200;

/**
 * Imports the prototype's data in one transaction: all of it or, on any error, none. A dry run
 * does the same work and rolls it back, so its report is exactly what a real run would do.
 */
export async function importPrototype(db: Db, data: PrototypeData, options: ImportOptions): Promise<ImportReport> {
  try {
    return await db.transaction(async (trx) => {
      const report = await importInto(trx, data, options);
      if (options.dryRun) throw new DryRunDone(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.report;
    throw error;
  }
}

async function importInto(trx: Trx, data: PrototypeData, options: ImportOptions): Promise<ImportReport> {
  const { now, currency } = options;
  const report: ImportReport = {
    read: { users: data.users.length, movies: data.movies.length, showtimes: data.events.length, seats: data.seats.length },
    imported: { users: 0, admins: 0, movies: 0, halls: 0, showtimes: 0, seats: 0, bookings: 0, bookedSeats: 0, amount: 0 },
    alreadyThere: { users: 0, movies: 0, showtimes: 0 },
    placeholder: 'not needed',
    skipped: [],
    notImported: [],
    notes: [],
  };

  const mapping = new Map<string, number>();
  for (const row of await trx.selectFrom('prototype_imports').selectAll().execute()) {
    mapping.set(`${row.kind}:${row.prototype_id}`, row.local_id);
  }
  const mapped = (kind: Kind, id: string | number) => mapping.get(`${kind}:${id}`);
  async function remember(kind: Kind, id: string | number, localId: number) {
    mapping.set(`${kind}:${id}`, localId);
    await trx
      .insertInto('prototype_imports')
      .values({ kind, prototype_id: String(id), local_id: localId, imported_at: now })
      .execute();
  }

  await importUsers(trx, data, report, { now, mapped, remember });

  // Movies: by an earlier run's record, else by the same title and description.
  const movies = new Map<number, { id: number; duration: number | null; title: string }>();
  for (const m of data.movies) {
    const title = typeof m.title === 'string' ? m.title.trim() : '';
    if (!title) {
      report.notImported.push(`movie ${m.id}: it has no title`);
      continue;
    }
    const description = typeof m.description === 'string' ? m.description : null;
    const known = mapped('movie', m.id);
    const earlier =
      known === undefined
        ? undefined
        : await trx
            .selectFrom('movies')
            .select(['id', 'duration_minutes'])
            .where('id', '=', known)
            .where('deleted_at', 'is', null)
            .executeTakeFirst();
    if (earlier) {
      report.alreadyThere.movies += 1;
      movies.set(m.id, { id: earlier.id, duration: earlier.duration_minutes, title });
      continue;
    }
    const same = await trx
      .selectFrom('movies')
      .select(['id', 'duration_minutes'])
      .where('title', '=', title)
      .where((eb) => (description === null ? eb('description', 'is', null) : eb('description', '=', description)))
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
    if (same) {
      report.alreadyThere.movies += 1;
      await remember('movie', m.id, same.id);
      movies.set(m.id, { id: same.id, duration: same.duration_minutes, title });
      continue;
    }
    const row = await trx
      .insertInto('movies')
      .values({ title, description, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await remember('movie', m.id, row.id);
    movies.set(m.id, { id: row.id, duration: null, title });
    report.imported.movies += 1;
  }

  const seatsByEvent = new Map<number, PrototypeData['seats']>();
  for (const seat of data.seats) {
    const list = seatsByEvent.get(Number(seat.event_id)) ?? [];
    list.push(seat);
    seatsByEvent.set(Number(seat.event_id), list);
  }
  const halls = hallPlacer(trx, now, mapped, remember, report);
  const placeholder = placeholderAccount(trx, now, mapped, remember, report);
  let freedLocks = 0;

  for (const e of data.events) {
    const seats = seatsByEvent.get(e.id) ?? [];
    if (mapped('event', e.id) !== undefined) {
      report.alreadyThere.showtimes += 1;
      const late = new Set(
        seats
          .filter((s) => String(s.status).trim().toLowerCase() === 'booked')
          .map((s) => String(s.booking_reference ?? '').trim())
          .filter((ref) => mapped('booking', `${e.id}:${ref}`) === undefined),
      );
      for (const ref of late) {
        report.notImported.push(
          `booking ${ref || '(no reference)'} of showtime ${e.id}: booked in the prototype after that showtime was imported; not added`,
        );
      }
      continue;
    }
    const movie = movies.get(Number(e.movie_id));
    if (!movie) {
      report.notImported.push(`showtime ${e.id}: its movie (${String(e.movie_id)}) was not imported`);
      continue;
    }
    const start = naiveUtcToMillis(e.start_time);
    if (start === null) {
      report.notImported.push(
        `showtime ${e.id} (${movie.title}): start time ${JSON.stringify(e.start_time)} is not a date and time`,
      );
      continue;
    }
    const plan = planShowtime(seats, options.currencyDigits);
    if (!plan.ok) {
      report.notImported.push(`showtime ${e.id} (${movie.title}, ${toIso(start)}): ${plan.problem}`);
      continue;
    }
    const slot = { start, end: showtimeEnd(start, movie.duration) };
    const hallId = await halls.place(plan.fingerprint, plan.layout, slot);
    const createdAt = naiveUtcToMillis(e.created_at) ?? now;
    const event = await trx
      .insertInto('events')
      .values({
        movie_id: movie.id,
        hall_id: hallId,
        start_time: slot.start,
        end_time: slot.end,
        base_price: plan.basePrice,
        currency,
        total_seats: plan.seats.length,
        created_at: createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await remember('event', e.id, event.id);
    report.imported.showtimes += 1;

    const bookingIds = new Map<string, { id: number; reference: string }>();
    for (const booking of plan.bookings) {
      const raw = booking.prototypeReference;
      let reference = importedReference(raw);
      let why: string | null = null;
      if (!raw) why = `${booking.seatIndexes.length} booked seat(s) of showtime ${e.id} had no booking reference`;
      else if (reference === null) why = `booking "${raw}": not usable as a reference (spaces, or over 64 characters)`;
      else if (await referenceTaken(trx, reference)) why = `booking ${raw}: the reference is already used in bookmemovie`;
      if (why !== null || reference === null) {
        reference = await freshReference(trx, options.newReference);
        report.notes.push(`${why}; imported as booking ${reference}`);
      }
      const at = booking.bookedAt ?? createdAt;
      const row = await trx
        .insertInto('bookings')
        .values({
          reference,
          user_id: await placeholder(),
          event_id: event.id,
          status: 'confirmed',
          total_amount: booking.total,
          refund_amount: null,
          currency,
          expires_at: at,
          created_at: at,
          paid_at: at,
          cancelled_at: null,
          payment_id: importedPaymentId(reference),
          cancel_reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await remember('booking', `${e.id}:${raw}`, row.id);
      bookingIds.set(raw, { id: row.id, reference });
      await trx
        .insertInto('payments')
        .values({
          booking_id: row.id,
          status: 'succeeded',
          amount: booking.total,
          currency,
          provider: IMPORTED_PAYMENT_PROVIDER,
          provider_payment_id: importedPaymentId(reference),
          provider_refund_id: null,
          failure_kind: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      report.imported.bookings += 1;
      report.imported.bookedSeats += booking.seatIndexes.length;
      report.imported.amount += booking.total;
    }

    const seatIds = await insertImportedSeats(trx, event.id, plan.seats, bookingIds);
    const sold = plan.seats.flatMap((seat, i) => {
      const owner = seat.booking === undefined ? undefined : bookingIds.get(seat.booking);
      return owner ? [{ booking_id: owner.id, seat_id: seatIds[i] as number, label: seat.label, price: seat.price }] : [];
    });
    for (let i = 0; i < sold.length; i += SEAT_CHUNK) {
      await trx
        .insertInto('booking_seats')
        .values(sold.slice(i, i + SEAT_CHUNK))
        .execute();
      // Imported bookings are paid: a ticket per seat, as a confirmation would have issued.
      await trx
        .insertInto('tickets')
        .values(
          sold.slice(i, i + SEAT_CHUNK).map((s) => ({
            booking_id: s.booking_id,
            event_id: event.id,
            seat_id: s.seat_id,
            seat_label: s.label,
            status: 'valid' as const,
            issued_at: createdAt,
          })),
        )
        .execute();
    }
    report.imported.seats += plan.seats.length;
    freedLocks += plan.freedLocks;
    if (plan.oddLabels.length > 0) {
      report.notes.push(
        `showtime ${e.id} (${movie.title}, ${toIso(start)}): ${plan.oddLabels.length} seat label(s) not read as row and number, ` +
          `put in a row of their own: ${plan.oddLabels.join(', ')}`,
      );
    }
    if (plan.unknownStatuses.length > 0) {
      report.notes.push(`showtime ${e.id}: seats of unknown status put on sale: ${plan.unknownStatuses.join(', ')}`);
    }
  }
  if (freedLocks > 0) {
    report.notes.push(
      `${freedLocks} seat(s) held (locked) in the prototype are on sale again: their holds ended with the old server`,
    );
  }

  const changed = Object.values(report.imported).some((n) => n > 0);
  if (changed) {
    await appendAudit(trx, [
      {
        at: now,
        actor_id: null,
        actor_email: null,
        action: 'prototype.import',
        target_type: 'import',
        target_id: null,
        details: { ...report.imported, placeholder: report.placeholder },
        ip: null,
        outcome: 'success',
      },
    ]);
  }
  return report;
}

type Mapped = (kind: Kind, id: string | number) => number | undefined;
type Remember = (kind: Kind, id: string | number, localId: number) => Promise<void>;

async function importUsers(
  trx: Trx,
  data: PrototypeData,
  report: ImportReport,
  { now, mapped, remember }: { now: number; mapped: Mapped; remember: Remember },
) {
  const seen = new Map<string, number>();
  let activeAdmin = false;
  for (const u of data.users) {
    const email = normalizePrototypeEmail(u.email);
    if (!email) {
      report.notImported.push(`user ${u.id}: ${JSON.stringify(u.email)} is not an email address`);
      continue;
    }
    const first = seen.get(email);
    if (first !== undefined) {
      report.notImported.push(`user ${u.id}: ${email} is also user ${first} in the prototype (that one was taken)`);
      continue;
    }
    seen.set(email, u.id);
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) {
      if (mapped('user', u.id) === existing.id) report.alreadyThere.users += 1;
      else report.skipped.push(`user ${email}: an account with this email already exists in bookmemovie; it is left as it is`);
      continue;
    }
    let role = mapRole(u.role);
    if (role === null) {
      report.notes.push(`user ${email}: role ${JSON.stringify(u.role)} is not USER or ADMIN; imported as a customer`);
      role = 'user';
    }
    const hash = typeof u.hashed_password === 'string' ? u.hashed_password : '';
    const cost = bcryptCost(hash);
    if (cost === null) {
      report.notes.push(`user ${email}: the password hash is not bcrypt; they cannot sign in until the password is reset`);
    } else if (cost > MAX_BCRYPT_COST) {
      report.notes.push(
        `user ${email}: bcrypt cost ${cost} is above ${MAX_BCRYPT_COST}; they cannot sign in until the password is reset`,
      );
    }
    const isActive = mapActive(u.is_active);
    const row = await trx
      .insertInto('users')
      .values({
        email,
        password_hash: hash || '!no-password',
        full_name: typeof u.full_name === 'string' ? u.full_name.trim() : '',
        role,
        is_active: isActive,
        created_at: naiveUtcToMillis(u.created_at) ?? now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await remember('user', u.id, row.id);
    report.imported.users += 1;
    if (role === 'admin') {
      report.imported.admins += 1;
      if (isActive === 1) activeAdmin = true;
    }
  }
  // An imported admin closes the first-time set-up door, as any admin does.
  if (activeAdmin) {
    await trx
      .insertInto('setup_claims')
      .values({ name: 'first_admin', created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
}

/** The placeholder owner of imported bookings: made on first need, found again by later runs. */
function placeholderAccount(trx: Trx, now: number, mapped: Mapped, remember: Remember, report: ImportReport) {
  let id: number | undefined;
  return async (): Promise<number> => {
    if (id !== undefined) return id;
    const known = mapped('account', PLACEHOLDER_KEY);
    const row = await trx
      .selectFrom('users')
      .select(['id', 'is_active', 'password_hash'])
      .$if(known !== undefined, (q) => q.where('id', '=', known as number))
      .$if(known === undefined, (q) => q.where('email', '=', IMPORTED_CUSTOMER.email))
      .executeTakeFirst();
    if (row) {
      if (known === undefined && (row.is_active !== 0 || row.password_hash !== IMPORTED_CUSTOMER.password_hash)) {
        throw new Error(`an account ${IMPORTED_CUSTOMER.email} exists and is not the import's placeholder; rename it first`);
      }
      if (known === undefined) await remember('account', PLACEHOLDER_KEY, row.id);
      report.placeholder = 'found';
      id = row.id;
      return id;
    }
    const created = await trx
      .insertInto('users')
      .values({ ...IMPORTED_CUSTOMER, role: 'user', is_active: 0, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await remember('account', PLACEHOLDER_KEY, created.id);
    report.placeholder = 'created';
    id = created.id;
    return id;
  };
}

/**
 * One hall per distinct layout; a second one of the same layout only when showtimes would
 * overlap in the first (the prototype had no halls, so two films could start at once).
 */
function hallPlacer(trx: Trx, now: number, mapped: Mapped, remember: Remember, report: ImportReport) {
  const byLayout = new Map<string, { ids: number[]; busy: Slot[][] }>();
  let names: Set<string> | undefined;

  async function hallsOf(fingerprint: string) {
    let entry = byLayout.get(fingerprint);
    if (entry) return entry;
    entry = { ids: [], busy: [] };
    for (let n = 1; ; n++) {
      const id = mapped('hall', `${fingerprint}#${n}`);
      if (id === undefined) break;
      const live = await trx
        .selectFrom('halls')
        .select('id')
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const events = live
        ? await trx
            .selectFrom('events')
            .select(['start_time', 'end_time'])
            .where('hall_id', '=', id)
            .where('deleted_at', 'is', null)
            .execute()
        : [];
      entry.ids.push(id);
      // A hall deleted since is never used again: it counts as always busy.
      entry.busy.push(live ? events.map((e) => ({ start: e.start_time, end: e.end_time })) : [{ start: -1e15, end: 1e15 }]);
    }
    byLayout.set(fingerprint, entry);
    return entry;
  }

  return {
    async place(fingerprint: string, layout: HallLayout, slot: Slot): Promise<number> {
      const entry = await hallsOf(fingerprint);
      let index = firstFreeHall(entry.busy, slot);
      if (index === -1) {
        names ??= new Set(
          (await trx.selectFrom('halls').select('name').where('deleted_at', 'is', null).execute()).map((h) => h.name),
        );
        const name = importedHallName(layout, names);
        names.add(name);
        const row = await trx
          .insertInto('halls')
          .values({
            name,
            ...layout,
            categories: JSON.stringify(layout.categories),
            created_at: now,
            // Imported halls join the first cinema, where everything from before cinemas lives.
            cinema_id: sql<number>`(select min(id) from cinemas where deleted_at is null)`,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        entry.ids.push(row.id);
        entry.busy.push([]);
        index = entry.ids.length - 1;
        await remember('hall', `${fingerprint}#${entry.ids.length}`, row.id);
        report.imported.halls += 1;
      }
      entry.busy[index]?.push(slot);
      return entry.ids[index] as number;
    },
  };
}

async function referenceTaken(trx: Trx, reference: string): Promise<boolean> {
  return (await trx.selectFrom('bookings').select('id').where('reference', '=', reference).executeTakeFirst()) !== undefined;
}

async function freshReference(trx: Trx, newReference: () => string): Promise<string> {
  for (;;) {
    const reference = newReference();
    if (!(await referenceTaken(trx, reference))) return reference;
  }
}

/** Inserts a showtime's seats, sold ones owned by their booking; answers their ids in plan order. */
async function insertImportedSeats(
  trx: Trx,
  eventId: number,
  seats: PlannedSeat[],
  bookings: Map<string, { id: number }>,
): Promise<number[]> {
  for (let i = 0; i < seats.length; i += SEAT_CHUNK) {
    await trx
      .insertInto('seats')
      .values(
        seats.slice(i, i + SEAT_CHUNK).map((s) => {
          const owner = s.booking === undefined ? undefined : bookings.get(s.booking);
          return {
            event_id: eventId,
            row_label: s.row_label,
            row_index: s.row_index,
            number: s.number,
            label: s.label,
            category: s.category,
            factor_bp: s.factor_bp,
            price: s.price,
            status: owner ? ('booked' as const) : ('available' as const),
            booking_id: owner?.id ?? null,
            hold_expires_at: null,
          };
        }),
      )
      .execute();
  }
  const ids = new Map(
    (await trx.selectFrom('seats').select(['id', 'label']).where('event_id', '=', eventId).execute()).map((s) => [s.label, s.id]),
  );
  return seats.map((s) => ids.get(s.label) as number);
}
