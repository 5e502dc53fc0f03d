import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Space, Table } from 'antd';
import { useRef } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { chinaWhen } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { useCampaigns } from './shared.ts';

type Pending = Answer<'/api/activities/pending-review', 'get'>['items'][number];

/** 活动审核: the office approves activities of campaigns that require it, or sends them back. */
export function ReviewPage() {
  const { t } = usePrefs();
  usePageTitle(t('act.menu.review'));
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const note = useRef('');
  const campaigns = useCampaigns().data?.items ?? [];
  const list = useQuery({
    queryKey: ['activities-pending'],
    queryFn: () => call(api.GET('/api/activities/pending-review')),
  });
  async function review(a: Pending, approve: boolean) {
    note.current = '';
    const yes = await confirm(
      approve
        ? {
            title: t('acto.approveTitle', { title: a.title }),
            body: t('acto.approveBody'),
            action: t('acto.approve'),
          }
        : {
            title: `${t('acto.sendBack')}：${a.title}`,
            body: (
              <>
                <label htmlFor="review-note">{t('acto.sendBackNote')}</label>
                <Input.TextArea
                  id="review-note"
                  maxLength={500}
                  autoSize={{ minRows: 2 }}
                  onChange={(e) => {
                    note.current = e.target.value;
                  }}
                />
              </>
            ),
            action: t('acto.sendBack'),
            danger: true,
          },
    );
    if (!yes) return;
    try {
      await call(
        api.POST('/api/activities/{id}/review', {
          params: { path: { id: a.id } },
          body: { approve, note: note.current.trim() || null },
        }),
      );
      message.success(t('acto.reviewed'));
      await qc.invalidateQueries({ queryKey: ['activities-pending'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <>
      <h1>{t('act.menu.review')}</h1>
      <p>{t('acto.reviewText')}</p>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Pending>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={{ emptyText: t('acto.noPending') }}
        columns={[
          {
            title: t('acto.titleField'),
            dataIndex: 'title',
            render: (v: string, a) => <Link to={`/admin/activities/${a.id}`}>{v}</Link>,
          },
          { title: t('acto.host'), dataIndex: 'host' },
          {
            title: t('acto.campaign'),
            dataIndex: 'campaignId',
            render: (id: string | null) => {
              const c = campaigns.find((x) => x.id === id);
              return c ? `${c.year} ${c.themeDayName}` : '—';
            },
          },
          {
            title: t('acto.submittedAt'),
            dataIndex: 'submittedAt',
            render: (v: string) => chinaWhen(v),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, a) => (
              <Space size={4} wrap>
                <Button size="small" type="primary" onClick={() => review(a, true)}>
                  {t('acto.approve')}
                </Button>
                <Button size="small" danger onClick={() => review(a, false)}>
                  {t('acto.sendBack')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {dialog}
    </>
  );
}
