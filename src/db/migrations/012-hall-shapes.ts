import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Hall shapes: a hall's layout becomes rows of positions (seats of a kind and category, and
 * gaps), kept as JSON beside the old rectangle columns, which stay for older readers. Seats learn
 * their kind and their physical column (gaps take columns; null on older seats, read as their
 * number, which is what a rectangle's column is). Existing halls are converted here; a hall
 * written without a layout later (the prototype import) is read as its rectangle.
 */
export function hallShapesSchema(_dialect: DialectName) {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema.alterTable('halls').addColumn('layout', 'text').execute();
    // The no-single-seat rule. Halls from before it (and rectangles written by older clients) keep
    // selling as they did; halls given a shape have it on unless the admin turns it off.
    await db.schema
      .alterTable('halls')
      .addColumn('single_seat_rule', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('seats')
      .addColumn('kind', 'text', (c) =>
        c
          .notNull()
          .defaultTo('standard')
          .check(sql`kind in ('standard', 'wheelchair', 'companion', 'restricted_view', 'couple', 'blocked')`),
      )
      .execute();
    await db.schema.alterTable('seats').addColumn('col', 'integer').execute();

    const halls = await db.selectFrom('halls').select(['id', 'rows', 'seats_per_row', 'categories']).execute();
    for (const hall of halls) {
      await db
        .updateTable('halls')
        .set({ layout: JSON.stringify(rectangleAsShape(hall.rows, hall.seats_per_row, JSON.parse(hall.categories))) })
        .where('id', '=', hall.id)
        .execute();
    }
  };
  return { up };
}

type Range = { name: string; from_row: number; to_row: number; price_factor: number };

/** A copy of core's shapeFromRectangle as of this migration, so later changes there cannot change it. */
function rectangleAsShape(rows: number, perRow: number, ranges: Range[]) {
  const label = (n: number) => {
    let out = '';
    for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) out = String.fromCharCode(65 + ((x - 1) % 26)) + out;
    return out;
  };
  return {
    rows: Array.from({ length: rows }, (_, r) => {
      const category = ranges.find((c) => r + 1 >= c.from_row && r + 1 <= c.to_row)?.name ?? 'standard';
      return {
        label: label(r + 1),
        positions: Array.from({ length: perRow }, (_, i) => ({ kind: 'standard', category, number: i + 1 })),
      };
    }),
    categories: ranges.map((c) => ({ name: c.name, price_factor: c.price_factor })),
  };
}
