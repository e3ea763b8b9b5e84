/**
 * Which "client" a per-address limit counts. An IPv4 address is one client. An IPv6 client is
 * usually given a whole /64 (its home or office network) and may pick any address inside it,
 * changing it at will (privacy extensions do so on their own), so counting full IPv6 addresses
 * would give it 2^64 separate budgets: the /64 is the client. An IPv4-mapped IPv6 address
 * (`::ffff:a.b.c.d`, what a dual-stack socket reports for IPv4 peers) is its IPv4 client.
 */

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Octets(text: string): number[] | null {
  const match = DOTTED.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/** Colon-separated hex groups; `dottedTail` lets the last piece be an IPv4 address (two groups). */
function hexGroups(part: string, dottedTail: boolean): number[] | null {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    const octets = dottedTail && index === pieces.length - 1 ? ipv4Octets(piece) : null;
    if (octets) groups.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
    else if (/^[0-9a-f]{1,4}$/.test(piece)) groups.push(Number.parseInt(piece, 16));
    else return null;
  }
  return groups;
}

/**
 * The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail read as the last
 * two groups, a `%zone` ignored, any case), or null when `text` is not one.
 */
export function ipv6Groups(text: string): number[] | null {
  const halves = text.replace(/%.*$/, '').toLowerCase().split('::');
  if (halves.length > 2) return null;
  const [first = '', second] = halves;
  const head = hexGroups(first, second === undefined);
  const tail = second === undefined ? [] : hexGroups(second, true);
  if (!head || !tail) return null;
  if (second === undefined) return head.length === 8 ? head : null;
  const zeros = 8 - head.length - tail.length;
  return zeros >= 1 ? [...head, ...Array<number>(zeros).fill(0), ...tail] : null;
}

/** `::ffff:a.b.c.d`: an IPv4 address as a dual-stack socket reports it. */
export const isIPv4Mapped = (groups: number[]) => groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;

/**
 * The key a per-address limit counts `ip` under: IPv4 as it is, `::ffff:a.b.c.d` as `a.b.c.d`,
 * other IPv6 as its /64 written out in full (`2001:db8::1` → `2001:db8:0:0::/64`), so every
 * spelling of one network gives one key. No address (`request.ip` of a request whose socket has
 * closed) is `unknown`; anything else is returned unchanged.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (ipv4Octets(ip)) return ip;
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  if (isIPv4Mapped(groups)) {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The widest ranges TRUST_PROXY may list: about 1/256 of the IPv4 space, and an IPv6 /32 (a large provider's block). */
export const WIDEST_TRUSTED_PREFIX = { ipv4: 8, ipv6: 32 } as const;

/**
 * Whether trusting the range `address/prefix` would believe X-Forwarded-For from nearly anyone:
 * IPv4 shorter than /8, IPv6 shorter than /32 (an IPv4-mapped IPv6 range is judged as the IPv4
 * range it covers, as proxy-addr matches it). IPv6 ranges inside the private unique-local
 * (fc00::/7) or link-local (fe80::/10) space are not too wide, since no client on the internet
 * has such an address (TRUST_PROXY's names `uniquelocal` and `linklocal` trust them whole).
 */
export function trustedRangeTooWide(address: string, prefix: number): boolean {
  if (ipv4Octets(address)) return prefix < WIDEST_TRUSTED_PREFIX.ipv4;
  const groups = ipv6Groups(address);
  if (!groups) return false;
  if (isIPv4Mapped(groups)) return prefix - 96 < WIDEST_TRUSTED_PREFIX.ipv4;
  const first = groups[0] ?? 0;
  const uniqueLocal = prefix >= 7 && (first & 0xfe00) === 0xfc00;
  const linkLocal = prefix >= 10 && (first & 0xffc0) === 0xfe80;
  return prefix < WIDEST_TRUSTED_PREFIX.ipv6 && !uniqueLocal && !linkLocal;
}
