import { type Static, Type } from 'typebox';
import { MAX_WAITLIST_SEATS } from '../core/waitlist.js';
import { Id, Nullable, Timestamp } from './common.js';

export const WaitlistJoinBody = Type.Object({
  count: Type.Integer({ minimum: 1, maximum: MAX_WAITLIST_SEATS, description: 'How many seats, side by side if possible' }),
});
export type WaitlistJoinBody = Static<typeof WaitlistJoinBody>;

export const WaitlistState = Type.Union(
  [Type.Literal('waiting'), Type.Literal('offered'), Type.Literal('booked'), Type.Literal('lapsed'), Type.Literal('left')],
  {
    description:
      'waiting: in the queue; offered: seats are held for you (pay before offer_expires_at); booked: you paid; ' +
      'lapsed: the offer ran out; left: you left the queue',
  },
);

export const WaitlistEntry = Type.Object({
  entry_id: Id,
  event_id: Id,
  count: Type.Integer(),
  state: WaitlistState,
  position: Nullable(Type.Integer({ description: 'Place in the queue while waiting (1 is next)' })),
  joined_at: Timestamp,
  booking_reference: Nullable(Type.String({ description: 'The held booking of an offer: pay it at /checkout/{reference}' })),
  offer_expires_at: Nullable(Timestamp),
});
export type WaitlistEntry = Static<typeof WaitlistEntry>;

export const AdminWaitlist = Type.Object({
  event_id: Id,
  waiting: Type.Integer({ description: 'People in the queue now' }),
  seats_wanted: Type.Integer({ description: 'Seats they want between them' }),
  offered: Type.Integer({ description: 'Offers still open' }),
  entries: Type.Array(Type.Intersect([WaitlistEntry, Type.Object({ email: Type.String() })])),
});
export type AdminWaitlist = Static<typeof AdminWaitlist>;
