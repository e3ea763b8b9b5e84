/**
 * node --import tsx bench/first-visit-size.ts [base-url] [--encoding=gzip, deflate, br]
 *
 * What a first visit to the web app costs on the wire: index.html at `/` and every file it pulls
 * in before the app can run (scripts, module preloads, stylesheets, the icon, and the fonts and
 * images those stylesheets name), fetched from a running server as a browser with an empty cache
 * asks for them. Counts body bytes as sent (compressed when the server compresses) and, apart,
 * the response headers; chunks loaded later by a lazy route are not part of a first visit.
 */
import { request } from 'node:http';

type Transfer = { path: string; status: number; encoding: string; wireBytes: number; headerBytes: number; body: Buffer };

const args = process.argv.slice(2);
const base = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:8124';
const acceptEncoding = args.find((a) => a.startsWith('--encoding='))?.slice('--encoding='.length) ?? 'gzip, deflate, br';

function fetchRaw(path: string): Promise<Transfer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, headers: { 'accept-encoding': acceptEncoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          // Status line plus `name: value\r\n` per header plus the blank line: what the headers cost.
          const raw = res.rawHeaders;
          let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n\r\n`.length;
          for (let i = 0; i < raw.length; i += 2) headerBytes += Buffer.byteLength(`${raw[i]}: ${raw[i + 1]}\r\n`);
          const body = Buffer.concat(chunks);
          const encoding = String(res.headers['content-encoding'] ?? 'identity');
          resolve({ path, status: res.statusCode ?? 0, encoding, wireBytes: body.length, headerBytes, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const decoded = async (t: Transfer) => {
  const { brotliDecompressSync, gunzipSync, inflateSync } = await import('node:zlib');
  if (t.encoding === 'br') return brotliDecompressSync(t.body).toString();
  if (t.encoding === 'gzip') return gunzipSync(t.body).toString();
  if (t.encoding === 'deflate') return inflateSync(t.body).toString();
  return t.body.toString();
};

/** Same-origin files a document or stylesheet asks for before the app is usable. */
function referencesIn(text: string, kind: 'html' | 'css', from: string): string[] {
  const found: string[] = [];
  if (kind === 'html') {
    for (const m of text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) found.push(m[1] ?? '');
    for (const m of text.matchAll(/<link\b[^>]*>/g)) {
      const rel = /\brel="([^"]+)"/.exec(m[0])?.[1] ?? '';
      const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
      if (href && /stylesheet|modulepreload|icon|preload/.test(rel)) found.push(href);
    }
  } else {
    for (const m of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) found.push(m[1] ?? '');
  }
  return found
    .filter((ref) => ref && !ref.startsWith('data:') && !ref.startsWith('#'))
    .map((ref) => new URL(ref, new URL(from, base)))
    .filter((url) => url.origin === new URL(base).origin)
    .map((url) => url.pathname);
}

async function main() {
  const seen = new Set<string>();
  const transfers: Transfer[] = [];
  const queue: { path: string; kind: 'html' | 'css' | 'other' }[] = [{ path: '/', kind: 'html' }];
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next || seen.has(next.path)) continue;
    seen.add(next.path);
    const transfer = await fetchRaw(next.path);
    if (transfer.status !== 200) throw new Error(`GET ${next.path}: ${transfer.status}`);
    transfers.push(transfer);
    if (next.kind === 'other') continue;
    for (const path of referencesIn(await decoded(transfer), next.kind, next.path)) {
      queue.push({ path, kind: path.endsWith('.css') ? 'css' : 'other' });
    }
  }

  const rows = transfers.map((t) => `${t.path.padEnd(40)} ${t.encoding.padEnd(9)} ${String(t.wireBytes).padStart(9)} B`);
  const body = transfers.reduce((sum, t) => sum + t.wireBytes, 0);
  const headers = transfers.reduce((sum, t) => sum + t.headerBytes, 0);
  console.log(`first visit to ${base} with Accept-Encoding: ${acceptEncoding}`);
  console.log(rows.join('\n'));
  console.log(`${transfers.length} files: ${body} B of bodies + ${headers} B of headers = ${body + headers} B`);
  console.log(JSON.stringify({ files: transfers.length, bodyBytes: body, headerBytes: headers, totalBytes: body + headers }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
