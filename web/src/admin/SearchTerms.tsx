import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Radio, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { formatDateTime, type Translate, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';
import { usePagedFilters } from '../lib/paging.tsx';

type Term = Answer<'/api/search/terms', 'get'>[number];
type Kind = Term['kind'];
type ZeroResult = Answer<'/api/search/zero-results', 'get'>['items'][number];

const TERMS_KEY = ['search-terms'] as const;

/** "Add a word / a synonym group / a narrower term", by the kind shown. */
function addLabel(t: Translate, kind: Kind): string {
  if (kind === 'WORD') return t('terms.addWord');
  return kind === 'NARROWER' ? t('terms.addNarrower') : t('terms.addSynonym');
}

function TermDialog({
  kind,
  editing,
  onClose,
}: {
  kind: Kind;
  editing: Term | 'new' | null;
  onClose: () => void;
}) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ term: string; members: string[] }>();
  const save = useFormMutation(form, {
    mutationFn: async (v: { term: string; members?: string[] }) => {
      const members = (v.members ?? []).map((m) => m.trim()).filter(Boolean);
      if (editing === 'new') {
        await call(
          api.POST('/api/search/terms', {
            body: {
              kind,
              term: v.term.trim(),
              ...(kind !== 'WORD' ? { members } : {}),
            },
          }),
        );
      } else if (editing) {
        await call(
          api.PATCH('/api/search/terms/{id}', {
            params: { path: { id: editing.id } },
            body: { members: [editing.term, ...members.filter((m) => m !== editing.term)] },
          }),
        );
      }
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: TERMS_KEY });
      onClose();
    },
  });

  const isNew = editing === 'new';
  return (
    <FormModal
      open={editing !== null}
      title={isNew ? addLabel(t, kind) : t('terms.editMembers', { term: editing?.term ?? '' })}
      submit={save}
      onCancel={onClose}
    >
      <Form
        form={form}
        name="search-term"
        layout="vertical"
        requiredMark={false}
        initialValues={
          editing && editing !== 'new'
            ? { term: editing.term, members: editing.members.filter((m) => m !== editing.term) }
            : { members: [] }
        }
      >
        <Form.Item
          label={
            kind === 'WORD'
              ? t('terms.word')
              : kind === 'NARROWER'
                ? t('terms.broader')
                : t('terms.mainTerm')
          }
          name="term"
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('form.required', { field: t('terms.word') }),
            },
          ]}
        >
          <Input maxLength={30} disabled={!isNew} />
        </Form.Item>
        {kind !== 'WORD' && (
          <Form.Item
            label={kind === 'NARROWER' ? t('terms.narrower') : t('terms.members')}
            name="members"
            extra={t('terms.membersHelp')}
            rules={[{ required: true, type: 'array', min: 1, message: t('terms.membersRequired') }]}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', '，', '、', ' ']}
            />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

function Terms() {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>('WORD');
  const [editing, setEditing] = useState<Term | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const terms = useQuery({
    queryKey: [...TERMS_KEY, kind],
    queryFn: () => call(api.GET('/api/search/terms', { params: { query: { kind } } })),
  });
  const shown = (terms.data ?? []).filter(
    (x) => !filter.trim() || x.members.concat(x.term).some((m) => m.includes(filter.trim())),
  );

  async function setActive(term: Term, active: boolean) {
    setError(null);
    try {
      await call(
        api.PATCH('/api/search/terms/{id}', {
          params: { path: { id: term.id } },
          body: { active },
        }),
      );
      message.success(active ? t('terms.restored') : t('terms.retired'));
      await qc.invalidateQueries({ queryKey: TERMS_KEY });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section className="section" aria-labelledby="terms-h">
      <h2 id="terms-h">{t('terms.vocabulary')}</h2>
      <p>{t('terms.vocabularyText')}</p>
      <Radio.Group
        className="kind-switch"
        optionType="button"
        buttonStyle="solid"
        aria-label={t('terms.kind')}
        value={kind}
        onChange={(e) => setKind(e.target.value as Kind)}
        options={[
          { value: 'WORD', label: t('terms.kind.WORD') },
          { value: 'SYNONYM', label: t('terms.kind.SYNONYM') },
          { value: 'NARROWER', label: t('terms.kind.NARROWER') },
        ]}
      />
      <div className="toolbar">
        <Button type="primary" onClick={() => setEditing('new')}>
          {addLabel(t, kind)}
        </Button>
        <Input.Search
          allowClear
          aria-label={t('terms.filter')}
          placeholder={t('terms.filter')}
          style={{ maxWidth: 240 }}
          onSearch={setFilter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <ExportButton
          path="/api/search/terms/export"
          query={{ kind, q: filter.trim() || undefined }}
          filename="搜索词库.xlsx"
        />
      </div>
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      {terms.isError && <Alert type="error" showIcon title={errorMessage(terms.error)} />}
      <Table<Term>
        rowKey="id"
        size="small"
        loading={terms.isPending}
        dataSource={shown}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          {
            title:
              kind === 'WORD'
                ? t('terms.word')
                : kind === 'NARROWER'
                  ? t('terms.broader')
                  : t('terms.mainTerm'),
            dataIndex: 'term',
          },
          ...(kind !== 'WORD'
            ? [
                {
                  title: kind === 'NARROWER' ? t('terms.narrower') : t('terms.members'),
                  key: 'members',
                  render: (_: unknown, x: Term) => x.members.join('、'),
                },
              ]
            : []),
          {
            title: t('common.status'),
            dataIndex: 'active',
            render: (v: boolean) => (v ? t('common.active') : <Tag>{t('terms.retiredTag')}</Tag>),
          },
          {
            title: t('terms.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => formatDateTime(v, lang),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, x: Term) => (
              <span className="row-actions">
                {kind === 'SYNONYM' && x.active && (
                  <Button type="link" size="small" onClick={() => setEditing(x)}>
                    {t('terms.editMembersButton')}
                  </Button>
                )}
                <Button
                  type="link"
                  size="small"
                  danger={x.active}
                  onClick={() => setActive(x, !x.active)}
                  aria-label={`${x.active ? t('terms.retire') : t('terms.restore')} ${x.term}`}
                >
                  {x.active ? t('terms.retire') : t('terms.restore')}
                </Button>
              </span>
            ),
          },
        ]}
      />
      <TermDialog kind={kind} editing={editing} onClose={() => setEditing(null)} />
    </section>
  );
}

function Reindex() {
  const { t } = usePrefs();
  const reindex = useMutation({ mutationFn: () => call(api.POST('/api/search/reindex')) });
  return (
    <section className="section" aria-labelledby="reindex-h">
      <h2 id="reindex-h">{t('terms.reindexTitle')}</h2>
      <p>{t('terms.reindexText')}</p>
      <Button loading={reindex.isPending} onClick={() => reindex.mutate()}>
        {t('terms.reindex')}
      </Button>
      <div role="status" className="reindex-status">
        {reindex.isSuccess && (
          <Alert
            type="success"
            showIcon
            title={t('terms.reindexed', { n: reindex.data.indexed })}
          />
        )}
        {reindex.isError && <Alert type="error" showIcon title={errorMessage(reindex.error)} />}
      </div>
    </section>
  );
}

function ZeroResults() {
  const { t, lang } = usePrefs();
  const { filters: days, page, filter, pagination } = usePagedFilters(7);
  const rows = useQuery({
    queryKey: ['zero-results', days, page],
    queryFn: () =>
      call(api.GET('/api/search/zero-results', { params: { query: { days, ...page } } })),
  });
  return (
    <section className="section" aria-labelledby="zero-h">
      <h2 id="zero-h">{t('terms.zeroTitle')}</h2>
      <p>{t('terms.zeroText')}</p>
      <Radio.Group
        className="kind-switch"
        optionType="button"
        aria-label={t('terms.zeroDays')}
        value={days}
        onChange={(e) => {
          filter(e.target.value as number);
        }}
        options={[7, 30, 90].map((d) => ({ value: d, label: t('terms.lastDays', { n: d }) }))}
      />
      {rows.isError && <Alert type="error" showIcon title={errorMessage(rows.error)} />}
      <Table<ZeroResult>
        rowKey="q"
        size="small"
        loading={rows.isPending}
        dataSource={rows.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('terms.zeroEmpty') }}
        pagination={pagination(rows.data?.total)}
        columns={[
          { title: t('terms.query'), dataIndex: 'q' },
          { title: t('terms.count'), dataIndex: 'count' },
          {
            title: t('terms.lastAt'),
            dataIndex: 'lastAt',
            render: (v: string) => formatDateTime(v, lang),
          },
        ]}
      />
    </section>
  );
}

export function SearchTermsPage() {
  const { t } = usePrefs();
  usePageTitle(t('terms.title'));
  return (
    <>
      <h1>{t('terms.title')}</h1>
      <Terms />
      <Reindex />
      <ZeroResults />
    </>
  );
}
