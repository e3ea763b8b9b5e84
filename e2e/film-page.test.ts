import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Movie } from '../src/contract/catalogue.js';
import { seedProgramme } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { launchBrowser, newPage, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { restoreSession } from './support/session.js';

/** An admin gives a film its details and poster; a customer opens its page from the programme. */

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
let programme: Awaited<ReturnType<typeof seedProgramme>>;
let secondShowId: number;
const pages: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ CINEMA_TIME_ZONE: 'UTC' }), launchBrowser()]);
  programme = await seedProgramme(server.url);
  // A second day of showtimes, so the page has days to group by.
  const start = new Date(Date.now() + 74 * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  const second = await programme.api.showtime(programme.admin.access_token, {
    movie_id: programme.movie.id,
    hall_id: programme.hall.id,
    start_time: start.toISOString(),
    price: 15,
  });
  secondShowId = second.event_id;
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-film-page-${i}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const film = () => programme.api.call<Movie>('GET', `/api/movies/${programme.movie.id}`).then((r) => r.body);

describe('the film page', () => {
  it('takes the details and a poster from the admin form', async () => {
    const { context, page } = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await restoreSession(page, programme.admin, '/admin/movies');
    await page.getByRole('button', { name: 'Edit The Last Lighthouse' }).click();
    const form = page.getByRole('form', { name: 'Edit movie' });
    await form.getByLabel('Rating system').selectOption('MPA');
    await form.getByLabel('Age rating').selectOption('PG-13');
    await form.getByLabel('Director').fill('Ines Calloway');
    await form.getByLabel('Cast').fill('Mara Quinn\nTobias Hale');
    await form.getByLabel('Language').fill('English');
    await form.getByLabel('Subtitles').fill('Spanish');
    await form.getByLabel('Trailer link').fill('http://example.com/trailer');
    const png = await sharp({ create: { width: 800, height: 1200, channels: 3, background: { r: 20, g: 60, b: 120 } } })
      .png()
      .toBuffer();
    await form.getByLabel('Poster image').setInputFiles({ name: 'lighthouse.png', mimeType: 'image/png', buffer: png });
    await form.getByRole('button', { name: 'Save changes' }).click();
    // Plain-http trailers are refused, next to the field.
    await form.getByText('Enter a full web address starting with https://', { exact: true }).waitFor();
    await form.getByLabel('Trailer link').fill('https://example.com/trailer');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'detached' });

    const saved = await film();
    expect(saved).toMatchObject({
      rating_system: 'MPA',
      rating: 'PG-13',
      director: 'Ines Calloway',
      cast: ['Mara Quinn', 'Tobias Hale'],
      subtitles: 'Spanish',
      trailer_url: 'https://example.com/trailer',
      has_poster: true,
    });
    // The table shows the uploaded poster (its small size).
    const thumb = page.getByRole('img', { name: 'Poster of The Last Lighthouse' });
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300);
    await context.close();
  });

  it('opens from the programme with poster, cast, facts and showtimes by day, accessible', async () => {
    const { context, page } = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await page.goto('/?day=all');
    await page
      .getByRole('article', { name: 'The Last Lighthouse' })
      .getByRole('link', { name: 'The Last Lighthouse', exact: true })
      .click();
    await page.waitForURL(`**/movies/${programme.movie.id}`);
    await page.getByRole('heading', { level: 1, name: 'The Last Lighthouse' }).waitFor();
    const poster = page.getByRole('img', { name: 'Poster of The Last Lighthouse' });
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(600);
    await page.getByText('Mara Quinn, Tobias Hale').waitFor();
    await page.getByText('Ines Calloway').waitFor();
    await page.getByText('MPA PG-13').waitFor();
    await page.getByText('1 h 58 min').waitFor();
    expect(await page.getByRole('link', { name: /Watch the trailer/ }).getAttribute('href')).toBe('https://example.com/trailer');
    const showtimes = page.getByRole('region', { name: /Showtimes/ });
    expect(await showtimes.getByRole('heading', { level: 3 }).count()).toBe(2);
    await showtimes.locator(`a[href="/showtimes/${programme.showtime.event_id}"]`).waitFor();
    await showtimes.locator(`a[href="/showtimes/${secondShowId}"]`).waitFor();
    await expect.poll(() => page.title()).toBe('The Last Lighthouse · bookmemovie');
    await expectAccessible(page, 'film page (desktop)');

    // A showtime leads on to its seat map, whose title leads back.
    await showtimes.locator(`a[href="/showtimes/${programme.showtime.event_id}"]`).click();
    await page.getByRole('heading', { level: 1, name: 'The Last Lighthouse' }).getByRole('link').click();
    await page.waitForURL(`**/movies/${programme.movie.id}`);
    await context.close();
  });

  it('fits a 390 px phone, accessible', async () => {
    const { context, page } = await newPage(browser, server.url, PHONE);
    pages.push(page);
    await page.goto(`/movies/${programme.movie.id}`);
    await page.getByRole('heading', { level: 1, name: 'The Last Lighthouse' }).waitFor();
    await page
      .getByRole('region', { name: /Showtimes/ })
      .locator('a[href^="/showtimes/"]')
      .first()
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'film page (phone)');
    await context.close();
  });

  it('lists a film still to be released under Coming soon, and says so on its page', async () => {
    const later = await programme.api.movie(programme.admin.access_token, {
      title: 'Harbour of Glass',
      release_date: '2099-06-01',
      rating_system: 'BBFC',
      rating: '12A',
    });
    const { context, page } = await newPage(browser, server.url, PHONE);
    pages.push(page);
    await page.goto('/');
    const soon = page.getByRole('region', { name: 'Coming soon' });
    await soon.getByRole('link', { name: 'Harbour of Glass' }).click();
    await page.waitForURL(`**/movies/${later.id}`);
    await page.getByText(/^Coming soon · /).waitFor();
    await page.getByText('Coming soon: no showtimes yet.').waitFor();
    await expectAccessible(page, 'coming-soon film page (phone)');
    await context.close();
  });

  it('serves link-preview tags in the HTML itself, and the app with 404 for an unknown film', async () => {
    const html = await (await fetch(`${server.url}/movies/${programme.movie.id}`)).text();
    expect(html).toContain('<meta property="og:title" content="The Last Lighthouse" />');
    expect(html).toContain('<meta property="og:type" content="video.movie" />');
    expect(html).toMatch(/<meta property="og:image" content="https?:\/\/[^"]+\/api\/movies\/\d+\/poster\?size=large&amp;v=/);
    const missing = await fetch(`${server.url}/movies/987654`);
    expect(missing.status).toBe(404);
    const { context, page } = await newPage(browser, server.url, DESKTOP);
    pages.push(page);
    await page.goto('/movies/987654');
    await page.getByRole('heading', { level: 1, name: 'This film is not on our programme' }).waitFor();
    await context.close();
  });
});
