/**
 * DATABASE_URL in the forms people bring: ours (`sqlite:<file>`, `postgres://…`) and the Python
 * prototype's SQLAlchemy URLs, read with SQLAlchemy's meaning. Answers the canonical form the
 * service opens (`sqlite:<path>`, `sqlite::memory:` or `postgres(ql)://…`), or null when the URL
 * is none of these.
 *
 * - `sqlite:///relative.db`: three slashes, a path relative to the working folder;
 * - `sqlite:////absolute/path.db`: four slashes, an absolute path;
 * - `sqlite://file.db` and `sqlite:file.db`: our own forms, a path as written;
 * - `postgresql+psycopg2://…`, `postgresql+asyncpg://…`: the driver suffix means nothing here.
 */
export function canonicalDatabaseUrl(raw: string): string | null {
  const url = raw.trim();
  const sqlite = /^sqlite:(.*)$/i.exec(url);
  if (sqlite) {
    const rest = sqlite[1] as string;
    if (rest === ':memory:' || rest === '///:memory:' || rest === '//') return 'sqlite::memory:';
    // SQLAlchemy: sqlite:// + '/' + path, where the path may itself start with '/'.
    const path = rest.startsWith('///') ? rest.slice(3) : rest.startsWith('//') ? rest.slice(2) : rest;
    return path === '' ? null : `sqlite:${path}`;
  }
  const postgres = /^(postgres(?:ql)?)(?:\+[a-z0-9_]+)?(:\/\/.+)$/i.exec(url);
  if (postgres) return `${(postgres[1] as string).toLowerCase()}${postgres[2]}`;
  return null;
}
