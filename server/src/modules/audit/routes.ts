import type { App, AppDeps } from '#platform/app-types.ts';
import { sendXlsx, XLSX_TYPE } from '#platform/export/xlsx.ts';
import { action } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import {
  AuditFilterSchema,
  AuditPageSchema,
  AuditVerificationSchema,
  ListAuditQuerySchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['audit'];

export function registerAuditRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags,
        summary: 'Audit log, newest first, with filters',
        querystring: ListAuditQuerySchema,
        response: { 200: AuditPageSchema, ...ERRORS },
      },
      config: { policy: action('audit.read') },
    },
    (req) => service.listAudit(db, req.actor, req.locale, req.query),
  );

  app.get(
    '/api/audit/export',
    {
      schema: {
        tags,
        summary: 'The filtered audit log as an xlsx workbook',
        querystring: AuditFilterSchema,
        produces: [XLSX_TYPE],
      },
      config: { policy: action('audit.read') },
    },
    async (req, reply) => {
      const buf = await service.exportAudit(db, req.actor, req.locale, req.query);
      return sendXlsx(reply, req.locale === 'en-US' ? 'audit-log.xlsx' : '审计日志.xlsx', buf);
    },
  );

  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags,
        summary: 'Recompute the hash chain and report tampered or deleted rows',
        response: { 200: AuditVerificationSchema, ...ERRORS },
      },
      config: { policy: action('audit.read') },
    },
    (req) => service.verifyAudit(db, req.actor),
  );
}
