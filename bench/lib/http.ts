import { Agent, request } from 'node:http';

export type Reply = { status: number; body: string; headers: Record<string, string | string[] | undefined>; ms: number };

/** Keep-alive connections, at most `sockets` of them: one per concurrent client. */
export const keepAlive = (sockets: number) => new Agent({ keepAlive: true, maxSockets: sockets });

/** One HTTP request; `ms` is from handing it to the socket to the last byte of the answer. */
export function send(
  agent: Agent | undefined,
  base: string,
  method: string,
  path: string,
  options: { json?: unknown; token?: string; localAddress?: string } = {},
): Promise<Reply> {
  const url = new URL(path, base);
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        ...(agent ? { agent } : {}),
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: {
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            headers: res.headers,
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export async function getJson<T>(base: string, path: string): Promise<T> {
  const reply = await send(undefined, base, 'GET', path);
  if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
  return JSON.parse(reply.body) as T;
}
