/**
 * Admission for live seat streams, counted in this process: a stream is one connection held open
 * by this instance, so its memory and sockets are this instance's to protect. Per client address
 * (so one client cannot take every slot) and in total (so the sum cannot exhaust the process).
 */
export type StreamLimits = { maxPerClient: number; maxTotal: number };

export type StreamAdmission = { ok: true; release: () => void } | { ok: false; reason: 'client' | 'server' };

export function streamSlots(limits: StreamLimits) {
  const perClient = new Map<string, number>();
  let total = 0;

  return {
    /** Takes a slot for `client`, or says which limit is full. `release` frees it once, however often it is called. */
    admit(client: string): StreamAdmission {
      const mine = perClient.get(client) ?? 0;
      if (mine >= limits.maxPerClient) return { ok: false, reason: 'client' };
      if (total >= limits.maxTotal) return { ok: false, reason: 'server' };
      perClient.set(client, mine + 1);
      total += 1;
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          total -= 1;
          const left = (perClient.get(client) ?? 1) - 1;
          // Forgotten at zero, so addresses that come and go do not pile up.
          if (left > 0) perClient.set(client, left);
          else perClient.delete(client);
        },
      };
    },
    get total() {
      return total;
    },
    clients() {
      return perClient.size;
    },
  };
}

export type StreamSlots = ReturnType<typeof streamSlots>;
