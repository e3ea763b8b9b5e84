import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('publishes an OpenAPI document covering every prototype path', async () => {
    const { status, body } = await t.call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    const paths = Object.keys(body.paths);
    for (const path of [
      '/api/auth/register',
      '/api/auth/login',
      '/api/auth/me',
      '/api/auth/create-admin',
      '/api/events',
      '/api/events/{event_id}/seats',
      '/api/book-seats',
      '/api/confirm-payment',
      '/api/cancel-booking',
      '/api/admin/movies',
      '/api/admin/movies/{movie_id}',
      '/api/admin/events',
      '/api/admin/events/{event_id}',
    ]) {
      expect(paths).toContain(path);
    }
    expect(body.paths['/api/book-seats'].post.responses).toHaveProperty('409');
    expect(body.components.securitySchemes.bearer.scheme).toBe('bearer');
  });

  it('serves Swagger UI at /docs and ReDoc at /redoc with its script', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    const redoc = await t.app.inject({ method: 'GET', url: '/redoc' });
    expect(redoc.statusCode).toBe(200);
    expect(redoc.body).toContain('<redoc spec-url="/openapi.json">');
    const script = await t.app.inject({ method: 'GET', url: '/redoc/redoc.standalone.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body.length).toBeGreaterThan(100_000);
  });

  it('answers unknown routes with a 404 in the error shape', async () => {
    const { status, body } = await t.call('GET', '/api/nothing-here');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'NOT_FOUND' });
    expect(body.detail).toContain('/api/nothing-here');
  });
});
