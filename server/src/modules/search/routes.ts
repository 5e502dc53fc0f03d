import { z } from 'zod';
import { recordSearch } from '#modules/hotspots/signals.ts';
import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import {
  CreateTermSchema,
  ListTermsQuerySchema,
  ReindexResultSchema,
  SearchQuerySchema,
  SearchResultSchema,
  SearchTermSchema,
  TermParamsSchema,
  UpdateTermSchema,
  ZeroResultPageSchema,
  ZeroResultQuerySchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['search'];

export function registerSearchRoutes(app: App, { db, dialect }: AppDeps): void {
  app.get(
    '/api/search',
    {
      schema: {
        tags,
        summary:
          'Search everything public: Chinese words, traditional characters, pinyin for names; facets and highlights',
        querystring: SearchQuerySchema,
        response: { 200: SearchResultSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    async (req) => {
      const result = await service.search(db, dialect, req.query);
      // A hotspot signal (buffered, no person kept): the words, the page's region or the
      // signed-in person's province.
      if (req.query.page === 1)
        recordSearch(db, dialect, {
          q: req.query.q,
          results: result.total,
          division: req.query.region ?? null,
          userId: req.actor?.userId ?? null,
        });
      return result;
    },
  );

  app.get(
    '/api/search/terms',
    {
      schema: {
        tags,
        summary: 'The search vocabulary: domain words and synonym groups',
        querystring: ListTermsQuerySchema,
        response: { 200: z.array(SearchTermSchema), ...ERRORS },
      },
      config: { policy: actionOnResource('search.manage') },
    },
    (req) => service.listTerms(db, req.actor, req.query),
  );

  app.get(
    '/api/search/terms/export',
    {
      schema: {
        tags,
        summary: 'The filtered search vocabulary as an xlsx workbook',
        querystring: ListTermsQuerySchema,
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('search.manage') },
    },
    async (req, reply) => {
      const buf = await service.exportTerms(db, req.actor, req.query);
      return sendXlsx(reply, '搜索词库.xlsx', buf);
    },
  );

  app.post(
    '/api/search/terms',
    {
      schema: {
        tags,
        summary: 'Add a domain word or a synonym group',
        body: CreateTermSchema,
        response: { 201: SearchTermSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('search.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createTerm(db, req.actor, req.ctx, req.body)),
  );

  app.patch(
    '/api/search/terms/:id',
    {
      schema: {
        tags,
        summary: 'Edit a synonym group or retire a term',
        params: TermParamsSchema,
        body: UpdateTermSchema,
        response: { 200: SearchTermSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('search.manage') },
    },
    (req) => service.updateTerm(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/search/zero-results',
    {
      schema: {
        tags,
        summary: 'Queries that found nothing, most frequent first (early warning reads these)',
        querystring: ZeroResultQuerySchema,
        response: { 200: ZeroResultPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('search.manage') },
    },
    (req) => service.zeroResultQueries(db, req.actor, dialect, req.query),
  );

  app.post(
    '/api/search/reindex',
    {
      schema: {
        tags,
        summary: 'Rebuild the search index from every registered type',
        response: { 200: ReindexResultSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('search.manage') },
    },
    (req) => service.reindex(db, req.actor, req.ctx),
  );
}
