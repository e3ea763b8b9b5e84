/**
 * One place for cache keys. They nest, so invalidating a prefix refreshes everything under it:
 * ['events'] covers every showtime list and detail, ['bookings'] every booking of the user.
 */
export const queryKeys = {
  setup: ['auth', 'setup'] as const,
  me: ['auth', 'me'] as const,
  movies: ['movies'] as const,
  events: ['events'] as const,
  eventList: (cinemaId: number | null) => ['events', 'list', { cinemaId }] as const,
  cinemas: ['cinemas'] as const,
  event: (eventId: number) => ['events', 'detail', eventId] as const,
  seatMap: (eventId: number) => ['seat-map', eventId] as const,
  bookings: ['bookings'] as const,
  myBookings: ['bookings', 'mine'] as const,
  booking: (reference: string) => ['bookings', 'detail', reference] as const,
  tickets: (reference: string) => ['bookings', 'tickets', reference] as const,
  boxOffice: {
    all: ['box-office'] as const,
    currentShift: ['box-office', 'shift', 'current'] as const,
    report: (shiftId: number) => ['box-office', 'shift', shiftId, 'report'] as const,
    cashRefund: (reference: string) => ['box-office', 'cash-refund', reference] as const,
  },
  admin: {
    all: ['admin'] as const,
    movies: ['admin', 'movies'] as const,
    halls: ['admin', 'halls'] as const,
    events: (filters: Record<string, unknown>) => ['admin', 'events', filters] as const,
    eventsAll: ['admin', 'events'] as const,
    priceCard: (eventId: number) => ['admin', 'price-card', eventId] as const,
    bookings: (filters: Record<string, unknown>) => ['admin', 'bookings', filters] as const,
    bookingsAll: ['admin', 'bookings'] as const,
    analytics: ['admin', 'analytics'] as const,
    salesReport: (filters: Record<string, unknown>) => ['admin', 'reports', 'sales', filters] as const,
    distributorReport: (filters: Record<string, unknown>) => ['admin', 'reports', 'distributor', filters] as const,
    audit: (filters: Record<string, unknown>) => ['admin', 'audit', filters] as const,
    cancellation: (eventId: number) => ['admin', 'events', 'cancellation', eventId] as const,
    users: (filters: Record<string, unknown>) => ['admin', 'users', filters] as const,
    usersAll: ['admin', 'users'] as const,
    mail: ['admin', 'mail'] as const,
    promoCodes: ['admin', 'promo-codes'] as const,
    mailMessage: (id: string) => ['admin', 'mail', 'message', id] as const,
  },
};
