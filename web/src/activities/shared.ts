import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useOrganisations } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Answer, Me } from '../api/types.ts';

export type Activity = Answer<'/api/activities/{id}', 'get'>;
export type ActivityListItem = Answer<'/api/activities', 'get'>['items'][number];
export type ActivityStatus = Activity['status'];
export type Campaign = Answer<'/api/public/campaigns', 'get'>['items'][number];
export type HostRegistration = Answer<'/api/activities/{id}/registrations', 'get'>['items'][number];
export type RegistrationStatus = HostRegistration['status'];

export const ACTIVITY_STATUSES: ActivityStatus[] = [
  'DRAFT',
  'PENDING_REVIEW',
  'PUBLISHED',
  'CANCELLED',
];
export const REGISTRATION_STATUSES: RegistrationStatus[] = [
  'CONFIRMED',
  'PENDING_APPROVAL',
  'WAITLISTED',
  'OFFERED',
  'CANCELLED',
  'DECLINED',
  'EXPIRED',
];
export const EDITORS = ['EDITOR', 'ORG_ADMIN'] as const;

/** Every campaign entered (newest first): the public list, shared by the pickers and the page. */
export function useCampaigns() {
  return useQuery({
    queryKey: ['campaigns'],
    queryFn: () => call(api.GET('/api/public/campaigns', { params: { query: {} } })),
  });
}

/** Whether the person keeps campaigns: an editor or administrator of the ministry or an office. */
export function useIsOffice(me: Me): boolean {
  const orgs = useOrganisations();
  return useMemo(() => {
    if (me.abilities.platformAdmin) return true;
    const offices = new Set(
      (orgs.data ?? [])
        .filter((o) => o.type === 'MINISTRY' || o.type === 'MINISTRY_OFFICE')
        .map((o) => o.id),
    );
    return me.grants.some(
      (g) =>
        (g.role === 'EDITOR' || g.role === 'ORG_ADMIN') &&
        !!g.organisationId &&
        offices.has(g.organisationId),
    );
  }, [me, orgs.data]);
}

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Recurrence {
  freq: 'WEEKLY' | 'MONTHLY';
  weekdays?: Weekday[];
  monthDay?: number;
  count?: number | null;
  until?: string | null;
}

/** The RRULE a person's picks make (never typed): a count or a last date bounds it. */
export function buildRrule(r: Recurrence): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.freq === 'WEEKLY' && r.weekdays?.length)
    parts.push(`BYDAY=${WEEKDAYS.filter((d) => r.weekdays!.includes(d)).join(',')}`);
  if (r.freq === 'MONTHLY' && r.monthDay) parts.push(`BYMONTHDAY=${r.monthDay}`);
  if (r.count) parts.push(`COUNT=${r.count}`);
  else if (r.until) parts.push(`UNTIL=${r.until.replaceAll('-', '')}T235959Z`);
  return parts.join(';');
}

/**
 * The dates (China) the recurrence gives from the first date, exceptions left out, at most 200:
 * the same expansion as the server's, for the preview under the pickers.
 */
export function expandDates(first: string, r: Recurrence, exdates: string[]): string[] {
  const out: string[] = [];
  const skip = new Set(exdates);
  const limit = r.count ?? 200;
  const until = r.until ?? null;
  const d = new Date(`${first}T00:00:00Z`);
  const day = (x: Date) => x.toISOString().slice(0, 10);
  const wd = (x: Date) => WEEKDAYS[(x.getUTCDay() + 6) % 7]!;
  let n = 0;
  for (let i = 0; i < 3700 && n < limit && out.length < 200; i++) {
    const s = day(d);
    if (until && s > until) break;
    const hit =
      r.freq === 'WEEKLY'
        ? (r.weekdays?.length ? r.weekdays : [wd(new Date(`${first}T00:00:00Z`))]).includes(wd(d))
        : d.getUTCDate() === (r.monthDay ?? new Date(`${first}T00:00:00Z`).getUTCDate());
    if (hit) {
      n++;
      if (!skip.has(s)) out.push(s);
    }
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
