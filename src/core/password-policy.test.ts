import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

const common = new Set(['password', 'qwertyuiop']);
const isCommon = (p: string) => common.has(p);

describe('passwordProblem', () => {
  it('accepts long, uncommon passwords in any script', () => {
    expect(passwordProblem('correct horse battery', isCommon)).toBeNull();
    expect(passwordProblem('пароль-для-кино', isCommon)).toBeNull();
    expect(passwordProblem('🎬🍿🎟️🎥🎞️📽️🎦🪑', isCommon)).toBeNull();
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('日本語のパスワ', isCommon)).toMatch(/at least 8/); // 7 characters, 21 bytes
    expect(passwordProblem('é'.repeat(128), isCommon)).toBeNull(); // 256 bytes
    expect(passwordProblem('a'.repeat(129), isCommon)).toMatch(/at most 128/);
  });

  it('refuses common passwords whatever their case', () => {
    expect(passwordProblem('Password', isCommon)).toMatch(/most common/);
    expect(passwordProblem('QWERTYUIOP', isCommon)).toMatch(/most common/);
  });
});
