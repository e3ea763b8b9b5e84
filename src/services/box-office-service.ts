import type {
  CashRefundDue,
  CloseShiftBody,
  CounterRefund,
  CounterRefundBody,
  CounterSale,
  CounterSaleBody,
  OpenShiftBody,
  Shift,
  ShiftReport,
} from '../contract/box-office.js';
import { AppError, validationError } from '../contract/errors.js';
import type { LifecycleRefusal } from '../core/booking-lifecycle.js';
import { type CounterRefusal, shiftReport, tenderCash } from '../core/box-office.js';
import { toMajorUnits, toMinorUnits } from '../core/money.js';
import { toIso } from '../core/schedule.js';
import type { AuditActor, BookingRow } from '../db/stores/booking-store.js';
import { bookingStore } from '../db/stores/booking-store.js';
import { boxOfficeStore } from '../db/stores/box-office-store.js';
import type { Actor, BookingService } from './booking-service.js';
import type { Deps } from './deps.js';
import type { TicketService } from './ticket-service.js';

type ShiftRow = NonNullable<Awaited<ReturnType<ReturnType<typeof boxOfficeStore>['findShift']>>>;

const auditActor = (actor: Actor): AuditActor => ({ id: actor.id, email: actor.email ?? null, ip: actor.ip ?? null });

/** The terminal's card when the request names none: an approved test card of the simulated processor. */
const TERMINAL_TEST_CARD = '4242424242424242';

function shiftRefusal(code: CounterRefusal | 'SALES_IN_PROGRESS'): AppError {
  switch (code) {
    case 'NO_OPEN_SHIFT':
    case 'NOT_YOUR_SHIFT':
      return new AppError('NO_OPEN_SHIFT', 'Open a shift before selling or refunding at the counter');
    case 'SHIFT_CLOSED':
      return new AppError('SHIFT_CLOSED', 'This shift has closed; its sales and refunds are final');
    case 'SALES_IN_PROGRESS':
      return new AppError('SALES_IN_PROGRESS', 'A sale of this shift is still being paid; finish it before closing');
  }
}

const isShiftRefusal = (code: string): code is CounterRefusal =>
  code === 'NO_OPEN_SHIFT' || code === 'NOT_YOUR_SHIFT' || code === 'SHIFT_CLOSED';

/**
 * Selling at the box office. A counter sale is an online sale made by staff: the same hold (the
 * database's conditional claim decides between the counter and the web), then the same lifecycle
 * step that confirms a payment; only the money comes from the drawer or the card terminal, and
 * both are recorded against the staff member's open shift.
 */
