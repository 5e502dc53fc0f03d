import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Pagination, Segmented, Select, Skeleton } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatCalendarDate, formatTime, todayInChina } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useProvinces, useRefOptions } from '../lib/reference.ts';
import { ActivityCard, chinaDay, type PublicActivity } from './ActivityCards.tsx';

export type Campaign = Answer<'/api/public/campaigns', 'get'>['items'][number];

const PAGE_SIZE = 12;
const FILTERS = ['q', 'from', 'to', 'province', 'audience', 'type', 'campaign'] as const;
type Filter = (typeof FILTERS)[number];
type View = 'list' | 'month' | 'week';

const addDays = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Monday of the week of a day. */
const mondayOf = (ymd: string) =>
  addDays(ymd, -((new Date(`${ymd}T00:00:00Z`).getUTCDay() + 6) % 7));

/** 第56个世界地球日 (or 2026年全国科普月 when the day has no ordinal). */
export function campaignName(c: Campaign, t: ReturnType<typeof usePrefs>['t']): string {
  return c.ordinal
    ? t('act.campaignOrdinal', { n: c.ordinal, name: c.themeDayName })
    : t('act.campaignYear', { year: c.year, name: c.themeDayName });
}

export function useCampaigns() {
  return useQuery({
    queryKey: ['public-campaigns'],
    queryFn: () => call(api.GET('/api/public/campaigns')),
    staleTime: 10 * 60_000,
  });
}

