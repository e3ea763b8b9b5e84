import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { encodeTicketToken, type TicketClaims, type TokenVerdict, verifyTicketToken } from '../core/ticket-token.js';

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export type TicketJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' };

type Key = { kid: string; privateKey: KeyObject; publicKey: KeyObject; jwk: TicketJwk };

/** The key id: the first 4 bytes of SHA-256 over the raw public key, in hex (every instance derives the same). */
export function kidOf(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest().subarray(0, 4).toString('hex');
}

function keyFromSeed(seed: string): Key {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seed, 'base64url')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const x = publicKey.export({ format: 'jwk' }).x as string;
  const kid = kidOf(Buffer.from(x, 'base64url'));
  return { kid, privateKey, publicKey, jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' } };
}

/**
 * The ticket signing keys (TICKET_SIGNING_KEY, src/ticket-signing-settings.ts): the first signs,
 * all of them verify and are published.
 */
export function ticketKeys(seeds: string[]) {
  const keys = seeds.map(keyFromSeed);
  const signing = keys[0];
  if (!signing) throw new Error('no ticket signing key');
  const byKid = new Map(keys.map((k) => [k.kid, k]));

  const verifierFor = (kid: string) => {
    const key = byKid.get(kid);
    return key ? (message: Uint8Array, signature: Uint8Array) => verify(null, message, key.publicKey, signature) : undefined;
  };

  return {
    kid: signing.kid,
    /** GET /api/tickets/keys. */
    jwks: (): { keys: TicketJwk[] } => ({ keys: keys.map((k) => k.jwk) }),
    issue: (claims: Omit<TicketClaims, 'kid'>): string =>
      encodeTicketToken({ ...claims, kid: signing.kid }, (message) => new Uint8Array(sign(null, message, signing.privateKey))),
    verify: (code: string): TokenVerdict => verifyTicketToken(code, verifierFor),
  };
}

export type TicketKeys = ReturnType<typeof ticketKeys>;

const cache = new Map<string, TicketKeys>();

/** The keys of a configuration, made once per process (the email handler and the routes share them). */
export function ticketKeysFor(config: { ticketSigningKeys: string[] }): TicketKeys {
  const id = config.ticketSigningKeys.join(',');
  let keys = cache.get(id);
  if (!keys) {
    keys = ticketKeys(config.ticketSigningKeys);
    cache.set(id, keys);
  }
  return keys;
}
