import type { App, AppDeps } from '../app-types.ts';
import { action } from '../policy.ts';
import { ERRORS, IdParamsSchema } from '../schemas.ts';
import './prune.ts';
import { JobPageSchema, JobSchema, ListJobsQuerySchema } from './schema.ts';
import * as service from './service.ts';

const tags = ['jobs'];

/** The console's jobs: platform administrators see every job and nudge one (run now, retry). */
export function registerJobRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/admin/jobs',
    {
      schema: {
        tags,
        summary: 'Background jobs, latest run first, by state and kind',
        querystring: ListJobsQuerySchema,
        response: { 200: JobPageSchema, ...ERRORS },
      },
      config: { policy: action('job.manage') },
    },
    (req) => service.listJobs(db, req.actor, req.locale, req.query),
  );
  app.post(
    '/api/admin/jobs/:id/run',
    {
      schema: {
        tags,
        summary: 'Run a waiting job now (a delayed one, a retry, a schedule’s next run)',
        params: IdParamsSchema,
        response: { 200: JobSchema, ...ERRORS },
      },
      config: { policy: action('job.manage') },
    },
    (req) => service.moveJob(db, req.actor, req.ctx, req.locale, req.params.id, 'runNow'),
  );
  app.post(
    '/api/admin/jobs/:id/retry',
    {
      schema: {
        tags,
        summary: 'Queue a failed job again with fresh tries',
        params: IdParamsSchema,
        response: { 200: JobSchema, ...ERRORS },
      },
      config: { policy: action('job.manage') },
    },
    (req) => service.moveJob(db, req.actor, req.ctx, req.locale, req.params.id, 'retry'),
  );
}
