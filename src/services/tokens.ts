import { createSigner, createVerifier } from 'fast-jwt';
import { isRole, type Role } from '../core/roles.js';

export const TOKEN_ISSUER = 'bookmemovie';
export const TOKEN_AUDIENCE = 'bookmemovie-api';

/** `role` is informational: the guards read the account's role from the database on every request. */
export type AccessClaims = { sub: string; role: Role; typ: 'access'; iat: number };

/** HS256 access tokens with the algorithm pinned and issuer, audience and expiry always checked. */
export function accessTokens(options: { secret: string; ttlSeconds: number; now: () => number }) {
  const sign = createSigner({
    key: options.secret,
    algorithm: 'HS256',
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
  });
  const verify = createVerifier({
    key: options.secret,
    algorithms: ['HS256'],
    allowedIss: TOKEN_ISSUER,
    allowedAud: TOKEN_AUDIENCE,
    requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
    cache: false,
  });
  return {
    ttlSeconds: options.ttlSeconds,
    issue(userId: number, role: Role): string {
      const iat = Math.floor(options.now() / 1000);
      return sign({ sub: String(userId), role, typ: 'access', iat, exp: iat + options.ttlSeconds });
    },
    /** Returns the claims, or null for any token that is malformed, forged, expired or not ours. */
    read(token: string): AccessClaims | null {
      try {
        const claims = verify(token) as Partial<AccessClaims> & { exp?: number; nbf?: number };
        const nowSeconds = options.now() / 1000;
        // fast-jwt checks exp and nbf against the wall clock; check again against the service's
        // clock, which is the one that issued the token (and the one tests move).
        if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
        if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return null;
        if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !/^\d+$/.test(claims.sub)) return null;
        if (!isRole(claims.role)) return null;
        if (typeof claims.iat !== 'number') return null;
        return claims as AccessClaims;
      } catch {
        return null;
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof accessTokens>;
