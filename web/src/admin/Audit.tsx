import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Table } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, call, download } from '../api/client.ts';
import type { AuditEntry } from '../api/types.ts';
import { formatDateTime, translateOptional, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';

interface Filters {
  action?: string;
  entityType?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

function clean(f: Filters): Filters {
  const out: Filters = {};
  for (const k of ['action', 'entityType', 'actorId', 'from', 'to'] as const) {
    const v = f[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

export function AuditPage() {
  const { t, lang } = usePrefs();
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const tableBox = useRef<HTMLDivElement>(null);
  usePageTitle(t('audit.title'));
  const entries = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => call(api.GET('/api/audit', { params: { query: { ...filters, ...page } } })),
  });

  // A table that scrolls sideways must be reachable by keyboard (it holds no links or buttons).
  useEffect(() => {
    for (const el of tableBox.current?.querySelectorAll('.ant-table-content') ?? []) {
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', t('audit.title'));
    }
  });

  const fail = (e: Error) => setNotice({ ok: false, text: errorMessage(e) });
  const exportXlsx = useMutation({
    mutationFn: () => {
      const qs = new URLSearchParams(filters as Record<string, string>).toString();
      return download(`/api/audit/export${qs ? `?${qs}` : ''}`, 'audit.xlsx');
    },
    onMutate: () => setNotice(null),
    onError: fail,
  });
  const verify = useMutation({
    mutationFn: () => call(api.GET('/api/audit/verify')),
    onMutate: () => setNotice(null),
    onSuccess: (r) =>
      setNotice(
        r.ok
          ? { ok: true, text: t('audit.verifyOk', { n: r.rows }) }
          : { ok: false, text: t('audit.verifyBad', { n: r.problems.length }) },
      ),
    onError: fail,
  });

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <FilterForm<Filters> name="audit-filters" onFilter={(v) => filter(clean(v))}>
        <Form.Item label={t('audit.action')} name="action" tooltip={t('audit.actionHelp')}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('audit.entityType')} name="entityType">
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('audit.actorId')} name="actorId">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('audit.from')} name="from">
          <Input type="date" style={{ width: 170 }} />
        </Form.Item>
        <Form.Item label={t('audit.to')} name="to">
          <Input type="date" style={{ width: 170 }} />
        </Form.Item>
      </FilterForm>
      <div className="toolbar">
        <Button onClick={() => exportXlsx.mutate()} loading={exportXlsx.isPending}>
          {t('audit.export')}
        </Button>
        <Button onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('audit.verify')}
        </Button>
      </div>
      {notice && (
        <Alert
          className="form-alert"
          type={notice.ok ? 'success' : 'error'}
          showIcon
          title={notice.text}
          role={notice.ok ? 'status' : 'alert'}
        />
      )}
      {entries.isError && <Alert type="error" showIcon title={errorMessage(entries.error)} />}
      <div ref={tableBox}>
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          loading={entries.isPending}
          dataSource={entries.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={pagination(entries.data?.total)}
          columns={[
            { title: '#', dataIndex: 'seq' },
            {
              title: t('audit.at'),
              dataIndex: 'at',
              render: (v: string) => formatDateTime(v, lang),
            },
            {
              title: t('audit.actor'),
              key: 'actor',
              render: (_, e) => e.actorName ?? e.actorId ?? '—',
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (v: string) => translateOptional(lang, `auditAction.${v}`) ?? v,
            },
            {
              title: t('audit.entityType'),
              dataIndex: 'entityType',
              render: (v: string) => translateOptional(lang, `auditEntity.${v}`) ?? v,
            },
            {
              title: t('audit.entityId'),
              key: 'entity',
              render: (_, e) => {
                const d = e.detail as { name?: unknown; username?: unknown; nameZh?: unknown };
                const label = [d.name, d.username, d.nameZh].find((x) => typeof x === 'string');
                return (
                  <span title={e.entityId ?? undefined}>
                    {(label as string) ?? e.entityId ?? '—'}
                  </span>
                );
              },
            },
            { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </div>
    </>
  );
}
