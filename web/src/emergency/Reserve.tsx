import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Select,
  Skeleton,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { formatCalendarDate, formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';
import { useProvinces, useRefOptions } from '../lib/reference.ts';
import { key } from './shared.ts';

type Item = Answer<'/api/reserve', 'get'>['items'][number];
type Format = Item['formats'][number];
const FORMATS: Format[] = ['CARD', 'TEXT', 'VIDEO'];
const PAGE_SIZE = 20;

/** 应急科普储备: the items and their yearly review, and the hazard × province coverage. */
export function ReservePage() {
  const { t } = usePrefs();
  usePageTitle(t('res.title'));
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'coverage' ? 'coverage' : 'items';
  return (
    <section className="panel" aria-labelledby="res-h">
      <h1 id="res-h" className="page-title">
        {t('res.title')}
      </h1>
      <p className="muted">{t('res.text')}</p>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'coverage' ? { tab: k } : {})}
        items={[
          { key: 'items', label: t('res.tabItems'), children: <Items /> },
          { key: 'coverage', label: t('res.tabCoverage'), children: <Coverage /> },
        ]}
      />
    </section>
  );
}

function Items() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [hazard, setHazard] = useState<string | undefined>();
  const [stale, setStale] = useState<'true' | 'false' | undefined>();
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const hazards = useRefOptions('HAZARD_TYPE');
  const list = useQuery({
    queryKey: ['reserve', page, hazard ?? null, stale ?? null],
    queryFn: () =>
      call(
        api.GET('/api/reserve', {
          params: {
            query: {
              page,
              pageSize: PAGE_SIZE,
              ...(hazard ? { hazard } : {}),
              ...(stale ? { stale } : {}),
            },
          },
        }),
      ),
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['reserve'] });
    void qc.invalidateQueries({ queryKey: ['reserve-coverage'] });
  };
  const review = useMutation({
    mutationFn: (i: Item) =>
      call(api.POST('/api/reserve/{id}/review', { params: { path: { id: i.workId } } })),
    onSuccess: (i) => {
      message.success(t('res.reviewDone', { due: formatCalendarDate(i.reviewDue, lang) }));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: (i: Item) =>
      call(api.DELETE('/api/reserve/{id}', { params: { path: { id: i.workId } } })),
    onSuccess: () => {
      message.success(t('res.removed'));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const { confirm, dialog } = useConfirm();
  const askRemove = async (i: Item) => {
    const yes = await confirm({
      title: t('res.removeTitle', { title: i.title }),
      body: <p>{t('res.removeBody')}</p>,
      action: t('res.remove'),
      danger: true,
    });
    if (yes) remove.mutate(i);
  };
  return (
    <>
      <p className="button-row">
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('res.add')}
        </Button>
      </p>
      <Form layout="inline" className="filters" name="reserve-filters">
        <Form.Item label={t('res.hazards')} htmlFor="res-hazard">
          <Select<string | undefined>
            id="res-hazard"
            allowClear
            style={{ width: 160 }}
            placeholder={t('inc.allHazards')}
            value={hazard}
            onChange={(v) => {
              setHazard(v);
              setPage(1);
            }}
            options={hazards.options}
          />
        </Form.Item>
        <Form.Item label={t('res.staleFilter')} htmlFor="res-stale">
          <Select<'true' | 'false' | undefined>
            id="res-stale"
            allowClear
            style={{ width: 140 }}
            placeholder={t('res.allStates')}
            value={stale}
            onChange={(v) => {
              setStale(v);
              setPage(1);
            }}
            options={[
              { value: 'true', label: t('res.stale') },
              { value: 'false', label: t('res.fresh') },
            ]}
          />
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && <p className="muted">{t('res.total', { n: list.data.total })}</p>}
      <Table<Item>
        rowKey="workId"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('res.none') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('res.work'),
            dataIndex: 'title',
            render: (v: string, i) => (
              <>
                {v}
                <br />
                <span className="muted">
                  {i.typeName} · {i.organisationName}
                </span>
              </>
            ),
          },
          {
            title: t('res.hazards'),
            key: 'hazards',
            render: (_, i) => i.hazards.map((h) => h.name).join('、'),
          },
          {
            title: t('res.provinces'),
            key: 'provinces',
            render: (_, i) =>
              i.provinces.length ? i.provinces.map((p) => p.name).join('、') : t('res.nationwide'),
          },
          {
            title: t('res.formats'),
            key: 'formats',
            render: (_, i) => i.formats.map((f) => t(key(`res.format.${f}`))).join('、'),
          },
          {
            title: t('res.reviewDue'),
            key: 'due',
            render: (_, i) => (
              <>
                {formatCalendarDate(i.reviewDue, lang)}{' '}
                <Tag className={`state-tag ${i.stale ? 'state-tag-warn' : 'state-tag-ok'}`}>
                  {i.stale ? t('res.stale') : t('res.fresh')}
                </Tag>
                {i.reviewedAt && (
                  <>
                    <br />
                    <span className="muted">
                      {t('res.reviewed')} {formatDate(i.reviewedAt, lang)}
                      {i.reviewedByName && ` · ${i.reviewedByName}`}
                    </span>
                  </>
                )}
              </>
            ),
          },
          {
            title: t('res.actions'),
            key: 'actions',
            render: (_, i) =>
              i.canManage && (
                <span className="button-row">
                  <Button size="small" onClick={() => review.mutate(i)} loading={review.isPending}>
                    {t('res.review')}
                  </Button>
                  <Button size="small" onClick={() => setEditing(i)}>
                    {t('res.editItem')}
                  </Button>
                  <Button size="small" danger onClick={() => void askRemove(i)}>
                    {t('res.remove')}
                  </Button>
                </span>
              ),
          },
        ]}
      />
      {editing && (
        <ReserveDialog
          item={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              message.success(t('res.saved'));
              refresh();
            }
          }}
        />
      )}
      {dialog}
    </>
  );
}

