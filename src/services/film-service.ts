import type { MovieBody, MoviePatch } from '../contract/admin.js';
import type { Movie } from '../contract/catalogue.js';
import { AppError, validationError } from '../contract/errors.js';
import { checkAgeRating, checkTrailerUrl, type FilmDetailProblem, type RatingSystem } from '../core/film-details.js';
import type { MoviesTable } from '../db/schema.js';
import { type MovieRow, movieStore } from '../db/stores/movie-store.js';
import type { Deps } from './deps.js';
import { type PosterUpload, resizePoster } from './poster-images.js';
import { cinemaToday, localTimeSettings, presentMovie } from './presenters.js';
import type { ReadCache } from './read-cache.js';

type MovieColumns = Partial<Omit<MoviesTable, 'id' | 'created_at' | 'deleted_at'>>;

/** The request's fields as columns: the cast as a JSON array of trimmed names. */
function columnsOf(body: MoviePatch): MovieColumns {
  const { cast, ...rest } = body;
  const columns: MovieColumns = { ...rest };
  if (cast !== undefined) {
    const names = cast.map((name) => name.trim()).filter((name) => name.length > 0);
    columns.cast_names = names.length > 0 ? JSON.stringify(names) : null;
  }
  return columns;
}

/** The rating against its system and the trailer link, after a patch is laid over what is stored. */
function checkDetails(after: { rating_system?: string | null; rating?: string | null; trailer_url?: string | null }) {
  const problems = [
    checkAgeRating(after.rating_system as RatingSystem | null | undefined, after.rating),
    checkTrailerUrl(after.trailer_url),
  ].filter((p): p is FilmDetailProblem => p !== null);
  if (problems.length > 0) throw validationError(problems);
}

/** Films as the programme and the admin screens show them, and their uploaded posters. */
export function filmService(deps: Deps, cache?: ReadCache) {
  const movies = movieStore(deps.db);
  const local = localTimeSettings(deps.config);
  const now = () => deps.clock.now();
  const present = (row: MovieRow) => presentMovie(row, cinemaToday(now(), local));

  async function reload(id: number): Promise<Movie> {
    const row = await movies.find(id, now());
    if (!row) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
    return present(row);
  }

  return {
    present,
    listMovies: async (): Promise<Movie[]> => (await movies.list(now())).map(present),
    findMovie: async (id: number) => {
      const row = await movies.find(id, now());
      return row ? present(row) : undefined;
    },

    async createMovie(body: MovieBody): Promise<Movie> {
      checkDetails(body);
      const row = await movies.insert({ title: body.title, ...columnsOf(body) }, now());
      cache?.invalidateAll();
      return reload(row.id);
    },

    async updateMovie(id: number, body: MoviePatch): Promise<Movie> {
      // Unknown fields are stripped after the schema's minProperties check, so a patch of only
      // unknown fields arrives empty (an UPDATE with nothing to set is an SQL error, a 500).
      if (Object.keys(body).length === 0) {
        throw validationError([{ field: 'body', message: 'name at least one field to change' }]);
      }
      const current = await movies.find(id, now());
      if (!current) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
      checkDetails({ ...current, ...body });
      const row = await movies.update(id, columnsOf(body));
      cache?.invalidateAll();
      if (!row) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
      return reload(id);
    },

    /** Resizes the upload to both sizes and stores them together; the film's new state comes back. */
    async savePoster(id: number, upload: PosterUpload): Promise<Movie> {
      if (!(await movies.find(id, now()))) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
      const sizes = await resizePoster(upload);
      if (!(await movies.savePoster(id, sizes, now()))) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
      cache?.invalidateAll();
      return reload(id);
    },

    async removePoster(id: number): Promise<void> {
      if (!(await movies.find(id, now()))) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
      if (!(await movies.removePoster(id))) throw new AppError('NOT_FOUND', `Movie ${id} has no uploaded poster`);
      cache?.invalidateAll();
    },

    async poster(id: number, size: 'small' | 'large') {
      const poster = await movies.poster(id, size);
      if (!poster) throw new AppError('NOT_FOUND', `Movie ${id} has no uploaded poster`);
      return poster;
    },
  };
}

export type FilmService = ReturnType<typeof filmService>;
