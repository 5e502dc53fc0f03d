import type { App, AppDeps } from '#platform/app-types.ts';
import { actionOnResource } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema } from '#platform/schemas.ts';
import './jobs.ts';
import {
  AlertDetailSchema,
  AlertListQuerySchema,
  AlertPageSchema,
  DismissSchema,
  LinkIncidentSchema,
  RequestContentSchema,
  SettingsInputSchema,
  SettingsSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['hotspots'];

export function registerHotspotRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/hotspots/alerts',
    {
      schema: {
        tags,
        summary: 'Hotspot alerts: the office sees all, a province its own; newest first',
        querystring: AlertListQuerySchema,
        response: { 200: AlertPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('hotspot.manage') },
    },
    (req) => service.listAlerts(db, req.actor, req.locale, req.query),
  );

  app.get(
    '/api/hotspots/alerts/:id',
    {
      schema: {
        tags,
        summary: 'One alert with its evidence: 14 days against the baseline, top queries, regions',
        params: IdParamsSchema,
        response: { 200: AlertDetailSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('hotspot.manage') },
    },
    (req) => service.getAlert(db, req.actor, req.locale, req.params.id),
  );

  app.post(
    '/api/hotspots/alerts/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Dismiss an alert with a reason',
        params: IdParamsSchema,
        body: DismissSchema,
        response: { 200: AlertDetailSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('hotspot.manage') },
    },
    (req) =>
      service.dismissAlert(db, req.actor, req.ctx, req.locale, req.params.id, req.body.reason),
  );

  app.post(
    '/api/hotspots/alerts/:id/request-content',
    {
      schema: {
        tags,
        summary: 'Ask the office and the province for content on the alert (notifies them)',
        params: IdParamsSchema,
        body: RequestContentSchema,
        response: { 200: AlertDetailSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('hotspot.manage') },
    },
    (req) =>
      service.requestContent(db, req.actor, req.ctx, req.locale, req.params.id, req.body.note),
  );

  app.post(
    '/api/hotspots/alerts/:id/link-incident',
    {
      schema: {
        tags,
        summary: 'Link the alert to an incident',
        params: IdParamsSchema,
        body: LinkIncidentSchema,
        response: { 200: AlertDetailSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('hotspot.manage') },
    },
    (req) =>
      service.linkIncident(db, req.actor, req.ctx, req.locale, req.params.id, req.body.incidentId),
  );

  app.get(
    '/api/hotspots/settings',
    {
      schema: {
        tags,
        summary: 'The detector thresholds (platform administrators)',
        response: { 200: SettingsSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('hotspot.settings') },
    },
    (req) => service.getSettings(db, req.actor),
  );

  app.put(
    '/api/hotspots/settings',
    {
      schema: {
        tags,
        summary: 'Change the detector thresholds',
        body: SettingsInputSchema,
        response: { 200: SettingsSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('hotspot.settings') },
    },
    (req) => service.updateSettings(db, req.actor, req.ctx, req.body),
  );
}
