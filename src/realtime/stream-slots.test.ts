import { describe, expect, it } from 'vitest';
import { streamSlots } from './stream-slots.js';

describe('streamSlots', () => {
  it('admits up to the per-client limit, then refuses that client but not another', () => {
    const slots = streamSlots({ maxPerClient: 2, maxTotal: 10 });
    expect(slots.admit('a').ok).toBe(true);
    expect(slots.admit('a').ok).toBe(true);
    expect(slots.admit('a')).toEqual({ ok: false, reason: 'client' });
    expect(slots.admit('b').ok).toBe(true);
    expect(slots.total).toBe(3);
  });

  it('refuses everyone once the server-wide limit is reached', () => {
    const slots = streamSlots({ maxPerClient: 5, maxTotal: 3 });
    for (const client of ['a', 'b', 'c']) expect(slots.admit(client).ok).toBe(true);
    expect(slots.admit('d')).toEqual({ ok: false, reason: 'server' });
  });

  it('frees a slot on release, once however often release is called, and forgets idle clients', () => {
    const slots = streamSlots({ maxPerClient: 1, maxTotal: 10 });
    const first = slots.admit('a');
    if (!first.ok) throw new Error('refused');
    expect(slots.admit('a').ok).toBe(false);
    first.release();
    first.release();
    expect(slots.total).toBe(0);
    expect(slots.clients()).toBe(0);
    expect(slots.admit('a').ok).toBe(true);
    expect(slots.total).toBe(1);
  });
});
