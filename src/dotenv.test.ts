import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDotEnv } from './dotenv.js';

function envFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bmm-dotenv-')), '.env');
  writeFileSync(file, text);
  return file;
}

describe('applyDotEnv', () => {
  it('takes settings from the file, comments and quotes as a shell would', () => {
    const env: NodeJS.ProcessEnv = {};
    const file = envFile('# the prototype\nPORT=9001\nCURRENCY="EUR"\nHOST=\'0.0.0.0\'\n\nLOG_LEVEL=warn # quiet\n');
    expect(applyDotEnv(env, file).sort()).toEqual(['CURRENCY', 'HOST', 'LOG_LEVEL', 'PORT']);
    expect(env).toEqual({ PORT: '9001', CURRENCY: 'EUR', HOST: '0.0.0.0', LOG_LEVEL: 'warn' });
  });

  it('lets the real environment win, even when it is set to an empty value', () => {
    const env: NodeJS.ProcessEnv = { PORT: '8080', SECRET_KEY: '' };
    applyDotEnv(env, envFile('PORT=9001\nSECRET_KEY=from-the-file-from-the-file-from-the-file\nHOST=example\n'));
    expect(env).toEqual({ PORT: '8080', SECRET_KEY: '', HOST: 'example' });
  });

  it('does nothing without a file', () => {
    const env: NodeJS.ProcessEnv = { A: '1' };
    expect(applyDotEnv(env, join(tmpdir(), 'no-such-dir-bmm', '.env'))).toEqual([]);
    expect(env).toEqual({ A: '1' });
  });
});
