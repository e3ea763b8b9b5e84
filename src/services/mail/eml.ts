/**
 * Reads back the .eml files the file mailer writes (nodemailer's output: headers, then a
 * multipart/mixed or multipart/alternative body with quoted-printable or base64 parts), so the
 * admin Mail screen can show them. Enough MIME for messages this service wrote; not a general
 * mail parser (those are not installed where the service runs).
 */

export type EmlHeader = { name: string; value: string };
export type EmlAttachment = { filename: string; contentType: string; size: number };
export type ParsedEml = {
  headers: EmlHeader[];
  text: string | null;
  html: string | null;
  attachments: EmlAttachment[];
};

function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function parseHeaders(head: string): EmlHeader[] {
  const headers: EmlHeader[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return headers.map((h) => ({ name: h.name, value: decodeWords(h.value) }));
}

const decoder = (charset: string) => {
  try {
    return new TextDecoder(charset.toLowerCase());
  } catch {
    return new TextDecoder('utf-8');
  }
};

function qpBytes(text: string, inHeader: boolean): Uint8Array {
  const source = inHeader ? text.replace(/_/g, ' ') : text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Uint8Array.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII headers. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, encoding: string, text: string) => {
      const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qpBytes(text, true);
      return decoder(charset).decode(bytes);
    });
}

const headerOf = (headers: EmlHeader[], name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** A header value's parameter, e.g. `boundary` of Content-Type. */
function parameter(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const match = new RegExp(`;\\s*${name}\\*?=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

function bodyBytes(body: string, encoding: string | undefined): Uint8Array {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return qpBytes(body, false);
    default:
      return Buffer.from(body, 'utf8');
  }
}

function walk(raw: string, into: ParsedEml, top: boolean): void {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  if (top) into.headers = headers;
  const type = headerOf(headers, 'content-type') ?? 'text/plain';
  const mime = type.split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
  if (mime.startsWith('multipart/')) {
    const boundary = parameter(type, 'boundary');
    if (!boundary) return;
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      walk(part.replace(/^\r?\n/, ''), into, false);
    }
    return;
  }
  const bytes = bodyBytes(body, headerOf(headers, 'content-transfer-encoding'));
  const disposition = headerOf(headers, 'content-disposition');
  const filename = parameter(disposition, 'filename') ?? parameter(type, 'name');
  if (disposition?.toLowerCase().startsWith('attachment') || filename) {
    into.attachments.push({ filename: filename ?? 'attachment', contentType: mime, size: bytes.length });
    return;
  }
  const text = decoder(parameter(type, 'charset') ?? 'utf-8').decode(bytes);
  if (mime === 'text/html' && into.html === null) into.html = text;
  else if (mime === 'text/plain' && into.text === null) into.text = text;
}

export function parseEml(raw: string): ParsedEml {
  const parsed: ParsedEml = { headers: [], text: null, html: null, attachments: [] };
  walk(raw, parsed, true);
  return parsed;
}

/** Only the headers (the list screen reads many files and needs no bodies). */
export function parseEmlHeaders(raw: string): EmlHeader[] {
  return parseHeaders(splitHead(raw).head);
}

export const emlHeader = headerOf;
