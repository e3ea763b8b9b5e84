import { describe, expect, it } from 'vitest';
import { AGE_RATINGS, checkAgeRating, checkTrailerUrl, isComingSoon, RATING_SYSTEMS } from './film-details.js';

describe('age ratings', () => {
  it('lists each system in order from youngest audience to oldest', () => {
    expect(RATING_SYSTEMS).toEqual(['MPA', 'BBFC', 'FSK']);
    expect(AGE_RATINGS.MPA).toEqual(['G', 'PG', 'PG-13', 'R', 'NC-17']);
    expect(AGE_RATINGS.BBFC).toEqual(['U', 'PG', '12A', '12', '15', '18', 'R18']);
    expect(AGE_RATINGS.FSK).toEqual(['0', '6', '12', '16', '18']);
  });

  it("accepts a rating from the system's list and names the allowed ones otherwise", () => {
    expect(checkAgeRating('MPA', 'PG-13')).toBeNull();
    expect(checkAgeRating('BBFC', '12A')).toBeNull();
    expect(checkAgeRating('FSK', '16')).toBeNull();
    expect(checkAgeRating('MPA', '12A')).toEqual({
      field: 'body/rating',
      message: 'must be one of the MPA ratings: G, PG, PG-13, R, NC-17',
    });
    // Case matters: the lists are the official spellings.
    expect(checkAgeRating('MPA', 'pg-13')).not.toBeNull();
    expect(checkAgeRating('FSK', 'FSK 16')?.message).toContain('0, 6, 12, 16, 18');
  });

  it('leaves a rating without a system as free text (older films), and a system without a rating alone', () => {
    expect(checkAgeRating(null, 'Tous publics')).toBeNull();
    expect(checkAgeRating(undefined, 'PG-13')).toBeNull();
    expect(checkAgeRating('BBFC', null)).toBeNull();
  });
});

describe('trailer links', () => {
  it('takes https URLs only', () => {
    expect(checkTrailerUrl('https://www.youtube.com/watch?v=abc')).toBeNull();
    expect(checkTrailerUrl(null)).toBeNull();
    expect(checkTrailerUrl('http://example.com/trailer')?.message).toBe('must be an https:// URL');
    expect(checkTrailerUrl('javascript:alert(1)')?.message).toBe('must be an https:// URL');
    expect(checkTrailerUrl('www.example.com')?.message).toBe('must be a full https:// URL');
  });
});

describe('coming soon', () => {
  it('is a film released after today or with no upcoming showtimes', () => {
    expect(isComingSoon({ releaseDate: '2100-01-02', upcomingShowtimes: 3 }, '2100-01-01')).toBe(true);
    expect(isComingSoon({ releaseDate: '2100-01-01', upcomingShowtimes: 3 }, '2100-01-01')).toBe(false);
    expect(isComingSoon({ releaseDate: null, upcomingShowtimes: 0 }, '2100-01-01')).toBe(true);
    expect(isComingSoon({ releaseDate: '2099-12-01', upcomingShowtimes: 1 }, '2100-01-01')).toBe(false);
  });
});
