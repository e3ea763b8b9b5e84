import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { BROTLI_QUALITY, COMPRESSION_THRESHOLD_BYTES, CONTENT_ENCODINGS, GZIP_LEVEL } from '../../services/response-encoding.js';

/**
 * Compresses answers of COMPRESSION_THRESHOLD_BYTES or more as the client's Accept-Encoding asks
 * (brotli, else gzip), with `Vary: accept-encoding`. Register it before the routes: it attaches
 * itself to each route as that route is added. Three kinds of answer pass through untouched: those
 * that already carry a content-encoding (the web app's files compressed at build time, the cached
 * seat maps and showtime lists), the hijacked live seat stream (it never reaches onSend, and
 * text/event-stream is not on the plugin's list either) and anything smaller than the threshold.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    threshold: COMPRESSION_THRESHOLD_BYTES,
    encodings: [...CONTENT_ENCODINGS],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    zlibOptions: { level: GZIP_LEVEL },
    // Request bodies stay as they are: no client of ours sends them compressed, and inflating
    // what a stranger sends is work we would rather not offer.
    globalDecompression: false,
  });
}
