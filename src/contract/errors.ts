import { Type } from 'typebox';

/** Every error the API returns carries one of these codes; the HTTP status follows from the code alone. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  RESET_TOKEN_INVALID: 400,
  RESET_TOKEN_USED: 400,
  RESET_TOKEN_EXPIRED: 400,
  NOT_AUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  PAYMENT_DECLINED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SEAT_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  MOVIE_NOT_FOUND: 404,
  HALL_NOT_FOUND: 404,
  CINEMA_NOT_FOUND: 404,
  BOOKING_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  EMAIL_TAKEN: 409,
  HALL_NAME_TAKEN: 409,
  CINEMA_NAME_TAKEN: 409,
  SCHEDULE_CONFLICT: 409,
  NONEXISTENT_LOCAL_TIME: 422,
  AMBIGUOUS_LOCAL_TIME: 422,
  ADMIN_EXISTS: 403,
  SETUP_CODE_REQUIRED: 403,
  SEATS_UNAVAILABLE: 409,
  SHOWTIME_CANCELLED: 409,
  SHOWTIME_ENDED: 409,
  SEATS_AVAILABLE: 409,
  ALREADY_ON_WAITLIST: 409,
  WAITLIST_FULL: 409,
  HOLD_LIMIT: 409,
  SINGLE_SEAT_GAP: 409,
  SEAT_NOT_FOR_SALE: 409,
  ACCESSIBLE_SEATS_RESERVED: 409,
  COMPANION_NEEDS_WHEELCHAIR: 409,
  COUPLE_SEATS_TOGETHER: 409,
  NOT_ENOUGH_SEATS: 409,
  HOLD_EXPIRED: 409,
  BOOKING_CANCELLED: 409,
  BOOKING_NOT_CANCELLABLE: 409,
  BOOKING_NOT_IMPORTED: 409,
  PAYMENT_IN_PROGRESS: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  SHOWTIME_OVERLAP: 409,
  HAS_ACTIVE_BOOKINGS: 409,
  TICKET_ALREADY_USED: 409,
  TICKET_VOID: 409,
  TICKET_WRONG_SHOWTIME: 409,
  TICKET_INVALID: 422,
  CHILD_TICKET_NOT_ALLOWED: 422,
  PROMO_CODE_INVALID: 422,
  PROMO_CODE_USED_UP: 409,
  PROMO_CODE_TAKEN: 409,
  ROLE_CHANGE_REFUSED: 409,
  SHIFT_NOT_FOUND: 404,
  NO_OPEN_SHIFT: 409,
  SHIFT_ALREADY_OPEN: 409,
  SHIFT_CLOSED: 409,
  SALES_IN_PROGRESS: 409,
  COUNTER_CARD_UNAVAILABLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  PAYMENT_PROVIDER_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ErrorBody = Type.Object({
  detail: Type.String({ description: 'What went wrong, for a person to read' }),
  code: Type.String({ description: 'A stable machine-readable code', enum: Object.keys(ERROR_STATUS) }),
  errors: Type.Optional(
    Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
      description: 'Field-level problems, for validation errors',
    }),
  ),
  seat_ids: Type.Optional(Type.Array(Type.Integer(), { description: 'Seats the error is about' })),
  suggested_seat_ids: Type.Optional(
    Type.Array(Type.Integer(), { description: 'SINGLE_SEAT_GAP: a selection of the same size that leaves no seat alone' }),
  ),
  available: Type.Optional(
    Type.Object(
      {
        seats: Type.Integer({ description: 'Free seats matching the request' }),
        together: Type.Integer({ description: 'The most of them side by side in one row' }),
        categories: Type.Record(Type.String(), Type.Integer(), { description: 'Free seats per category' }),
      },
      { description: 'NOT_ENOUGH_SEATS: what there is instead' },
    ),
  ),
  candidates: Type.Optional(
    Type.Array(Type.String(), {
      description: 'AMBIGUOUS_LOCAL_TIME: the two instants the wall time names, with their offsets (send one, or `fold`)',
    }),
  ),
  request_id: Type.Optional(Type.String()),
});

export type FieldProblem = { field: string; message: string };

/** The one error type the service throws on purpose; the error plugin turns it into a response. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: {
      errors?: FieldProblem[];
      seat_ids?: number[];
      suggested_seat_ids?: number[];
      available?: { seats: number; together: number; categories: Record<string, number> };
      candidates?: string[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const validationError = (problems: FieldProblem[]) =>
  new AppError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