/** A light calendar: the days of a month (or a week), each with its sessions. */
function CalendarGrid({
  days,
  items,
  month,
  label,
}: {
  days: string[];
  items: PublicActivity[];
  month?: string;
  label: string;
}) {
  const { t, lang } = usePrefs();
  const today = todayInChina();
  const byDay = new Map<string, { a: PublicActivity; startsAt: string }[]>();
  for (const a of items)
    for (const s of a.sessions) {
      const d = chinaDay(s.startsAt);
      byDay.set(d, [...(byDay.get(d) ?? []), { a, startsAt: s.startsAt }]);
    }
  const weekdays = [0, 1, 2, 3, 4, 5, 6].map((i) =>
    new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, 1 + i)),
    ),
  );
  return (
    <div className="act-calendar">
      <h2 className="visually-hidden">{label}</h2>
      <ol className="act-calendar-head" aria-hidden>
        {weekdays.map((w) => (
          <li key={w} className="act-weekday">
            {w}
          </li>
        ))}
      </ol>
      <ol className="act-calendar-grid" aria-label={label}>
        {days.map((d) => {
          const events = (byDay.get(d) ?? []).sort((x, y) => x.startsAt.localeCompare(y.startsAt));
          const outside = month !== undefined && !d.startsWith(month);
          return (
            <li
              key={d}
              className={[
                'act-day',
                events.length ? 'act-day-busy' : 'act-day-empty',
                outside ? 'act-day-outside' : '',
                d === today ? 'act-day-today' : '',
              ].join(' ')}
            >
              <h3 className="act-day-date">
                {formatCalendarDate(d, lang)}
                {d === today && <span className="act-today"> {t('act.today')}</span>}
              </h3>
              {events.length > 0 && (
                <ul className="act-day-events">
                  {events.map(({ a, startsAt }) => (
                    <li key={`${a.id}-${startsAt}`}>
                      <span className="act-time">{formatTime(startsAt, lang)}</span>{' '}
                      <Link to={`/activities/${a.id}`}>{a.title}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Subscribe links to the iCalendar feeds, for the filters in force. */
function Subscribe({
  province,
  audience,
  campaign,
}: {
  province?: { code: string; name: string };
  audience?: { code: string; name: string };
  campaign?: { id: string; name: string };
}) {
  const { t } = usePrefs();
  const feed = (q: Record<string, string>) => {
    const s = new URLSearchParams(q).toString();
    return `/api/public/activities.ics${s ? `?${s}` : ''}`;
  };
  return (
    <section className="panel act-subscribe" aria-labelledby="act-subscribe">
      <h2 id="act-subscribe">{t('act.subscribe')}</h2>
      <p className="muted">{t('act.subscribeHelp')}</p>
      <ul className="act-plain-list">
        <li className="act-plain-item">
          <a href={feed({})}>{t('act.feedAll')}</a>
        </li>
        {province && (
          <li className="act-plain-item">
            <a href={feed({ province: province.code.slice(0, 2) })}>
              {t('act.feedProvince', { name: province.name })}
            </a>
          </li>
        )}
        {audience && (
          <li className="act-plain-item">
            <a href={feed({ audience: audience.code })}>
              {t('act.feedAudience', { name: audience.name })}
            </a>
          </li>
        )}
        {campaign && (
          <li className="act-plain-item">
            <a href={feed({ campaign: campaign.id })}>
              {t('act.feedCampaign', { name: campaign.name })}
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}

/** 主题日与宣传活动: each campaign with its edition, dates and theme; a link filters the list. */
function Campaigns({ onPick }: { onPick: (id: string) => void }) {
  const { t, lang } = usePrefs();
  const campaigns = useCampaigns();
  if (!campaigns.data || campaigns.data.items.length === 0) return null;
  const items = [...campaigns.data.items].sort((x, y) => x.startDate.localeCompare(y.startDate));
  return (
    <section className="panel act-campaigns" aria-labelledby="act-campaigns">
      <h2 id="act-campaigns">{t('act.campaigns')}</h2>
      <ul className="act-plain-list">
        {items.map((c) => (
          <li key={c.id} className="act-plain-item">
            <strong>{campaignName(c, t)}</strong>
            <span className="muted">
              {' '}
              {t('act.campaignDates', {
                from: formatCalendarDate(c.startDate, lang),
                to: formatCalendarDate(c.endDate, lang),
              })}
            </span>
            {c.theme && <div>{t('act.campaignTheme', { theme: c.theme })}</div>}
            <div className="button-row">
              <Button type="link" size="small" onClick={() => onPick(c.id)}>
                {t('act.campaignActivities')}
              </Button>
              <a href={`/api/public/activities.ics?campaign=${c.id}`}>{t('act.subscribeThis')}</a>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 科普活动: published activities (upcoming first) as a list, a month or a week, with filters. */
export function ActivitiesPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('act.title'));
  const [params, setParams] = useSearchParams();
  const get = (k: Filter) => params.get(k) ?? undefined;
  const view = (params.get('view') as View | null) ?? 'list';
  const page = Number(params.get('page') ?? 1) || 1;
  const today = todayInChina();
  const anchor = params.get('at') ?? today;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch))
      if (v) next.set(k, v);
      else next.delete(k);
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const provinces = useProvinces();
  const audiences = useRefOptions('AUDIENCE');
  const types = useRefOptions('ACTIVITY_TYPE');
  const campaigns = useCampaigns();

  // The window the calendar shows: the month's weeks, or one week.
  let days: string[] = [];
  let month: string | undefined;
  if (view === 'month') {
    month = anchor.slice(0, 7);
    const first = mondayOf(`${month}-01`);
    const nextMonth = new Date(Date.parse(`${month}-01T00:00:00Z`));
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
    const end = addDays(nextMonth.toISOString().slice(0, 10), -1);
    for (let d = first; d <= end || days.length % 7 !== 0; d = addDays(d, 1)) days.push(d);
  } else if (view === 'week') {
    const first = mondayOf(anchor);
    days = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(first, i));
  }
  const calendar = view !== 'list';
  const query = {
    q: get('q'),
    audience: get('audience'),
    type: get('type'),
    campaign: get('campaign'),
    division: get('province')?.slice(0, 2),
    from: calendar ? days[0] : get('from'),
    to: calendar ? days[days.length - 1] : get('to'),
    page: calendar ? 1 : page,
    pageSize: calendar ? 100 : PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: ['public-activities', query],
    queryFn: () => call(api.GET('/api/public/activities', { params: { query } })),
  });
  const province = provinces.data?.find((p) => p.code === get('province'));
  const audience = audiences.options.find((o) => o.value === get('audience'));
  const campaign = campaigns.data?.items.find((c) => c.id === get('campaign'));
  const step = (n: number) => {
    if (view === 'week') return set({ at: addDays(anchor, 7 * n) });
    const d = new Date(Date.parse(`${anchor.slice(0, 7)}-01T00:00:00Z`));
    d.setUTCMonth(d.getUTCMonth() + n);
    set({ at: d.toISOString().slice(0, 10) });
  };
  const periodLabel =
    view === 'month'
      ? new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
          new Date(`${anchor.slice(0, 7)}-01T00:00:00Z`),
        )
      : days.length
        ? t('act.weekOf', {
            from: formatCalendarDate(days[0]!, lang),
            to: formatCalendarDate(days[6]!, lang),
          })
        : '';

  return (
    <>
      <section className="hero hero-slim" aria-labelledby="act-title">
        <h1 id="act-title">{t('act.title')}</h1>
        <p className="lead">{t('act.lead')}</p>
      </section>
      <Form
        layout="vertical"
        className="filters"
        name="activity-filters"
        onFinish={(v: { q?: string }) => set({ q: v.q?.trim() || undefined })}
        initialValues={{ q: get('q') }}
      >
        <Form.Item label={t('act.keyword')} name="q" htmlFor="act-q">
          <Input.Search
            id="act-q"
            allowClear
            style={{ width: 220 }}
            enterButton={t('act.search')}
            onSearch={(q) => set({ q: q.trim() || undefined })}
          />
        </Form.Item>
        {!calendar && (
          <>
            <Form.Item label={t('act.from')} htmlFor="act-from">
              <Input
                id="act-from"
                type="date"
                style={{ width: 160 }}
                value={get('from') ?? ''}
                onChange={(e) => set({ from: e.target.value || undefined })}
              />
            </Form.Item>
            <Form.Item label={t('act.to')} htmlFor="act-to">
              <Input
                id="act-to"
                type="date"
                style={{ width: 160 }}
                value={get('to') ?? ''}
                onChange={(e) => set({ to: e.target.value || undefined })}
              />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('act.province')} htmlFor="act-province">
          <Select
            id="act-province"
            allowClear
            placeholder={t('act.allProvinces')}
            style={{ width: 160 }}
            value={get('province')}
            onChange={(v?: string) => set({ province: v })}
            options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          />
        </Form.Item>
        <Form.Item label={t('act.audience')} htmlFor="act-audience">
          <Select
            id="act-audience"
            allowClear
            placeholder={t('act.allAudiences')}
            style={{ width: 160 }}
            value={get('audience')}
            onChange={(v?: string) => set({ audience: v })}
            options={audiences.options}
          />
        </Form.Item>
        <Form.Item label={t('act.type')} htmlFor="act-type">
          <Select
            id="act-type"
            allowClear
            placeholder={t('act.allTypes')}
            style={{ width: 160 }}
            value={get('type')}
            onChange={(v?: string) => set({ type: v })}
            options={types.options}
          />
        </Form.Item>
        <Form.Item label={t('act.campaign')} htmlFor="act-campaign">
          <Select
            id="act-campaign"
            allowClear
            placeholder={t('act.allCampaigns')}
            style={{ width: 220 }}
            value={get('campaign')}
            onChange={(v?: string) => set({ campaign: v })}
            options={(campaigns.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${campaignName(c, t)}（${c.year}）`,
            }))}
          />
        </Form.Item>
      </Form>
      <div className="toolbar">
        <Segmented
          aria-label={t('act.view')}
          value={view}
          onChange={(v) => set({ view: v === 'list' ? undefined : (v as string), at: undefined })}
          options={(['list', 'month', 'week'] as const).map((v) => ({
            value: v,
            label: t(`act.view.${v}` as MessageKey),
          }))}
        />
        {calendar && (
          <span className="button-row act-period">
            <Button onClick={() => step(-1)}>
              {t(view === 'week' ? 'act.prevWeek' : 'act.prevMonth')}
            </Button>
            <strong aria-live="polite">{periodLabel}</strong>
            <Button onClick={() => step(1)}>
              {t(view === 'week' ? 'act.nextWeek' : 'act.nextMonth')}
            </Button>
            <Button type="link" onClick={() => set({ at: undefined })}>
              {t('act.backToToday')}
            </Button>
          </span>
        )}
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.isPending && <Skeleton active aria-busy />}
      {list.data && list.data.items.length === 0 && <p>{t('act.none')}</p>}
      {calendar && list.data ? (
        <CalendarGrid days={days} items={list.data.items} month={month} label={periodLabel} />
      ) : (
        <>
          <ul className="card-grid" aria-label={t('act.listLabel')}>
            {list.data?.items.map((a) => (
              <li key={a.id}>
                <ActivityCard a={a} />
              </li>
            ))}
          </ul>
          {list.data && list.data.total > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) => set({ page: String(p) })}
              showSizeChanger={false}
            />
          )}
        </>
      )}
      <Subscribe
        province={province}
        audience={audience ? { code: audience.value, name: audience.label } : undefined}
        campaign={campaign ? { id: campaign.id, name: campaignName(campaign, t) } : undefined}
      />
      <Campaigns onPick={(id) => set({ campaign: id, view: undefined, at: undefined })} />
      <section className="panel" aria-labelledby="act-squads">
        <h2 id="act-squads">
          <Link to="/squads">{t('squads.link')}</Link>
        </h2>
        <p className="muted">{t('squads.linkText')}</p>
      </section>
    </>
  );
}
