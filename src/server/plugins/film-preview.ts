/**
 * Link previews of a film page: chat apps and social sites read the page's <title> and Open Graph
 * tags without running JavaScript, so the server writes them into index.html itself.
 */

export type FilmPreview = {
  id: number;
  title: string;
  description: string | null;
  poster_url: string | null;
};

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Preview descriptions are cut at this many characters (longer ones are truncated by the sites anyway). */
export const PREVIEW_DESCRIPTION_MAX = 300;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW_DESCRIPTION_MAX ? flat : `${flat.slice(0, PREVIEW_DESCRIPTION_MAX - 1).trimEnd()}…`;
}

/**
 * index.html with the film's title, description and tags in place of the defaults. Every value is
 * HTML-escaped; the poster and page URLs are absolute (`publicUrl` is where the site is served).
 */
export function filmPageHtml(index: string, film: FilmPreview, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  const title = `${film.title} · bookmemovie`;
  const description = shorten(film.description ?? `${film.title}: showtimes and tickets.`);
  const image = film.poster_url ? new URL(film.poster_url, `${base}/`).toString() : null;
  const tags = [
    ['og:title', film.title],
    ['og:description', description],
    ['og:type', 'video.movie'],
    ['og:url', `${base}/movies/${film.id}`],
    ...(image ? [['og:image', image]] : []),
  ]
    .map(([property, content]) => `<meta property="${property}" content="${escapeHtml(content ?? '')}" />`)
    .join('\n    ');
  return (
    index
      // The defaults go: a crawler takes the first of each, so the film's must be the only ones.
      .replace(/\s*<meta property="og:[^"]*" content="[^"]*" \/>/g, '')
      .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
      .replace(/<meta name="description" content="[^"]*" \/>/, `<meta name="description" content="${escapeHtml(description)}" />`)
      .replace('</head>', `  ${tags}\n  </head>`)
  );
}
