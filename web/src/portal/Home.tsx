import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Skeleton } from 'antd';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { errorMessage } from '../lib/forms.ts';
import { useProvinces } from '../lib/reference.ts';
import { ActivityCard } from './ActivityCards.tsx';
import { CallCard, usePublicCalls } from './CallCards.tsx';
import { CardCover, CollectionCard, WorkCard } from './Cards.tsx';
import { EmergencyBanner } from './EmergencyBanner.tsx';
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
            <p>
              <Link to={`/search?q=${encodeURIComponent(name(d))}`}>{t('home.themeDayWorks')}</Link>
            </p>
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

/** 正在征集: open calls, nearest deadline first, each leading to its page and 申报. */
function OpenCalls() {
  const { t } = usePrefs();
  const q = usePublicCalls({ phase: 'OPEN', pageSize: 3 });
  if (!q.data?.items.length) return null;
  return (
    <section className="section" aria-labelledby="home-calls-h">
      <div className="section-head">
        <h2 id="home-calls-h">{t('home.calls')}</h2>
        <Link to="/calls">{t('home.allCalls')}</Link>
      </div>
      <ul className="card-grid card-grid-strip">
        {q.data.items.map((c) => (
          <li key={c.id}>
            <CallCard c={c} headingLevel={3} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 近期活动: the next public activities (not ended, soonest first), and the way to all of them. */
function UpcomingActivities() {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['public-activities', 'home'],
    queryFn: () =>
      call(api.GET('/api/public/activities', { params: { query: { page: 1, pageSize: 6 } } })),
  });
  if (!q.data?.items.length) return null;
  return (
    <section className="section" aria-labelledby="home-activities-h">
      <div className="section-head">
        <h2 id="home-activities-h">{t('act.home.title')}</h2>
        <span className="section-links">
          <Link to="/facilities">{t('act.home.openDays')}</Link>
          <Link to="/activities">{t('act.home.all')}</Link>
        </span>
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

/** A search box as the home page's first thing: most visitors come to find something. */
function HomeSearch() {
  const { t, lang } = usePrefs();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <search className="home-search">
      <form action="/search" onSubmit={submit}>
        <label htmlFor="home-search-q" className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id="home-search-q"
          type="search"
          name="q"
          value={q}
          maxLength={100}
          placeholder={t('home.searchPlaceholder')}
          onChange={(e) => setQ(e.target.value)}
          enterKeyHint="search"
        />
        <button type="submit">{t('search.submit')}</button>
      </form>
      <p className="home-hot">
        <span className="muted">{t('home.hot')}</span>
        {HOT.map((w) => (
          <Link key={w.q} to={`/search?q=${encodeURIComponent(w.q)}`} lang={lang}>
            {lang === 'en-US' ? w.en : w.q}
          </Link>
        ))}
      </p>
    </search>
  );
}

/** What people look for most in the plan's areas (a fixed list: 地质灾害 in the rainy season…). */
const HOT = [
  { q: '地质灾害', en: 'Geohazards' },
  { q: '海洋', en: 'Ocean' },
  { q: '湿地', en: 'Wetlands' },
  { q: '矿产', en: 'Minerals' },
  { q: '测绘', en: 'Surveying' },
  { q: '地震', en: 'Earthquakes' },
];

/** 精选专题 and 最新作品 from the science channel (one request). */
function ChannelBlocks() {
  const { t } = usePrefs();
  const channel = useQuery({
    queryKey: ['channel'],
    queryFn: () => call(api.GET('/api/public/channel')),
  });
  if (channel.isPending) return <Skeleton active aria-busy />;
  if (channel.isError) return <Alert type="error" showIcon title={errorMessage(channel.error)} />;
  const c = channel.data;
  return (
    <>
      {c.featured.length > 0 && (
        <section className="section" aria-labelledby="home-featured-h">
          <div className="section-head">
            <h2 id="home-featured-h">{t('home.featured')}</h2>
            <Link to="/channel">{t('home.more')}</Link>
          </div>
          <ul className="card-grid card-grid-media card-grid-strip">
            {c.featured.slice(0, 3).map((tp) => (
              <li key={tp.id}>
                <CollectionCard collection={tp} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="section" aria-labelledby="home-latest-h">
        <div className="section-head">
          <h2 id="home-latest-h">{t('home.latest')}</h2>
          <Link to="/search?type=work">{t('home.allWorks')}</Link>
        </div>
        {c.latestWorks.length === 0 ? (
          <p>{t('channel.noWorks')}</p>
        ) : (
          <ul className="card-grid card-grid-media card-grid-strip">
            {c.latestWorks.slice(0, 8).map((w) => (
              <li key={w.id}>
                <WorkCard work={w} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

const PROVINCE_KEY = 'kepu.homeProvince';

/** 身边的科普基地: named bases in the province the visitor picks (remembered on this device). */
function NearbyBases() {
  const { t } = usePrefs();
  const provinces = useProvinces();
  const [province, setProvince] = useState<string | undefined>(
    () => localStorage.getItem(PROVINCE_KEY) ?? undefined,
  );
  const pick = (code: string | undefined) => {
    setProvince(code);
    if (code) localStorage.setItem(PROVINCE_KEY, code);
    else localStorage.removeItem(PROVINCE_KEY);
  };
  const list = useQuery({
    queryKey: ['public-bases', { province, pageSize: 6 }],
    queryFn: () =>
      call(api.GET('/api/public/bases', { params: { query: { province, pageSize: 6 } } })),
  });
  const name = (provinces.data ?? []).find((p) => p.code === province)?.name;
  return (
    <section className="section" aria-labelledby="home-bases-h">
      <div className="section-head">
        <h2 id="home-bases-h">{t('home.bases')}</h2>
        <Link to={province ? `/bases?province=${province}` : '/bases'}>{t('home.allBases')}</Link>
      </div>
      <div className="home-province">
        <label htmlFor="home-province">{t('home.province')}</label>
        <Select
          id="home-province"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('base.allProvinces')}
          style={{ width: 220 }}
          value={province}
          onChange={pick}
          options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
        />
      </div>
      {list.isPending && <Skeleton active aria-busy />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.items.length === 0 && (
        <p>{t('home.noBasesIn', { province: name ?? '' })}</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <ul className="card-grid card-grid-media card-grid-strip">
          {list.data.items.map((b) => (
            <li key={b.id}>
              <article className="work-card">
                <CardCover cover={b.cover} fallback={t(`base.tierName.${b.tier}` as MessageKey)} />
                <div className="card-body">
                  <p className="card-kicker">
                    {t(`base.tierName.${b.tier}` as MessageKey)}
                    {b.province ? ` · ${b.province}` : ''}
                  </p>
                  <h3>
                    <Link to={`/bases/${b.id}`}>{b.name}</Link>
                  </h3>
                  <p className="card-meta">{b.hostName}</p>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The home page's first screen: title, what the platform is, search, shortcuts. Also rendered at
 * build time into index.html (`web/src/first-screen.tsx`) so a phone paints it before the app's
 * script has run; it must not depend on anything only a browser has.
 */
export function HomeHero() {
  const { t } = usePrefs();
  const me = useMe();
  return (
    <section className="hero hero-home" aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <p className="lead">{t('home.lead')}</p>
      <HomeSearch />
      <nav className="home-shortcuts" aria-label={t('home.shortcuts')}>
        <Link to="/channel">{t('home.toChannel')}</Link>
        <Link to="/bases">{t('home.toBases')}</Link>
        <Link to="/calls">{t('home.toCalls')}</Link>
        <Link to="/notices">{t('home.toNotices')}</Link>
        {me.isSuccess && !me.data && <Link to="/register">{t('nav.register')}</Link>}
      </nav>
    </section>
  );
}

/**
 * The portal's home: a science portal, not a brochure. Search first; then what is on public
 * notice, featured collections and the newest works, the coming theme days, the bases near the
 * visitor; the plan's eight areas last.
 */
export function Home() {
  const { t } = usePrefs();
  usePageTitle('');
  return (
    <>
      <EmergencyBanner />
      <HomeHero />
      <UpcomingActivities />
      <OpenCalls />
      <OpenNotices />
      <ChannelBlocks />
      <section className="section" aria-labelledby="theme-days-title">
        <h2 id="theme-days-title">{t('home.themeDays')}</h2>
        <ThemeDays />
      </section>
      <NearbyBases />
      <section className="section" aria-labelledby="areas-title">
        <h2 id="areas-title">{t('home.areas')}</h2>
        <ol className="card-grid area-grid">
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
