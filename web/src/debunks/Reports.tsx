import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

type Report = Answer<'/api/rumour-reports', 'get'>['items'][number];
type Status = Report['status'];
type Triage =
  | { action: 'TRIAGE' | 'REJECT' }
  | { action: 'MERGE'; into: string }
  | { action: 'LINK'; debunkId: string };
const PAGE_SIZE = 20;
const STATUSES: Status[] = ['NEW', 'TRIAGED', 'LINKED', 'DUPLICATE', 'REJECTED'];
const STATUS_CLASS: Record<Status, string> = {
  NEW: 'state-tag state-tag-warn',
  TRIAGED: 'state-tag state-tag-plain',
  LINKED: 'state-tag state-tag-ok',
  DUPLICATE: 'state-tag state-tag-plain',
  REJECTED: 'state-tag state-tag-plain',
};

/** 谣言举报: the office triages the public's reports, merges duplicates, links them to debunks. */
export function RumourReportsPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('dbkAdmin.reportsTitle'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { confirm, dialog } = useConfirm();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | ''>('');
  const [choose, setChoose] = useState<{ report: Report; kind: 'MERGE' | 'LINK' } | null>(null);
  const [target, setTarget] = useState<string | undefined>();
  const list = useQuery({
    queryKey: ['rumour-reports', page, status],
    queryFn: () =>
      call(
        api.GET('/api/rumour-reports', {
          params: { query: { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) } },
        }),
      ),
  });
  const open = useQuery({
    queryKey: ['rumour-reports', 'open'],
    queryFn: () => call(api.GET('/api/rumour-reports', { params: { query: { pageSize: 100 } } })),
    enabled: choose?.kind === 'MERGE',
  });
  const debunks = useQuery({
    queryKey: ['debunks', 'pick'],
    queryFn: () => call(api.GET('/api/debunks', { params: { query: { pageSize: 100 } } })),
    enabled: choose?.kind === 'LINK',
  });
  const act = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Triage }) =>
      call(api.POST('/api/rumour-reports/{id}/triage', { params: { path: { id } }, body })),
    onSuccess: () => {
      message.success(t('dbkAdmin.done'));
      setChoose(null);
      setTarget(undefined);
      void qc.invalidateQueries({ queryKey: ['rumour-reports'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const targets =
    choose?.kind === 'MERGE'
      ? (open.data?.items ?? [])
          .filter(
            (r) => r.id !== choose.report.id && r.status !== 'DUPLICATE' && r.status !== 'REJECTED',
          )
          .map((r) => ({ value: r.id, label: r.text.slice(0, 60) }))
      : (debunks.data?.items ?? []).map((d) => ({ value: d.id, label: d.title }));
  const targetLabel = targets.find((x) => x.value === target)?.label ?? '';
  return (
    <section className="panel" aria-labelledby="rr-h">
      {dialog}
      <h1 id="rr-h" className="page-title">
        {t('dbkAdmin.reportsTitle')}
      </h1>
      <p className="muted">{t('dbkAdmin.reportsText')}</p>
      <div className="button-row">
        <Select
          aria-label={t('dbkAdmin.reportStatus')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: '', label: t('dbkAdmin.anyStatus') },
            ...STATUSES.map((s) => ({ value: s, label: t(`dbkAdmin.rs${s}` as MessageKey) })),
          ]}
          style={{ minWidth: 160 }}
        />
        <a href="/api/rumour-reports/board/export">{t('dbkAdmin.exportBoard')}</a>
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Report>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('dbkAdmin.reportsNone') }}
        scroll={{ x: true }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('dbkAdmin.reportText'),
            dataIndex: 'text',
            render: (v: string, r) => (
              <div className="stack">
                <span>{v}</span>
                {r.duplicates > 0 && (
                  <span className="muted">{t('dbkAdmin.duplicates', { n: r.duplicates })}</span>
                )}
                {r.hasScreenshot && (
                  <div>
                    <a
                      href={`/api/rumour-reports/${r.id}/screenshot`}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      {t('dbkAdmin.screenshot')}
                    </a>
                  </div>
                )}
                {r.debunkId && r.debunkTitle && (
                  <div>
                    <Link to={`/admin/debunks/${r.debunkId}`}>
                      {t('dbkAdmin.linkedTo', { title: r.debunkTitle })}
                    </Link>
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('dbkAdmin.reportWhere'),
            render: (_, r) =>
              r.link ? (
                <a href={r.link} rel="noopener noreferrer nofollow" target="_blank">
                  {r.platform || r.link}
                </a>
              ) : (
                r.platform || '—'
              ),
          },
          {
            title: t('dbkAdmin.reportContact'),
            render: (_, r) => r.contact || (r.signedIn ? t('dbkAdmin.signedIn') : '—'),
          },
          {
            title: t('dbkAdmin.reportAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDayTime(v, lang),
          },
          {
            title: t('dbkAdmin.reportStatus'),
            dataIndex: 'status',
            render: (s: Status) => (
              <Tag className={STATUS_CLASS[s]}>{t(`dbkAdmin.rs${s}` as MessageKey)}</Tag>
            ),
          },
          {
            title: t('dbkAdmin.actions'),
            key: 'act',
            render: (_, r) =>
              r.status === 'NEW' || r.status === 'TRIAGED' ? (
                <div className="button-row">
                  {r.status === 'NEW' && (
                    <Button
                      size="small"
                      onClick={() => act.mutate({ id: r.id, body: { action: 'TRIAGE' } })}
                    >
                      {t('dbkAdmin.accept')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setChoose({ report: r, kind: 'LINK' })}>
                    {t('dbkAdmin.link')}
                  </Button>
                  <Button size="small" onClick={() => setChoose({ report: r, kind: 'MERGE' })}>
                    {t('dbkAdmin.merge')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={async () => {
                      if (
                        await confirm({
                          title: t('dbkAdmin.rejectConfirm'),
                          body: t('dbkAdmin.rejectBody'),
                          action: t('dbkAdmin.reject'),
                          danger: true,
                        })
                      )
                        act.mutate({ id: r.id, body: { action: 'REJECT' } });
                    }}
                  >
                    {t('dbkAdmin.reject')}
                  </Button>
                </div>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!choose}
        title={choose?.kind === 'LINK' ? t('dbkAdmin.link') : t('dbkAdmin.merge')}
        onCancel={() => {
          setChoose(null);
          setTarget(undefined);
        }}
        okText={choose?.kind === 'LINK' ? t('dbkAdmin.link') : t('dbkAdmin.merge')}
        okButtonProps={{ disabled: !target, loading: act.isPending }}
        onOk={async () => {
          if (!choose || !target) return;
          const step =
            choose.kind === 'LINK'
              ? {
                  title: t('dbkAdmin.linkConfirm', { title: targetLabel }),
                  body: t('dbkAdmin.linkBody'),
                  action: t('dbkAdmin.link'),
                }
              : {
                  title: t('dbkAdmin.mergeConfirm'),
                  body: t('dbkAdmin.mergeBody'),
                  action: t('dbkAdmin.merge'),
                };
          if (!(await confirm(step))) return;
          act.mutate({
            id: choose.report.id,
            body:
              choose.kind === 'LINK'
                ? { action: 'LINK', debunkId: target }
                : { action: 'MERGE', into: target },
          });
        }}
      >
        {choose && <p className="muted">{choose.report.text}</p>}
        <Form layout="vertical">
          <Form.Item
            label={choose?.kind === 'LINK' ? t('dbkAdmin.linkTo') : t('dbkAdmin.mergeInto')}
            htmlFor="rr-target"
          >
            <Select
              id="rr-target"
              showSearch={{ optionFilterProp: 'label' }}
              value={target}
              onChange={setTarget}
              options={targets}
              loading={open.isPending || debunks.isPending}
            />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
