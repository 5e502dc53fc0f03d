import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC, signedIn } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema, PageQuerySchema } from '#platform/schemas.ts';
import {
  CertificateListSchema,
  CertificateSchema,
  CodeParamsSchema,
  IssueCertificateSchema,
  ListIssuedQuerySchema,
  PublicCertificateSchema,
  RevokeCertificateSchema,
} from './schema.ts';
import * as service from './service.ts';
import './personal.ts';

const tags = ['certificates'];

export function registerCertificateRoutes(app: App, { db, config }: AppDeps): void {
  app.get(
    '/api/public/certificates/:code',
    {
      schema: {
        tags,
        summary:
          'What a certificate certifies, or that it was revoked (60 look-ups per address in 10 minutes)',
        params: CodeParamsSchema,
        response: { 200: PublicCertificateSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => service.verify(db, req.ip, req.params.code),
  );
  app.get(
    '/api/certificates',
    {
      schema: {
        tags,
        summary: 'My certificates (as the holder), newest first',
        querystring: PageQuerySchema,
        response: { 200: CertificateListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myCertificates(db, signedIn(req.actor), config.publicUrl, req.query),
  );
  app.get(
    '/api/certificates/issued',
    {
      schema: {
        tags,
        summary: 'Certificates issued by the units I administer, newest first',
        querystring: ListIssuedQuerySchema,
        response: { 200: CertificateListSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('certificate.list') },
    },
    (req) => service.issuedCertificates(db, req.actor, config.publicUrl, req.query),
  );
  app.post(
    '/api/certificates',
    {
      schema: {
        tags,
        summary: 'Issue a certificate by hand (an award): the issuing unit’s administrators',
        body: IssueCertificateSchema,
        response: { 201: CertificateSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('certificate.issue') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await service.issueManually(db, req.actor, req.ctx, config.publicUrl, req.body)),
  );
  app.get(
    '/api/certificates/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The certificate as PDF (the holder, the issuing unit’s administrators)',
        params: IdParamsSchema,
        produces: ['application/pdf'],
      },
      config: { policy: actionOnResource('certificate.read') },
    },
    async (req, reply) => {
      const { pdf, fileName } = await service.certificatePdf(
        db,
        req.actor,
        config.publicUrl,
        req.params.id,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    },
  );
  app.post(
    '/api/certificates/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a certificate, with a reason (cannot be undone)',
        params: IdParamsSchema,
        body: RevokeCertificateSchema,
        response: { 200: CertificateSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('certificate.revoke') },
    },
    (req) =>
      service.revokeCertificate(
        db,
        req.actor,
        req.ctx,
        config.publicUrl,
        req.params.id,
        req.body.reason,
      ),
  );
}
