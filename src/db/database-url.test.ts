import { describe, expect, it } from 'vitest';
import { canonicalDatabaseUrl } from './database-url.js';

describe('canonicalDatabaseUrl', () => {
  it.each([
    // The prototype's .env: SQLAlchemy's three slashes mean a path relative to the working folder.
    ['sqlite:///./movie_ticketing.db', 'sqlite:./movie_ticketing.db'],
    ['sqlite:///relative.db', 'sqlite:relative.db'],
    ['sqlite:///data/app.db', 'sqlite:data/app.db'],
    // Four slashes: an absolute path.
    ['sqlite:////var/lib/bookmemovie/app.db', 'sqlite:/var/lib/bookmemovie/app.db'],
    // Our own forms keep their meaning.
    ['sqlite:./data/bookmemovie.db', 'sqlite:./data/bookmemovie.db'],
    ['sqlite:/tmp/app.db', 'sqlite:/tmp/app.db'],
    ['sqlite://./data/app.db', 'sqlite:./data/app.db'],
    ['sqlite::memory:', 'sqlite::memory:'],
    ['sqlite://', 'sqlite::memory:'],
    // PostgreSQL, with or without a Python driver suffix.
    ['postgres://u:p@db:5432/cinema', 'postgres://u:p@db:5432/cinema'],
    ['postgresql://u@db/cinema', 'postgresql://u@db/cinema'],
    ['postgresql+psycopg2://u:p@db:5432/cinema', 'postgresql://u:p@db:5432/cinema'],
    ['postgresql+asyncpg://u:p@db/cinema?ssl=true', 'postgresql://u:p@db/cinema?ssl=true'],
    ['  sqlite:///./spaced.db  ', 'sqlite:./spaced.db'],
  ])('%s → %s', (raw, canonical) => {
    expect(canonicalDatabaseUrl(raw)).toBe(canonical);
  });

  it.each(['mysql://u@db/x', 'sqlite:', 'sqlite:///', 'postgresql+://db/x', 'postgres:/db', 'file.db', ''])(
    'refuses %j',
    (raw) => {
      expect(canonicalDatabaseUrl(raw)).toBeNull();
    },
  );
});
