import { enqueue } from '#platform/jobs/runner.ts';
import type { Row, World } from './world.ts';

/** The background jobs console. */
export function jobsTable(w: World): Row[] {
  /** A retention job waiting for tomorrow, or one that failed (each actor gets its own). */
  async function jobIn(state: 'QUEUED' | 'FAILED') {
    const { id } = await enqueue(w.env.handle.db, 'accounts.retention', null, {
      runAt: new Date(Date.now() + 86_400_000),
    });
    if (state === 'FAILED')
      await w.env.handle.db
        .updateTable('jobs')
        .set({ state: 'FAILED', attempts: 3, lastError: 'Error: matrix' })
        .where('id', '=', id)
        .execute();
    return id;
  }

  return [
    {
      name: 'GET /api/admin/jobs',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/admin/jobs?state=FAILED' }),
    },
    {
      name: 'POST /api/admin/jobs/:id/run',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/admin/jobs/${await jobIn('QUEUED')}/run` }),
    },
    {
      name: 'POST /api/admin/jobs/:id/retry',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'POST', url: `/api/admin/jobs/${await jobIn('FAILED')}/retry` }),
    },
  ];
}
