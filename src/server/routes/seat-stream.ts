import { Type } from 'typebox';
import { IdParam } from '../../contract/common.js';
import { AppError, ErrorBody } from '../../contract/errors.js';
import { clientKey } from '../../core/client-key.js';
import type { SeatMessage } from '../../realtime/seat-bus.js';
import { streamSlots } from '../../realtime/stream-slots.js';
import type { App, RouteContext } from '../types.js';

/** A refused stream may try again this much later; slots free as soon as other streams close. */
const STREAM_RETRY_AFTER_SECONDS = '10';

const frame = (m: SeatMessage) => `id: ${m.id}\nevent: seat\ndata: ${JSON.stringify(m.change)}\n\n`;

/**
 * Server-Sent Events of one showtime's seats. The first message is a `snapshot` of every seat,
 * then one `seat` message per change. A client reconnecting with Last-Event-ID gets only what it
 * missed when this process still has it, and a fresh snapshot otherwise.
 */
export function seatStreamRoutes(app: App, { services, deps }: RouteContext, options: { heartbeatMs: number }) {
  const slots = streamSlots({ maxPerClient: deps.config.maxStreamsPerClient, maxTotal: deps.config.maxStreams });
  /** A slot for one more stream from `client` (its release), or the refusal: 429 for the client, 503 for the server. */
  const takeSlot = (client: string) => {
    const slot = slots.admit(client);
    if (slot.ok) return slot.release;
    const headers = { 'retry-after': STREAM_RETRY_AFTER_SECONDS };
    if (slot.reason === 'client') {
      throw new AppError('RATE_LIMITED', `At most ${deps.config.maxStreamsPerClient} live seat streams per client`, { headers });
    }
    throw new AppError('SERVICE_UNAVAILABLE', 'This server has no room for another live seat stream; try again shortly', {
      headers,
    });
  };
  app.get('/api/events/:event_id/seats/stream', {
    schema: {
      tags: ['catalogue'],
      summary: 'Live seat changes (Server-Sent Events)',
      description:
        'Events: `snapshot` `{event_id, seats:[{seat_id,status}]}` first, then `seat` `{seat_id, status}` per change. ' +
        'Reconnect with `Last-Event-ID` (or `?last_event_id=`) to resume.',
      params: IdParam('event_id'),
      querystring: Type.Object({ last_event_id: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 404: ErrorBody, 422: ErrorBody, 429: ErrorBody, 503: ErrorBody },
    },
    handler: async (request, reply) => {
      const eventId = request.params.event_id;
      // Taken before any await, so a burst of connections is counted one by one; per client as the
      // per-address limits count it (an IPv6 client's whole /64).
      const release = takeSlot(clientKey(request.ip));
      try {
        // Unknown showtime: a JSON 404 before the stream starts. (Cached, so a crowd connecting costs one query.)
        await services.catalogue.seatSnapshotJson(eventId);
      } catch (error) {
        release();
        throw error;
      }
      reply.hijack();
      // The client left while the snapshot was read: its 'close' has passed, so nothing below would free the slot.
      if (request.raw.socket.destroyed) {
        release();
        return;
      }
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      deps.metrics?.seatStreams.inc();
      res.once('close', () => deps.metrics?.seatStreams.dec());
      res.once('close', release);

      let live = false;
      const pending: SeatMessage[] = [];
      const send = (messages: SeatMessage[]) => {
        if (messages.length > 0 && !res.writableEnded) res.write(messages.map(frame).join(''));
      };
      const unsubscribe = deps.bus.subscribe(eventId, (messages) => (live ? send(messages) : pending.push(...messages)));
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs);
      heartbeat.unref();
      const stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.raw.on('close', stop);
      res.on('error', stop);

      const lastId = (request.headers['last-event-id'] as string | undefined) ?? request.query.last_event_id;
      const missed = lastId ? deps.bus.replaySince(eventId, lastId) : null;
      if (missed) {
        send(missed);
      } else {
        // Changes published while the snapshot is read are queued and sent after it; each carries
        // a seat's absolute status, so replaying one already in the snapshot is harmless.
        const asOf = deps.bus.currentId();
        try {
          // Asked again now that this stream listens: a change since the check above rebuilt it.
          const snapshot = await services.catalogue.seatSnapshotJson(eventId);
          res.write(`id: ${asOf}\nevent: snapshot\ndata: `);
          res.write(snapshot.body);
          res.write('\n\n');
        } catch (error) {
          request.log.error({ err: error }, 'seat stream snapshot failed');
          stop();
          res.end();
          return;
        }
      }
      live = true;
      send(pending.splice(0));
    },
  });
}
