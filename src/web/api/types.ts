import type { Static } from 'typebox';
import type { SetupStatus as SetupStatusSchema } from '../../contract/auth';
import type { MovieWithShowtimes as MovieWithShowtimesSchema } from '../../contract/catalogue';

// Schemas the contract exports without a named type; derived here so the client stays in step.
export type SetupStatus = Static<typeof SetupStatusSchema>;
export type MovieWithShowtimes = Static<typeof MovieWithShowtimesSchema>;
export type SeatStatus = 'available' | 'held' | 'booked';
