import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Radio, Space, Table } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { chinaWhen } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Item = Answer<'/api/activity-feedback', 'get'>['items'][number];
type Status = Item['commentStatus'];
type By = Answer<'/api/activity-satisfaction', 'get'>['by'];
type Group = Answer<'/api/activity-satisfaction', 'get'>['items'][number];
const STATUSES: Status[] = ['PENDING', 'APPROVED', 'REJECTED'];
const BYS: By[] = ['activity', 'host', 'base', 'province'];

/** "5★ 2 · 4★ 1 …": the distribution, most stars first. */
function distributionText(d: number[]): string {
  return [5, 4, 3, 2, 1].map((s) => `${s}★ ${d[s - 1] ?? 0}`).join(' · ');
}

/** 活动评价: the host's staff approve or refuse attendees' comments, and read satisfaction. */
export function FeedbackPage() {
  const { t } = usePrefs();
  usePageTitle(t('act.menu.feedback'));
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const reason = useRef('');
  const [status, setStatus] = useState<Status>('PENDING');
  const [page, setPage] = useState(1);
  const [by, setBy] = useState<By>('activity');
  const list = useQuery({
    queryKey: ['activity-feedback', status, page],
    queryFn: () =>
      call(
        api.GET('/api/activity-feedback', { params: { query: { status, page, pageSize: 20 } } }),
      ),
  });
  const figures = useQuery({
    queryKey: ['activity-satisfaction', by],
    queryFn: () => call(api.GET('/api/activity-satisfaction', { params: { query: { by } } })),
  });

  async function moderate(f: Item, approve: boolean) {
    reason.current = '';
    const yes = await confirm(
      approve
        ? {
            title: t('acto.fb.approveTitle'),
            body: t('acto.fb.approveBody', { comment: f.comment }),
            action: t('acto.fb.approve'),
          }
        : {
            title: t('acto.fb.rejectTitle'),
            body: (
              <>
                <p>{f.comment}</p>
                <label htmlFor="fb-reason">{t('acto.fb.reason')}</label>
                <Input.TextArea
                  id="fb-reason"
                  maxLength={500}
                  autoSize={{ minRows: 2 }}
                  onChange={(e) => {
                    reason.current = e.target.value;
                  }}
                />
              </>
            ),
            action: t('acto.fb.reject'),
            danger: true,
          },
    );
    if (!yes) return;
    try {
      await call(
        api.POST('/api/activity-feedback/{id}/moderate', {
          params: { path: { id: f.id } },
          body: { approve, reason: reason.current.trim() || null },
        }),
      );
      message.success(approve ? t('acto.fb.approved') : t('acto.fb.rejected'));
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['activity-feedback'] }),
        qc.invalidateQueries({ queryKey: ['activity-satisfaction'] }),
      ]);
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <>
      <h1>{t('act.menu.feedback')}</h1>
      <p>{t('acto.fb.text')}</p>
      <section className="section" aria-labelledby="fb-comments">
        <h2 id="fb-comments">{t('acto.fb.comments')}</h2>
        <Radio.Group
          className="kind-switch"
          optionType="button"
          buttonStyle="solid"
          aria-label={t('acto.fb.statusLabel')}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Status);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({
            value: s,
            label: t(`acto.fb.status.${s}` as MessageKey),
          }))}
        />
        {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
        <Table<Item>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          locale={{ emptyText: t(`acto.fb.none.${status}` as MessageKey) }}
          columns={[
            {
              title: t('acto.titleField'),
              dataIndex: 'activityTitle',
              render: (v: string, f) => <Link to={`/activities/${f.activityId}`}>{v}</Link>,
            },
            { title: t('acto.host'), dataIndex: 'host' },
            {
              title: t('acto.fb.rating'),
              dataIndex: 'rating',
              render: (v: number) => t('acto.fb.stars', { n: v }),
            },
            {
              title: t('acto.fb.comment'),
              dataIndex: 'comment',
              render: (v: string) => <span className="fb-comment">{v}</span>,
            },
            { title: t('acto.fb.person'), dataIndex: 'userName' },
            {
              title: t('acto.fb.given'),
              dataIndex: 'updatedAt',
              render: (v: string) => chinaWhen(v),
            },
            ...(status === 'REJECTED'
              ? [{ title: t('acto.fb.reason'), dataIndex: 'moderationReason' }]
              : []),
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, f: Item) => (
                <Space size={4} wrap>
                  {f.commentStatus !== 'APPROVED' && (
                    <Button size="small" type="primary" onClick={() => moderate(f, true)}>
                      {t('acto.fb.approve')}
                    </Button>
                  )}
                  {f.commentStatus !== 'REJECTED' && (
                    <Button size="small" danger onClick={() => moderate(f, false)}>
                      {t('acto.fb.reject')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </section>
      <section className="section" aria-labelledby="fb-figures">
        <h2 id="fb-figures">{t('acto.fb.satisfaction')}</h2>
        <p>{t('acto.fb.satisfactionText')}</p>
        <Radio.Group
          className="kind-switch"
          optionType="button"
          buttonStyle="solid"
          aria-label={t('acto.fb.byLabel')}
          value={by}
          onChange={(e) => setBy(e.target.value as By)}
          options={BYS.map((b) => ({ value: b, label: t(`acto.fb.by.${b}` as MessageKey) }))}
        />
        {figures.isError && <Alert type="error" showIcon title={errorMessage(figures.error)} />}
        {figures.data && figures.data.overall.count > 0 && (
          <p>
            {t('acto.fb.overall', {
              mean: figures.data.overall.mean?.toFixed(2) ?? '—',
              n: figures.data.overall.count,
            })}
          </p>
        )}
        <Table<Group>
          rowKey="key"
          loading={figures.isPending}
          dataSource={figures.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('acto.fb.noRatings') }}
          columns={[
            { title: t(`acto.fb.by.${by}` as MessageKey), dataIndex: 'name' },
            {
              title: t('acto.fb.mean'),
              dataIndex: 'mean',
              render: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
            },
            { title: t('acto.fb.count'), dataIndex: 'count' },
            {
              title: t('acto.fb.distribution'),
              dataIndex: 'distribution',
              render: (d: number[]) => distributionText(d),
            },
          ]}
        />
      </section>
      {dialog}
    </>
  );
}
