import type { App, AppDeps } from '#platform/app-types.ts';
import { PUBLIC } from '#platform/policy.ts';
import * as service from './service.ts';

/** Share-friendly machine-readable views of the portal: sitemap and the RSS feed of new works. */
export function registerPortalRoutes(app: App, { db, config }: AppDeps): void {
  app.get(
    '/sitemap.xml',
    { schema: { hide: true }, config: { policy: PUBLIC } },
    async (_req, reply) =>
      reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'public, max-age=600')
        .send(await service.sitemap(db, config.publicUrl)),
  );
  app.get(
    '/feed.xml',
    { schema: { hide: true }, config: { policy: PUBLIC } },
    async (_req, reply) =>
      reply
        .type('application/rss+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=600')
        .send(await service.rssFeed(db, config.publicUrl)),
  );
}
