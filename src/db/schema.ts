import type { Generated } from 'kysely';
import type { TicketStatus } from '../core/check-in.js';
import type { Role } from '../core/roles.js';

/** Times are epoch milliseconds (UTC) in both dialects, so the same SQL compares them everywhere. */
export type Millis = number;

export type UsersTable = {
  id: Generated<number>;
  email: string;
  password_hash: string;
  full_name: string;
  /** References roles.name (migration 013). */
  role: Role;
  is_active: number;
  created_at: Millis;
  /** Access tokens issued before this are refused. */
  sessions_valid_after: Generated<Millis>;
};

export type RefreshTokensTable = {
  id: Generated<number>;
  user_id: number;
  /** Every rotation of one sign-in shares a family; reuse of a rotated token revokes the family. */
  family_id: string;
  /** SHA-256 of the opaque token: a database leak does not leak usable tokens. */
  token_hash: string;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
  revoked_at: Millis | null;
};

export type IdempotencyKeysTable = {
  user_id: number;
  key: string;
  route: string;
  request_hash: string;
  /** Null while the first request is still running. */
  status_code: number | null;
  response_body: string | null;
  created_at: Millis;
  expires_at: Millis;
};

export type AuditLogTable = {
  id: Generated<number>;
  at: Millis;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string;
  ip: string | null;
  /** How the attempt ended (security events); null on rows older than migration 006. */
  outcome: 'success' | 'failure' | 'blocked' | null;
  /** The account an event is about, by email: a failed sign-in may name no real account. */
  target_email: string | null;
};

/** One rate-limit key's points in its current window (src/services/rate-counter.ts). */
export type RateCountersTable = {
  key: string;
  count: number;
  /** The window ends here; the next point after it starts a new one. */
  expires_at: Millis;
};

export type SetupClaimsTable = {
  name: string;
  created_at: Millis;
};

/** One per server start while no admin exists; only the SHA-256 of the code is kept. */
export type SetupCodesTable = {
  code_hash: string;
  created_at: Millis;
};

export type MoviesTable = {
  id: Generated<number>;
  title: string;
  description: string | null;
  duration_minutes: number | null;
  genre: string | null;
  rating: string | null;
  poster_url: string | null;
  release_date: string | null;
  /** A JSON array of names (migration 021). */
  cast_names: string | null;
  director: string | null;
  /** MPA, BBFC or FSK; null: `rating` is free text (films entered before migration 021). */
  rating_system: string | null;
  language: string | null;
  subtitles: string | null;
  trailer_url: string | null;
  created_at: Millis;
  deleted_at: Millis | null;
};

/** An uploaded poster, one row per size (migration 021); `etag` is the hash of `bytes`. */
export type MoviePostersTable = {
  movie_id: number;
  size: 'small' | 'large';
  content_type: string;
  bytes: Buffer;
  etag: string;
  width: number;
  height: number;
  created_at: Millis;
};

/** A cinema (migration 015): its halls' showtimes are read and written in its zone. */
export type CinemasTable = {
  id: Generated<number>;
  name: string;
  address: Generated<string>;
  /** IANA zone; null (the first cinema, made by the migration) reads as CINEMA_TIME_ZONE. */
  time_zone: string | null;
  created_at: Millis;
  deleted_at: Millis | null;
};

export type HallsTable = {
  id: Generated<number>;
  name: string;
  rows: number;
  seats_per_row: number;
  /** JSON array of {name, from_row, to_row, price_factor}. */
  categories: string;
  created_at: Millis;
  deleted_at: Millis | null;
  /** JSON HallShape (src/core/hall-shape.ts): rows of seats and gaps; null reads as the rectangle (migration 012). */
  layout: Generated<string | null>;
  /** 1: a selection that leaves a single seat alone is refused (migration 012; 0 on older halls). */
  single_seat_rule: Generated<number>;
  /** The cinema the hall is in (migration 015); null only on halls written by older code. */
  cinema_id: number | null;
};

export type EventsTable = {
  id: Generated<number>;
  movie_id: number;
  hall_id: number | null;
  start_time: Millis;
  end_time: Millis;
  /** Base seat price in minor units; seat prices are this times their category factor. */
  base_price: number;
  currency: string;
  total_seats: number;
  created_at: Millis;
  deleted_at: Millis | null;
  /** When the cinema cancelled the showtime (migration 018): no more sales, every booking refunded. */
  cancelled_at: Generated<Millis | null>;
  /** The reason the admin gave, shown to customers. */
  cancel_note: Generated<string | null>;
  /** A TicketFormat (src/core/ticket-pricing.ts); '2D' on older showtimes (migration 014). */
  format: Generated<string>;
  /** Added to every ticket's price, minor units (migration 014). */
  format_surcharge: Generated<number>;
  /** JSON {types, prices} (core's PriceCard without format and surcharge); null: the default card at seat prices. */
  price_card: Generated<string | null>;
};

