/**
 * Bare node:http reference servers, each started in a process of its own by the benchmark:
 *
 *   static <port>   answers every GET with one payload held in memory: the ceiling for serving
 *                   those bytes on this machine.
 *   sse <port>      a Server-Sent Events broadcaster: each client gets the same headers and
 *                   snapshot frame as the service's stream, and POST /publish?seat_id=N sends one
 *                   seat frame to every client.
 *
 * The payload (or snapshot frame) arrives by PUT /__body before the clock starts, with its
 * Content-Type, so the process can start while the service does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const [mode, portArg] = process.argv.slice(2);
const port = Number(portArg);
if ((mode !== 'static' && mode !== 'sse') || !port) {
  console.error('usage: ceiling-servers.ts static|sse <port>');
  process.exit(2);
}
let body = Buffer.alloc(0);
let contentType = 'application/json; charset=utf-8';

/** The control paths both modes share; true when the request was one of them. */
function control(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url === '/__ready') {
    res.end('ok');
    return true;
  }
  if (req.method === 'PUT' && req.url === '/__body') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      body = Buffer.concat(chunks);
      contentType = req.headers['content-type'] ?? contentType;
      res.writeHead(204).end();
    });
    return true;
  }
  return false;
}

function staticServer() {
  return createServer((req, res) => {
    if (control(req, res)) return;
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    res.end(body);
  });
}

function sseServer() {
  const clients = new Set<ServerResponse>();
  let seq = 0;
  return createServer((req, res) => {
    if (control(req, res)) return;
    if (req.method === 'POST' && req.url?.startsWith('/publish')) {
      const seatId = Number(new URL(req.url, 'http://x').searchParams.get('seat_id'));
      seq += 1;
      const frame = `id: bench-${seq}\nevent: seat\ndata: ${JSON.stringify({ seat_id: seatId, status: 'held' })}\n\n`;
      for (const client of clients) client.write(frame);
      res.writeHead(204);
      return void res.end();
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    res.write(body);
    clients.add(res);
    req.on('close', () => clients.delete(res));
  });
}

const server = mode === 'static' ? staticServer() : sseServer();
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
