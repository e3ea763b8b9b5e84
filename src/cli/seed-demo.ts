import { adminService } from '../services/admin-service.js';
import { openCliDeps } from './context.js';
import { demoCatalogue, demoSchedule } from './demo-catalogue.js';

/** Fills an empty database with a believable week of programme. Refuses to touch one with movies. */
async function main() {
  const deps = await openCliDeps();
  try {
    const admin = adminService(deps);
    if ((await admin.listMovies()).length > 0) {
      console.log('seed:demo: the database already has movies; nothing added');
      return;
    }
    const { movies, halls } = demoCatalogue();
    const movieIds = [];
    for (const movie of movies) movieIds.push((await admin.createMovie(movie)).id);
    const hallIds = [];
    for (const hall of halls) hallIds.push((await admin.createHall(hall)).id);
    let showtimes = 0;
    for (const slot of demoSchedule(deps.clock.now(), movieIds, hallIds)) {
      await admin.createEvent(slot);
      showtimes += 1;
    }
    console.log(
      `seed:demo: added ${movies.length} movies, ${halls.length} halls and ${showtimes} showtimes over the next 7 days`,
    );
  } finally {
    await deps.db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`seed:demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
