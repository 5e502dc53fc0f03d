import { type JoinBuilder, sql } from 'kysely';

/** Joins the province of a base (`divisions`): the division PP0000 of its division code. */
export function onProvince<DB, TB extends keyof DB>(join: JoinBuilder<DB, TB>) {
  return join.on(sql`divisions.code`, '=', sql`substr(bases.division_code, 1, 2) || '0000'`);
}