export type SeatsTable = {
  id: Generated<number>;
  event_id: number;
  row_label: string;
  row_index: number;
  number: number;
  label: string;
  category: string;
  factor_bp: number;
  price: number;
  status: 'available' | 'held' | 'booked';
  booking_id: number | null;
  hold_expires_at: Millis | null;
  /** A SeatKind; `blocked` seats are never sold (migration 012). */
  kind: Generated<'standard' | 'wheelchair' | 'companion' | 'restricted_view' | 'couple' | 'blocked'>;
  /** Position in the row, gaps included; null on older seats, where it is the seat's number. */
  col: Generated<number | null>;
};

export type BookingsTable = {
  id: Generated<number>;
  reference: string;
  user_id: number;
  event_id: number;
  status: 'pending' | 'awaiting_payment' | 'confirmed' | 'cancelled' | 'expired';
  total_amount: number;
  refund_amount: number | null;
  currency: string;
  expires_at: Millis;
  created_at: Millis;
  paid_at: Millis | null;
  cancelled_at: Millis | null;
  payment_id: string | null;
  /** Set when the service (migration 004) or the cinema (migration 018) cancelled the booking. */
  cancel_reason: 'too_many_declines' | 'show_cancelled' | null;
  /** When the hold was extended for a card provider's checkout (at most once; migration 008). */
  hold_extended_at: Generated<Millis | null>;
  /** When the customer's bank opened a dispute on the charge: staff see the booking flagged. */
  disputed_at: Generated<Millis | null>;
  /** Cancellation fees kept, minor units (migration 008). */
  fee_amount: Generated<number>;
  /** A counter sale: the box-office shift it was sold in (the booking's user is the staff member; migration 016). */
  shift_id: Generated<number | null>;
  /** How a counter sale was paid; null for online bookings (migration 016). */
  payment_method: Generated<'cash' | 'card' | null>;
  /** Where a counter sale's tickets are emailed; null sends none (migration 016). */
  customer_email: Generated<string | null>;
  /** Taken off the subtotal by a promo code, minor units (migration 020). */
  discount_amount: Generated<number>;
  /** The promo code the booking was held with, upper-case (migration 020). */
  promo_code: Generated<string | null>;
};

export type BookingSeatsTable = {
  booking_id: number;
  seat_id: number;
  label: string;
  /** What the seat was sold at, the format surcharge included. */
  price: number;
  /** The ticket type's code (migration 014; 'adult' on older rows). */
  ticket_type: Generated<string>;
  /** The part of `price` that is the format surcharge (migration 014). */
  surcharge: Generated<number>;
  /** Set when this seat alone was cancelled out of a confirmed booking (migration 008). */
  cancelled_at: Generated<Millis | null>;
  /** This seat's share of the booking's promo discount, minor units: it paid `price - discount` (migration 020). */
  discount: Generated<number>;
};

export type PromoCodesTable = {
  id: Generated<number>;
  code: string;
  kind: 'percent' | 'fixed';
  /** Percent (1-100), or minor units for a fixed amount. */
  value: number;
  valid_from: Millis | null;
  valid_until: Millis | null;
  max_uses: number | null;
  max_uses_per_user: number | null;
  /** JSON arrays; null: no limit. */
  movie_ids: string | null;
  event_ids: string | null;
  ticket_types: string | null;
  min_seats: Generated<number>;
  /** Live redemptions (bookings not expired or cancelled). */
  uses: Generated<number>;
  active: Generated<number>;
  created_at: Millis;
  updated_at: Millis;
};

export type PromoRedemptionsTable = {
  id: Generated<number>;
  promo_code_id: number;
  booking_id: number;
  user_id: number;
  discount: number;
  created_at: Millis;
  /** Set when the booking expired or was cancelled whole: the use went back to the code. */
  released_at: Generated<Millis | null>;
};

export type PaymentsTable = {
  id: Generated<number>;
  booking_id: number;
  status: 'processing' | 'succeeded' | 'declined' | 'refunded';
  amount: number;
  currency: string;
  provider_payment_id: string | null;
  provider_refund_id: string | null;
  /** Why a `declined` payment failed: the card was refused, or the processor could not be reached (migration 004). */
  failure_kind: 'card_declined' | 'provider_error' | null;
  /** 'simulated', 'stripe' or 'imported' (migration 008). */
  provider: Generated<string>;
  /** The provider's payment intent while the customer pays on the provider's page. */
  provider_intent_id: Generated<string | null>;
  created_at: Millis;
  updated_at: Millis;
};

