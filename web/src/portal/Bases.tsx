import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Select, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { BASE_TIERS } from '../bases/shared.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { useProvinces } from '../lib/reference.ts';
import { safeHtml } from '../lib/richtext.ts';
import { MediaView } from '../media/MediaView.tsx';
import { ActivityCard } from './ActivityCards.tsx';
import { CardCover } from './Cards.tsx';
import { NotFound } from './NotFound.tsx';
import { useMetaDescription } from './Work.tsx';

/** 科普基地: the named bases, filtered by tier and province (a list — no boundary map). */
export function BasesPage() {
  const { t } = usePrefs();
  usePageTitle(t('base.portalTitle'));
  const provinces = useProvinces();
  // /bases?province=430000 (the home page's 身边的科普基地 links here).
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<{ tier?: (typeof BASE_TIERS)[number]; province?: string }>(
    () => {
      const p = params.get('province');
      return p && /^\d{2}0000$/.test(p) ? { province: p } : {};
    },
  );
  const list = useQuery({
    queryKey: ['public-bases', filters],
    queryFn: () =>
      call(api.GET('/api/public/bases', { params: { query: { ...filters, pageSize: 100 } } })),
  });
  const stats = useQuery({
    queryKey: ['base-stats'],
    queryFn: () => call(api.GET('/api/public/bases/stats')),
  });
  return (
    <>
      <section className="hero hero-slim" aria-labelledby="bases-title">
        <h1 id="bases-title">{t('base.portalTitle')}</h1>
        <p className="lead">{t('base.portalLead')}</p>
        {stats.data && (
          <p className="base-progress">
            {t('base.progress', { n: stats.data.national, target: stats.data.target.count })}
          </p>
        )}
      </section>
      <Form layout="vertical" className="filters" name="base-filters">
        <Form.Item label={t('base.tier')} htmlFor="filter-tier">
          <Select
            id="filter-tier"
            allowClear
            placeholder={t('base.allTiers')}
            style={{ width: 220 }}
            value={filters.tier}
            onChange={(tier) => setFilters((f) => ({ ...f, tier }))}
            options={BASE_TIERS.map((x) => ({
              value: x,
              label: t(`base.tierName.${x}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('base.province')} htmlFor="filter-province">
          <Select
            id="filter-province"
            allowClear
            placeholder={t('base.allProvinces')}
            style={{ width: 200 }}
            value={filters.province}
            onChange={(province) => setFilters((f) => ({ ...f, province }))}
            options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          />
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.isPending && <Skeleton active aria-busy />}
      {list.data && list.data.items.length === 0 && <p>{t('base.none')}</p>}
      <ul className="card-grid card-grid-media">
        {list.data?.items.map((b) => (
          <li key={b.id}>
            <article className="work-card">
              <CardCover cover={b.cover} fallback={t(`base.tierName.${b.tier}` as MessageKey)} />
              <div className="card-body">
                <p className="card-kicker">
                  {t(`base.tierName.${b.tier}` as MessageKey)}
                  {b.province ? ` · ${b.province}` : ''}
                </p>
                <h2 className="card-title">
                  <Link to={`/bases/${b.id}`}>{b.name}</Link>
                </h2>
                <p className="card-meta">{b.hostName}</p>
              </div>
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}

function Cooperations({ baseId }: { baseId: string }) {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['cooperations', baseId],
    queryFn: () =>
      call(api.GET('/api/public/bases/{id}/cooperations', { params: { path: { id: baseId } } })),
  });
  if (!q.data?.length) return null;
  return (
    <section aria-labelledby="coop-h">
      <h2 id="coop-h">{t('base.cooperations')}</h2>
      <ul className="coop-list">
        {q.data.map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong>（{t(`base.coopKind.${c.kind}` as MessageKey)}，{c.startedOn}
            {c.endedOn ? ` ~ ${c.endedOn}` : ''}）{t('base.with')}
            <Link to={`/bases/${c.partner.id}`}>{c.partner.name}</Link>
            {c.crossRegion && c.partner.province ? `（${c.partner.province}）` : ''}
            {c.description && <p>{c.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function BasePage() {
  const { id = '' } = useParams();
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['public-base', id],
    queryFn: () => call(api.GET('/api/public/bases/{id}', { params: { path: { id } } })),
  });
  const b = q.data;
  usePageTitle(b?.name ?? (q.isPending ? t('common.loading') : ''));
  useMetaDescription(b ? `${b.name}：${t(`base.tierName.${b.tier}` as MessageKey)}` : null);
  if (q.isError) {
    if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400))
      return <NotFound title={t('base.notFound')} text={t('base.notFoundText')} />;
    return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  }
  if (!b) return <Skeleton active aria-busy />;
  return (
    <article className="work-page base-page">
      <p className="work-breadcrumb">
        <Link to="/bases">{t('base.portalTitle')}</Link> /{' '}
        {t(`base.tierName.${b.tier}` as MessageKey)}
      </p>
      <h1 className="work-title">{b.name}</h1>
      {b.status === 'RECTIFICATION' && (
        <Alert type="warning" showIcon title={t('base.underRectification')} />
      )}
      <dl className="work-facts">
        <div>
          <dt>{t('base.host')}</dt>
          <dd>{b.hostName}</dd>
        </div>
        <div>
          <dt>{t('base.naming')}</dt>
          <dd>
            {b.namingDocNo ?? '—'}
            {b.namedAt ? `（${b.namedAt}）` : ''}
          </dd>
        </div>
        {b.address && (
          <div>
            <dt>{t('base.address')}</dt>
            <dd>
              {b.province ? `${b.province} ` : ''}
              {b.address}
            </dd>
          </div>
        )}
        {b.longitude !== null && b.latitude !== null && (
          <div>
            <dt>{t('base.coordinates')}</dt>
            <dd>
              {t('base.coordinatesValue', {
                lng: b.longitude.toFixed(4),
                lat: b.latitude.toFixed(4),
              })}
            </dd>
          </div>
        )}
        {b.openingHours && (
          <div>
            <dt>{t('base.openingHours')}</dt>
            <dd>{b.openingHours}</dd>
          </div>
        )}
        {b.capacity !== null && (
          <div>
            <dt>{t('base.capacity')}</dt>
            <dd>{b.capacity}</dd>
          </div>
        )}
        {b.contacts.length > 0 && (
          <div>
            <dt>{t('base.contact')}</dt>
            <dd>
              {b.contacts
                .map((c) => [c.name, c.phone, c.email].filter(Boolean).join(' '))
                .join('；')}
            </dd>
          </div>
        )}
      </dl>
      {b.intro && (
        <div
          className="work-body"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server and again here
          dangerouslySetInnerHTML={{ __html: safeHtml(b.intro) }}
        />
      )}
      {b.facilities && (
        <section aria-labelledby="fac-h">
          <h2 id="fac-h">{t('base.facilities')}</h2>
          <p>{b.facilities}</p>
        </section>
      )}
      <HostActivities hostId={b.hostOrgId} />
      <Cooperations baseId={b.id} />
      {b.gallery.length > 0 && (
        <section className="work-media" aria-label={t('base.gallery')}>
          {b.gallery.map((m) => (
            <MediaView key={m.id} media={m} title={b.name} />
          ))}
        </section>
      )}
    </article>
  );
}

/** 近期活动 on a base's page: its host unit's upcoming activities, and the unit's calendar feed. */
function HostActivities({ hostId }: { hostId: string }) {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['public-activities', 'host', hostId],
    queryFn: () =>
      call(
        api.GET('/api/public/activities', {
          params: { query: { host: hostId, page: 1, pageSize: 6 } },
        }),
      ),
  });
  if (!q.data?.items.length) return null;
  return (
    <section aria-labelledby="base-activities-h">
      <div className="section-head">
        <h2 id="base-activities-h">{t('base.activities')}</h2>
        <a href={`/api/public/activities.ics?host=${hostId}`} download="activities.ics">
          {t('base.activitiesFeed')}
        </a>
      </div>
      <ul className="card-grid home-activities">
        {q.data.items.map((a) => (
          <li key={a.id}>
            <ActivityCard a={a} headingLevel={3} />
          </li>
        ))}
      </ul>
    </section>
  );
}
