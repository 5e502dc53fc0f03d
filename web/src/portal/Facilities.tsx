import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Pagination, Select, Skeleton } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatCalendarDate, formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useProvinces } from '../lib/reference.ts';
import { chinaDay, PlacesLeft, sessionTime } from './ActivityCards.tsx';
import { NotFound } from './NotFound.tsx';
import { useMetaDescription } from './Work.tsx';

/** The kinds of open-day facility, in the order the filter offers them. */
const KINDS = [
  'KEY_LAB',
  'ENGINEERING_CENTER',
  'FIELD_STATION',
  'MAJOR_FACILITY',
  'OTHER',
] as const;
type Kind = (typeof KINDS)[number];
const PAGE_SIZE = 12;

type Facility = Answer<'/api/public/facilities/{id}', 'get'>;
type Slot = Facility['slots'][number];

const kindKey = (k: Kind) => `facility.kind.${k}` as MessageKey;
const isKind = (k: string | null): k is Kind => !!k && (KINDS as readonly string[]).includes(k);

/**
 * 科普开放日: the facilities (labs, engineering centres, field stations, major facilities) that
 * open to the public, by province and kind, with each one's next open day and places left.
 */
export function FacilitiesPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('facility.portalTitle'));
  const provinces = useProvinces();
  const [params, setParams] = useSearchParams();
  const province = params.get('province');
  const kindParam = params.get('kind');
  const filters = {
    province: province && /^\d{2}$/.test(province) ? province : undefined,
    kind: isKind(kindParam) ? kindParam : undefined,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const set = (patch: Record<string, string | undefined>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (!('page' in patch)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const list = useQuery({
    queryKey: ['public-facilities', filters, page],
    queryFn: () =>
      call(
        api.GET('/api/public/facilities', {
          params: { query: { ...filters, page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  return (
    <>
      <section className="hero hero-slim" aria-labelledby="facilities-title">
        <h1 id="facilities-title">{t('facility.portalTitle')}</h1>
        <p className="lead">{t('facility.portalLead')}</p>
      </section>
      <Form layout="vertical" className="filters" name="facility-filters">
        <Form.Item label={t('facility.kind')} htmlFor="filter-facility-kind">
          <Select
            id="filter-facility-kind"
            allowClear
            placeholder={t('facility.allKinds')}
            style={{ width: 220 }}
            value={filters.kind}
            onChange={(kind?: Kind) => set({ kind })}
            options={KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
          />
        </Form.Item>
        <Form.Item label={t('base.province')} htmlFor="filter-facility-province">
          <Select
            id="filter-facility-province"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('base.allProvinces')}
            style={{ width: 200 }}
            value={filters.province}
            onChange={(p?: string) => set({ province: p })}
            options={(provinces.data ?? []).map((p) => ({
              value: p.code.slice(0, 2),
              label: p.name,
            }))}
          />
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.isPending && <Skeleton active aria-busy />}
      {list.data && list.data.items.length === 0 && <p>{t('facility.none')}</p>}
      <ul className="card-grid facility-cards">
        {list.data?.items.map((f) => (
          <li key={f.id}>
            <article className="work-card facility-card">
              <div className="card-body">
                <p className="card-kicker">
                  {t(kindKey(f.kind))}
                  {f.provinceName ? ` · ${f.provinceName}` : ''}
                </p>
                <h2 className="card-title">
                  <Link to={`/facilities/${f.id}`}>{f.name}</Link>
                </h2>
                <p className="card-meta">{f.host}</p>
                {f.summary && <p className="facility-summary">{f.summary}</p>}
                {f.nextSlot ? (
                  <p className="facility-next">
                    {t('facility.nextOpenDay', {
                      at: sessionTime(f.nextSlot.startsAt, f.nextSlot.endsAt, lang),
                    })}
                    <br />
                    <span className="muted">
                      {f.placesLeft === null
                        ? t('facility.upcomingNoLimit', { slots: f.upcomingSlots })
                        : t('facility.upcoming', { slots: f.upcomingSlots, n: f.placesLeft })}
                    </span>
                  </p>
                ) : (
                  <p className="facility-next muted">{t('facility.noUpcoming')}</p>
                )}
              </div>
            </article>
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
  );
}

/** An open day's upcoming slots, together (the facility's page groups them by open day). */
function byOpenDay(slots: Slot[]) {
  const days: { activityId: string; title: string; groupsAllowed: boolean; slots: Slot[] }[] = [];
  for (const s of slots) {
    const d = days.find((x) => x.activityId === s.activityId);
    if (d) d.slots.push(s);
    else
      days.push({
        activityId: s.activityId,
        title: s.title,
        groupsAllowed: s.groupsAllowed,
        slots: [s],
      });
  }
  return days;
}

/** One facility: what a visit shows, where, safety notes, partners, open days to come and past. */
export function FacilityPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const q = useQuery({
    queryKey: ['public-facility', id],
    queryFn: () => call(api.GET('/api/public/facilities/{id}', { params: { path: { id } } })),
    retry: (n, e) => !(e instanceof ApiError && (e.status === 404 || e.status === 400)) && n < 2,
  });
  const f = q.data;
  usePageTitle(f?.name ?? (q.isPending ? t('common.loading') : t('facility.notFound')));
  useMetaDescription(f ? f.summary || `${f.name}：${t(kindKey(f.kind))}` : null);
  if (q.isError) {
    if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400))
      return <NotFound title={t('facility.notFound')} text={t('facility.notFoundText')} />;
    return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  }
  if (!f) return <Skeleton active aria-busy />;
  const now = new Date().toISOString();
  const days = byOpenDay(f.slots);
  return (
    <article className="work-page facility-page">
      <p className="work-breadcrumb">
        <Link to="/facilities">{t('facility.portalTitle')}</Link> / {t(kindKey(f.kind))}
      </p>
      <h1 className="work-title">{f.name}</h1>
      {f.summary && <p className="lead">{f.summary}</p>}
      <dl className="work-facts">
        <div>
          <dt>{t('facility.host')}</dt>
          <dd>{f.host}</dd>
        </div>
        <div>
          <dt>{t('facility.kind')}</dt>
          <dd>{t(kindKey(f.kind))}</dd>
        </div>
        {(f.address || f.provinceName) && (
          <div>
            <dt>{t('base.address')}</dt>
            <dd>
              {f.provinceName && !f.address.startsWith(f.provinceName) ? `${f.provinceName} ` : ''}
              {f.address}
            </dd>
          </div>
        )}
        {f.lat !== null && f.lng !== null && (
          <div>
            <dt>{t('base.coordinates')}</dt>
            <dd>{t('base.coordinatesValue', { lng: f.lng.toFixed(4), lat: f.lat.toFixed(4) })}</dd>
          </div>
        )}
        {f.groupMax !== null && (
          <div>
            <dt>{t('facility.groupMax')}</dt>
            <dd>{t('facility.groupMaxValue', { n: f.groupMax })}</dd>
          </div>
        )}
      </dl>
      {f.description && (
        <section aria-labelledby="facility-about-h">
          <h2 id="facility-about-h">{t('facility.about')}</h2>
          <p className="pre-line">{f.description}</p>
        </section>
      )}
      {f.visitNotes && (
        <section aria-labelledby="facility-visit-h">
          <h2 id="facility-visit-h">{t('facility.visitNotes')}</h2>
          <p className="pre-line">{f.visitNotes}</p>
        </section>
      )}
      {f.safetyNotes && (
        <section className="facility-safety" aria-labelledby="facility-safety-h">
          <h2 id="facility-safety-h">{t('facility.safetyNotes')}</h2>
          <p className="pre-line">{f.safetyNotes}</p>
        </section>
      )}
      <section aria-labelledby="facility-upcoming-h">
        <div className="section-head">
          <h2 id="facility-upcoming-h">{t('facility.upcomingTitle')}</h2>
          <a href={`/api/public/activities.ics?facility=${f.id}`} download="open-days.ics">
            {t('facility.feed')}
          </a>
        </div>
        {days.length === 0 ? (
          <p>{t('facility.noUpcoming')}</p>
        ) : (
          <ul className="facility-open-days">
            {days.map((d) => (
              <li key={d.activityId} className="facility-open-day">
                <h3>
                  <Link to={`/activities/${d.activityId}`}>{d.title}</Link>
                </h3>
                <ul className="act-plain-list">
                  {d.slots.map((s) => (
                    <li key={s.sessionId} className="act-plain-item">
                      <span>{sessionTime(s.startsAt, s.endsAt, lang)}</span>{' '}
                      <PlacesLeft capacity={s.capacity} placesLeft={s.placesLeft} waitlist={0} />
                      {s.partnersUntil && s.partnersUntil > now && (
                        <span className="muted">
                          {' '}
                          {t('facility.partnersFirstUntil', {
                            at: formatDayTime(s.partnersUntil, lang),
                          })}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
                <p className="button-row">
                  {d.groupsAllowed ? (
                    <Link className="cta cta-primary" to={`/activities/${d.activityId}`}>
                      {t('facility.bookClass')}
                    </Link>
                  ) : (
                    <Link to={`/activities/${d.activityId}`}>{t('facility.toOpenDay')}</Link>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {f.partners.length > 0 && (
        <section aria-labelledby="facility-partners-h">
          <h2 id="facility-partners-h">{t('facility.partners')}</h2>
          <p className="muted">{t('facility.partnersLead')}</p>
          <p>{f.partners.map((p) => p.name).join(lang === 'zh-CN' ? '、' : ', ')}</p>
        </section>
      )}
      <section aria-labelledby="facility-past-h">
        <h2 id="facility-past-h">{t('facility.pastTitle')}</h2>
        {f.held.slots > 0 && (
          <p>
            {t('facility.held', { year: f.held.year, slots: f.held.slots, n: f.held.visitors })}
          </p>
        )}
        {f.pastOpenDays.length === 0 ? (
          <p className="muted">{t('facility.noPast')}</p>
        ) : (
          <ul className="act-plain-list">
            {f.pastOpenDays.map((p) => (
              <li key={p.activityId} className="act-plain-item">
                <Link to={`/activities/${p.activityId}`}>{p.title}</Link>{' '}
                <span className="muted">
                  {chinaDay(p.firstStartsAt) === chinaDay(p.lastEndsAt)
                    ? formatCalendarDate(chinaDay(p.firstStartsAt), lang)
                    : t('facility.pastRange', {
                        from: formatCalendarDate(chinaDay(p.firstStartsAt), lang),
                        to: formatCalendarDate(chinaDay(p.lastEndsAt), lang),
                      })}
                  {p.slots > 1 ? ` · ${t('facility.pastSlots', { n: p.slots })}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
