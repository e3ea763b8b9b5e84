import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from './helpers/database.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('the suite runs on the database it was asked for', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('uses the expected dialect', () => {
    const expected = process.env.EXPECT_DIALECT;
    if (expected) expect(testDialect()).toBe(expected);
    expect(t.db.dialect).toBe(testDialect());
  });

  it('answers health and readiness', async () => {
    expect((await t.call('GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/ready')).body).toEqual({ status: 'ready', database: testDialect() });
  });
});