/** Money given back, in full or in part; sent to the provider through the outbox. */
export type RefundsTable = {
  id: Generated<number>;
  booking_id: number;
  payment_id: number;
  amount: number;
  currency: string;
  reason: string;
  status: 'pending' | 'succeeded';
  provider_refund_id: string | null;
  created_at: Millis;
  updated_at: Millis;
  /** Given back at the counter: the shift whose drawer or terminal paid it out (migration 016). */
  shift_id: Generated<number | null>;
};

/** One staff member's time at the box office with a cash drawer (migration 016). Money in minor units. */
export type BoxOfficeShiftsTable = {
  id: Generated<number>;
  staff_id: number;
  status: 'open' | 'closed';
  currency: string;
  opening_float: number;
  opened_at: Millis;
  counted_cash: number | null;
  closed_at: Millis | null;
};

/** One row per effect to deliver after commit (src/services/outbox-worker.ts). */
export type OutboxTable = {
  id: Generated<number>;
  /** Effects of one topic (a booking, a user) are delivered in the order they were written. */
  topic: string;
  kind: string;
  /** JSON. */
  payload: string;
  created_at: Millis;
  /** Not delivered before this (retry backoff). */
  available_at: Millis;
  attempts: Generated<number>;
  last_error: string | null;
  /** A worker has it until then; after that another may take it (a crashed worker's lease ends). */
  claimed_until: Millis | null;
  delivered_at: Millis | null;
};

export type ProviderEventsTable = {
  id: string;
  type: string;
  received_at: Millis;
};

/** One emailed password-reset link (migration 009); the token itself is stored nowhere. */
export type PasswordResetsTable = {
  id: Generated<number>;
  user_id: number;
  /** Hex; the token is HMAC(key from SECRET_KEY, id + salt). */
  salt: string;
  /** SHA-256 of the token; null only inside the transaction that creates the row. */
  token_hash: string | null;
  created_at: Millis;
  expires_at: Millis;
  used_at: Millis | null;
};

/** The roles an account can have (migration 013); users.role references it. */
export type RolesTable = { name: string };

/** One per seat of a confirmed booking (migration 013); issued and voided by the booking lifecycle. */
export type TicketsTable = {
  id: Generated<number>;
  booking_id: number;
  event_id: number;
  seat_id: number;
  seat_label: string;
  status: TicketStatus;
  issued_at: Millis;
  /** The first admission: the earliest scan, offline scans included. */
  used_at: Millis | null;
  used_device: string | null;
  /** The staff account whose scan admitted it. */
  used_by: number | null;
  voided_at: Millis | null;
};

/** Every scan of a real ticket at the door (migration 013): the first admits, later ones are duplicates. */
export type TicketScansTable = {
  id: Generated<number>;
  ticket_id: number;
  event_id: number;
  scanned_at: Millis;
  received_at: Millis;
  device_id: string | null;
  staff_id: number | null;
  /** 1: made on a device without a network and uploaded later. */
  offline: Generated<number>;
  result: 'admitted' | 'duplicate';
};

/** A place in a sold-out showtime's queue (migration 019; src/core/waitlist.ts). */
export type WaitlistEntriesTable = {
  id: Generated<number>;
  event_id: number;
  user_id: number;
  count: number;
  status: 'waiting' | 'offered' | 'left';
  created_at: Millis;
  updated_at: Millis;
  /** The hold made for the customer when seats were offered. */
  booking_id: number | null;
};
/** Admin-editable settings, JSON by key (migration 014). */
export type SettingsTable = { key: string; value: string; updated_at: Millis };

/** What the prototype import brought in, by the prototype's id (migration 010). */
export type PrototypeImportsTable = {
  kind: 'user' | 'movie' | 'event' | 'hall' | 'booking' | 'account';
  prototype_id: string;
  local_id: number;
  imported_at: Millis;
};

export type Database = {
  users: UsersTable;
  setup_claims: SetupClaimsTable;
  setup_codes: SetupCodesTable;
  movies: MoviesTable;
  movie_posters: MoviePostersTable;
  halls: HallsTable;
  cinemas: CinemasTable;
  events: EventsTable;
  seats: SeatsTable;
  bookings: BookingsTable;
  booking_seats: BookingSeatsTable;
  promo_codes: PromoCodesTable;
  promo_redemptions: PromoRedemptionsTable;
  payments: PaymentsTable;
  refresh_tokens: RefreshTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  rate_counters: RateCountersTable;
  password_resets: PasswordResetsTable;
  outbox: OutboxTable;
  refunds: RefundsTable;
  provider_events: ProviderEventsTable;
  waitlist_entries: WaitlistEntriesTable;
  prototype_imports: PrototypeImportsTable;
  roles: RolesTable;
  tickets: TicketsTable;
  ticket_scans: TicketScansTable;
  box_office_shifts: BoxOfficeShiftsTable;
  settings: SettingsTable;
};
