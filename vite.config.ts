import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiTarget = process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 8000}`;
// Everything the Fastify server answers itself; the dev server forwards these so the SPA sees one origin.
const proxied = ['/api', '/docs', '/redoc', '/openapi.json', '/health', '/ready', '/metrics'];

// Text files only: images and woff2 fonts are compressed formats already.
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|txt|xml|webmanifest|map)$/;

/**
 * Writes a .br and a .gz beside every text file of the build, so the server sends them as they
 * are (@fastify/static `preCompressed`) and never compresses a file per request. Made once per
 * build, so at the highest settings: brotli 11 takes the entry script from 683 KB to 174 KB (3 s).
 * A copy that would not be smaller is skipped; the server then sends the plain file.
 */
function precompress(): Plugin {
  let outDir = '';
  const filesIn = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? filesIn(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return {
    name: 'bookmemovie:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After the bundle is written and the public folder copied, so favicon.svg is there too.
    closeBundle() {
      for (const file of filesIn(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const plain = readFileSync(file);
        const copies = {
          br: brotliCompressSync(plain, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
            },
          }),
          gz: gzipSync(plain, { level: 9 }),
        };
        for (const [extension, bytes] of Object.entries(copies)) {
          if (bytes.length < plain.length) writeFileSync(`${file}.${extension}`, bytes);
        }
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // .vite/manifest.json: the module graph e2e/bundle-size.test.ts reads to weigh a first visit.
    manifest: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
  preview: { port: Number(process.env.WEB_PORT ?? 4173) },
});
