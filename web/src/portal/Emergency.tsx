import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton } from 'antd';
import { Link, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useProvinces } from '../lib/reference.ts';
import { useEmergency } from './EmergencyBanner.tsx';
import { NotFound } from './NotFound.tsx';

type PublicIncident = Answer<'/api/public/emergency', 'get'>['active'][number];

function IncidentList({ items, empty }: { items: PublicIncident[]; empty: string }) {
  const { t, lang } = usePrefs();
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="incident-list">
      {items.map((i) => (
        <li key={i.id}>
          <h3>{i.title}</h3>
          <p className="muted">
            {i.hazardName} · {i.divisionName} ·{' '}
            {t('emg.occurred', { when: formatDayTime(i.occurredAt, lang) })}
          </p>
          <ul>
            {i.explainers.map((e) => (
              <li key={e.id}>
                <Link to={`/works/${e.id}`}>{e.title}</Link>{' '}
                <span className="muted">
                  {t('emg.published', { when: formatDayTime(e.publishedAt, lang) })}
                </span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** 应急科普: the active responses everywhere, and each province's page. */
export function EmergencyPage() {
  const { t } = usePrefs();
  usePageTitle(t('emg.title'));
  const q = useEmergency();
  const provinces = useProvinces();
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> / {t('emg.title')}
      </p>
      <h1 className="page-title">{t('emg.title')}</h1>
      <p className="muted">{t('emg.text')}</p>
      <section className="section" aria-labelledby="emg-active-h">
        <h2 id="emg-active-h">{t('emg.active')}</h2>
        {q.isPending ? (
          <Skeleton active aria-busy />
        ) : q.isError ? (
          <Alert type="error" showIcon title={errorMessage(q.error)} />
        ) : (
          <IncidentList items={q.data.active} empty={t('emg.noneActive')} />
        )}
      </section>
      <section className="section" aria-labelledby="emg-regions-h">
        <h2 id="emg-regions-h">{t('emg.regions')}</h2>
        <ul className="region-links">
          {(provinces.data ?? []).map((p) => (
            <li key={p.code}>
              <Link to={`/regions/${p.code}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** A province's 应急科普 page: what is happening there, the past year, and preventive content. */
export function RegionPage() {
  const { code = '' } = useParams();
  const { t } = usePrefs();
  const valid = /^\d{2}0000$/.test(code);
  const q = useQuery({
    queryKey: ['public-region', code],
    queryFn: () => call(api.GET('/api/public/regions/{code}', { params: { path: { code } } })),
    enabled: valid,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
  usePageTitle(q.data ? t('emg.regionTitle', { name: q.data.name }) : t('emg.title'));
  if (!valid || (q.error instanceof ApiError && q.error.status === 404))
    return <NotFound title={t('emg.regionNotFound')} text={t('emg.regionNotFoundText')} />;
  if (q.isPending) return <Skeleton active aria-busy />;
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const r = q.data;
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> / <Link to="/emergency">{t('emg.title')}</Link> /{' '}
        {r.name}
      </p>
      <h1 className="page-title">{t('emg.regionTitle', { name: r.name })}</h1>
      <section className="section" aria-labelledby="region-active-h">
        <h2 id="region-active-h">{t('emg.active')}</h2>
        <IncidentList items={r.active} empty={t('emg.regionQuiet')} />
      </section>
      <section className="section" aria-labelledby="region-prevention-h">
        <h2 id="region-prevention-h">{t('emg.prevention')}</h2>
        {r.prevention.length === 0 ? (
          <p className="muted">{t('emg.noPrevention')}</p>
        ) : (
          <ul className="incident-list">
            {r.prevention.map((p) => (
              <li key={p.id}>
                <h3>
                  <Link to={`/works/${p.id}`}>{p.title}</Link>
                </h3>
                <p className="muted">{p.hazardNames.join('、')}</p>
                {p.summary && <p>{p.summary}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="region-recent-h">
        <h2 id="region-recent-h">{t('emg.recent')}</h2>
        <IncidentList items={r.recent} empty={t('emg.noneRecent')} />
      </section>
    </div>
  );
}
