import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-depth.js';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('nestsDeeperThan', () => {
  it('counts objects and arrays alike, the outermost as level one', () => {
    expect(nestsDeeperThan('{}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":[]}', 1)).toBe(true);
    expect(nestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":{}}]}', 3)).toBe(true);
    expect(nestsDeeperThan('"text"', 0)).toBe(false);
    expect(nestsDeeperThan('[]', 0)).toBe(true);
  });

  it('measures the deepest point, not the number of containers', () => {
    expect(nestsDeeperThan(`[${Array(1000).fill('[1]').join(',')}]`, 2)).toBe(false);
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'say \\"[[[[\\" "{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'ends in a backslash \\', b: [[]] }), 2)).toBe(true);
  });

  it('runs over 20,000 levels without recursing', () => {
    expect(nestsDeeperThan(nested(20_000), 32)).toBe(true);
    expect(nestsDeeperThan(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, 32)).toBe(true);
  });
});
