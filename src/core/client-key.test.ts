import { describe, expect, it } from 'vitest';
import { clientKey, ipv6Groups, trustedRangeTooWide } from './client-key.js';

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:127.0.0.1', '127.0.0.1'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0000:0000:0000:0000:0000:0002', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:0::/64'],
  ])('%s counts as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });

  it('puts every address of one /64 under one key, and other /64s under others', () => {
    const one = ['2001:db8::1', '2001:db8::2', '2001:db8:0:0:ffff:ffff:ffff:ffff', '2001:db8:0:0:1234::'].map(clientKey);
    expect(new Set(one).size).toBe(1);
    expect(clientKey('2001:db8:0:1::1')).not.toBe(one[0]);
    expect(clientKey('2001:db9::1')).not.toBe(one[0]);
  });

  it('has no address for an aborted request (unknown), and passes anything else through', () => {
    expect(clientKey(undefined)).toBe('unknown');
    expect(clientKey('')).toBe('unknown');
    for (const odd of ['not-an-address', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', '256.1.1.1', '1.2.3.4::']) {
      expect(clientKey(odd), odd).toBe(odd);
    }
  });
});

describe('ipv6Groups', () => {
  it('expands :: and a dotted tail into eight groups, or says null', () => {
    expect(ipv6Groups('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('::ffff:10.1.2.3')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a01, 0x0203]);
    for (const bad of ['1.2.3.4', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8::', 'g::1', '12345::1', ':::']) {
      expect(ipv6Groups(bad), bad).toBeNull();
    }
  });
});

describe('trustedRangeTooWide', () => {
  it.each([
    ['0.0.0.0', 1],
    ['128.0.0.0', 1],
    ['10.0.0.0', 7],
    ['::', 1],
    ['2000::', 3],
    ['2001:db8::', 31],
    ['::ffff:0.0.0.0', 97],
    ['::ffff:10.0.0.0', 103],
    ['fc00::', 6],
    ['fe80::', 9],
  ])('refuses %s/%i', (address, prefix) => {
    expect(trustedRangeTooWide(address, prefix)).toBe(true);
  });

  it.each([
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['203.0.113.7', 32],
    ['2001:db8::', 32],
    ['2001:db8:1:2::', 64],
    ['::ffff:10.0.0.0', 104],
    ['fd00::', 8],
    ['fc00::', 7],
    ['fe80::', 10],
  ])('accepts %s/%i', (address, prefix) => {
    expect(trustedRangeTooWide(address, prefix)).toBe(false);
  });
});
