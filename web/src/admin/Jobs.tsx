import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { formatDateTime, type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { usePaging } from '../lib/paging.tsx';

type Job = Answer<'/api/admin/jobs', 'get'>['items'][number];
type State = Job['state'];

const STATES: State[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'];
const STATE_COLOR: Record<State, string> = {
  QUEUED: 'state-tag state-tag-info',
  RUNNING: 'state-tag state-tag-info',
  SUCCEEDED: 'state-tag state-tag-ok',
  FAILED: 'state-tag state-tag-warn',
};

/** 后台任务 (platform administrators): what the job runner did and will do; run now, retry. */
export function JobsPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('admin.jobs'));
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [state, setState] = useState<State | undefined>();
  const { page, first, pagination } = usePaging();
  const jobs = useQuery({
    queryKey: ['jobs', state, page],
    queryFn: () =>
      call(
        api.GET('/api/admin/jobs', {
          params: { query: { ...page, ...(state ? { state } : {}) } },
        }),
      ),
  });
  const act = useMutation({
    mutationFn: ({ id, retry }: { id: string; retry: boolean }) =>
      call(
        retry
          ? api.POST('/api/admin/jobs/{id}/retry', { params: { path: { id } } })
          : api.POST('/api/admin/jobs/{id}/run', { params: { path: { id } } }),
      ),
    onSuccess: async (_d, v) => {
      message.success(v.retry ? t('jobs.retried') : t('jobs.runSoon'));
      await qc.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  const stateName = (s: State) => t(`jobs.state.${s}` as MessageKey);
  return (
    <>
      <h1>{t('admin.jobs')}</h1>
      <p>{t('jobs.intro')}</p>
      <div className="button-row" style={{ marginBottom: 16, alignItems: 'center' }}>
        <label htmlFor="job-state">{t('jobs.filterState')}</label>
        <Select
          id="job-state"
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('jobs.allStates')}
          value={state}
          onChange={(v?: State) => {
            setState(v);
            first();
          }}
          options={STATES.map((s) => ({ value: s, label: stateName(s) }))}
        />
      </div>
      {act.error && <Alert type="error" showIcon title={errorMessage(act.error)} />}
      {jobs.isError && <Alert type="error" showIcon title={errorMessage(jobs.error)} />}
      <Table<Job>
        rowKey="id"
        loading={jobs.isPending}
        dataSource={jobs.data?.items}
        pagination={pagination(jobs.data?.total)}
        scroll={{ x: 720 }}
        columns={[
          { title: t('jobs.kind'), dataIndex: 'label' },
          {
            title: t('jobs.stateCol'),
            dataIndex: 'state',
            render: (s: State) => <Tag className={STATE_COLOR[s]}>{stateName(s)}</Tag>,
          },
          {
            title: t('jobs.attempts'),
            render: (_, j) => `${j.attempts} / ${j.maxAttempts}`,
          },
          {
            title: t('jobs.runAt'),
            dataIndex: 'runAt',
            render: (v: string) => formatDateTime(v, lang),
          },
          {
            title: t('jobs.lastError'),
            dataIndex: 'lastError',
            render: (v: string | null) =>
              v ? (
                <details>
                  <summary>{v.split('\n')[0]!.slice(0, 80)}</summary>
                  <pre className="job-error">{v}</pre>
                </details>
              ) : (
                '—'
              ),
          },
          {
            title: t('common.actions'),
            render: (_, j) =>
              j.state === 'FAILED' ? (
                <Button
                  size="small"
                  onClick={() => act.mutate({ id: j.id, retry: true })}
                  aria-label={t('jobs.retryOf', { name: j.label })}
                >
                  {t('jobs.retry')}
                </Button>
              ) : j.state === 'QUEUED' ? (
                <Button
                  size="small"
                  onClick={() => act.mutate({ id: j.id, retry: false })}
                  aria-label={t('jobs.runOf', { name: j.label })}
                >
                  {t('jobs.run')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}
