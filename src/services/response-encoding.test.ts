import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from './response-encoding.js';

describe('choosing a content encoding from Accept-Encoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['deflate', undefined],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=1.0, gzip;q=1.0', 'br'],
    ['br;q=0, gzip;q=0', undefined],
    ['*;q=0', undefined],
    ['br;q=nonsense, gzip', 'gzip'],
  ])('%j gives %j', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it('reads a header given more than once', () => {
    expect(negotiateEncoding(['deflate', 'gzip'])).toBe('gzip');
  });
});
