import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Table,
  Tag,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer, Me } from '../api/types.ts';
import { formatDateTime, type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { todayInChina } from '../lib/dates.ts';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { CallEditor } from './CallEditor.tsx';
import {
  type Call,
  DEFAULT_NOTICE_WORKING_DAYS,
  type ItemListItem,
  type ItemStatus,
  type Notice,
  type Ranking,
} from './shared.ts';
import { useReviewSubject } from './subjects.ts';

type Objection = Answer<'/api/review-notices/{id}/objections', 'get'>[number];

export function ItemStatusTag({ status }: { status: ItemStatus }) {
  const { t } = usePrefs();
  return (
    <Tag className={`review-status review-status-${status}`}>
      {t(`rv.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** "At least one" without aria-required (not allowed on a checkbox group's container). */
const pickSome = (message: string) => ({
  validator: (_: unknown, v: unknown) =>
    Array.isArray(v) && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(message)),
});

function useItems(callId: string, status?: ItemStatus) {
  return useQuery({
    queryKey: ['review-items', callId, status ?? 'all'],
    queryFn: () =>
      call(
        api.GET('/api/review-items', {
          params: { query: { callId, pageSize: 1000, ...(status ? { status } : {}) } },
        }),
      ),
  });
}

function ExpertReviewPanel({ c }: { c: Call }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const ranking = useQuery({
    queryKey: ['review-ranking', c.id],
    queryFn: () =>
      call(api.GET('/api/review-calls/{id}/ranking', { params: { path: { id: c.id } } })),
  });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['review-ranking', c.id] });
    await qc.invalidateQueries({ queryKey: ['review-items', c.id] });
    await qc.invalidateQueries({ queryKey: ['review-call', c.id] });
  };
  const onError = (e: Error) => message.error(errorMessage(e));
  const autoAssign = useMutation({
    mutationFn: () =>
      call(api.POST('/api/review-calls/{id}/auto-assign', { params: { path: { id: c.id } } })),
    onSuccess: async (r) => {
      message.success(t('rv.autoDone', { n: r.assigned, items: r.items }));
      if (r.short.length) message.warning(t('rv.autoShort', { n: r.short.length }));
      await refresh();
    },
    onError,
  });
  async function auto() {
    const go = await confirm({
      title: t('confirm.autoAssign.title', { title: c.title }),
      body: t('confirm.autoAssign.body', { n: c.reviewersPerItem }),
      action: t('confirm.autoAssign.ok'),
    });
    if (go) autoAssign.mutate();
  }
  // One step from reading the latest scores to the round closed: the button spins throughout.
  const closeRound = useMutation({
    mutationFn: async () => {
      // Read again now: the dialog names who has not scored yet, as of this moment.
      const missing = (await ranking.refetch()).data?.missing ?? [];
      const go = await confirm({
        title: t('confirm.closeRound.title', { n: c.round }),
        body: (
          <>
            {missing.length === 0 ? (
              <p>{t('confirm.closeRound.complete')}</p>
            ) : (
              <>
                <p>
                  {t('confirm.closeRound.missing', {
                    count: missing.reduce((n, m) => n + m.items.length, 0),
                  })}
                </p>
                <ul className="confirm-list">
                  {missing.map((m) => (
                    <li key={m.reviewerId}>
                      {t('confirm.closeRound.missingOne', {
                        name: m.reviewerName,
                        items: m.items.join('、'),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <p>{t('confirm.closeRound.body')}</p>
          </>
        ),
        action: t('confirm.closeRound.ok'),
        danger: missing.length > 0,
      });
      if (!go) return false;
      await call(
        api.POST('/api/review-calls/{id}/rounds/close', { params: { path: { id: c.id } } }),
      );
      return true;
    },
    onSuccess: async (closed) => {
      if (!closed) return;
      message.success(t('rv.roundClosed', { n: c.round }));
      await refresh();
    },
    onError,
  });
  const [shortlist, setShortlist] = useState<string[]>([]);
  const reviewed = (ranking.data?.items ?? []).filter((i) => i.status === 'REVIEWED');
  const next = useMutation({
    mutationFn: (itemIds: string[]) =>
      call(
        api.POST('/api/review-calls/{id}/rounds/next', {
          params: { path: { id: c.id } },
          body: { itemIds },
        }),
      ),
    onSuccess: async (_, itemIds) => {
      message.success(t('rv.nextRoundDone', { n: c.round + 1, items: itemIds.length }));
      setShortlist([]);
      await refresh();
    },
    onError,
  });
  async function nextRound() {
    if (shortlist.length === 0) return;
    const go = await confirm({
      title: t('confirm.nextRound.title', { n: shortlist.length, round: c.round + 1 }),
      body: t('confirm.nextRound.body'),
      action: t('confirm.nextRound.ok', { round: c.round + 1 }),
    });
    if (go) next.mutate(shortlist);
  }
  return (
    <section className="panel" aria-labelledby="expert-h">
      <h2 id="expert-h">
        {t('rv.stage.EXPERT_REVIEW')} · {t('rv.round', { n: c.round })}
      </h2>
      {dialog}
      <p>{t('rv.expertText', { n: c.reviewersPerItem })}</p>
      <div className="toolbar">
        <Button type="primary" loading={autoAssign.isPending} onClick={auto}>
          {t('rv.autoAssign')}
        </Button>
        <Button loading={closeRound.isPending} onClick={() => closeRound.mutate()}>
          {t('rv.closeRound')}
        </Button>
        <ExportButton
          path={`/api/review-calls/${c.id}/export`}
          query={{ what: 'ranking' }}
          filename="排名与决定.xlsx"
          label={t('rv.exportRanking')}
        />
        <ExportButton
          path={`/api/review-calls/${c.id}/export`}
          query={{ what: 'scores' }}
          filename="评分明细.xlsx"
          label={t('rv.exportScores')}
        />
      </div>
      {ranking.isError && <Alert type="error" showIcon title={errorMessage(ranking.error)} />}
      <Table<Ranking['items'][number]>
        rowKey="itemId"
        size="small"
        loading={ranking.isPending}
        dataSource={ranking.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('rv.noScores') }}
        rowSelection={
          reviewed.length > 1
            ? {
                selectedRowKeys: shortlist,
                onChange: (keys) => setShortlist(keys as string[]),
                getCheckboxProps: (r) => ({
                  disabled: r.status !== 'REVIEWED',
                  'aria-label': t('rv.shortlistOne', { title: r.title }),
                }),
              }
            : undefined
        }
        caption={t('rv.rankingCaption', {
          agg: t(`rv.agg.${c.aggregation}` as MessageKey),
          norm: c.normalize ? t('rv.withNormalize') : '',
        })}
        columns={[
          { title: t('rv.rank'), dataIndex: 'rank', render: (v: number | null) => v ?? '—' },
          {
            title: t('rv.itemTitle'),
            dataIndex: 'title',
            render: (v: string, r: { itemId: string }) => (
              <Link to={`/admin/review-items/${r.itemId}`}>{v}</Link>
            ),
          },
          { title: t('rv.applicant'), dataIndex: 'applicantName' },
          { title: t('rv.reviews'), dataIndex: 'reviews' },
          {
            title: t('rv.aggregate'),
            dataIndex: 'aggregate',
            render: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: ItemStatus) => <ItemStatusTag status={s} />,
          },
        ]}
      />
      {reviewed.length > 1 && (
        <div className="button-row">
          <span className="muted">{t('rv.shortlistHelp')}</span>
          <Button disabled={shortlist.length === 0} loading={next.isPending} onClick={nextRound}>
            {t('rv.nextRound', { n: shortlist.length })}
          </Button>
        </div>
      )}
    </section>
  );
}

function ObjectionsTable({ notice, onChange }: { notice: Notice; onChange: () => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [handling, setHandling] = useState<{ id: string; outcome: 'UPHELD' | 'DISMISSED' } | null>(
    null,
  );
  const [text, setText] = useState('');
  const list = useQuery({
    queryKey: ['objections', notice.id],
    queryFn: () =>
      call(api.GET('/api/review-notices/{id}/objections', { params: { path: { id: notice.id } } })),
  });
  const handle = useMutation({
    mutationFn: (h: { id: string; outcome: 'UPHELD' | 'DISMISSED'; text: string }) =>
      call(
        api.POST('/api/review-objections/{id}/handle', {
          params: { path: { id: h.id } },
          body: { handling: h.text, outcome: h.outcome },
        }),
      ),
    onSuccess: async () => {
      message.success(t('rv.objectionHandled'));
      setHandling(null);
      setText('');
      await list.refetch();
      onChange();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <>
      <Table<Objection>
        rowKey="id"
        size="small"
        dataSource={list.data ?? []}
        loading={list.isPending}
        pagination={false}
        locale={{ emptyText: t('rv.noObjections') }}
        columns={[
          { title: t('rv.itemTitle'), dataIndex: 'itemTitle' },
          {
            title: t('rv.objector'),
            key: 'who',
            render: (_: unknown, o) => `${o.name}（${o.contact}）`,
          },
          { title: t('rv.objectionText'), dataIndex: 'text' },
          {
            title: t('rv.handling'),
            key: 'h',
            render: (_: unknown, o) =>
              o.status === 'HANDLED' ? (
                `${t(`rv.outcome.${o.outcome}` as MessageKey)}：${o.handling}`
              ) : (
                <span className="button-row">
                  <Button
                    size="small"
                    onClick={() => setHandling({ id: o.id, outcome: 'DISMISSED' })}
                  >
                    {t('rv.dismiss')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setHandling({ id: o.id, outcome: 'UPHELD' })}
                  >
                    {t('rv.uphold')}
                  </Button>
                </span>
              ),
          },
        ]}
      />
      <Modal
        open={!!handling}
        title={handling?.outcome === 'UPHELD' ? t('rv.uphold') : t('rv.dismiss')}
        onCancel={() => setHandling(null)}
        onOk={() => {
          if (handling && text.trim()) handle.mutate({ ...handling, text: text.trim() });
        }}
        okText={handling?.outcome === 'UPHELD' ? t('rv.uphold') : t('rv.dismiss')}
        okButtonProps={{ danger: handling?.outcome === 'UPHELD', loading: handle.isPending }}
        cancelText={t('form.cancel')}
      >
        <label htmlFor="handling-text">{t('rv.handlingRecord')}</label>
        <Input.TextArea
          id="handling-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 3 }}
        />
        {handling?.outcome === 'UPHELD' && <p className="muted">{t('rv.upholdHelp')}</p>}
      </Modal>
    </>
  );
}

interface NoticeValues {
  title: string;
  startsAt: string;
  workingDays: number;
  endsAt?: string;
  itemIds: string[];
}

/**
 * The notice's last day, from its first and its length in working days over the platform's
 * working calendar (weekends and entered holidays skipped): set into the form as they change.
 */
function useWorkingDaysEnd(form: ReturnType<typeof Form.useForm<NoticeValues>>[0]) {
  const startsAt = Form.useWatch('startsAt', form);
  const workingDays = Form.useWatch('workingDays', form);
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(startsAt ?? '') &&
    Number.isInteger(workingDays) &&
    workingDays >= 1 &&
    workingDays <= 60;
  const end = useQuery({
    queryKey: ['working-days', startsAt, workingDays],
    queryFn: () =>
      call(
        api.GET('/api/working-days', {
          params: { query: { from: startsAt, days: workingDays } },
        }),
      ),
    enabled: valid,
  });
  const endsAt = valid ? end.data?.endsAt : undefined;
  useEffect(() => {
    if (endsAt) form.setFieldValue('endsAt', endsAt);
  }, [endsAt, form]);
}

function NoticePanel({ c }: { c: Call }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const accepted = useItems(c.id, 'ACCEPTED');
  const { confirm, dialog } = useConfirm();
  const notices = useQuery({
    queryKey: ['review-notices', c.id],
    queryFn: () =>
      call(api.GET('/api/review-calls/{id}/notices', { params: { path: { id: c.id } } })),
  });
  const [form] = Form.useForm<NoticeValues>();
  useWorkingDaysEnd(form);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['review-notices', c.id] });
    await qc.invalidateQueries({ queryKey: ['review-items', c.id] });
  };
  const publish = useFormMutation(form, {
    mutationFn: (v: NoticeValues) =>
      call(api.POST('/api/review-calls/{id}/notices', { params: { path: { id: c.id } }, body: v })),
    onSuccess: async () => {
      message.success(t('rv.noticeCreated'));
      form.resetFields(['itemIds']);
      await refresh();
    },
  });
  const closeNotice = useMutation({
    mutationFn: (n: Notice) =>
      call(api.POST('/api/review-notices/{id}/close', { params: { path: { id: n.id } } })),
    onSuccess: async () => {
      message.success(t('rv.noticeClosed'));
      await refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  async function create(v: NoticeValues) {
    publish.setAlert(null);
    const go = await confirm({
      title: t('confirm.notice.title', { title: v.title }),
      body: t('confirm.notice.body', { n: v.itemIds.length }),
      action: t('confirm.notice.ok'),
    });
    if (go) publish.mutate(v);
  }
  async function close(n: Notice) {
    const go = await confirm({
      title: t('confirm.closeNotice.title', { title: n.title }),
      body: t('confirm.closeNotice.body'),
      action: t('confirm.closeNotice.ok'),
    });
    if (go) closeNotice.mutate(n);
  }
  const items = accepted.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="notice-h">
      <h2 id="notice-h">{t('rv.stage.PUBLIC_NOTICE')}</h2>
      {dialog}
      {items.length > 0 && (
        <Form
          form={form}
          name="new-notice"
          layout="vertical"
          onFinish={create}
          initialValues={{
            title: `${c.title}拟入选名单公示`,
            startsAt: todayInChina(),
            workingDays: c.settings.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
          }}
        >
          <FormAlert text={publish.alert} />
          <Form.Item
            label={t('rv.noticeItems')}
            name="itemIds"
            rules={[pickSome(t('rv.pickItems'))]}
          >
            <Checkbox.Group
              options={items.map((i) => ({
                value: i.id,
                label: `${i.title}（${i.applicantName}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            label={t('rv.noticeTitle')}
            name="title"
            rules={[
              { required: true, message: t('form.required', { field: t('rv.noticeTitle') }) },
            ]}
          >
            <Input maxLength={120} />
          </Form.Item>
          <div className="form-grid">
            <Form.Item label={t('rv.startsAt')} name="startsAt">
              <Input type="date" />
            </Form.Item>
            <Form.Item
              label={t('rv.workingDays')}
              name="workingDays"
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 1,
                  max: 60,
                  message: t('rv.workingDaysRule'),
                },
              ]}
            >
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item label={t('rv.endsAt')} name="endsAt" extra={t('rv.workingDaysHelp')}>
              <Input type="date" />
            </Form.Item>
          </div>
          <Button type="primary" htmlType="submit" loading={publish.isPending}>
            {t('rv.publishNotice')}
          </Button>
        </Form>
      )}
      {notices.data?.map((n) => (
        <div key={n.id} className="notice-block">
          <h3>
            {n.title} <Tag>{t(`rv.noticeStatus.${n.status}` as MessageKey)}</Tag>
          </h3>
          <p>
            {t('rv.noticePeriod', { from: n.startsAt, to: n.endsAt })} ·{' '}
            <Link to={`/notices/${n.id}`}>{t('rv.viewNotice')}</Link>
          </p>
          <ObjectionsTable notice={n} onChange={refresh} />
          {n.status === 'OPEN' && (
            <Button
              loading={closeNotice.isPending && closeNotice.variables?.id === n.id}
              onClick={() => close(n)}
            >
              {t('rv.closeNotice')}
            </Button>
          )}
        </div>
      ))}
    </section>
  );
}

