import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The keys that sign tickets' QR codes (src/core/ticket-token.ts). TICKET_SIGNING_KEY holds one or
 * more Ed25519 private keys as base64url 32-byte seeds, separated by commas: the first signs new
 * tickets, every one of them verifies (so a key can be rotated without voiding tickets already
 * sent: put the new key first and keep the old one after it until its showtimes are over).
 * Without it, development generates one into DATA_DIR/ticket-signing.key (mode 0600) on the
 * first start and keeps it; production refuses to start, as it does without SECRET_KEY (every
 * instance must sign with the same key, and a lost key voids every ticket in circulation).
 */
export type TicketSigningSettings = {
  /** base64url Ed25519 seeds; the first signs. */
  ticketSigningKeys: string[];
  /** True when the key was generated into the data folder rather than supplied. */
  ticketSigningKeyGenerated: boolean;
};

export class TicketSigningSettingsError extends Error {}

export const GENERATE_TICKET_KEY = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

const SEED = /^[A-Za-z0-9_-]{43}$/;

function parseSeeds(raw: string, source: string): string[] {
  const seeds = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (seeds.length === 0) throw new TicketSigningSettingsError(`${source} is empty`);
  for (const seed of seeds) {
    if (!SEED.test(seed) || Buffer.from(seed, 'base64url').length !== 32) {
      throw new TicketSigningSettingsError(
        `${source} must be one or more base64url Ed25519 seeds of 32 bytes (43 characters), separated by commas; make one with: ${GENERATE_TICKET_KEY}`,
      );
    }
  }
  if (new Set(seeds).size !== seeds.length) throw new TicketSigningSettingsError(`${source} lists the same key twice`);
  return seeds;
}

function generatedKey(dataDir: string): string[] {
  const file = join(dataDir, 'ticket-signing.key');
  if (existsSync(file)) return parseSeeds(readFileSync(file, 'utf8'), file);
  // Only this service's user may list the folder that holds the keys and the database (0700).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const seed = randomBytes(32).toString('base64url');
  writeFileSync(file, `${seed}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return [seed];
}

export function readTicketSigningSettings(env: NodeJS.ProcessEnv, dataDir: string, nodeEnv: string): TicketSigningSettings {
  const raw = env.TICKET_SIGNING_KEY?.trim();
  if (raw) return { ticketSigningKeys: parseSeeds(raw, 'TICKET_SIGNING_KEY'), ticketSigningKeyGenerated: false };
  if (nodeEnv === 'production') {
    throw new TicketSigningSettingsError(
      `TICKET_SIGNING_KEY is required when NODE_ENV=production (every instance must sign tickets with the same key); make one with: ${GENERATE_TICKET_KEY}`,
    );
  }
  return { ticketSigningKeys: generatedKey(dataDir), ticketSigningKeyGenerated: true };
}
