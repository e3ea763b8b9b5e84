import { findIntegrityProblems, findMoneyTotals } from '../db/stores/integrity-store.js';
import { openCliDeps } from './context.js';

/** Nightly invariant check: exits 1 and lists every violation, or says all is well. */
const deps = await openCliDeps();
try {
  const problems = await findIntegrityProblems(deps.db, deps.clock.now());
  // The totals a sales report over every showtime must show (minor units).
  const money = await findMoneyTotals(deps.db);
  console.log(
    `integrity: money taken ${money.taken}, refunded ${money.refunded} (of which cash owed at the counter ${money.owedAtCounter}), kept ${money.kept} (minor units); seats sold ${money.soldSeats}`,
  );
  if (problems.length === 0) {
    console.log('integrity: all checks passed');
  } else {
    for (const p of problems) console.error(`integrity: ${p.check}: ${p.detail}`);
    console.error(`integrity: ${problems.length} problem(s) found`);
    process.exitCode = 1;
  }
} finally {
  await deps.db.close();
}
