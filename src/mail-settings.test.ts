import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { readMailSettings, serverTimeZone } from './mail-settings.js';

describe('mail settings', () => {
  it('default to files, a local From, the server zone and http://localhost:<PORT>', () => {
    expect(readMailSettings({}, 8000)).toEqual({
      publicUrl: 'http://localhost:8000',
      mailFrom: 'bookmemovie <no-reply@localhost>',
      cinemaTimeZone: serverTimeZone(),
    });
    expect(readMailSettings({}, 9123).publicUrl).toBe('http://localhost:9123');
  });

  it("read PUBLIC_URL, else the prototype's BASE_URL, without a trailing slash", () => {
    expect(readMailSettings({ PUBLIC_URL: 'https://tickets.example.com/' }, 8000).publicUrl).toBe('https://tickets.example.com');
    expect(readMailSettings({ BASE_URL: 'https://old.example.com/cinema/' }, 8000).publicUrl).toBe(
      'https://old.example.com/cinema',
    );
    expect(readMailSettings({ PUBLIC_URL: 'https://new.example.com', BASE_URL: 'https://old.example.com' }, 8000).publicUrl).toBe(
      'https://new.example.com',
    );
    expect(() => readMailSettings({ PUBLIC_URL: 'ftp://x' }, 8000)).toThrow(/PUBLIC_URL must be an http\(s\) address/);
    // Not an absolute address: not the prototype's (Vite sets BASE_URL=/ for itself); ignored.
    expect(readMailSettings({ BASE_URL: 'tickets' }, 8000).publicUrl).toBe('http://localhost:8000');
    expect(readMailSettings({ BASE_URL: '/' }, 8000).publicUrl).toBe('http://localhost:8000');
    expect(() => readMailSettings({ PUBLIC_URL: 'https://x.example?a=1' }, 8000)).toThrow(/no query/);
  });

  it('read SMTP_URL, MAIL_FROM and CINEMA_TIME_ZONE, and name a bad value', () => {
    const settings = readMailSettings(
      {
        SMTP_URL: 'smtps://u:p@mail.example.com:465',
        MAIL_FROM: 'Cinema <hello@cinema.example>',
        CINEMA_TIME_ZONE: 'Europe/Paris',
      },
      8000,
    );
    expect(settings).toMatchObject({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      mailFrom: 'Cinema <hello@cinema.example>',
      cinemaTimeZone: 'Europe/Paris',
    });
    expect(() => readMailSettings({ SMTP_URL: 'mail.example.com' }, 8000)).toThrow(/SMTP_URL must be a URL like smtp:/);
    expect(() => readMailSettings({ MAIL_FROM: 'Cinema <a@b>\r\nBcc: x@y' }, 8000)).toThrow(/MAIL_FROM/);
    expect(() => readMailSettings({ CINEMA_TIME_ZONE: 'Mars/Olympus' }, 8000)).toThrow(
      /CINEMA_TIME_ZONE must be an IANA time zone/,
    );
  });

  it('stop loadConfig with a ConfigError naming the setting', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'sqlite::memory:', SECRET_KEY: 'Zq3x9Lm2pR7tY5wV1nB4hK8sD6fG0jQ2', SMTP_URL: 'nope' }),
    ).toThrow(ConfigError);
    const dir = mkdtempSync(join(tmpdir(), 'bmm-mail-settings-'));
    const config = loadConfig({ DATABASE_URL: `sqlite:${dir}/a.db`, PORT: '8123', CINEMA_TIME_ZONE: 'Asia/Tokyo' });
    expect(config).toMatchObject({ publicUrl: 'http://localhost:8123', cinemaTimeZone: 'Asia/Tokyo' });
  });
});
