import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTicketSigningSettings, TicketSigningSettingsError } from './ticket-signing-settings.js';

const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bmm-ticket-key-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('TICKET_SIGNING_KEY', () => {
  it('takes one or more base64url seeds, the first signing', () => {
    const [a, b] = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
    expect(readTicketSigningSettings({ TICKET_SIGNING_KEY: ` ${a} , ${b} ` }, '/nonexistent', 'production')).toEqual({
      ticketSigningKeys: [a, b],
      ticketSigningKeyGenerated: false,
    });
  });

  it('refuses keys that are not 32-byte seeds, and the same key twice, saying how to make one', () => {
    const a = randomBytes(32).toString('base64url');
    for (const raw of ['short', randomBytes(31).toString('base64url'), `${a},${a}`, randomBytes(32).toString('hex')]) {
      expect(() => readTicketSigningSettings({ TICKET_SIGNING_KEY: raw }, '/nonexistent', 'development')).toThrow(
        TicketSigningSettingsError,
      );
    }
    expect(() => readTicketSigningSettings({ TICKET_SIGNING_KEY: 'short' }, '/x', 'development')).toThrow(/randomBytes\(32\)/);
  });

  it('production refuses to start without one', () => {
    expect(() => readTicketSigningSettings({}, tmp(), 'production')).toThrow(
      /TICKET_SIGNING_KEY is required when NODE_ENV=production/,
    );
  });

  it('elsewhere generates one into the data folder (0600) on the first start and keeps it', () => {
    const dir = join(tmp(), 'data');
    const first = readTicketSigningSettings({}, dir, 'development');
    expect(first.ticketSigningKeyGenerated).toBe(true);
    const file = join(dir, 'ticket-signing.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.ticketSigningKeys[0]);
    expect(readTicketSigningSettings({}, dir, 'development')).toEqual(first);
    // A damaged file stops the start rather than silently signing with a new key.
    writeFileSync(file, 'garbage\n');
    expect(() => readTicketSigningSettings({}, dir, 'development')).toThrow(TicketSigningSettingsError);
  });
});
