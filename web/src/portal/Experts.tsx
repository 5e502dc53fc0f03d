import { useQuery } from '@tanstack/react-query';
import { Alert, Input, Pagination, Select, Skeleton, Tag } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useRefName, useRefOptions } from '../lib/reference.ts';
import { NotFound } from './NotFound.tsx';

const PAGE_SIZE = 20;
type PublicExpert = Answer<'/api/public/experts/{userId}', 'get'>;

/** 职称 and rank as one line: 研究员（正高级）. */
function titleLine(e: PublicExpert, t: (k: MessageKey) => string) {
  const rank = e.rank ? t(`expert.rank.${e.rank}` as MessageKey) : '';
  if (e.title && rank) return `${e.title}（${rank}）`;
  return e.title || rank;
}

/**
 * /experts: the experts who chose a public page (verified by their unit first), found by name,
 * title or unit and by hazard type. Only what each person chose to show is here.
 */
export function ExpertsPage() {
  const { t } = usePrefs();
  usePageTitle(t('experts.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const hazard = params.get('hazard') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const hazards = useRefOptions('HAZARD_TYPE');
  const hazardName = useRefName('HAZARD_TYPE');
  const list = useQuery({
    queryKey: ['public-experts', q, hazard, page],
    queryFn: () =>
      call(
        api.GET('/api/public/experts', {
          params: {
            query: {
              ...(q ? { q } : {}),
              ...(hazard ? { hazard } : {}),
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
  });
  const go = (next: { q?: string; hazard?: string; page?: number }) => {
    const v = { q, hazard, ...next };
    setParams({
      ...(v.q ? { q: v.q } : {}),
      ...(v.hazard ? { hazard: v.hazard } : {}),
      ...(next.page && next.page > 1 ? { page: String(next.page) } : {}),
    });
  };
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> / {t('experts.title')}
      </p>
      <h1 className="page-title">{t('experts.title')}</h1>
      <p className="muted">{t('experts.text')}</p>
      <div className="button-row">
        <label htmlFor="experts-q" className="visually-hidden">
          {t('experts.search')}
        </label>
        <Input.Search
          id="experts-q"
          allowClear
          defaultValue={q}
          placeholder={t('experts.search')}
          enterButton={t('experts.searchButton')}
          onSearch={(v) => go({ q: v.trim() })}
          style={{ maxWidth: 420 }}
        />
        <Select
          aria-label={t('experts.hazard')}
          value={hazard || ''}
          onChange={(v) => go({ hazard: v })}
          options={[{ value: '', label: t('experts.anyHazard') }, ...hazards.options]}
          style={{ minWidth: 160 }}
        />
      </div>
      {list.isPending && <Skeleton active aria-busy />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.total === 0 && <p className="muted">{t('experts.none')}</p>}
      {list.data && list.data.total > 0 && (
        <>
          <p className="muted">{t('experts.count', { n: list.data.total })}</p>
          <ul className="notices-list">
            {list.data.items.map((e) => (
              <li key={e.id} className="notices-item expert-item">
                {e.photoUrl && (
                  <img
                    src={e.photoUrl}
                    alt={t('experts.photoAlt', { name: e.name })}
                    className="expert-photo"
                  />
                )}
                <div>
                  <h2>
                    <Link to={`/experts/${e.id}`}>{e.name}</Link>{' '}
                    {e.verified && (
                      <Tag className="state-tag state-tag-ok">{t('experts.verified')}</Tag>
                    )}
                  </h2>
                  {e.honorifics.length > 0 && (
                    <p className="expert-honorific">{e.honorifics.join('、')}</p>
                  )}
                  <p className="notices-meta">
                    {[titleLine(e, t), e.organisationName].filter(Boolean).join(' · ')}
                  </p>
                  {e.hazards && e.hazards.length > 0 && (
                    <p className="notices-meta">
                      {t('experts.hazards')}：{e.hazards.map(hazardName).join('、')}
                    </p>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {list.data.total > PAGE_SIZE && (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) => go({ page: p })}
              showSizeChanger={false}
            />
          )}
        </>
      )}
    </div>
  );
}

/** /experts/:id: one expert's public page — the name and only what the person chose to show. */
export function ExpertPage() {
  const { t, lang } = usePrefs();
  const { id = '' } = useParams();
  const expert = useQuery({
    queryKey: ['public-expert', id],
    queryFn: () =>
      call(api.GET('/api/public/experts/{userId}', { params: { path: { userId: id } } })),
    retry: false,
  });
  const sector = useRefName('SECTOR');
  const topic = useRefName('TOPIC');
  const hazard = useRefName('HAZARD_TYPE');
  usePageTitle(expert.data?.name ?? t('experts.title'));
  if (expert.isError) {
    if (expert.error instanceof ApiError && [400, 404].includes(expert.error.status))
      return <NotFound title={t('experts.notFound')} />;
    return <Alert type="error" showIcon title={errorMessage(expert.error)} />;
  }
  if (!expert.data) return <Skeleton active aria-busy />;
  const e = expert.data;
  const row = (label: MessageKey, value: string | undefined) =>
    value ? (
      <>
        <dt>{t(label)}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/">{t('nav.home')}</Link> / <Link to="/experts">{t('experts.title')}</Link> /{' '}
        {e.name}
      </p>
      <div className="expert-head">
        {e.photoUrl && (
          <img
            src={e.photoUrl}
            alt={t('experts.photoAlt', { name: e.name })}
            className="expert-photo"
          />
        )}
        <div>
          <h1 className="page-title">{e.name}</h1>
          {e.honorifics.length > 0 && <p className="expert-honorific">{e.honorifics.join('、')}</p>}
          <p className="muted">
            {[titleLine(e, t), e.organisationName].filter(Boolean).join(' · ')}{' '}
            {e.verified && <Tag className="state-tag state-tag-ok">{t('experts.verified')}</Tag>}
          </p>
        </div>
      </div>
      {e.bio && (
        <section aria-labelledby="expert-bio">
          <h2 id="expert-bio">{t('experts.bio')}</h2>
          <p className="pre-line">{e.bio}</p>
        </section>
      )}
      <dl className="work-facts">
        {row('experts.sectors', e.sectors?.map(sector).join('、'))}
        {row('experts.topics', e.topics?.map(topic).join('、'))}
        {row('experts.hazards', e.hazards?.map(hazard).join('、'))}
        {row('experts.regions', e.regions?.map((r) => r.label).join('、'))}
        {row('experts.languages', e.languages?.join('、'))}
        {row(
          'experts.services',
          e.services?.map((s) => t(`expert.service.${s}` as MessageKey)).join('、'),
        )}
      </dl>
      {e.works && e.works.length > 0 && (
        <section aria-labelledby="expert-works">
          <h2 id="expert-works">{t('experts.works')}</h2>
          <ul>
            {e.works.map((w) => (
              <li key={w.id}>
                <Link to={`/works/${w.id}`}>{w.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {e.ledActivities && e.ledActivities.length > 0 && (
        <section aria-labelledby="expert-led">
          <h2 id="expert-led">{t('experts.led')}</h2>
          <ul>
            {e.ledActivities.map((a) => (
              <li key={a.id}>
                <Link to={`/activities/${a.id}`}>{a.title}</Link>
                {`（${t(`experts.ledRole.${a.role}` as MessageKey)}，${formatDate(a.startsAt, lang)}）`}
              </li>
            ))}
          </ul>
          {(e.ledActivitiesTotal ?? 0) > e.ledActivities.length && (
            <p className="muted">
              {t('experts.ledMore', { n: (e.ledActivitiesTotal ?? 0) - e.ledActivities.length })}
            </p>
          )}
        </section>
      )}
      {e.publications && e.publications.length > 0 && (
        <section aria-labelledby="expert-pubs">
          <h2 id="expert-pubs">{t('experts.publications')}</h2>
          <ul>
            {e.publications.map((p) => (
              <li key={`${p.title}-${p.year}`}>
                {p.link ? (
                  <a href={p.link} rel="noopener noreferrer">
                    {p.title}
                  </a>
                ) : (
                  p.title
                )}
                {[p.venue, p.year].filter(Boolean).length > 0 &&
                  `，${[p.venue, p.year].filter(Boolean).join('，')}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
