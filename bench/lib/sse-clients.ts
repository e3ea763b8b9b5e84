import { get } from 'node:http';
import { connect, type Socket } from 'node:net';

type Client = { socket: Socket; ready: boolean; head: string; tail: string; gotAt: number | null };

/** The first frame of a stream (the `snapshot`), as text: what the reference broadcaster sends. */
export function captureSnapshot(base: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(`${base}${path}`, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const start = text.indexOf('id: ');
        const end = text.indexOf('\n\n', text.indexOf('event: snapshot'));
        if (start >= 0 && text.includes('event: snapshot') && end >= 0) {
          req.destroy();
          resolve(text.slice(start, end + 2));
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no snapshot within 30 s')));
  });
}

/**
 * Many Server-Sent-Events clients on raw sockets (the lightest client there is, so the clock
 * measures the server). A client is ready once its snapshot has arrived; `arrival` then records
 * when each one first sees a marker.
 */
export class StreamClients {
  private readonly clients: Client[] = [];
  private marker: string | null = null;
  private waiting = 0;
  private onAll: (() => void) | null = null;
  failed = 0;

  private constructor(
    private readonly port: number,
    private readonly path: string,
  ) {}

  static async open(base: string, path: string, count: number, parallel = 100, timeoutMs = 180_000): Promise<StreamClients> {
    const pool = new StreamClients(Number(new URL(base).port), path);
    await pool.connectAll(count, parallel, timeoutMs);
    return pool;
  }

  get size(): number {
    return this.clients.filter((c) => c.ready && !c.socket.destroyed).length;
  }

  private connectOne(): Promise<void> {
    return new Promise((resolve) => {
      const client: Client = { socket: connect(this.port, '127.0.0.1'), ready: false, head: '', tail: '', gotAt: null };
      let settled = false;
      const fail = () => {
        if (!client.ready && !settled) {
          settled = true;
          this.failed += 1;
          resolve();
        }
      };
      client.socket.setNoDelay(true);
      client.socket.setTimeout(30_000, () => client.socket.destroy());
      client.socket.on('connect', () =>
        client.socket.write(`GET ${this.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`),
      );
      client.socket.on('error', fail);
      client.socket.on('close', fail);
      client.socket.on('data', (chunk: Buffer) => {
        const now = performance.now();
        const text = chunk.toString('latin1');
        if (!client.ready) {
          client.head += text;
          const at = client.head.indexOf('event: snapshot');
          if (at >= 0 && client.head.indexOf('\n\n', at) >= 0) {
            client.ready = true;
            settled = true;
            client.head = '';
            client.socket.setTimeout(0);
            this.clients.push(client);
            resolve();
          }
          return;
        }
        if (this.marker === null || client.gotAt !== null) return;
        const seen = client.tail + text;
        client.tail = seen.slice(-200);
        if (seen.includes(this.marker)) {
          client.gotAt = now;
          this.waiting -= 1;
          if (this.waiting === 0) this.onAll?.();
        }
      });
    });
  }

  private async connectAll(count: number, parallel: number, timeoutMs: number) {
    let started = 0;
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      Array.from({ length: Math.min(parallel, count) }, async () => {
        while (started < count && Date.now() < deadline) {
          started += 1;
          await this.connectOne();
        }
      }),
    );
  }

  /** Arms a marker; the promise gives each ready client's arrival time (performance.now), once all have it. */
  arrival(marker: string, timeoutMs = 30_000): Promise<{ times: number[]; missing: number }> {
    const live = this.clients.filter((c) => !c.socket.destroyed);
    for (const c of live) {
      c.gotAt = null;
      c.tail = '';
    }
    this.marker = marker;
    this.waiting = live.length;
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.onAll = null;
        this.marker = null;
        const times = live.flatMap((c) => (c.gotAt === null ? [] : [c.gotAt]));
        resolve({ times, missing: live.length - times.length });
      };
      const timer = setTimeout(finish, timeoutMs);
      this.onAll = finish;
      if (this.waiting === 0) finish();
    });
  }

  close(): void {
    for (const c of this.clients) c.socket.destroy();
  }
}
