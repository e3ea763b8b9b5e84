import { verifyAsync } from '@noble/ed25519';
import type { DoorPack } from '../../../contract/tickets';
import { type TokenVerdict, verifyTicketTokenAsync } from '../../../core/ticket-token';

function base64UrlBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Checks a ticket code's signature with the public keys of the door pack alone (no network).
 * The Ed25519 here hashes with WebCrypto, which browsers offer only on HTTPS (and localhost).
 */
export function verifyOnDevice(code: string, keys: DoorPack['keys']): Promise<TokenVerdict> {
  const byKid = new Map(keys.map((k) => [k.kid, base64UrlBytes(k.x)]));
  return verifyTicketTokenAsync(code, (kid) => {
    const key = byKid.get(kid);
    return key ? (message, signature) => verifyAsync(signature, message, key) : undefined;
  });
}

/** Whether this browser can check signatures itself (WebCrypto needs a secure context). */
export const canVerifyOnDevice = (): boolean => typeof crypto !== 'undefined' && crypto.subtle !== undefined;
