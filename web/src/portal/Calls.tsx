import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Pagination, Segmented, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { errorMessage } from '../lib/forms.ts';
import { safeHtml } from '../lib/richtext.ts';
import { formatSize } from '../media/MediaView.tsx';
import { CallCard, type CallPhase, CallPhaseTag, usePublicCalls } from './CallCards.tsx';
import { JoinUnit } from './JoinUnit.tsx';
import { NotFound } from './NotFound.tsx';

const PAGE_SIZE = 12;

/** 征集通知: every published call, open ones first; filtered by where they stand. */
export function CallsPage() {
  const { t } = usePrefs();
  usePageTitle(t('calls.title'));
  const [phase, setPhase] = useState<CallPhase | 'ALL'>('ALL');
  const [page, setPage] = useState(1);
  const list = usePublicCalls({
    ...(phase === 'ALL' ? {} : { phase }),
    page,
    pageSize: PAGE_SIZE,
  });
  return (
    <>
      <section className="hero hero-slim" aria-labelledby="calls-title">
        <h1 id="calls-title">{t('calls.title')}</h1>
        <p className="lead">{t('calls.lead')}</p>
      </section>
      <div className="filters">
        <Segmented
          aria-label={t('calls.filter')}
          value={phase}
          onChange={(v) => {
            setPhase(v as CallPhase | 'ALL');
            setPage(1);
          }}
          options={[
            { value: 'ALL', label: t('calls.all') },
            { value: 'OPEN', label: t('calls.phase.OPEN') },
            { value: 'UPCOMING', label: t('calls.phase.UPCOMING') },
            { value: 'CLOSED', label: t('calls.phase.CLOSED') },
          ]}
        />
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.isPending && <Skeleton active aria-busy />}
      {list.data && list.data.items.length === 0 && <p>{t('calls.none')}</p>}
      <ul className="card-grid">
        {list.data?.items.map((c) => (
          <li key={c.id}>
            <CallCard c={c} />
          </li>
        ))}
      </ul>
      {list.data && list.data.total > PAGE_SIZE && (
        <Pagination
          current={page}
          pageSize={PAGE_SIZE}
          total={list.data.total}
          onChange={setPage}
          showSizeChanger={false}
        />
      )}
    </>
  );
}

/** One call: what it is, who may apply, its text and templates, its 公示, and 申报. */
export function CallPage() {
  const { id = '' } = useParams();
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['public-call', id],
    queryFn: () => call(api.GET('/api/public/review-calls/{id}', { params: { path: { id } } })),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  usePageTitle(q.data?.title ?? t('calls.title'));
  if (q.error instanceof ApiError && q.error.status === 404) return <NotFound />;
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!q.data) return <Skeleton active aria-busy />;
  const c = q.data;
  return (
    <article className="call-page">
      <p>
        <Link to="/calls">{t('calls.back')}</Link>
      </p>
      <header>
        <p className="card-kicker">
          <CallPhaseTag phase={c.phase} /> {c.subjectLabel}
        </p>
        <h1>{c.title}</h1>
        <dl className="call-facts">
          {c.docNo && (
            <>
              <dt>{t('calls.docNo')}</dt>
              <dd>{c.docNo}</dd>
            </>
          )}
          <dt>{t('calls.organiser')}</dt>
          <dd>{c.organisationName}</dd>
          <dt>{t('calls.dates')}</dt>
          <dd>{t('calls.period', { from: c.opensAt, to: c.closesAt })}</dd>
        </dl>
      </header>
      <ApplyAction callId={c.id} phase={c.phase} person={c.applicants === 'PERSON'} />
      {c.eligibility && (
        <section aria-labelledby="call-eligibility">
          <h2 id="call-eligibility">{t('calls.eligibility')}</h2>
          <p className="call-eligibility">{c.eligibility}</p>
        </section>
      )}
      {c.body && (
        <section aria-labelledby="call-body">
          <h2 id="call-body">{t('calls.body')}</h2>
          <div
            className="rich-text"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server and again here
            dangerouslySetInnerHTML={{ __html: safeHtml(c.body) }}
          />
        </section>
      )}
      {c.templates.length > 0 && (
        <section aria-labelledby="call-templates">
          <h2 id="call-templates">{t('calls.templates')}</h2>
          <ul className="call-templates">
            {c.templates.map((m) => (
              <li key={m.id}>
                <a href={m.url} download={m.name}>
                  {m.name}
                </a>{' '}
                <span className="muted">{formatSize(m.size)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {c.notices.length > 0 && (
        <section aria-labelledby="call-notices">
          <h2 id="call-notices">{t('calls.notices')}</h2>
          <ul>
            {c.notices.map((n) => (
              <li key={n.id}>
                <Link to={`/notices/${n.id}`}>{n.title}</Link>{' '}
                <span className="muted">
                  {t('calls.period', { from: n.startsAt, to: n.endsAt })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

/**
 * 申报: signed out — sign in or register and come back; in a unit that may apply — the console's
 * application page for this call; signed in without a unit — how to join one, and the request.
 */
function ApplyAction({
  callId,
  phase,
  person,
}: {
  callId: string;
  phase: CallPhase;
  person: boolean;
}) {
  const { t } = usePrefs();
  const me = useMe();
  const location = useLocation();
  const [joining, setJoining] = useState(false);
  if (phase !== 'OPEN')
    return (
      <section className="call-apply" aria-labelledby="call-apply-h">
        <h2 id="call-apply-h">{t('calls.apply')}</h2>
        <p>{t(phase === 'UPCOMING' ? 'calls.notYet' : 'calls.ended')}</p>
      </section>
    );
  if (person)
    return (
      <section className="call-apply" aria-labelledby="call-apply-h">
        <h2 id="call-apply-h">{t('calls.apply')}</h2>
        <p>{t('calls.personNotYet')}</p>
      </section>
    );
  const here = encodeURIComponent(location.pathname);
  const user = me.data?.user;
  const units = (me.data?.grants ?? []).filter(
    (g) => g.organisationId && ['MEMBER', 'EDITOR', 'ORG_ADMIN'].includes(g.role),
  );
  return (
    <section className="call-apply" aria-labelledby="call-apply-h">
      <h2 id="call-apply-h">{t('calls.apply')}</h2>
      {me.isPending ? (
        <Skeleton.Button active />
      ) : !user ? (
        <>
          <p>{t('calls.signInFirst')}</p>
          <Link className="ant-btn ant-btn-primary ant-btn-lg" to={`/login?next=${here}`}>
            {t('calls.signInToApply')}
          </Link>{' '}
          <Link to={`/register?next=${here}`}>{t('calls.registerToApply')}</Link>
        </>
      ) : units.length > 0 ? (
        <>
          <p>
            {t('calls.applyFor', {
              units: units.map((g) => g.organisationName ?? '').join('、'),
            })}
          </p>
          <a className="ant-btn ant-btn-primary ant-btn-lg" href={`/admin/reviews/${callId}/apply`}>
            {t('calls.applyNow')}
          </a>
        </>
      ) : (
        <>
          <Alert
            type="info"
            showIcon
            title={t('calls.noUnit')}
            description={t('calls.noUnitText')}
          />
          {joining ? (
            <JoinUnit />
          ) : (
            <Button type="primary" size="large" onClick={() => setJoining(true)}>
              {t('join.ask')}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
