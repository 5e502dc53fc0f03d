import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Rate, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { chinaWhen, formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Summary = Answer<'/api/public/training', 'get'>['items'][number];
type Mine = Answer<'/api/me/training', 'get'>['items'][number];

/** 科普能力提升培训: the published courses. */
export function TrainingListPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('trn.portalTitle'));
  const list = useQuery({
    queryKey: ['public-training'],
    queryFn: () => call(api.GET('/api/public/training', { params: { query: { pageSize: 50 } } })),
  });
  return (
    <div className="stack">
      <h1 className="page-title">{t('trn.portalTitle')}</h1>
      <p className="muted">{t('trn.portalText')}</p>
      <p>
        <Link to="/me/training">{t('trn.mine')}</Link>
      </p>
      {list.isPending && <Skeleton active aria-busy />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.total === 0 && <p className="muted">{t('trn.publicNone')}</p>}
      <ul className="notices-list">
        {(list.data?.items ?? []).map((c: Summary) => (
          <li key={c.id} className="notices-item">
            <h2>
              <Link to={`/training/${c.id}`}>{c.title}</Link>{' '}
              {c.status === 'CLOSED' && (
                <Tag className="state-tag state-tag-plain">{t('trn.statusCLOSED')}</Tag>
              )}
            </h2>
            <p className="notices-meta">
              {c.organisationName} ·{' '}
              {t(c.enrolmentMode === 'OPEN' ? 'trn.modeOpen' : 'trn.modeNomination')}
              {c.firstSessionAt && ` · ${formatDate(c.firstSessionAt, lang)}`} ·{' '}
              {t('trn.takenOf', { taken: c.taken, capacity: c.capacity })}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One course: syllabus, sessions, places, materials; enrol (open courses) or how to be nominated. */
export function TrainingPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const location = useLocation();
  const course = useQuery({
    queryKey: ['public-training', id],
    queryFn: () => call(api.GET('/api/public/training/{id}', { params: { path: { id } } })),
  });
  usePageTitle(course.data?.title ?? t('trn.portalTitle'));
  const mine = useQuery({
    queryKey: ['my-training'],
    queryFn: () => call(api.GET('/api/me/training')),
    enabled: !!me.data?.user,
  });
  const enrol = useMutation({
    mutationFn: () =>
      call(api.POST('/api/training/courses/{id}/enrol', { params: { path: { id } } })),
    onSuccess: () => {
      message.success(t('trn.enrolled'));
      void qc.invalidateQueries({ queryKey: ['my-training'] });
      void qc.invalidateQueries({ queryKey: ['public-training', id] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  if (course.isPending) return <Skeleton active aria-busy />;
  if (course.isError) return <Alert type="error" showIcon title={errorMessage(course.error)} />;
  const c = course.data;
  const my = mine.data?.items.find(
    (e) => e.courseId === c.id && (e.status === 'PENDING' || e.status === 'APPROVED'),
  );
  const now = Date.now();
  const open =
    c.status === 'PUBLISHED' &&
    now >= Date.parse(c.enrolOpensAt) &&
    now < Date.parse(c.enrolClosesAt);
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/training">{t('trn.portalTitle')}</Link> / {c.title}
      </p>
      <h1 className="page-title">{c.title}</h1>
      <p className="notices-meta">
        {c.organisationName} · {c.year} ·{' '}
        {t(c.enrolmentMode === 'OPEN' ? 'trn.modeOpen' : 'trn.modeNomination')} ·{' '}
        {t('trn.takenOf', { taken: c.taken, capacity: c.capacity })} ·{' '}
        {t('trn.windowText', {
          from: formatDate(c.enrolOpensAt, lang),
          to: formatDate(c.enrolClosesAt, lang),
        })}
      </p>
      {c.description && <p>{c.description}</p>}
      <section className="panel" aria-labelledby="trn-p-enrol">
        <h2 id="trn-p-enrol">{t('trn.enrolment')}</h2>
        {my ? (
          <p>
            {t(my.status === 'PENDING' ? 'trn.youPending' : 'trn.youEnrolled')}{' '}
            <Link to="/me/training">{t('trn.mine')}</Link>
          </p>
        ) : c.enrolmentMode === 'NOMINATION' ? (
          <p>{t('trn.byNomination')}</p>
        ) : !open ? (
          <p className="muted">{t('trn.notOpen')}</p>
        ) : !me.data?.user ? (
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
            {t('trn.loginToEnrol')}
          </Link>
        ) : (
          <Button
            type="primary"
            disabled={c.taken >= c.capacity}
            loading={enrol.isPending}
            onClick={() => enrol.mutate()}
          >
            {c.taken >= c.capacity ? t('trn.full') : t('trn.enrol')}
          </Button>
        )}
        <p className="muted">
          {c.passScore === null
            ? t('trn.ruleSessions', { n: c.minSessions })
            : t('trn.ruleSessionsScore', { n: c.minSessions, score: c.passScore })}
        </p>
      </section>
      <section className="panel" aria-labelledby="trn-p-syl">
        <h2 id="trn-p-syl">{t('trn.syllabusHours', { hours: c.totalHours })}</h2>
        <ol>
          {c.syllabus.map((u) => (
            <li key={u.title}>
              {u.title}（{t('trn.hoursN', { n: u.hours })}）
            </li>
          ))}
        </ol>
      </section>
      <section className="panel" aria-labelledby="trn-p-ses">
        <h2 id="trn-p-ses">{t('trn.sessions')}</h2>
        <ul>
          {c.sessions.map((s) => (
            <li key={s.id}>
              {chinaWhen(s.startsAt)} – {chinaWhen(s.endsAt).slice(11)} {s.title} ·{' '}
              {s.online ? `${t('trn.online')} ${s.place}` : s.place}
            </li>
          ))}
        </ul>
      </section>
      {c.quotas.length > 0 && (
        <section className="panel" aria-labelledby="trn-p-q">
          <h2 id="trn-p-q">{t('trn.quotas')}</h2>
          <p>
            {c.quotas
              .map((q) =>
                t('trn.quotaLine', { province: q.provinceName, taken: q.taken, places: q.places }),
              )
              .join('；')}
          </p>
        </section>
      )}
      {c.materials.length > 0 && (
        <section className="panel" aria-labelledby="trn-p-m">
          <h2 id="trn-p-m">{t('trn.materials')}</h2>
          <ul>
            {c.materials.map((m) => (
              <li key={m.id}>
                <Link to={`/works/${m.id}`}>{m.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function CheckIn({ e }: { e: Mine }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const now = Date.now();
  const session = e.sessions.find(
    (s) =>
      !s.attended &&
      now >= Date.parse(s.startsAt) - 3_600_000 &&
      now <= Date.parse(s.endsAt) + 3_600_000,
  );
  const [code, setCode] = useState('');
  const checkIn = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/training/sessions/{id}/check-in', {
          params: { path: { id: session?.id ?? '' } },
          body: { code: code.trim() },
        }),
      ),
    onSuccess: () => {
      message.success(t('trn.checkedIn'));
      setCode('');
      void qc.invalidateQueries({ queryKey: ['my-training'] });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  if (!session || e.status !== 'APPROVED') return null;
  const inputId = `trn-code-${e.id}`;
  return (
    <form
      className="button-row"
      onSubmit={(ev) => {
        ev.preventDefault();
        checkIn.mutate();
      }}
    >
      <label htmlFor={inputId}>{t('trn.checkInFor', { session: session.title })}</label>
      <Input
        id={inputId}
        value={code}
        onChange={(ev) => setCode(ev.target.value)}
        inputMode="numeric"
        maxLength={6}
        style={{ width: 120 }}
      />
      <Button htmlType="submit" type="primary" loading={checkIn.isPending}>
        {t('trn.checkIn')}
      </Button>
    </form>
  );
}

function Feedback({ e }: { e: Mine }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const send = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/training/enrolments/{id}/feedback', {
          params: { path: { id: e.id } },
          body: { rating, comment },
        }),
      ),
    onSuccess: () => {
      message.success(t('trn.thanks'));
      void qc.invalidateQueries({ queryKey: ['my-training'] });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  if (e.status !== 'APPROVED' || !e.sessions.some((s) => s.attended)) return null;
  if (e.rating !== null) return <p className="muted">{t('trn.yourRating', { n: e.rating })}</p>;
  return (
    <div>
      <p>{t('trn.evaluate')}</p>
      <Rate value={rating} onChange={setRating} aria-label={t('trn.ratingLabel')} />
      <Input.TextArea
        aria-label={t('trn.commentLabel')}
        value={comment}
        onChange={(ev) => setComment(ev.target.value)}
        maxLength={500}
        rows={2}
        style={{ maxWidth: 480, display: 'block', margin: '8px 0' }}
      />
      <Button disabled={rating === 0} loading={send.isPending} onClick={() => send.mutate()}>
        {t('trn.sendFeedback')}
      </Button>
    </div>
  );
}

/** 我的培训: my enrolments, check-in, attendance and score, evaluation, the certificate. */
export function MyTrainingPage() {
  const { t } = usePrefs();
  usePageTitle(t('trn.mine'));
  const me = useMe();
  const location = useLocation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['my-training'],
    queryFn: () => call(api.GET('/api/me/training')),
    enabled: !!me.data?.user,
  });
  const withdraw = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/training/enrolments/{id}/withdraw', { params: { path: { id } } })),
    onSuccess: () => {
      message.success(t('trn.withdrawn'));
      void qc.invalidateQueries({ queryKey: ['my-training'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  if (me.isPending) return <Skeleton active aria-busy />;
  if (!me.data?.user)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <div className="stack">
      <p className="work-breadcrumb">
        <Link to="/me">{t('trn.meLink')}</Link> / {t('trn.mine')}
      </p>
      <h1 className="page-title">{t('trn.mine')}</h1>
      {list.isPending && <Skeleton active aria-busy />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && list.data.items.length === 0 && (
        <p className="muted">
          {t('trn.mineNone')} <Link to="/training">{t('trn.portalTitle')}</Link>
        </p>
      )}
      <ul className="notices-list">
        {(list.data?.items ?? []).map((e) => (
          <li key={e.id} className="notices-item">
            <h2>
              <Link to={`/training/${e.courseId}`}>{e.courseTitle}</Link>{' '}
              <Tag className="state-tag state-tag-plain">{t(`trn.enrolment${e.status}`)}</Tag>
            </h2>
            <p className="notices-meta">
              {e.organisationName} ·{' '}
              {t('trn.attendedOf', {
                n: e.sessions.filter((s) => s.attended).length,
                total: e.sessions.length,
              })}
              {e.passScore !== null &&
                ` · ${e.score === null ? t('trn.noScore') : t('trn.scoreN', { n: e.score })}`}
            </p>
            <ul>
              {e.sessions.map((s) => (
                <li key={s.id}>
                  {chinaWhen(s.startsAt)} {s.title} ·{' '}
                  <span>{s.attended ? t('trn.attended') : t('trn.notAttended')}</span>
                </li>
              ))}
            </ul>
            <CheckIn e={e} />
            <Feedback e={e} />
            {e.completed && e.certificateId ? (
              <p className="button-row">
                <strong>{t('trn.certifiedMine')}</strong>
                <a href={`/api/certificates/${e.certificateId}/pdf`} download>
                  {t('trn.downloadCertificate')}
                </a>
                <Link to="/me/certificates">{t('trn.allCertificates')}</Link>
              </p>
            ) : (
              e.courseStatus !== 'CLOSED' &&
              (e.status === 'PENDING' || e.status === 'APPROVED') && (
                <Button size="small" onClick={() => withdraw.mutate(e.id)}>
                  {t('trn.withdraw', { title: e.courseTitle })}
                </Button>
              )
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
