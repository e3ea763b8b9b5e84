import { Type } from 'typebox';

export const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const IdParam = <K extends string>(name: K) => Type.Object({ [name]: Id } as Record<K, typeof Id>);
export const DateTime = Type.String({
  description: 'ISO 8601 date-time; a value without an offset is read as UTC',
  maxLength: 40,
  examples: ['2030-05-01T19:30:00+02:00'],
});
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
/** A showtime's time, in its cinema's wall time with that offset. */
export const ZonedTimestamp = Type.String({
  format: 'date-time',
  description: "ISO 8601 with the cinema's offset, e.g. 2026-12-05T19:30:00+09:00",
});
export const Money = Type.Number({ description: 'Amount in major units of `currency` (e.g. 18.5)' });
export const Currency = Type.String({ description: 'ISO 4217 code', examples: ['USD'] });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
