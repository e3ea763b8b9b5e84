import { Type } from 'typebox';
import {
  CashRefundDue,
  CashRefundParams,
  CloseShiftBody,
  CounterRefund,
  CounterRefundBody,
  CounterSale,
  CounterSaleBody,
  OpenShiftBody,
  Shift,
  ShiftIdParams,
  ShiftReport,
} from '../../contract/box-office.js';
import { Nullable } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { actorOf } from '../plugins/auth.js';
import { idempotency } from '../plugins/idempotency.js';
import type { App, RouteContext } from '../types.js';

const tags = ['box office'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const paymentErrors = { ...errors, 402: ErrorBody, 429: ErrorBody, 502: ErrorBody };

/** The counter: box office staff and admins (customers and ushers get 403 on every route here). */
export function boxOfficeRoutes(app: App, { services, guards, deps }: RouteContext) {
  app.addHook('onRequest', guards.requireBoxOffice);
  const boxOffice = services.boxOffice;

  app.post('/api/box-office/shifts', {
    schema: {
      tags,
      security,
      summary: 'Open a shift at the counter with a cash float',
      description: 'One open shift per staff member (409 SHIFT_ALREADY_OPEN).',
      body: OpenShiftBody,
      response: { 201: Shift, ...errors },
    },
    handler: async (request, reply) => reply.status(201).send(await boxOffice.openShift(request.body, actorOf(request))),
  });

  app.get('/api/box-office/shifts/current', {
    schema: {
      tags,
      security,
      summary: 'My open shift, if any',
      response: { 200: Type.Object({ shift: Nullable(Shift) }), ...errors },
    },
    handler: async (request) => boxOffice.currentShift(actorOf(request)),
  });

  app.post('/api/box-office/shifts/:shift_id/close', {
    schema: {
      tags,
      security,
      summary: 'Close a shift with the cash counted; answers its report',
      description:
        'Its own staff member or an admin. 409 SHIFT_CLOSED when already closed; 409 SALES_IN_PROGRESS while a sale of ' +
        'the shift is half done (seats held, a card at the terminal). After closing, nothing more is sold or refunded in it.',
      params: ShiftIdParams,
      body: CloseShiftBody,
      response: { 200: ShiftReport, ...errors },
    },
    handler: async (request) => boxOffice.closeShift(request.params.shift_id, request.body, actorOf(request)),
  });

  app.get('/api/box-office/shifts/:shift_id/report', {
    schema: {
      tags,
      security,
      summary: 'Sales and refunds by payment method, and the cash expected against the cash counted',
      description: 'cash_expected = opening_float + cash sales − cash refunds; difference = counted_cash − cash_expected.',
      params: ShiftIdParams,
      response: { 200: ShiftReport, ...errors },
    },
    handler: async (request) => boxOffice.report(request.params.shift_id, actorOf(request)),
  });

  // A sale retried after a lost answer (a dropped connection at the counter) must not sell or charge twice.
  const saleOnce = idempotency(deps, 'box-office-sale');
  app.post('/api/box-office/sales', {
    schema: {
      tags,
      security,
      summary: 'Sell seats at the counter (cash or card), in my open shift',
      description:
        'The same all-or-nothing hold as online buyers (409 SEATS_UNAVAILABLE lists the seats taken), then paid at once. ' +
        '409 NO_OPEN_SHIFT without an open shift; 422 when cash_given is missing or below the total (nothing is held). ' +
        'Card: the simulated processor stands in for the terminal (402 PAYMENT_DECLINED frees the seats). The tickets are ' +
        'emailed to customer_email when given, to nobody otherwise; the printable PDF is at tickets_pdf.',
      headers: Type.Object({
        'idempotency-key': Type.Optional(
          Type.String({ description: 'Retry-safe: the same key and body within 24 h returns the first answer' }),
        ),
      }),
      body: CounterSaleBody,
      response: { 201: CounterSale, ...paymentErrors },
    },
    preHandler: saleOnce.preHandler,
    onSend: [saleOnce.onSend],
    handler: async (request, reply) => reply.status(201).send(await boxOffice.sell(request.body, actorOf(request))),
  });

  app.get('/api/box-office/sales/:booking_reference/cash-refund', {
    schema: {
      tags,
      security,
      summary: 'The cash owed at the counter for a box-office sale (a cancelled showtime’s), before paying it out',
      description:
        'Any counter sale, whichever clerk made it: the customer may come to any counter. 404 BOOKING_NOT_FOUND for an ' +
        'online booking or none. Pay it out with POST /api/box-office/refunds.',
      params: CashRefundParams,
      response: { 200: CashRefundDue, ...errors },
    },
    handler: async (request) => boxOffice.cashRefundDue(request.params.booking_reference),
  });

  app.post('/api/box-office/refunds', {
    schema: {
      tags,
      security,
      summary: 'Refund a counter sale, whole or some seats, from my open shift',
      description:
        'In full, paid back as it was paid (cash from this shift’s drawer, card to the card). Online bookings are refunded ' +
        'online (409 BOOKING_NOT_CANCELLABLE). 409 NO_OPEN_SHIFT without an open shift.',
      body: CounterRefundBody,
      response: { 200: CounterRefund, ...errors },
    },
    handler: async (request) => boxOffice.refund(request.body, actorOf(request)),
  });
}
