import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Skeleton, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';
import { safeHtml } from '../lib/richtext.ts';
import { durationText, key, STATUS_CLASS } from './shared.ts';

type Board = Answer<'/api/incidents/{id}', 'get'>;
type Explainer = Board['explainers'][number];
type Proposal = Board['proposals'][number];

const STATE_CLASS: Record<Explainer['state'], string> = {
  DRAFT: 'state-tag state-tag-plain',
  SUBMITTED: 'state-tag state-tag-info',
  PUBLISHED: 'state-tag state-tag-ok',
  OTHER: 'state-tag state-tag-plain',
};

/** Minutes since `from`, ticking once a minute while the page is open. */
function useMinutesSince(from: string | undefined, until: string | null | undefined) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (until) return;
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, [until]);
  if (!from) return 0;
  return Math.max(0, Math.floor(((until ? Date.parse(until) : now) - Date.parse(from)) / 60_000));
}

/**
 * The response board: the clock, who was called and who answered, the explainers from draft to
 * published, and the reserve content proposed. Staff draft, send and close; a duty expert
 * acknowledges and passes explainers (published at once).
 */
export function IncidentBoardPage() {
  const { id = '' } = useParams();
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['incident', id],
    queryFn: () => call(api.GET('/api/incidents/{id}', { params: { path: { id } } })),
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
  usePageTitle(q.data?.title ?? t('inc.title'));
  const b = q.data;
  const elapsed = useMinutesSince(b?.openedAt, b?.closedAt ?? null);
  const { confirm, dialog } = useConfirm();
  const [drafting, setDrafting] = useState<Proposal | 'scratch' | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const note = useRef('');
  const done = (text: string) => (board: Board) => {
    qc.setQueryData(['incident', id], board);
    void qc.invalidateQueries({ queryKey: ['incidents'] });
    message.success(text);
  };
  const failed = (e: Error) => message.error(errorMessage(e));
  const ack = useMutation({
    mutationFn: () =>
      call(api.POST('/api/incidents/{id}/acknowledge', { params: { path: { id } } })),
    onSuccess: done(t('board.acknowledged')),
    onError: failed,
  });
  const submit = useMutation({
    mutationFn: (workId: string) =>
      call(
        api.POST('/api/incidents/{id}/explainers/{workId}/submit', {
          params: { path: { id, workId } },
        }),
      ),
    onSuccess: done(t('board.submitted')),
    onError: failed,
  });
  const approve = useMutation({
    mutationFn: (workId: string) =>
      call(
        api.POST('/api/incidents/{id}/explainers/{workId}/approve', {
          params: { path: { id, workId } },
          body: { comments: note.current },
        }),
      ),
    onSuccess: done(t('board.approved')),
    onError: failed,
  });
  const close = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/incidents/{id}/close', {
          params: { path: { id } },
          body: { note: note.current },
        }),
      ),
    onSuccess: done(t('board.closed')),
    onError: failed,
  });

  if (q.isPending) return <Skeleton active aria-busy />;
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const board = q.data;
  const active = board.status === 'ACTIVE';

  const askApprove = async (e: Explainer) => {
    note.current = '';
    const yes = await confirm({
      title: t('board.approveTitle', { title: e.title }),
      body: (
        <>
          <p>{t('board.approveBody')}</p>
          <label htmlFor="approve-comments">{t('board.comments')}</label>
          <Input.TextArea
            id="approve-comments"
            rows={2}
            maxLength={2000}
            onChange={(ev) => {
              note.current = ev.target.value;
            }}
          />
        </>
      ),
      action: t('board.approve'),
    });
    if (yes) approve.mutate(e.workId);
  };
  const askClose = async () => {
    note.current = '';
    const yes = await confirm({
      title: t('board.closeTitle', { title: board.title }),
      body: (
        <>
          <p>{t('board.closeBody')}</p>
          <label htmlFor="close-note">{t('board.closeNote')}</label>
          <Input.TextArea
            id="close-note"
            rows={2}
            maxLength={500}
            onChange={(ev) => {
              note.current = ev.target.value;
            }}
          />
        </>
      ),
      action: t('board.close'),
      danger: true,
    });
    if (yes) close.mutate();
  };

  return (
    <section className="panel incident-board" aria-labelledby="board-h">
      <p>
        <Link to="/admin/incidents">{t('board.back')}</Link>
      </p>
      <h1 id="board-h" className="page-title">
        {board.title}{' '}
        <Tag className={STATUS_CLASS[board.status]}>{t(key(`inc.status.${board.status}`))}</Tag>
      </h1>
      <div className="board-clock" role="status">
        <strong>
          {active
            ? t('board.clock', { time: durationText(elapsed, lang) })
            : t('board.closedAt', { when: formatDayTime(board.closedAt!, lang) })}
        </strong>
        <span>
          {board.minutesToFirstExplainer === null
            ? t('board.waiting')
            : t('board.firstAt', { time: durationText(board.minutesToFirstExplainer, lang) })}
        </span>
      </div>
      {board.me.onDuty && active && (
        <Alert
          type={board.me.acknowledged ? 'success' : 'warning'}
          showIcon
          title={board.me.acknowledged ? t('board.acknowledged') : t('board.youAreOnDuty')}
          action={
            board.me.acknowledged ? undefined : (
              <Button type="primary" onClick={() => ack.mutate()} loading={ack.isPending}>
                {t('board.acknowledge')}
              </Button>
            )
          }
        />
      )}

      <h2>{t('board.facts')}</h2>
      <dl className="facts">
        <dt>{t('inc.hazard')}</dt>
        <dd>
          {board.hazardName}
          {lang === 'en-US' ? ', ' : '，'}
          {t('board.grade', {
            kind: t(key(`inc.gradeKind.${board.gradeKind}`)),
            grade: t(key(`inc.grade.${board.grade}`)),
          })}
          {board.responseLevel && (
            <>
              {lang === 'en-US' ? ', ' : '，'}
              {t(key(`inc.response.${board.responseLevel}`))}
            </>
          )}
        </dd>
        <dt>{t('inc.where')}</dt>
        <dd>
          {board.divisionName}
          {board.place}
        </dd>
        <dt>{t('board.occurred')}</dt>
        <dd>{formatDayTime(board.occurredAt, lang)}</dd>
        <dt>{t('inc.organisation')}</dt>
        <dd>
          {board.organisationName}
          {board.openedByName && ` · ${board.openedByName}`} · {formatDayTime(board.openedAt, lang)}
        </dd>
        {board.source && (
          <>
            <dt>{t('inc.source')}</dt>
            <dd>{board.source}</dd>
          </>
        )}
        {board.description && (
          <>
            <dt>{t('inc.description')}</dt>
            <dd>{board.description}</dd>
          </>
        )}
        {board.closeNote && (
          <>
            <dt>{t('board.closeNote')}</dt>
            <dd>{board.closeNote}</dd>
          </>
        )}
      </dl>

      <h2>{t('board.duty')}</h2>
      <p className="muted">{t('board.dutyText')}</p>
      {board.duty.length === 0 ? (
        <Alert type="warning" showIcon title={t('board.noDuty')} />
      ) : (
        <ul className="duty-list">
          {board.duty.map((d) => (
            <li key={d.userId}>
              <strong>{d.name}</strong>
              {d.title && ` · ${d.title}`}
              {d.organisationName && ` · ${d.organisationName}`}{' '}
              <Tag className="state-tag state-tag-plain">
                {t(key(`board.matched.${d.matchedBy}`))}
              </Tag>
              <span className={d.acknowledgedAt ? 'ok-text' : 'muted'}>
                {d.acknowledgedAt
                  ? t('board.ack', { when: formatDayTime(d.acknowledgedAt, lang) })
                  : t('board.notAck')}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('board.explainers')}</h2>
      {board.explainers.length === 0 ? (
        <p className="muted">{t('board.noExplainers')}</p>
      ) : (
        <ul className="explainer-list">
          {board.explainers.map((e) => (
            <li key={e.workId} aria-label={e.title}>
              <h3>
                {e.title}{' '}
                <Tag className={STATE_CLASS[e.state]}>{t(key(`board.state.${e.state}`))}</Tag>
              </h3>
              <p className="muted">
                {e.fromReserve && (
                  <>
                    {t('board.fromReserve', { title: e.fromReserve.title })}
                    {' · '}
                  </>
                )}
                {t('board.draftedBy', {
                  name: e.draftedByName ?? '',
                  when: formatDayTime(e.draftedAt, lang),
                })}
                {e.approvedByName && e.publishedAt && (
                  <>
                    {' · '}
                    {t('board.approvedBy', {
                      name: e.approvedByName,
                      when: formatDayTime(e.publishedAt, lang),
                    })}
                  </>
                )}
              </p>
              <div className="button-row">
                <Button
                  size="small"
                  aria-expanded={reading === e.workId}
                  onClick={() => setReading(reading === e.workId ? null : e.workId)}
                >
                  {reading === e.workId ? t('board.hide') : t('board.read')}
                </Button>
                {e.state === 'DRAFT' && board.me.manage && active && (
                  <Link to={`/admin/works/${e.workId}/edit`}>{t('board.edit')}</Link>
                )}
                {e.canSubmit && (
                  <Button
                    size="small"
                    type="primary"
                    loading={submit.isPending}
                    onClick={() => submit.mutate(e.workId)}
                  >
                    {t('board.submit')}
                  </Button>
                )}
                {e.canApprove && (
                  <Button
                    size="small"
                    type="primary"
                    loading={approve.isPending}
                    onClick={() => void askApprove(e)}
                  >
                    {t('board.approve')}
                  </Button>
                )}
                {e.state === 'PUBLISHED' && (
                  <a href={`/works/${e.workId}`} target="_blank" rel="noreferrer">
                    {t('board.view')}
                  </a>
                )}
              </div>
              {reading === e.workId && (
                <div className="explainer-text">
                  {e.summary && <p className="muted">{e.summary}</p>}
                  <div
                    className="work-body"
                    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server and again here
                    dangerouslySetInnerHTML={{ __html: safeHtml(e.body) }}
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      {board.me.manage && active && (
        <>
          <h2>{t('board.proposals')}</h2>
          <p className="muted">{t('board.proposalsText')}</p>
          {board.proposals.length === 0 ? (
            <p className="muted">{t('board.noProposals')}</p>
          ) : (
            <ul className="proposal-list">
              {board.proposals.map((p) => (
                <li key={p.workId} aria-label={p.title}>
                  <h3>{p.title}</h3>
                  <p className="muted">
                    {[
                      p.typeName,
                      p.nationwide ? t('board.nationwide') : t('board.provincial'),
                      p.organisationName,
                      p.reviewedAt
                        ? t('board.reviewedAt', { when: formatDayTime(p.reviewedAt, lang) })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                  {p.summary && <p>{p.summary}</p>}
                  <Button size="small" onClick={() => setDrafting(p)}>
                    {t('board.draftFrom')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <p className="button-row">
            <Button onClick={() => setDrafting('scratch')}>{t('board.draftScratch')}</Button>
            <Button danger onClick={() => void askClose()} loading={close.isPending}>
              {t('board.close')}
            </Button>
          </p>
        </>
      )}
      {drafting && (
        <DraftDialog
          incidentId={id}
          from={drafting === 'scratch' ? null : drafting}
          onDone={(next) => {
            setDrafting(null);
            if (next) done(t('board.drafted'))(next);
          }}
        />
      )}
      {dialog}
    </section>
  );
}

interface DraftValues {
  title: string;
  summary: string;
  body: string;
}

/** Plain paragraphs typed in a text box, as the rich text the library stores. */
const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`)
    .join('');

function DraftDialog({
  incidentId,
  from,
  onDone,
}: {
  incidentId: string;
  from: Proposal | null;
  onDone: (board: Board | null) => void;
}) {
  const { t } = usePrefs();
  const [form] = Form.useForm<DraftValues>();
  const submit = useFormMutation<DraftValues, Board>(form, {
    mutationFn: (v) =>
      call(
        api.POST('/api/incidents/{id}/explainers', {
          params: { path: { id: incidentId } },
          body: from
            ? { reserveWorkId: from.workId, title: v.title, summary: v.summary }
            : { title: v.title, summary: v.summary, body: paragraphs(v.body) },
        }),
      ),
    onSuccess: (board) => onDone(board),
  });
  return (
    <FormModal
      open
      title={from ? t('board.draftFromTitle', { title: from.title }) : t('board.draftTitle')}
      okText={from ? t('board.draftFrom') : t('board.draftScratch')}
      submit={submit}
      onCancel={() => onDone(null)}
    >
      {from && <p className="muted">{t('board.draftHelp')}</p>}
      <Form
        form={form}
        layout="vertical"
        name="draft-explainer"
        initialValues={{ title: from?.title ?? '', summary: from?.summary ?? '', body: '' }}
      >
        <Form.Item
          name="title"
          label={t('board.titleLabel')}
          rules={[{ required: true, whitespace: true, message: t('board.titleRequired') }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="summary" label={t('board.summary')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {!from && (
          <Form.Item
            name="body"
            label={t('board.body')}
            rules={[{ required: true, whitespace: true, message: t('board.bodyRequired') }]}
          >
            <Input.TextArea rows={8} maxLength={20_000} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
