import { afterAll, describe, expect, it } from 'vitest';
import {
  auditAgainstClients,
  buyer,
  createTargetDatabase,
  killAllChildren,
  makeShowtimes,
  newStormLog,
  seedAccounts,
  startServer,
  type TargetDatabase,
  tally,
} from './faults-support.js';
import { testDialect } from './helpers/database.js';

/**
 * Two server processes writing one SQLite file (two instances started by mistake, or an old one
 * still draining while the new one serves). Their writers meet on SQLite's file lock: BEGIN
 * IMMEDIATE plus busy_timeout must make them queue. No request may fail with a 5xx (a SQLITE_BUSY
 * leaking out as a 500 included), no seat may be sold twice, and the books must balance.
 */

const BUYERS = 30;
const STORM_MS = 5000;

let target: TargetDatabase | undefined;
afterAll(async () => {
  killAllChildren();
  await target?.drop();
});

describe.skipIf(testDialect() !== 'sqlite')('two server processes on one SQLite file', () => {
  it('serves a booking storm across both with no 5xx, no seat sold twice, integrity intact', async () => {
    target = await createTargetDatabase();
    const { admin, users } = await seedAccounts(target.db, BUYERS);
    const env = { DATABASE_URL: target.url };
    // One after the other, so the second's migration check never races the first's.
    const a = await startServer(env);
    const b = await startServer(env);
    const events = await makeShowtimes(a.base, admin, 2, 150);

    const log = newStormLog();
    const stopAt = Date.now() + STORM_MS;
    await Promise.all(
      users.map((account, i) =>
        buyer({
          // Each buyer alternates between the two processes, so holds made on one are paid on the other.
          bases: i % 2 === 0 ? [a.base, b.base] : [b.base, a.base],
          account,
          events,
          seed: 7000 + i,
          log,
          stop: () => Date.now() >= stopAt,
        }),
      ),
    );

    const result = tally(log);
    expect(result.serverErrors.map((e) => JSON.stringify(e.result))).toEqual([]);
    expect(result.failures.map((e) => JSON.stringify(e.result))).toEqual([]);
    expect(log.holds.size).toBeGreaterThan(20);
    expect(log.confirmed.size).toBeGreaterThan(10);
    // Both processes took holds and payments.
    for (const base of [a.base, b.base]) {
      expect(log.attempts.filter((x) => x.base === base && x.result.status === 201).length).toBeGreaterThan(5);
      expect(log.attempts.filter((x) => x.base === base && x.result.status === 200).length).toBeGreaterThan(5);
    }

    const audit = await auditAgainstClients(target.db, log);
    expect(audit.missingHolds).toEqual([]);
    expect(audit.wrongSeats).toEqual([]);
    expect(audit.lostConfirmations).toEqual([]);
    expect(audit.doubleSold).toEqual([]);
    expect(audit.integrity).toEqual([]);

    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    const [exitA, exitB] = await Promise.all([a.exited, b.exited]);
    expect([exitA.code, exitB.code]).toEqual([0, 0]);
    expect(`${a.log()}\n${b.log()}`).not.toMatch(/SQLITE_BUSY|unhandled error/);

    console.info(
      `[faults-two-writers sqlite] sent ${result.sent} across 2 processes, acknowledged ${result.acknowledged} ` +
        `(${log.holds.size} holds, ${log.confirmed.size} payments), 5xx 0, connection failures 0, lost 0; ` +
        `by status ${JSON.stringify(result.byStatus)}`,
    );
  }, 60_000);
});
