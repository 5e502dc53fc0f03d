import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { Executor } from '#platform/db/connect.ts';
import { defineJob } from '#platform/jobs/define.ts';
import { enqueue } from '#platform/jobs/runner.ts';
import { searchEngineFor } from '#platform/search/engine.ts';

const JOB = 'search.reindex';

/**
 * Queues a rebuild of the whole index (one waiting at a time): the texts are cut anew by the
 * current vocabulary. Queued when a new version seeds dictionary words into an existing
 * vocabulary, so that documents indexed before are cut as new ones are.
 */
export async function queueReindex(db: Executor, reason: string): Promise<void> {
  await enqueue(db, JOB, { reason }, { dedupeKey: 'all' });
}

defineJob<{ reason?: string }>(
  JOB,
  async ({ db, dialect, signal }, { reason }) => {
    const indexed = await searchEngineFor(db, dialect).reindex(undefined, signal);
    const ctx: RequestContext = { actorId: null, ip: null, dialect };
    await db.transaction().execute((tx) =>
      recordAudit(tx, ctx, {
        action: 'search.reindex',
        entityType: 'search',
        detail: { indexed, reason: reason ?? null },
      }),
    );
  },
  { maxAttempts: 3, label: { 'zh-CN': '重建搜索索引', 'en-US': 'Rebuild the search index' } },
);
