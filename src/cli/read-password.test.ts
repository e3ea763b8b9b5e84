import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD_ENV, readAdminPassword } from './read-password.js';

/** A terminal: keystrokes in, what the screen shows out. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk) => {
    screen += chunk;
  });
  const shows = async (text: string) => {
    for (let i = 0; i < 200 && !screen.includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(screen).toContain(text);
  };
  return { input, output, screen: () => screen, shows };
}

describe('readAdminPassword', () => {
  it(`prefers ${ADMIN_PASSWORD_ENV} over standard input`, async () => {
    const input = new PassThrough();
    input.end('from stdin\n');
    const password = await readAdminPassword({ env: { [ADMIN_PASSWORD_ENV]: 'from the env' }, input, output: new PassThrough() });
    expect(password).toBe('from the env');
  });

  it('reads the first line of standard input when it is not a terminal', async () => {
    const input = new PassThrough();
    input.write('first line pw\r\nsecond\n');
    expect(await readAdminPassword({ env: {}, input, output: new PassThrough() })).toBe('first line pw');
  });

  it('at a terminal: asks twice and never shows what is typed', async () => {
    const t = terminal();
    const result = readAdminPassword({ env: {}, input: t.input, output: t.output });
    await t.shows('Password for the new admin: ');
    t.input.write('s3cret typed here\r');
    await t.shows('The same password again: ');
    t.input.write('s3cret typed here\r');
    expect(await result).toBe('s3cret typed here');
    expect(t.screen()).not.toContain('s3cret');
    expect(t.screen()).not.toContain('*');
  });

  it('at a terminal: two different answers are refused', async () => {
    const t = terminal();
    const result = readAdminPassword({ env: {}, input: t.input, output: t.output });
    await t.shows('Password for the new admin: ');
    t.input.write('one password\r');
    await t.shows('The same password again: ');
    t.input.write('another password\r');
    await expect(result).rejects.toThrow('the two passwords differ');
    expect(t.screen()).not.toContain('one password');
    expect(t.screen()).not.toContain('another password');
  });

  it('at a terminal: Ctrl+C or the end of input cancels', async () => {
    const t = terminal();
    const result = readAdminPassword({ env: {}, input: t.input, output: t.output });
    await t.shows('Password for the new admin: ');
    t.input.write('\u0003');
    await expect(result).rejects.toThrow('no password entered');
  });
});
