import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx } from '#platform/export/xlsx.ts';
import { actionOnResource } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import { RecordQuerySchema, RecordSchema } from './schema.ts';
import * as service from './service.ts';

const tags = ['record'];

/** RFC 5987 filename for a Chinese file name. */
const attachment = (name: string, ascii: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerRecordRoutes(app: App, { db, config }: AppDeps): void {
  app.get(
    '/api/record',
    {
      schema: {
        tags,
        summary:
          'A person’s 科普 record over a range of years (me, or a person of the units I administer)',
        querystring: RecordQuerySchema,
        response: { 200: RecordSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('record.read') },
    },
    (req) => service.getRecord(db, req.actor, req.query),
  );
  app.get(
    '/api/record/pdf',
    {
      schema: {
        tags,
        summary:
          'The record as PDF, with a verification code (its totals kept as a snapshot for /verify)',
        querystring: RecordQuerySchema,
        produces: ['application/pdf'],
      },
      config: { policy: actionOnResource('record.read') },
    },
    async (req, reply) => {
      const { pdf, fileName, code } = await service.recordPdf(
        db,
        req.actor,
        req.ctx,
        config.publicUrl,
        req.query,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(fileName, `record-${code}.pdf`))
        .header('cache-control', 'private, no-store')
        .header('x-verification-code', code)
        .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    },
  );
  app.get(
    '/api/record/xlsx',
    {
      schema: {
        tags,
        summary: 'The record as an Excel workbook, with the same verification code as the PDF',
        querystring: RecordQuerySchema,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
      config: { policy: actionOnResource('record.read') },
    },
    async (req, reply) => {
      const { workbook, fileName, code } = await service.recordXlsx(
        db,
        req.actor,
        req.ctx,
        config.publicUrl,
        req.query,
      );
      reply.header('x-verification-code', code);
      return sendXlsx(reply, fileName, workbook);
    },
  );
}
