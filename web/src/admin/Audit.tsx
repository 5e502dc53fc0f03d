import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Table } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, call, download } from '../api/client.ts';
import type { AuditEntry } from '../api/types.ts';
import { formatDateTime, type MessageKey, usePageTitle, usePrefs, useT } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import { AUDIT_ENTITY_TYPES, auditTarget } from './auditTargets.ts';

interface Filters {
  entityType?: string;
  actorId?: string;
  q?: string;
  from?: string;
  to?: string;
}

function clean(f: Filters): Filters {
  const out: Filters = {};
  for (const k of ['entityType', 'actorId', 'q', 'from', 'to'] as const) {
    const v = f[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Picks the actor by name or username (the platform office may list everyone). */
function PersonPicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const searching = q.trim().length > 0;
  const found = useQuery({
    queryKey: ['audit-people', q],
    enabled: searching,
    queryFn: async () => {
      const page = await call(
        api.GET('/api/users', { params: { query: { q: q.trim(), page: 1, pageSize: 20 } } }),
      );
      return page.items.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
    },
  });
  const options = new Map(chosen);
  for (const o of found.data ?? []) options.set(o.value, o.label);
  return (
    <Select
      id={id}
      style={{ width: 220 }}
      allowClear
      value={value}
      placeholder={t('audit.personHelp')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={found.isFetching}
      notFoundContent={searching ? t('audit.personNone') : null}
      options={[...options].map(([v, label]) => ({ value: v, label }))}
      onChange={(v: string | undefined) => {
        if (v) setChosen(new Map([[v, options.get(v) ?? '']]));
        onChange?.(v);
      }}
    />
  );
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
        <Form.Item label={t('audit.person')} name="actorId">
          <PersonPicker />
        </Form.Item>
        <Form.Item label={t('audit.q')} name="q" tooltip={t('audit.qHelp')}>
          <Input allowClear maxLength={50} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('audit.entityType')} name="entityType">
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('audit.anyType')}
            options={AUDIT_ENTITY_TYPES.map((v) => ({
              value: v,
              label: t(`auditEntity.${v}` as MessageKey),
            }))}
          />
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
      <p className="muted">{t('audit.timeZone')}</p>
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
              render: (_, e) =>
                !e.actorId ? (
                  t('audit.system')
                ) : e.actorName ? (
                  <>
                    {e.actorName}
                    {e.actorUsername && <span className="muted">（{e.actorUsername}）</span>}
                  </>
                ) : (
                  t('audit.erased')
                ),
            },
            {
              title: t('audit.action'),
              dataIndex: 'actionLabel',
            },
            {
              title: t('audit.entityId'),
              key: 'entity',
              render: (_, e) => {
                const kind = e.entityKind;
                const label = e.entityLabel ?? (e.entityId ? '' : null);
                const href = auditTarget(e.entityType, e.entityId);
                const text = label ? t('audit.entity', { kind, name: label }) : kind || '—';
                return href ? <Link to={href}>{text}</Link> : text;
              },
            },
            {
              title: t('audit.detail'),
              key: 'detail',
              render: (_, e) =>
                e.detailLines.length === 0 ? (
                  '—'
                ) : (
                  <dl className="audit-detail">
                    {e.detailLines.map((l, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: lines of one entry, in order, never reordered.
                      <div key={i}>
                        <dt>{l.label}</dt>
                        <dd>{l.value}</dd>
                      </div>
                    ))}
                  </dl>
                ),
            },
            { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </div>
    </>
  );
}