interface NamingValues {
  itemIds: string[];
  tier: 'NATIONAL' | 'MINISTRY' | 'PROVINCIAL';
  docNo: string;
  namedAt: string;
  validityYears: number;
}

function NamingPanel({ c }: { c: Call }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const confirmed = useItems(c.id, 'CONFIRMED');
  const { confirm, dialog } = useConfirm();
  const [form] = Form.useForm<NamingValues>();
  const name = useFormMutation(form, {
    mutationFn: (v: NamingValues) =>
      call(api.POST('/api/bases/naming', { body: { ...v, callId: c.id } })),
    onSuccess: async (r) => {
      message.success(t('rv.named', { n: r.named.length }));
      await qc.invalidateQueries({ queryKey: ['review-items', c.id] });
    },
  });
  const items = confirmed.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="naming-h">
      <h2 id="naming-h">{t('rv.naming')}</h2>
      <p>{t('rv.namingText')}</p>
      {dialog}
      <FormAlert text={name.alert} />
      <Form
        form={form}
        name="naming"
        layout="vertical"
        initialValues={{ tier: 'NATIONAL', namedAt: todayInChina(), validityYears: 5 }}
        onFinish={async (v) => {
          name.setAlert(null);
          const picked = items.filter((i) => v.itemIds.includes(i.id));
          const go = await confirm({
            title: t('confirm.naming.title', { n: picked.length }),
            body: t('confirm.naming.body', {
              docNo: v.docNo,
              names: picked.map((i) => i.title).join('、'),
            }),
            action: t('confirm.naming.ok'),
          });
          if (go) name.mutate(v);
        }}
      >
        <Form.Item label={t('rv.namingItems')} name="itemIds" rules={[pickSome(t('rv.pickItems'))]}>
          <Checkbox.Group options={items.map((i) => ({ value: i.id, label: i.title }))} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item label={t('base.tier')} name="tier">
            <Select
              options={['NATIONAL', 'MINISTRY', 'PROVINCIAL'].map((x) => ({
                value: x,
                label: t(`base.tierName.${x}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item
            label={t('rv.namingDocNo')}
            name="docNo"
            rules={[
              { required: true, message: t('form.required', { field: t('rv.namingDocNo') }) },
            ]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item label={t('rv.namedAt')} name="namedAt">
            <Input type="date" />
          </Form.Item>
          <Form.Item label={t('rv.validityYears')} name="validityYears">
            <InputNumber min={1} max={20} />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" loading={name.isPending}>
          {t('rv.nameBatch')}
        </Button>
      </Form>
    </section>
  );
}

export function CallDetailPage({ me }: { me: Me }) {
  const { t, lang } = usePrefs();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const q = useQuery({
    queryKey: ['review-call', id],
    queryFn: () => call(api.GET('/api/review-calls/{id}', { params: { path: { id } } })),
  });
  const items = useItems(id);
  const c = q.data;
  const subject = useReviewSubject(c?.subjectKind ?? '');
  usePageTitle(c?.title ?? t('rv.calls'));
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!c) return <Skeleton active aria-busy />;
  const has = (k: string) => c.stages.some((s) => s.kind === k);
  const manage = c.abilities.manage;
  const canApply =
    c.status === 'OPEN' &&
    !manage &&
    me.grants.some((g) => ['MEMBER', 'EDITOR', 'ORG_ADMIN'].includes(g.role));
  async function move(to: 'open' | 'close') {
    if (!c) return;
    // Keys written out, so that scripts/i18n-scope.test.ts can tell which dictionary they need.
    const go = await confirm(
      to === 'open'
        ? {
            title: t('confirm.openCall.title', { title: c.title }),
            body: t('confirm.openCall.body'),
            action: t('confirm.openCall.ok'),
          }
        : {
            title: t('confirm.closeCall.title', { title: c.title }),
            body: t('confirm.closeCall.body'),
            action: t('confirm.closeCall.ok'),
          },
    );
    if (!go) return;
    try {
      const path = `/api/review-calls/{id}/${to}` as '/api/review-calls/{id}/open';
      const saved = await call(api.POST(path, { params: { path: { id } } }));
      qc.setQueryData(['review-call', id], saved);
      message.success(t(`rv.call.${to}Done` as MessageKey));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/reviews">{t('rv.calls')}</Link>
      </p>
      {dialog}
      <h1>
        {c.title}{' '}
        <Tag className={`call-status call-status-${c.status} status-tag`}>
          {t(`rv.callStatus.${c.status}` as MessageKey)}
        </Tag>
      </h1>
      <div className="toolbar">
        {manage && c.status === 'DRAFT' && (
          <Button type="primary" onClick={() => move('open')}>
            {t('rv.openCall')}
          </Button>
        )}
        {manage && c.status === 'OPEN' && (
          <Button onClick={() => move('close')}>{t('rv.closeCall')}</Button>
        )}
        {canApply && (
          <Button type="primary" onClick={() => navigate(`/admin/reviews/${id}/apply`)}>
            {t('rv.apply')}
          </Button>
        )}
      </div>
      <section className="panel" aria-labelledby="call-h">
        <h2 id="call-h">{t('rv.overview')}</h2>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('rv.docNo')}>{c.docNo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rv.organiser')}>{c.organisationName}</Descriptions.Item>
          <Descriptions.Item label={t('rv.subjectKind')}>{subject?.label ?? ''}</Descriptions.Item>
          <Descriptions.Item
            label={t('rv.period')}
          >{`${c.opensAt} ~ ${c.closesAt}`}</Descriptions.Item>
          <Descriptions.Item label={t('rv.stages')}>
            {c.stages
              .map(
                (s) =>
                  t(`rv.stage.${s.kind}` as MessageKey) +
                  (s.deadline ? `（${s.deadline}）` : '') +
                  (s.actorOrgName ? t('rv.actedBy', { org: s.actorOrgName }) : ''),
              )
              .join(' → ')}
          </Descriptions.Item>
          {has('EXPERT_REVIEW') && (
            <Descriptions.Item label={t('rv.rubric')}>
              {c.rubric.map((r) => `${r.label}（${t('rv.weight')} ${r.weight}）`).join('；')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </section>
      {manage && c.status === 'DRAFT' && <CallEditor key={c.updatedAt} c={c} />}
      <section className="panel" aria-labelledby="items-h">
        <h2 id="items-h">{t('rv.applications')}</h2>
        {items.isError && <Alert type="error" showIcon title={errorMessage(items.error)} />}
        <Table<ItemListItem>
          rowKey="id"
          size="small"
          loading={items.isPending}
          dataSource={items.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rv.noItems') }}
          columns={[
            {
              title: t('rv.itemTitle'),
              dataIndex: 'title',
              render: (v: string, i) => <Link to={`/admin/review-items/${i.id}`}>{v}</Link>,
            },
            { title: t('rv.applicant'), dataIndex: 'applicantName' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (s: ItemStatus) => <ItemStatusTag status={s} />,
            },
            {
              title: t('rv.submittedAt'),
              dataIndex: 'submittedAt',
              render: (v: string | null) => (v ? formatDateTime(v, lang) : '—'),
            },
          ]}
        />
      </section>
      {manage && has('EXPERT_REVIEW') && c.status !== 'DRAFT' && <ExpertReviewPanel c={c} />}
      {manage && has('PUBLIC_NOTICE') && c.status !== 'DRAFT' && <NoticePanel c={c} />}
      {manage && c.subjectKind === 'BASE' && <NamingPanel c={c} />}
    </>
  );
}