interface Values {
  workId: string;
  hazards: string[];
  provinces: string[];
  formats: Format[];
  note: string;
}

function ReserveDialog({
  item,
  onClose,
}: {
  item: Item | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = usePrefs();
  const [form] = Form.useForm<Values>();
  const hazards = useRefOptions('HAZARD_TYPE');
  const provinces = useProvinces();
  const [q, setQ] = useState('');
  const candidates = useQuery({
    queryKey: ['reserve-candidates', q],
    queryFn: () => call(api.GET('/api/reserve/candidates', { params: { query: { q } } })),
    enabled: !item,
  });
  const submit = useFormMutation<Values>(form, {
    mutationFn: ({ workId, ...body }) =>
      call(api.PUT('/api/reserve/{id}', { params: { path: { id: workId } }, body })),
    onSuccess: () => onClose(true),
  });
  return (
    <FormModal
      open
      title={item ? t('res.editTitle') : t('res.add')}
      submit={submit}
      onCancel={() => onClose(false)}
    >
      <Form
        form={form}
        layout="vertical"
        name="reserve-item"
        initialValues={{
          workId: item?.workId,
          hazards: item?.hazards.map((h) => h.code) ?? [],
          provinces: item?.provinces.map((p) => p.code) ?? [],
          formats: item?.formats ?? [],
          note: item?.note ?? '',
        }}
      >
        <Form.Item
          name="workId"
          label={t('res.work')}
          rules={[{ required: true, message: t('res.workRequired') }]}
        >
          {item ? (
            <Select disabled options={[{ value: item.workId, label: item.title }]} />
          ) : (
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              placeholder={t('res.workSearch')}
              loading={candidates.isFetching}
              options={(candidates.data?.items ?? []).map((w) => ({
                value: w.id,
                label: `${w.title}（${w.organisationName}）`,
              }))}
            />
          )}
        </Form.Item>
        <Form.Item
          name="hazards"
          label={t('res.hazards')}
          rules={[{ required: true, message: t('res.hazardsRequired') }]}
        >
          <Select mode="multiple" options={hazards.options} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="provinces" label={t('res.provinces')} extra={t('res.provincesHelp')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          />
        </Form.Item>
        <Form.Item name="formats" label={t('res.formats')}>
          <Checkbox.Group
            options={FORMATS.map((f) => ({ value: f, label: t(key(`res.format.${f}`)) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('res.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** Hazard rows × province columns; an empty cell is a gap, said in words for screen readers. */
function Coverage() {
  const { t } = usePrefs();
  const q = useQuery({
    queryKey: ['reserve-coverage'],
    queryFn: () => call(api.GET('/api/reserve/coverage')),
  });
  if (q.isPending) return <Skeleton active aria-busy />;
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const c = q.data;
  return (
    <>
      <p className="muted">{t('res.coverageText')}</p>
      <p>
        <strong>{t('res.gaps', { n: c.gaps })}</strong>
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls sideways must be reachable by keyboard (axe: scrollable-region-focusable) */}
      <section className="coverage-scroll" aria-label={t('res.tabCoverage')} tabIndex={0}>
        <table className="coverage">
          <thead>
            <tr>
              <th scope="col">{t('res.hazardCol')}</th>
              <th scope="col">{t('res.nationwideCol')}</th>
              {c.provinces.map((p) => (
                <th key={p.code} scope="col">
                  {p.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.hazards.map((h, hi) => (
              <tr key={h.code}>
                <th scope="row">{h.name}</th>
                <td>{c.nationwide[hi]}</td>
                {c.provinces.map((p, pi) => {
                  const n = c.counts[hi]![pi]!;
                  return (
                    <td
                      key={p.code}
                      className={n === 0 ? 'gap' : undefined}
                      title={
                        n === 0
                          ? t('res.cellGap', { hazard: h.name, province: p.name })
                          : t('res.cell', { hazard: h.name, province: p.name, n })
                      }
                    >
                      {n}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
