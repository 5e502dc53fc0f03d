import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import {
  ChannelSchema,
  CollectionItemsSchema,
  CollectionPageSchema,
  CollectionSchema,
  CreateCollectionSchema,
  ListCollectionsQuerySchema,
  PublicCollectionPageSchema,
  PublicCollectionSchema,
  PublicCollectionsQuerySchema,
  UpdateCollectionSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['collections'];

export function registerCollectionRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/collections',
    {
      schema: {
        tags,
        summary: 'Collections and series of my units, with filters',
        querystring: ListCollectionsQuerySchema,
        response: { 200: CollectionPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('collection.list') },
    },
    (req) => service.listCollections(db, req.actor, req.query),
  );

  app.get(
    '/api/collections/export',
    {
      schema: {
        tags,
        summary: 'The filtered collections list as an xlsx workbook',
        querystring: ListCollectionsQuerySchema.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('collection.list') },
    },
    async (req, reply) => {
      const buf = await service.exportCollections(db, req.actor, req.query);
      return sendXlsx(reply, '专题与系列.xlsx', buf);
    },
  );

  app.post(
    '/api/collections',
    {
      schema: {
        tags,
        summary: 'Create a collection (专题) or series (系列), as a draft',
        body: CreateCollectionSchema,
        response: { 201: CollectionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('collection.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await service.createCollection(db, req.actor, req.ctx, req.body)),
  );

  app.get(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'One collection with its works (all statuses)',
        params: IdParamsSchema,
        response: { 200: CollectionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('collection.read') },
    },
    (req) => service.getCollection(db, req.actor, req.params.id),
  );

  app.patch(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'Edit title, introduction, cover, featured',
        params: IdParamsSchema,
        body: UpdateCollectionSchema,
        response: { 200: CollectionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('collection.manage') },
    },
    (req) => service.updateCollection(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.put(
    '/api/collections/:id/items',
    {
      schema: {
        tags,
        summary: 'Set the works of a collection, in order',
        params: IdParamsSchema,
        body: CollectionItemsSchema,
        response: { 200: CollectionSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('collection.manage') },
    },
    (req) => service.setItems(db, req.actor, req.ctx, req.params.id, req.body),
  );

  for (const [name, summary] of [
    ['publish', 'Publish on the portal'],
    ['unpublish', 'Take off the portal (back to draft)'],
    ['archive', 'Archive'],
  ] as const) {
    app.post(
      `/api/collections/:id/${name}`,
      {
        schema: {
          tags,
          summary,
          params: IdParamsSchema,
          response: { 200: CollectionSchema, ...ERRORS },
        },
        config: { policy: actionOnResource('collection.manage') },
      },
      (req) => service.moveCollection(db, req.actor, req.ctx, req.params.id, name),
    );
  }

  app.get(
    '/api/public/collections',
    {
      schema: {
        tags,
        summary: 'Published collections and series, featured first',
        querystring: PublicCollectionsQuerySchema,
        response: { 200: PublicCollectionPageSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.listPublicCollections(db, req.query),
  );

  app.get(
    '/api/public/collections/:id',
    {
      schema: {
        tags,
        summary: 'A published collection with its published works, in order',
        params: IdParamsSchema,
        response: { 200: PublicCollectionSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.getPublicCollection(db, req.params.id),
  );

  app.get(
    '/api/public/channel',
    {
      schema: {
        tags,
        summary: 'The science channel home (科普频道): featured collections, series, newest works',
        response: { 200: ChannelSchema, ...ERRORS },
      },
      // Kept in memory for visitors (platform/public-answers.ts): nothing here counts a view.
      config: { policy: PUBLIC, publicAnswer: true },
    },
    () => service.channel(db),
  );
}
