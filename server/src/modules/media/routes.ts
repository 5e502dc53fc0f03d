import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App, AppDeps } from '#platform/app-types.ts';
import { AppError } from '#platform/errors.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, ErrorSchema, IdParamsSchema, OkSchema } from '#platform/schemas.ts';
import {
  FileParamsSchema,
  ListMediaQuerySchema,
  MediaPageSchema,
  MediaSchema,
  UpdateMediaSchema,
  UploadQuerySchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['media'];
const UPLOAD_TYPE = 'application/octet-stream';

export function registerMediaRoutes(app: App, { db, storage }: AppDeps): void {
  app.get(
    '/api/media',
    {
      schema: {
        tags,
        summary: 'The media library: files of my units, with filters',
        querystring: ListMediaQuerySchema,
        response: { 200: MediaPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('media.list') },
    },
    (req) => service.listMedia(db, req.actor, req.query),
  );

  app.get(
    '/api/media/export',
    {
      schema: {
        tags,
        summary: 'The filtered media list as an xlsx workbook',
        querystring: ListMediaQuerySchema.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
      config: { policy: actionOnResource('media.list') },
    },
    async (req, reply) => {
      const buf = await service.exportMedia(db, req.actor, req.query);
      return sendXlsx(reply, '媒体文件.xlsx', buf);
    },
  );

  // Uploads are the raw file as the body (application/octet-stream), streamed to storage: no
  // multipart parsing, no whole file in memory, and no cross-site form can send this type.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(UPLOAD_TYPE, (_req, payload, done) => done(null, payload));
    scope.post(
      '/api/media',
      {
        schema: {
          tags,
          summary:
            'Upload a file (body: the bytes, Content-Type application/octet-stream). The type is decided by content; images lose their metadata.',
          querystring: UploadQuerySchema,
          consumes: [UPLOAD_TYPE],
          response: { 201: MediaSchema, ...ERRORS, 413: ErrorSchema, 415: ErrorSchema },
        },
        config: { policy: actionOnResource('media.upload') },
      },
      async (req, reply) => {
        if (!req.body || typeof (req.body as Readable).on !== 'function')
          throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const length = req.headers['content-length'];
        const media = await service.uploadMedia(
          db,
          storage,
          req.actor,
          req.ctx,
          req.query,
          req.body as Readable,
          length ? Number(length) : null,
          (msg) => req.log.warn(msg),
        );
        return reply.code(201).send(media);
      },
    );
  });

  app.get(
    '/api/media/:id',
    {
      schema: {
        tags,
        summary: 'One file’s details and URLs',
        params: IdParamsSchema,
        response: { 200: MediaSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('media.read') },
    },
    (req) => service.getMedia(db, req.actor, req.params.id),
  );

  app.patch(
    '/api/media/:id',
    {
      schema: {
        tags,
        summary: 'Rename a file or change its text alternative',
        params: IdParamsSchema,
        body: UpdateMediaSchema,
        response: { 200: MediaSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('media.edit') },
    },
    (req) => service.updateMedia(db, req.actor, req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/api/media/:id',
    {
      schema: {
        tags,
        summary: 'Delete a file nothing uses',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('media.edit') },
    },
    async (req) => {
      await service.deleteMedia(db, storage, req.actor, req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/media/:id/:variant',
    {
      schema: {
        tags,
        summary:
          'The file (original) or a derived WebP (thumb, display, poster); single byte ranges supported',
        params: FileParamsSchema,
        produces: ['application/octet-stream'],
        response: { 200: z.any(), 206: z.any(), 304: z.any(), 404: ErrorSchema, 416: ErrorSchema },
      },
      // Public when something on the portal uses the file; otherwise the service checks media.read.
      config: { policy: PUBLIC },
      // Images, video, audio and PDFs are compressed already, and are served in byte ranges.
      compress: false,
    },
    async (req, reply) => {
      try {
        const file = await service.serveFile(
          db,
          storage,
          req.actor,
          req.params.id,
          req.params.variant,
          {
            range: req.headers.range,
            ifNoneMatch: req.headers['if-none-match'],
          },
        );
        reply.code(file.status).headers(file.headers);
        return file.body ? reply.send(file.body) : reply.send();
      } catch (e) {
        if (e instanceof AppError && e.code === 'RANGE_NOT_SATISFIABLE')
          reply.header('content-range', (e.details as { contentRange: string }).contentRange);
        throw e;
      }
    },
  );
}
