/**
 * Film details the admin types: the age rating (one of a fixed list per rating system), the cast
 * and the trailer link. Pure data and checks, shared by the server (422s) and the admin form.
 */

/** The age ratings of each system, in order from youngest audience to oldest. */
export const AGE_RATINGS = {
  MPA: ['G', 'PG', 'PG-13', 'R', 'NC-17'],
  BBFC: ['U', 'PG', '12A', '12', '15', '18', 'R18'],
  FSK: ['0', '6', '12', '16', '18'],
} as const satisfies Record<string, readonly string[]>;

export type RatingSystem = keyof typeof AGE_RATINGS;
export const RATING_SYSTEMS = Object.keys(AGE_RATINGS) as RatingSystem[];

export const isRatingSystem = (value: unknown): value is RatingSystem =>
  typeof value === 'string' && Object.hasOwn(AGE_RATINGS, value);

export const RATING_SYSTEM_NAMES: Record<RatingSystem, string> = {
  MPA: 'MPA (United States)',
  BBFC: 'BBFC (United Kingdom)',
  FSK: 'FSK (Germany)',
};

/** At most this many cast names, each at most CAST_NAME_MAX characters. */
export const CAST_MAX = 30;
export const CAST_NAME_MAX = 100;

export type FilmDetailProblem = { field: string; message: string };

/**
 * Whether `rating` is one of `system`'s ratings. Without a system the rating is free text (films
 * entered before rating systems existed keep theirs); a system without a rating is fine too.
 */
export function checkAgeRating(
  system: RatingSystem | null | undefined,
  rating: string | null | undefined,
): FilmDetailProblem | null {
  if (!system || rating === null || rating === undefined) return null;
  const allowed: readonly string[] = AGE_RATINGS[system];
  if (allowed.includes(rating)) return null;
  return { field: 'body/rating', message: `must be one of the ${system} ratings: ${allowed.join(', ')}` };
}

/** Trailer links open in the customer's browser: https only, so no javascript: or plain-http link gets through. */
export function checkTrailerUrl(url: string | null | undefined): FilmDetailProblem | null {
  if (url === null || url === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { field: 'body/trailer_url', message: 'must be a full https:// URL' };
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname) return { field: 'body/trailer_url', message: 'must be an https:// URL' };
  return null;
}

/**
 * A film is "coming soon" while its release date is after today (the cinema's day) or it has no
 * upcoming showtimes yet. Dates are YYYY-MM-DD, which compare as text.
 */
export function isComingSoon(film: { releaseDate: string | null; upcomingShowtimes: number }, today: string): boolean {
  if (film.releaseDate !== null && film.releaseDate > today) return true;
  return film.upcomingShowtimes === 0;
}
