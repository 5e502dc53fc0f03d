import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Organisation subtrees are prefix ranges of the materialized path. Ids are hex and '-', paths use
 * '/', all of which sort below '~', so [prefix, prefix + '~') is exactly the subtree.
 */
export const pathEnd = (prefix: string) => `${prefix}~`;

/** `organisations.path` within any of the given subtrees: the set-based scope filter for lists. */
export function inSubtrees<DB extends Database, TB extends keyof DB & 'organisations'>(
  eb: ExpressionBuilder<DB, TB>,
  roots: string[],
) {
  const e = eb as unknown as ExpressionBuilder<Database, 'organisations'>;
  if (roots.length === 0) return sql<boolean>`1 = 0` as never;
  return e.or(
    roots.map((p) =>
      e.and([e('organisations.path', '>=', p), e('organisations.path', '<', pathEnd(p))]),
    ),
  ) as never;
}
