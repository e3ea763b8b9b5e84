import type { Cinema, CinemaBody, CinemaPatch } from '../contract/cinemas.js';
import { AppError, validationError } from '../contract/errors.js';
import { isTimeZone } from '../core/cinema-time.js';
import { type CinemaRow, cinemaStore } from '../db/stores/cinema-store.js';
import type { Deps } from './deps.js';
import type { ReadCache } from './read-cache.js';

/** `cache` is the catalogue's read cache: a cinema's zone changes how its showtimes read. */
export function cinemaService(deps: Deps, cache?: ReadCache) {
  const cinemas = cinemaStore(deps.db);
  const present = (c: CinemaRow): Cinema => ({
    id: c.id,
    name: c.name,
    address: c.address,
    time_zone: c.time_zone ?? deps.config.cinemaTimeZone,
  });

  function checkZone(zone: string | undefined): string | undefined {
    if (zone === undefined) return undefined;
    const trimmed = zone.trim();
    if (!isTimeZone(trimmed)) {
      throw validationError([{ field: 'body/time_zone', message: `"${zone}" is not an IANA time zone such as Asia/Tokyo` }]);
    }
    return trimmed;
  }

  const nameTaken = (name: string) => new AppError('CINEMA_NAME_TAKEN', `A cinema named "${name}" already exists`);

  return {
    list: async (): Promise<Cinema[]> => (await cinemas.list()).map(present),

    async create(body: CinemaBody): Promise<Cinema> {
      const zone = checkZone(body.time_zone) as string;
      const name = body.name.trim();
      const result = await cinemas.insert({ name, address: body.address?.trim() ?? '', time_zone: zone }, deps.clock.now());
      if (!result.ok) throw nameTaken(name);
      return present(result.cinema);
    },

    async update(id: number, patch: CinemaPatch): Promise<Cinema> {
      const zone = checkZone(patch.time_zone);
      const name = patch.name?.trim();
      const changes = {
        ...(name !== undefined ? { name } : {}),
        ...(patch.address !== undefined ? { address: patch.address.trim() } : {}),
        ...(zone !== undefined ? { time_zone: zone } : {}),
      };
      // Unknown fields are stripped after minProperties is checked: such a patch arrives empty.
      if (Object.keys(changes).length === 0)
        throw validationError([{ field: 'body', message: 'name at least one field to change' }]);
      const result = await cinemas.update(id, changes);
      cache?.invalidateAll();
      if (result.ok) return present(result.cinema);
      if (result.code === 'NAME_TAKEN') throw nameTaken(name as string);
      throw new AppError('CINEMA_NOT_FOUND', `Cinema ${id} not found`);
    },
  };
}

export type CinemaService = ReturnType<typeof cinemaService>;
