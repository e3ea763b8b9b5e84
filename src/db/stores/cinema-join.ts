import { sql } from 'kysely';

/**
 * Join condition for `cinemas as c` beside `halls as h`: the hall's cinema, or the first cinema for
 * a showtime without a hall (the prototype's grid) or a hall written before cinemas. One rule for
 * every reader of a showtime's zone.
 */
export const cinemaOfHall = sql<boolean>`c.id = coalesce(h.cinema_id, (select min(fc.id) from cinemas fc where fc.deleted_at is null))`;
