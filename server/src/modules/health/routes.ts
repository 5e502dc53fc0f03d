import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { pingDatabase } from '#platform/db/connect.ts';
import { PUBLIC } from '#platform/policy.ts';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ dialect: z.enum(['sqlite', 'postgres']), reachable: z.boolean() }),
  version: z.string(),
});

export function registerHealthRoutes(app: App, { db, dialect, version }: AppDeps): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness and database reachability',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
      config: { policy: PUBLIC },
    },
    async (_req, reply) => {
      const reachable = await pingDatabase(db);
      return reply
        .code(reachable ? 200 : 503)
        .send({ status: reachable ? 'ok' : 'degraded', database: { dialect, reachable }, version });
    },
  );
}
