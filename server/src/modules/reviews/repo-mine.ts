import type { Executor } from '#platform/db/connect.ts';

/** The applications a person submitted (or drafted), the latest changed first, one page. */
export async function itemsSubmittedBy(
  db: Executor,
  userId: string,
  offset: number,
  limit: number,
) {
  const base = db.selectFrom('reviewItems').where('reviewItems.submittedBy', '=', userId);
  const [rows, count] = await Promise.all([
    base
      .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewItems.callId')
      .select([
        'reviewItems.id',
        'reviewItems.callId',
        'reviewCalls.title as callTitle',
        'reviewItems.title',
        'reviewItems.status',
        'reviewItems.submittedAt',
        'reviewItems.updatedAt',
      ])
      .orderBy('reviewItems.updatedAt', 'desc')
      .orderBy('reviewItems.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
