import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * JSON answers this big or bigger leave compressed; smaller ones gain a few hundred bytes at most,
 * not worth a compressor's time nor the `content-encoding` header.
 */
export const COMPRESSION_THRESHOLD_BYTES = 2048;

/** What the server compresses with, best first: on a tie in the client's preference, brotli wins. */
export const CONTENT_ENCODINGS = ['br', 'gzip'] as const;
export type ContentEncoding = (typeof CONTENT_ENCODINGS)[number];

// Answers are compressed as they are made, so speed matters: brotli 5 makes a 66 KB seat map 3.5 KB
// in 2 ms, where the maximum (11) saves another 0.7 KB but takes 230 ms and would stall the process.
export const BROTLI_QUALITY = 5;
export const GZIP_LEVEL = 6;

export const compressors: Record<ContentEncoding, (body: Buffer) => Buffer> = {
  br: (body) =>
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => gzipSync(body, { level: GZIP_LEVEL }),
};

/**
 * The encoding to answer with for an `Accept-Encoding` header (RFC 9110 12.5.3): the one with the
 * highest q-value, `*` standing for any not named, `q=0` meaning never; undefined for plain bytes.
 */
export function negotiateEncoding(header: string | string[] | undefined): ContentEncoding | undefined {
  if (header === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0);
  }
  let best: ContentEncoding | undefined;
  let bestWeight = 0;
  for (const encoding of CONTENT_ENCODINGS) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = encoding;
      bestWeight = weight;
    }
  }
  return best;
}
