import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { probeDatabase } from '#platform/db/connect.ts';
import { PUBLIC } from '#platform/policy.ts';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded (503) when anything below is false'),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    reachable: z.boolean(),
    writable: z.boolean().describe('A write would not fail now: no lock held for long elsewhere'),
  }),
  storage: z.object({
    writable: z.boolean().describe('The files folder can take uploads (permissions, mount, room)'),
  }),
  version: z.string(),
});

/**
 * One check at a time: requests that arrive while a check runs share its answer. Under load
 * (a balancer, a benchmark) the probes cost one run per ~0.2 ms however many ask, and a write
 * lock held elsewhere makes one probe wait, not one per request. No answer is older than the
 * request that receives it, give or take the run it joined.
 */
function shared<T>(run: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

export function registerHealthRoutes(app: App, { db, dialect, version, storage }: AppDeps): void {
  const check = shared(() => Promise.all([probeDatabase(db), storage.isWritable()]));
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness: the database can be reached and written, the files folder written',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
      config: { policy: PUBLIC },
    },
    async (_req, reply) => {
      const [database, storageWritable] = await check();
      const ok = database.reachable && database.writable && storageWritable;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        database: { dialect, ...database },
        storage: { writable: storageWritable },
        version,
      });
    },
  );
}
