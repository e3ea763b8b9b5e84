import type { DoorPack } from '../../../contract/tickets';
import { type TokenVerdict, verifyTicketTokenAsync } from '../../../core/ticket-token';

function base64UrlBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

let ed25519: Promise<typeof import('@noble/ed25519')> | undefined;

/**
 * The Ed25519 code, a chunk of its own (out of the screen's first load, which has a budget):
 * fetched when the door screen opens, so it is there when the network is not.
 */
export function prepareVerifier() {
  ed25519 ??= import('@noble/ed25519');
  ed25519.catch(() => {
    ed25519 = undefined;
  });
  return ed25519;
}

/**
 * Checks a ticket code's signature with the public keys of the door pack alone (no network).
 * The Ed25519 here hashes with WebCrypto, which browsers offer only on HTTPS (and localhost).
 */
export async function verifyOnDevice(code: string, keys: DoorPack['keys']): Promise<TokenVerdict> {
  const { verifyAsync } = await prepareVerifier();
  const byKid = new Map(keys.map((k) => [k.kid, base64UrlBytes(k.x)]));
  return verifyTicketTokenAsync(code, (kid) => {
    const key = byKid.get(kid);
    return key ? (message, signature) => verifyAsync(signature, message, key) : undefined;
  });
}

/** Whether this browser can check signatures itself (WebCrypto needs a secure context). */
export const canVerifyOnDevice = (): boolean => typeof crypto !== 'undefined' && crypto.subtle !== undefined;