export function boxOfficeService(deps: Deps, bookings: BookingService, tickets: TicketService) {
  const store = bookingStore(deps.db, { publicUrl: deps.config.publicUrl });
  const shifts = boxOfficeStore(deps.db, store);
  const { clock, config } = deps;
  const currency = config.currency;

  const minor = (field: string, amount: number) => {
    const value = toMinorUnits(amount, currency);
    if (value === null) throw validationError([{ field, message: `has more decimals than ${currency} allows` }]);
    return value;
  };

  const presentShift = (row: ShiftRow): Shift => ({
    shift_id: row.id,
    staff_id: row.staff_id,
    status: row.status,
    currency: row.currency,
    opening_float: toMajorUnits(Number(row.opening_float), row.currency),
    opened_at: toIso(Number(row.opened_at)),
    counted_cash: row.counted_cash === null ? null : toMajorUnits(Number(row.counted_cash), row.currency),
    closed_at: row.closed_at === null ? null : toIso(Number(row.closed_at)),
  });

  /** A shift its own staff member or an admin may see; anyone else is told it does not exist. */
  async function visibleShift(shiftId: number, actor: Actor): Promise<ShiftRow> {
    const shift = await shifts.findShift(shiftId);
    if (!shift || (shift.staff_id !== actor.id && actor.role !== 'admin')) {
      throw new AppError('SHIFT_NOT_FOUND', `Shift ${shiftId} not found`);
    }
    return shift;
  }

  async function requireOpenShift(actor: Actor): Promise<ShiftRow> {
    const shift = await shifts.openShiftOf(actor.id);
    if (!shift) throw shiftRefusal('NO_OPEN_SHIFT');
    return shift;
  }

  function committed(eventId: number) {
    deps.bus.touch(eventId);
    deps.outbox?.kick();
  }

  /** A sale that could not be paid gives its seats back at once (a cancelled unpaid hold). */
  async function releaseHold(booking: BookingRow, actor: Actor) {
    const released = await store.cancel({
      bookingId: booking.id,
      by: 'admin',
      policy: config.refundPolicy,
      now: clock.now(),
      actor: auditActor(actor),
    });
    if (released.ok) committed(booking.event_id);
  }

  async function payByCard(booking: BookingRow, body: CounterSaleBody, actor: Actor) {
    const terminal = deps.payments;
    if (terminal.flow !== 'card') throw new Error('checked before the hold');
    const started = await store.startPayment(booking, clock.now(), terminal.name);
    if (!started.ok) {
      await releaseHold(booking, actor);
      if (started.code === 'RATE_LIMITED') {
        throw new AppError('RATE_LIMITED', 'Too many declined cards in the last hour; take cash or try again later', {
          headers: { 'retry-after': String(started.retryAfterSeconds) },
        });
      }
      throw new AppError('HOLD_EXPIRED', 'The seats were released before the card was taken; choose seats again');
    }
    const charge = await terminal
      .charge({
        amount: booking.total_amount,
        currency: booking.currency,
        card: {
          card_number: (body.card_number ?? TERMINAL_TEST_CARD).replaceAll(' ', ''),
          exp_month: 12,
          exp_year: 9999,
          cvc: '000',
          cardholder_name: 'Box office',
        },
        description: `bookmemovie ${booking.reference} (box office)`,
        idempotencyKey: `charge-${started.paymentId}`,
      })
      .catch(async (error: unknown) => {
        // Left 'processing' when the terminal does not answer: reconciliation asks the processor.
        throw new AppError('PAYMENT_PROVIDER_ERROR', 'The card terminal did not answer; check it before charging again', {
          errors: [{ field: 'payment', message: String((error as Error)?.message ?? error) }],
        });
      });
    if (!charge.ok) {
      await store.markPaymentFailed(started.paymentId, clock.now(), 'card_declined');
      await releaseHold(booking, actor);
      throw new AppError('PAYMENT_DECLINED', `${charge.message}; nothing was sold and the seats are free again`);
    }
    const settled = await store.settlePayment({
      bookingId: booking.id,
      paymentId: started.paymentId,
      providerPaymentId: charge.paymentId,
      amount: booking.total_amount,
      now: clock.now(),
      actor: auditActor(actor),
    });
    if (settled.ok) committed(booking.event_id);
    if (!settled.ok || settled.decision.status !== 'confirmed') {
      throw new AppError('HOLD_EXPIRED', 'The hold ran out while the card was being charged; the charge is being refunded');
    }
  }

  return {
    async openShift(body: OpenShiftBody, actor: Actor): Promise<Shift> {
      const opened = await shifts.openShift({
        staffId: actor.id,
        openingFloat: minor('body/opening_float', body.opening_float),
        currency,
        now: clock.now(),
        actor: auditActor(actor),
      });
      if (!opened.ok) throw new AppError('SHIFT_ALREADY_OPEN', 'You already have an open shift; close it first');
      return presentShift(opened.shift);
    },

    async currentShift(actor: Actor): Promise<{ shift: Shift | null }> {
      const shift = await shifts.openShiftOf(actor.id);
      return { shift: shift ? presentShift(shift) : null };
    },

    async closeShift(shiftId: number, body: CloseShiftBody, actor: Actor): Promise<ShiftReport> {
      const shift = await visibleShift(shiftId, actor);
      const closed = await shifts.closeShift({
        shiftId: shift.id,
        countedCash: minor('body/counted_cash', body.counted_cash),
        now: clock.now(),
        actor: auditActor(actor),
      });
      if (!closed.ok) throw shiftRefusal(closed.code);
      return this.report(shiftId, actor);
    },

    async report(shiftId: number, actor: Actor): Promise<ShiftReport> {
      const shift = await visibleShift(shiftId, actor);
      const moves = await shifts.moves(shift.id);
      const report = shiftReport({
        openingFloat: Number(shift.opening_float),
        countedCash: shift.counted_cash === null ? null : Number(shift.counted_cash),
        ...moves,
      });
      const major = (amount: number) => toMajorUnits(amount, shift.currency);
      const byMethod = (totals: typeof report.sales) => ({
        cash: { count: totals.cash.count, amount: major(totals.cash.amount) },
        card: { count: totals.card.count, amount: major(totals.card.amount) },
        total: { count: totals.total.count, amount: major(totals.total.amount) },
      });
      return {
        shift: presentShift(shift),
        sales: byMethod(report.sales),
        refunds: byMethod(report.refunds),
        promo_discounts: { count: report.promoDiscounts.count, amount: major(report.promoDiscounts.amount) },
        cash_expected: major(report.cashExpected),
        counted_cash: report.countedCash === null ? null : major(report.countedCash),
        difference: report.difference === null ? null : major(report.difference),
      };
    },

    async sell(body: CounterSaleBody, actor: Actor): Promise<CounterSale> {
      const shift = await requireOpenShift(actor);
      let cashGiven: number | null = null;
      if (body.payment_method === 'cash') {
        if (body.cash_given === undefined) {
          throw validationError([{ field: 'body/cash_given', message: 'is required for cash: what the customer handed over' }]);
        }
        cashGiven = minor('body/cash_given', body.cash_given);
        // Judged on the seats' prices before anything is held, so a short payment holds nothing.
        // A promo code's discount is known only once the seats are held: then it is judged below.
        if (body.promo_code === undefined) {
          const total = await seatPrices(body.seat_ids);
          const tender = tenderCash(total, cashGiven);
          if (!tender.ok) throw cashShort(tender.missing, total);
        }
      } else if (deps.payments.flow !== 'card') {
        throw new AppError('COUNTER_CARD_UNAVAILABLE', 'No card terminal works with this payment provider; take cash');
      }

      const hold = await bookings.holdSeats(
        {
          event_id: body.event_id,
          seat_ids: body.seat_ids,
          ...(body.promo_code !== undefined ? { promo_code: body.promo_code } : {}),
        },
        actor,
        {
          shiftId: shift.id,
          paymentMethod: body.payment_method,
          customerEmail: body.customer_email ?? null,
        },
      );
      const booking = await store.findByReference(hold.booking_reference);
      if (!booking) throw new Error(`booking ${hold.booking_reference} vanished after its hold`);

      let change = 0;
      if (cashGiven !== null) {
        const tender = tenderCash(booking.total_amount, cashGiven);
        if (!tender.ok) {
          // The seats (and a promo code's use) go back: nothing is sold for less than its total.
          await releaseHold(booking, actor);
          throw cashShort(tender.missing, booking.total_amount);
        }
        change = tender.change;
        const paid = await shifts.payCash({
          bookingId: booking.id,
          reference: booking.reference,
          shiftId: shift.id,
          staffId: actor.id,
          amount: booking.total_amount,
          currency: booking.currency,
          now: clock.now(),
          actor: auditActor(actor),
        });
        if (!paid.ok) {
          await releaseHold(booking, actor);
          if (isShiftRefusal(paid.code)) throw shiftRefusal(paid.code);
          throw new AppError('HOLD_EXPIRED', 'The hold on these seats ran out before the cash was taken; choose seats again');
        }
        committed(booking.event_id);
      } else {
        await payByCard(booking, body, actor);
      }

      return {
        booking_reference: booking.reference,
        status: 'confirmed',
        shift_id: shift.id,
        event_id: booking.event_id,
        seat_ids: hold.seat_ids,
        seats: hold.seats,
        total_amount: toMajorUnits(booking.total_amount, booking.currency),
        discount_amount: toMajorUnits(Number(booking.discount_amount), booking.currency),
        promo_code: booking.promo_code,
        currency: booking.currency,
        payment_method: body.payment_method,
        cash_given: cashGiven === null ? null : toMajorUnits(cashGiven, booking.currency),
        change_due: toMajorUnits(change, booking.currency),
        customer_email: body.customer_email ?? null,
        tickets: await tickets.listForBooking(booking.reference, actor),
        tickets_pdf: `/api/bookings/${booking.reference}/tickets.pdf`,
      };
    },

    /** What the counter owes for a sale made at any counter (a cancelled showtime's cash), before paying it out. */
    async cashRefundDue(reference: string): Promise<CashRefundDue> {
      const booking = await store.findByReference(reference.trim().toUpperCase());
      if (!booking || booking.shift_id === null || booking.payment_method === null) {
        throw new AppError('BOOKING_NOT_FOUND', `No box-office sale ${reference}`);
      }
      const seats = await deps.db.kysely
        .selectFrom('booking_seats')
        .select('label')
        .where('booking_id', '=', booking.id)
        .orderBy('seat_id')
        .execute();
      return {
        booking_reference: booking.reference,
        status: booking.status,
        payment_method: booking.payment_method,
        seats: seats.map((s) => s.label),
        cash_refund_due: toMajorUnits(await shifts.cashRefundDue(booking.id), booking.currency),
        currency: booking.currency,
      };
    },

    async refund(body: CounterRefundBody, actor: Actor): Promise<CounterRefund> {
      const shift = await requireOpenShift(actor);
      const booking = await store.findByReference(body.booking_reference.trim().toUpperCase());
      if (!booking) throw new AppError('BOOKING_NOT_FOUND', `Booking ${body.booking_reference} not found`);
      if (booking.shift_id === null || booking.payment_method === null) {
        throw new AppError('BOOKING_NOT_CANCELLABLE', 'This booking was bought online; it is cancelled and refunded online');
      }
      // The cinema cancelled the showtime of a cash sale: its money is owed here, and paid out now.
      if ((await shifts.cashRefundDue(booking.id)) > 0) {
        if (body.seat_ids) {
          throw validationError([
            { field: 'body/seat_ids', message: 'leave out: the cash owed for this booking is paid in full' },
          ]);
        }
        const paid = await shifts.payOutCashDue({
          bookingId: booking.id,
          shiftId: shift.id,
          staffId: actor.id,
          now: clock.now(),
          actor: auditActor(actor),
        });
        if (!paid.ok) {
          if (isShiftRefusal(paid.code)) throw shiftRefusal(paid.code);
          throw new AppError('BOOKING_NOT_CANCELLABLE', 'This cash refund was already paid out');
        }
        return {
          booking_reference: booking.reference,
          status: 'cancelled',
          shift_id: shift.id,
          refunded_seat_ids: [],
          refund_amount: toMajorUnits(paid.amount, booking.currency),
          currency: booking.currency,
          payment_method: booking.payment_method,
        };
      }
      const result = await shifts.refund({
        bookingId: booking.id,
        shiftId: shift.id,
        staffId: actor.id,
        ...(body.seat_ids ? { seatIds: body.seat_ids } : {}),
        policy: config.refundPolicy,
        now: clock.now(),
        actor: auditActor(actor),
      });
      if (!result.ok) {
        if (isShiftRefusal(result.code)) throw shiftRefusal(result.code);
        throw refundRefusal(result.code as LifecycleRefusal);
      }
      committed(booking.event_id);
      return {
        booking_reference: booking.reference,
        status: result.decision.status === 'cancelled' ? 'cancelled' : 'confirmed',
        shift_id: shift.id,
        refunded_seat_ids: result.applied.changes.map((c) => c.seat_id),
        refund_amount: toMajorUnits(result.decision.refund, booking.currency),
        currency: booking.currency,
        payment_method: booking.payment_method,
      };
    },
  };

  function cashShort(missing: number, total: number): AppError {
    return validationError([
      {
        field: 'body/cash_given',
        message: `is ${toMajorUnits(missing, currency)} ${currency} short of the total ${toMajorUnits(total, currency)} ${currency}`,
      },
    ]);
  }

  async function seatPrices(seatIds: number[]): Promise<number> {
    const rows = await deps.db.kysely.selectFrom('seats').select('price').where('id', 'in', seatIds).execute();
    return rows.reduce((sum, s) => sum + s.price, 0);
  }
}

function refundRefusal(code: LifecycleRefusal | 'SEATS_LOST' | 'DUPLICATE_EVENT'): AppError {
  switch (code) {
    case 'SEATS_NOT_IN_BOOKING':
      return validationError([{ field: 'body/seat_ids', message: 'choose seats of this booking' }]);
    case 'ALREADY_CANCELLED':
      return new AppError('BOOKING_NOT_CANCELLABLE', 'This sale was already refunded');
    case 'SHOWTIME_STARTED':
      return new AppError('BOOKING_NOT_CANCELLABLE', 'The showtime has started; its tickets can no longer be refunded');
    default:
      return new AppError('BOOKING_NOT_CANCELLABLE', 'This sale cannot be refunded now; reload it and try again');
  }
}

export type BoxOfficeService = ReturnType<typeof boxOfficeService>;
