import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { Link, useParams } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { ImportPanel } from '../lib/ImportPanel.tsx';
import { RichTextEditor } from '../lib/LazyRichTextEditor.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import { useProvinces } from '../lib/reference.ts';
import { MediaPicker } from '../media/MediaPicker.tsx';
import {
  BASE_STATUSES,
  BASE_TIERS,
  type Base,
  type BaseListItem,
  type BaseStatus,
  type BaseTier,
  CATEGORIES,
} from './shared.ts';

const CURATORS = ['EDITOR', 'ORG_ADMIN'] as const;

export function BaseStatusTag({ status }: { status: BaseStatus }) {
  const { t } = usePrefs();
  return (
    <Tag className={`base-status base-status-${status}`}>
      {t(`base.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** 原体系基地导入: the office uploads its xlsx list; a rejected file names each bad row and column. */
function LegacyImport({ me }: { me: Me }) {
  const { t } = usePrefs();
  const units = useUnitsWithRole(me, CURATORS);
  return (
    <ImportPanel
      title={t('base.legacyImport')}
      text={t('base.legacyText')}
      path="/api/bases/import-legacy"
      templateFilename="原体系基地导入模板.xlsx"
      units={units}
      unitLabel={t('base.authority')}
      alwaysAskUnit
      chooseLabel={t('base.chooseXlsx')}
      importedMessage={(n) => t('base.imported', { n })}
      invalidates={['bases']}
    />
  );
}

interface Filters {
  q?: string;
  tier?: BaseTier;
  category?: string;
  status?: BaseStatus;
  province?: string;
}

/** The filters as the list and its export take them (blank search text is no filter). */
function queryOf(f: Filters) {
  return {
    tier: f.tier,
    category: f.category,
    status: f.status,
    province: f.province,
    q: f.q?.trim() || undefined,
  };
}

export function BasesListPage({ me }: { me: Me }) {
  const { t } = usePrefs();
  usePageTitle(t('base.title'));
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const provinces = useProvinces();
  const list = useQuery({
    queryKey: ['bases', filters, page],
    queryFn: () =>
      call(api.GET('/api/bases', { params: { query: { ...page, ...queryOf(filters) } } })),
  });
  return (
    <>
      <h1>{t('base.title')}</h1>
      <p>{t('base.consoleText')}</p>
      <LegacyImport me={me} />
      <FilterForm<Filters> name="base-filters" onFilter={filter}>
        <Form.Item label={t('base.q')} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('base.tier')} name="tier">
          <Select
            allowClear
            placeholder={t('base.allTiers')}
            style={{ width: 220 }}
            options={BASE_TIERS.map((x) => ({
              value: x,
              label: t(`base.tierName.${x}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('base.categoryLabel')} name="category">
          <Select
            allowClear
            placeholder={t('base.allCategories')}
            style={{ width: 220 }}
            options={CATEGORIES.map((c) => ({
              value: c,
              label: t(`base.category.${c}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('common.status')} name="status">
          <Select
            allowClear
            placeholder={t('base.allStatuses')}
            style={{ width: 160 }}
            options={BASE_STATUSES.map((s) => ({
              value: s,
              label: t(`base.status.${s}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('base.province')} name="province">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('base.allProvinces')}
            style={{ width: 180 }}
            loading={provinces.isPending}
            options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          />
        </Form.Item>
      </FilterForm>
      <div className="toolbar">
        <ExportButton path="/api/bases/export" query={queryOf(filters)} filename="科普基地.xlsx" />
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<BaseListItem>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('base.none') }}
        pagination={pagination(list.data?.total)}
        columns={[
          {
            title: t('base.name'),
            dataIndex: 'name',
            render: (v: string, b) => <Link to={`/admin/bases/${b.id}`}>{v}</Link>,
          },
          { title: t('base.host'), dataIndex: 'hostName' },
          {
            title: t('base.tier'),
            dataIndex: 'tier',
            render: (v: string) => t(`base.tierName.${v}` as MessageKey),
          },
          {
            title: t('base.province'),
            dataIndex: 'province',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('base.namedAt'),
            dataIndex: 'namedAt',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: BaseStatus) => <BaseStatusTag status={s} />,
          },
        ]}
      />
    </>
  );
}

interface ProfileValues {
  address: string;
  openingHours: string;
  capacity?: number | null;
  facilities?: string;
  longitude?: number | null;
  latitude?: number | null;
  contact?: string;
  phone?: string;
  intro?: string;
  cover?: { id: string }[];
  gallery?: { id: string }[];
}

function ProfileForm({ base, onSaved }: { base: Base; onSaved: (b: Base) => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileValues>();
  const save = useFormMutation(form, {
    mutationFn: (v: ProfileValues) =>
      call(
        api.PATCH('/api/bases/{id}', {
          params: { path: { id: base.id } },
          body: {
            address: v.address,
            openingHours: v.openingHours,
            capacity: v.capacity ?? null,
            facilities: v.facilities ?? '',
            longitude: v.longitude ?? null,
            latitude: v.latitude ?? null,
            contacts: v.contact?.trim()
              ? [{ name: v.contact.trim(), phone: v.phone?.trim() ?? '', email: '' }]
              : [],
            intro: v.intro ?? '',
            coverId: v.cover?.[0]?.id ?? null,
            gallery: (v.gallery ?? []).map((m) => m.id),
          },
        }),
      ),
    onSuccess: (saved) => {
      message.success(t('common.saved'));
      onSaved(saved);
    },
  });
  return (
    <section className="panel" aria-labelledby="profile-h">
      <h2 id="profile-h">{t('base.profile')}</h2>
      <FormAlert text={save.alert} />
      <Form
        form={form}
        name="base-profile"
        layout="vertical"
        initialValues={{
          address: base.address,
          openingHours: base.openingHours,
          capacity: base.capacity,
          facilities: base.facilities,
          longitude: base.longitude,
          latitude: base.latitude,
          contact: base.contacts[0]?.name ?? '',
          phone: base.contacts[0]?.phone ?? '',
          intro: base.intro,
          cover: base.cover ? [base.cover] : [],
          gallery: base.gallery,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label={t('base.intro')} name="intro">
          <RichTextEditor label={t('base.intro')} organisationId={base.hostOrgId} />
        </Form.Item>
        <Form.Item label={t('works.cover')} name="cover">
          <MediaPicker
            organisationId={base.hostOrgId}
            kind="IMAGE"
            max={1}
            label={t('works.cover')}
          />
        </Form.Item>
        <Form.Item label={t('base.gallery')} name="gallery">
          <MediaPicker
            organisationId={base.hostOrgId}
            kind="IMAGE"
            max={30}
            label={t('base.gallery')}
          />
        </Form.Item>
        <Form.Item label={t('base.address')} name="address">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('base.openingHours')} name="openingHours">
          <Input maxLength={200} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item label={t('base.capacity')} name="capacity">
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item label={t('base.longitude')} name="longitude">
            <InputNumber min={73} max={136} step={0.0001} />
          </Form.Item>
          <Form.Item label={t('base.latitude')} name="latitude">
            <InputNumber min={3} max={54} step={0.0001} />
          </Form.Item>
        </div>
        <Form.Item label={t('base.facilities')} name="facilities">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item label={t('base.contact')} name="contact">
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item label={t('base.phone')} name="phone">
            <Input maxLength={30} />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('form.save')}
        </Button>
      </Form>
    </section>
  );
}

interface GovernValues {
  to: 'ACTIVE' | 'RECTIFICATION' | 'REVOKED' | 'MIGRATED' | 'RETIRED';
  note: string;
  docNo?: string;
  rectifyBy?: string;
  renewYears?: number | null;
}

function GovernForm({ base, onSaved }: { base: Base; onSaved: (b: Base) => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<GovernValues>();
  const to = Form.useWatch('to', form);
  const { confirm, dialog } = useConfirm();
  const change = useFormMutation(form, {
    mutationFn: (v: GovernValues) =>
      call(
        api.POST('/api/bases/{id}/status', {
          params: { path: { id: base.id } },
          body: {
            to: v.to,
            note: v.note,
            docNo: v.docNo?.trim() || null,
            rectifyBy: v.rectifyBy || null,
            renewYears: v.renewYears ?? null,
          },
        }),
      ),
    onSuccess: (saved) => {
      message.success(t('base.statusChanged'));
      form.resetFields(['note', 'docNo']);
      onSaved(saved);
    },
  });
  return (
    <section className="panel" aria-labelledby="govern-h">
      <h2 id="govern-h">{t('base.govern')}</h2>
      {dialog}
      <FormAlert text={change.alert} />
      <Form
        form={form}
        name="base-status"
        layout="vertical"
        initialValues={{ to: 'RECTIFICATION' }}
        onFinish={async (v) => {
          change.setAlert(null);
          const action = t(`base.action.${v.to}` as MessageKey);
          const go = await confirm({
            title: t('confirm.baseStatus.title', { action, name: base.name }),
            body: t('confirm.baseStatus.body', {
              status: t(`base.status.${v.to}` as MessageKey),
            }),
            action,
            danger: v.to !== 'ACTIVE',
          });
          if (go) change.mutate(v);
        }}
      >
        <Form.Item label={t('base.changeTo')} name="to">
          <Select
            options={['ACTIVE', 'RECTIFICATION', 'REVOKED', 'MIGRATED', 'RETIRED'].map((s) => ({
              value: s,
              label: t(`base.action.${s}` as MessageKey),
            }))}
          />
        </Form.Item>
        {to === 'RECTIFICATION' && (
          <Form.Item label={t('base.rectifyBy')} name="rectifyBy">
            <Input type="date" />
          </Form.Item>
        )}
        {to === 'ACTIVE' && (
          <Form.Item label={t('base.renewYears')} name="renewYears">
            <InputNumber min={1} max={20} />
          </Form.Item>
        )}
        <Form.Item label={t('base.docNo')} name="docNo">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          label={t('base.note')}
          name="note"
          rules={[{ required: true, message: t('form.required', { field: t('base.note') }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          danger={!!to && to !== 'ACTIVE'}
          loading={change.isPending}
        >
          {to ? t(`base.action.${to}` as MessageKey) : t('common.confirm')}
        </Button>
      </Form>
    </section>
  );
}

interface CooperationValues {
  partnerBaseId: string;
  kind: 'SHARED_EXHIBIT' | 'JOINT_ACTIVITY' | 'EXCHANGE' | 'OTHER';
  title: string;
  startedOn: string;
  endedOn?: string;
  description?: string;
}

function CooperationForm({ base }: { base: Base }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<CooperationValues>();
  const add = useFormMutation(form, {
    mutationFn: (v: CooperationValues) =>
      call(
        api.POST('/api/bases/{id}/cooperations', {
          params: { path: { id: base.id } },
          body: { ...v, description: v.description ?? '', endedOn: v.endedOn || null },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['cooperations', base.id] });
    },
  });
  const partners = useQuery({
    queryKey: ['public-bases', 'all'],
    queryFn: () => call(api.GET('/api/public/bases', { params: { query: { pageSize: 1000 } } })),
  });
  const list = useQuery({
    queryKey: ['cooperations', base.id],
    queryFn: () =>
      call(api.GET('/api/public/bases/{id}/cooperations', { params: { path: { id: base.id } } })),
  });
  return (
    <section className="panel" aria-labelledby="coop-h">
      <h2 id="coop-h">{t('base.cooperations')}</h2>
      {(list.data ?? []).length > 0 && (
        <ul className="coop-list">
          {list.data?.map((c) => (
            <li key={c.id}>
              {c.title}（{t(`base.coopKind.${c.kind}` as MessageKey)}，{c.startedOn}）
              {t('base.with')}
              {c.partner.name}
              {c.crossRegion ? t('base.crossRegion') : ''}
            </li>
          ))}
        </ul>
      )}
      <FormAlert text={add.alert} />
      <Form
        form={form}
        name="cooperation"
        layout="vertical"
        initialValues={{ kind: 'JOINT_ACTIVITY' }}
        onFinish={(v) => add.mutate(v)}
      >
        <div className="form-grid">
          <Form.Item
            label={t('base.partner')}
            name="partnerBaseId"
            rules={[{ required: true, message: t('form.required', { field: t('base.partner') }) }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(partners.data?.items ?? [])
                .filter((p) => p.id !== base.id)
                .map((p) => ({ value: p.id, label: p.name }))}
            />
          </Form.Item>
          <Form.Item label={t('base.coopKindLabel')} name="kind">
            <Select
              options={['SHARED_EXHIBIT', 'JOINT_ACTIVITY', 'EXCHANGE', 'OTHER'].map((k) => ({
                value: k,
                label: t(`base.coopKind.${k}` as MessageKey),
              }))}
            />
          </Form.Item>
        </div>
        <Form.Item
          label={t('base.coopTitle')}
          name="title"
          rules={[{ required: true, message: t('form.required', { field: t('base.coopTitle') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item
            label={t('base.startedOn')}
            name="startedOn"
            rules={[
              { required: true, message: t('form.required', { field: t('base.startedOn') }) },
            ]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item label={t('base.endedOn')} name="endedOn">
            <Input type="date" />
          </Form.Item>
        </div>
        <Form.Item label={t('base.coopDescription')} name="description">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" loading={add.isPending}>
          {t('base.addCooperation')}
        </Button>
      </Form>
    </section>
  );
}

export function BaseDetailPage() {
  const { t } = usePrefs();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['base', id],
    queryFn: () => call(api.GET('/api/bases/{id}', { params: { path: { id } } })),
  });
  const b = q.data;
  usePageTitle(b?.name ?? t('base.title'));
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!b) return <Skeleton active aria-busy />;
  const set = (saved: Base) => qc.setQueryData(['base', id], saved);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/bases">{t('base.title')}</Link>
      </p>
      <h1>
        {b.name} <BaseStatusTag status={b.status} />
      </h1>
      <section className="panel" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('base.facts')}</h2>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('base.tier')}>
            {t(`base.tierName.${b.tier}` as MessageKey)}
          </Descriptions.Item>
          <Descriptions.Item label={t('base.host')}>{b.hostName}</Descriptions.Item>
          <Descriptions.Item label={t('base.namingDocNo')}>
            {b.namingDocNo ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('base.namedAt')}>{b.namedAt ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('base.validUntil')}>
            {b.validUntil ?? t('base.noExpiry')}
          </Descriptions.Item>
          {b.rectifyBy && (
            <Descriptions.Item label={t('base.rectifyBy')}>{b.rectifyBy}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('base.portalPage')}>
            <Link to={`/bases/${b.id}`}>{t('base.viewOnPortal')}</Link>
          </Descriptions.Item>
        </Descriptions>
      </section>
      <section className="panel" aria-labelledby="history-h">
        <h2 id="history-h">{t('base.history')}</h2>
        <Timeline
          items={b.events.map((e, i) => ({
            key: i,
            content: (
              <>
                <strong>{t(`base.event.${e.action}` as MessageKey)}</strong>
                {e.docNo ? `（${e.docNo}）` : ''} · {e.at.slice(0, 10)}
                <p className="event-opinion">{e.note}</p>
              </>
            ),
          }))}
        />
      </section>
      {b.abilities.edit && <ProfileForm key={b.id + b.status} base={b} onSaved={set} />}
      {b.abilities.edit && <CooperationForm base={b} />}
      {b.abilities.govern && <GovernForm base={b} onSaved={set} />}
    </>
  );
}
