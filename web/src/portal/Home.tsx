import { useQuery } from '@tanstack/react-query';
import { Alert, Skeleton } from 'antd';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { recurringOthers, upcomingFixed } from './themeDays.ts';

const AREAS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export function ThemeDays() {
  const { t, lang } = usePrefs();
  const q = useQuery({
    queryKey: ['reference', 'THEME_DAY'],
    queryFn: () =>
      call(api.GET('/api/reference/{kind}', { params: { path: { kind: 'THEME_DAY' } } })),
    staleTime: 10 * 60_000,
  });
  if (q.isPending) return <Skeleton active aria-busy />;
  if (q.isError) return <Alert type="warning" showIcon title={t('home.themeDaysError')} />;
  const now = new Date();
  const next = upcomingFixed(q.data, now, 4);
  const others = recurringOthers(q.data, now);
  if (next.length === 0 && others.length === 0) return <p>{t('home.themeDaysEmpty')}</p>;
  const name = (d: { nameZh: string; nameEn: string }) => (lang === 'en-US' ? d.nameEn : d.nameZh);
  return (
    <>
      <ul className="card-grid" aria-label={t('home.themeDays')}>
        {next.map((d) => (
          <li key={d.code} className="theme-day" data-code={d.code}>
            <h3>{name(d)}</h3>
            <p className="when">
              <time dateTime={isoDate(d.date)}>
                {t('date.full', {
                  year: d.date.getFullYear(),
                  month: d.date.getMonth() + 1,
                  day: d.date.getDate(),
                })}
              </time>
            </p>
            <p>{d.daysLeft === 0 ? t('home.today') : t('home.daysLeft', { n: d.daysLeft })}</p>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <ul className="recurring">
          {others.map((d) => (
            <li key={d.code}>
              <strong>{name(d)}</strong>：{t(d.rule.key, d.rule.params)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** 公示: what is on public notice now, so anyone can read it and object in time. */
function OpenNotices() {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['open-notices'],
    queryFn: () => call(api.GET('/api/public/review-notices')),
    staleTime: 60_000,
  });
  if (!q.data?.length) return null;
  return (
    <section className="section" aria-labelledby="notices-title">
      <h2 id="notices-title">{t('home.notices')}</h2>
      <ul className="notice-list">
        {q.data.map((n) => (
          <li key={n.id}>
            <Link to={`/notices/${n.id}`}>{n.title}</Link>
            <span className="muted">
              {t('rv.noticePeriod', { from: n.startsAt, to: n.endsAt })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Home() {
  const { t } = usePrefs();
  const me = useMe();
  usePageTitle('');
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
        <p className="lead">{t('home.lead')}</p>
        {me.isSuccess && !me.data && (
          <div className="button-row">
            <Link to="/register" className="cta cta-primary">
              {t('nav.register')}
            </Link>
            <Link to="/login" className="cta">
              {t('nav.login')}
            </Link>
          </div>
        )}
      </section>
      <OpenNotices />
      <section className="section" aria-labelledby="theme-days-title">
        <h2 id="theme-days-title">{t('home.themeDays')}</h2>
        <ThemeDays />
      </section>
      <section className="section" aria-labelledby="areas-title">
        <h2 id="areas-title">{t('home.areas')}</h2>
        <ol className="card-grid">
          {AREAS.map((n) => (
            <li key={n} className="area-card">
              <h3>
                <span className="num" aria-hidden>
                  {String(n).padStart(2, '0')}
                </span>
                {t(`area.${n}.title` as MessageKey)}
              </h3>
              <p>{t(`area.${n}.text` as MessageKey)}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
