import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Input,
  InputNumber,
  Skeleton,
  Table,
  Tag,
} from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { chinaWhen, formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { STATUS_CLASS } from './CoursesAdmin.tsx';

type Managed = Answer<'/api/training/courses/{id}', 'get'>;
type Enrolment = Answer<'/api/training/courses/{id}/enrolments', 'get'>['items'][number];
const PAGE_SIZE = 50;

/** A course's page for its organiser: check-in codes, enrolments, attendance, scores, completion. */
export function CourseManagePage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const course = useQuery({
    queryKey: ['training-course', id],
    queryFn: () => call(api.GET('/api/training/courses/{id}', { params: { path: { id } } })),
  });
  usePageTitle(course.data?.title ?? t('trn.adminTitle'));
  const [page, setPage] = useState(1);
  const enrolments = useQuery({
    queryKey: ['training-enrolments', id, page],
    queryFn: () =>
      call(
        api.GET('/api/training/courses/{id}/enrolments', {
          params: { path: { id }, query: { page, pageSize: PAGE_SIZE } },
        }),
      ),
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['training-course', id] });
    void qc.invalidateQueries({ queryKey: ['training-enrolments', id] });
  };
  const { confirm, dialog } = useConfirm();
  const publish = useMutation({
    mutationFn: () =>
      call(api.POST('/api/training/courses/{id}/publish', { params: { path: { id } } })),
    onSuccess: () => {
      message.success(t('trn.published'));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const complete = useMutation({
    mutationFn: () =>
      call(api.POST('/api/training/courses/{id}/complete', { params: { path: { id } } })),
    onSuccess: (r) => {
      message.success(
        t('trn.completed', { issued: r.issued, already: r.already, notMet: r.notMet }),
      );
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const decide = useMutation({
    mutationFn: (v: { id: string; approve: boolean }) =>
      call(
        api.POST('/api/training/enrolments/{id}/decide', {
          params: { path: { id: v.id } },
          body: { approve: v.approve },
        }),
      ),
    onSuccess: refresh,
    onError: (e) => message.error(errorMessage(e)),
  });
  const reason = useRef('');
  const correct = useMutation({
    mutationFn: (v: { id: string; sessionId: string; present: boolean }) =>
      call(
        api.POST('/api/training/enrolments/{id}/attendance', {
          params: { path: { id: v.id } },
          body: { sessionId: v.sessionId, present: v.present, reason: reason.current },
        }),
      ),
    onSuccess: () => {
      message.success(t('trn.corrected'));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const score = useMutation({
    mutationFn: (v: { id: string; score: number | null }) =>
      call(
        api.POST('/api/training/enrolments/{id}/score', {
          params: { path: { id: v.id } },
          body: { score: v.score },
        }),
      ),
    onSuccess: () => {
      message.success(t('trn.scoreSaved'));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  if (course.isPending) return <Skeleton active aria-busy />;
  if (course.isError) return <Alert type="error" showIcon title={errorMessage(course.error)} />;
  const c: Managed = course.data;
  const closed = c.status === 'CLOSED';
  const askCorrection = async (e: Enrolment, sessionId: string, present: boolean) => {
    reason.current = '';
    const s = c.sessions.find((x) => x.id === sessionId)!;
    const yes = await confirm({
      title: t(present ? 'trn.correctPresentTitle' : 'trn.correctAbsentTitle', {
        name: e.name,
        session: s.title,
      }),
      body: (
        <>
          <p>{t('trn.correctBody')}</p>
          <label htmlFor="trn-reason">{t('trn.correctReason')}</label>
          <Input.TextArea
            id="trn-reason"
            maxLength={200}
            rows={2}
            onChange={(ev) => {
              reason.current = ev.target.value;
            }}
          />
        </>
      ),
      action: t('trn.correctAction'),
    });
    if (yes) correct.mutate({ id: e.id, sessionId, present });
  };
  const askComplete = async () => {
    const met = (enrolments.data?.items ?? []).filter((e) => e.met && !e.completed).length;
    const yes = await confirm({
      title: t('trn.completeTitle', { title: c.title }),
      body: t('trn.completeBody', { n: met }),
      action: t('trn.completeAction'),
      danger: true,
    });
    if (yes) complete.mutate();
  };
  return (
    <div className="stack">
      {dialog}
      <section className="panel" aria-labelledby="trn-m-h">
        <p className="work-breadcrumb">
          <Link to="/admin/training">{t('trn.adminTitle')}</Link> / {c.title}
        </p>
        <h1 id="trn-m-h" className="page-title">
          {c.title} <Tag className={STATUS_CLASS[c.status]}>{t(`trn.status${c.status}`)}</Tag>
        </h1>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('trn.organiser')}>{c.organisationName}</Descriptions.Item>
          <Descriptions.Item label={t('trn.mode')}>
            {t(c.enrolmentMode === 'OPEN' ? 'trn.modeOpen' : 'trn.modeNomination')}
          </Descriptions.Item>
          <Descriptions.Item label={t('trn.places')}>
            {t('trn.takenOf', { taken: c.taken, capacity: c.capacity })}
          </Descriptions.Item>
          <Descriptions.Item label={t('trn.window')}>
            {formatDate(c.enrolOpensAt, lang)} – {formatDate(c.enrolClosesAt, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('trn.rule')}>
            {c.passScore === null
              ? t('trn.ruleSessions', { n: c.minSessions })
              : t('trn.ruleSessionsScore', { n: c.minSessions, score: c.passScore })}
          </Descriptions.Item>
          <Descriptions.Item label={t('trn.rating')}>
            {c.rating.average === null
              ? t('trn.noRatings')
              : t('trn.ratingOf', { average: c.rating.average, n: c.rating.count })}
          </Descriptions.Item>
          {c.quotas.length > 0 && (
            <Descriptions.Item label={t('trn.quotas')}>
              {c.quotas
                .map((q) =>
                  t('trn.quotaLine', {
                    province: q.provinceName,
                    taken: q.taken,
                    places: q.places,
                  }),
                )
                .join('；')}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('trn.materials')}>
            {c.materials.length === 0 ? '—' : c.materials.map((m) => m.title).join('、')}
          </Descriptions.Item>
        </Descriptions>
        <p className="button-row">
          {!closed && (
            <Link to={`/admin/training/${c.id}/edit`}>
              <Button>{t('trn.edit')}</Button>
            </Link>
          )}
          {c.status === 'DRAFT' && (
            <Button type="primary" loading={publish.isPending} onClick={() => publish.mutate()}>
              {t('trn.publish')}
            </Button>
          )}
          {c.status !== 'DRAFT' && (
            <Button
              type={closed ? 'default' : 'primary'}
              loading={complete.isPending}
              onClick={askComplete}
            >
              {closed ? t('trn.completeAgain') : t('trn.complete')}
            </Button>
          )}
        </p>
      </section>
      <section className="panel" aria-labelledby="trn-s-h">
        <h2 id="trn-s-h">{t('trn.sessions')}</h2>
        <p className="muted">{t('trn.codesText')}</p>
        <Table
          rowKey="id"
          pagination={false}
          dataSource={c.sessions}
          columns={[
            { title: t('trn.sessionTitle'), dataIndex: 'title' },
            {
              title: t('trn.when'),
              render: (_, s) => `${chinaWhen(s.startsAt)} – ${chinaWhen(s.endsAt).slice(11)}`,
            },
            {
              title: t('trn.place'),
              render: (_, s) => (s.online ? `${t('trn.online')} ${s.place}` : s.place),
            },
            {
              title: t('trn.checkInCode'),
              dataIndex: 'checkInCode',
              render: (v: string) => <strong className="checkin-code">{v}</strong>,
            },
          ]}
        />
      </section>
      <section className="panel" aria-labelledby="trn-e-h">
        <h2 id="trn-e-h">{t('trn.enrolments')}</h2>
        {enrolments.isError && (
          <Alert type="error" showIcon title={errorMessage(enrolments.error)} />
        )}
        <Table<Enrolment>
          rowKey="id"
          loading={enrolments.isPending}
          dataSource={enrolments.data?.items ?? []}
          locale={{ emptyText: t('trn.noEnrolments') }}
          scroll={{ x: true }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: enrolments.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { title: t('trn.person'), dataIndex: 'name' },
            {
              title: t('trn.unit'),
              render: (_, e) => [e.unitName, e.provinceName].filter(Boolean).join(' · ') || '—',
            },
            {
              title: t('trn.status'),
              dataIndex: 'status',
              render: (s: Enrolment['status'], e) =>
                s === 'PENDING' ? (
                  <span className="button-row">
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => decide.mutate({ id: e.id, approve: true })}
                    >
                      {t('trn.approve', { name: e.name })}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => decide.mutate({ id: e.id, approve: false })}
                    >
                      {t('trn.decline', { name: e.name })}
                    </Button>
                  </span>
                ) : (
                  t(`trn.enrolment${s}`)
                ),
            },
            ...c.sessions.map((s, i) => ({
              title: t('trn.sessionShort', { n: i + 1 }),
              key: s.id,
              render: (_: unknown, e: Enrolment) => {
                const present = e.attendedSessionIds.includes(s.id);
                const corrected = e.correctedSessionIds.includes(s.id);
                return (
                  <span>
                    <Checkbox
                      checked={present}
                      disabled={e.status !== 'APPROVED' || closed}
                      aria-label={t('trn.presentAt', { name: e.name, session: s.title })}
                      onChange={(ev) => askCorrection(e, s.id, ev.target.checked)}
                    />
                    {corrected && <span className="muted"> {t('trn.correctedMark')}</span>}
                  </span>
                );
              },
            })),
            ...(c.passScore === null
              ? []
              : [
                  {
                    title: t('trn.score'),
                    key: 'score',
                    render: (_: unknown, e: Enrolment) => (
                      <InputNumber
                        min={0}
                        max={100}
                        size="small"
                        defaultValue={e.score ?? undefined}
                        disabled={e.status !== 'APPROVED' || closed}
                        aria-label={t('trn.scoreOf', { name: e.name })}
                        onBlur={(ev) => {
                          const raw = ev.target.value.trim();
                          const v = raw === '' ? null : Number(raw);
                          if (v !== e.score && (v === null || Number.isFinite(v)))
                            score.mutate({ id: e.id, score: v });
                        }}
                      />
                    ),
                  },
                ]),
            {
              title: t('trn.met'),
              render: (_, e) =>
                e.completed ? (
                  <Tag className="state-tag state-tag-ok">{t('trn.certified')}</Tag>
                ) : e.met ? (
                  t('trn.metYes')
                ) : (
                  t('trn.metNo')
                ),
            },
            {
              title: t('trn.feedback'),
              render: (_, e) =>
                e.rating === null
                  ? '—'
                  : `${'★'.repeat(e.rating)}${e.comment ? ` ${e.comment}` : ''}`,
            },
          ]}
        />
      </section>
    </div>
  );
}
