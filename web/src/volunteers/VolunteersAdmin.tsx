import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, download } from '../api/client.ts';
import { issuesCertificates } from '../certificates/sections.tsx';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { useConfirm } from '../lib/confirm.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';

/** A list item's title and description, without antd's h4 (the page's headings stay in order). */
function ItemText({
  title,
  description,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
}) {
  return (
    <div>
      <div style={{ fontWeight: 600 }}>{title}</div>
      {description ? <div>{description}</div> : null}
    </div>
  );
}

const TONE: Record<string, string> = {
  PENDING: 'info',
  CONFIRMED: 'ok',
  DECLINED: 'plain',
  CANCELLED: 'plain',
};

function useAct<V>(fn: (v: V) => Promise<unknown>, keys: string[][]) {
  const { message } = App.useApp();
  const { t } = usePrefs();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      message.success(t('vol.admin.done'));
      for (const k of keys) qc.invalidateQueries({ queryKey: k });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
}

function Applications() {
  const { t } = usePrefs();
  const apps = useQuery({
    queryKey: ['volunteer-applications'],
    queryFn: () =>
      call(api.GET('/api/volunteer-applications', { params: { query: { status: 'PENDING' } } })),
  });
  const decide = useAct(
    (v: { id: string; verify: boolean }) =>
      call(
        api.POST('/api/volunteer-applications/{id}/decide', {
          params: { path: { id: v.id } },
          body: { verify: v.verify, note: '' },
        }),
      ),
    [['volunteer-applications']],
  );
  return (
    <List
      loading={apps.isLoading}
      locale={{ emptyText: t('vol.admin.noApplications') }}
      dataSource={apps.data?.items ?? []}
      renderItem={(a) => (
        <List.Item
          actions={
            a.canDecide
              ? [
                  <Button
                    key="v"
                    type="primary"
                    onClick={() => decide.mutate({ id: a.id, verify: true })}
                  >
                    {t('vol.admin.verify')}
                  </Button>,
                  <Button key="d" onClick={() => decide.mutate({ id: a.id, verify: false })}>
                    {t('vol.admin.decline')}
                  </Button>,
                ]
              : []
          }
        >
          <ItemText
            title={`${a.personName} → ${a.organisationName}`}
            description={[
              a.skills.join('、'),
              a.regions.map((r) => r.name).join('、'),
              a.minor ? t('vol.admin.minor') : null,
              a.emergencyContact
                ? `${t('vol.emergencyName')}：${a.emergencyContact.name} ${a.emergencyContact.phone}`
                : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          />
        </List.Item>
      )}
    />
  );
}

function Shifts() {
  const { t, lang } = usePrefs();
  const [params, setParams] = useSearchParams();
  const activityId = params.get('activity') ?? undefined;
  const [q, setQ] = useState('');
  const [form] = Form.useForm();
  const activities = useQuery({
    queryKey: ['volunteer-activities', q],
    queryFn: () =>
      call(
        api.GET('/api/activities', {
          params: { query: { q: q || undefined, status: 'PUBLISHED' } },
        }),
      ),
  });
  const key = ['volunteer-roles', activityId ?? ''];
  const roles = useQuery({
    queryKey: key,
    queryFn: () =>
      call(
        api.GET('/api/activities/{id}/volunteer-roles', { params: { path: { id: activityId! } } }),
      ),
    enabled: !!activityId,
  });
  const sessions = useQuery({
    queryKey: ['volunteer-activity', activityId ?? ''],
    queryFn: () => call(api.GET('/api/activities/{id}', { params: { path: { id: activityId! } } })),
    enabled: !!activityId,
  });
  const addRole = useAct(
    (v: { sessionId: string; label: string; places: number }) =>
      call(
        api.POST('/api/activities/{id}/sessions/{sessionId}/volunteer-roles', {
          params: { path: { id: activityId!, sessionId: v.sessionId } },
          body: { label: v.label, places: v.places },
        }),
      ),
    [key],
  );
  const decide = useAct(
    (v: { id: string; confirm: boolean }) =>
      call(
        api.POST('/api/volunteer-shifts/{id}/decide', {
          params: { path: { id: v.id } },
          body: { confirm: v.confirm },
        }),
      ),
    [key],
  );
  const door = useAct(
    (v: { id: string; kind: 'arrive' | 'depart' }) =>
      v.kind === 'arrive'
        ? call(
            api.POST('/api/volunteer-shifts/{id}/arrive', {
              params: { path: { id: v.id } },
              body: {},
            }),
          )
        : call(
            api.POST('/api/volunteer-shifts/{id}/depart', {
              params: { path: { id: v.id } },
              body: {},
            }),
          ),
    [key],
  );
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
      <Select
        aria-label={t('vol.admin.pickActivity')}
        placeholder={t('vol.admin.pickActivity')}
        style={{ width: '100%', maxWidth: 480 }}
        showSearch={{ filterOption: false, onSearch: setQ }}
        value={activityId}
        onChange={(id: string) => setParams({ tab: 'shifts', activity: id })}
        options={(activities.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
      />
      {activityId && roles.data && (
        <>
          {roles.data.canManage && sessions.data && (
            <Form
              form={form}
              layout="vertical"
              onFinish={(v) =>
                addRole.mutateAsync(v).then(() => form.resetFields(['label', 'places']))
              }
            >
              <Form.Item
                name="sessionId"
                label={t('vol.admin.session')}
                rules={[{ required: true }]}
              >
                <Select
                  options={sessions.data.sessions.map((s) => ({
                    value: s.id,
                    label: formatDayTime(s.startsAt, lang),
                  }))}
                />
              </Form.Item>
              <Form.Item name="label" label={t('vol.admin.roleLabel')} rules={[{ required: true }]}>
                <Input maxLength={20} />
              </Form.Item>
              <Form.Item name="places" label={t('vol.admin.places')} rules={[{ required: true }]}>
                <InputNumber min={1} max={500} />
              </Form.Item>
              <Button htmlType="submit" type="primary" loading={addRole.isPending}>
                {t('vol.admin.addRole')}
              </Button>
            </Form>
          )}
          {roles.data.roles.length === 0 && <p>{t('vol.admin.noRoles')}</p>}
          {roles.data.roles.map((r) => (
            <Card
              key={r.id}
              size="small"
              title={
                <h2 className="card-heading">{`${r.label} · ${formatDayTime(r.startsAt, lang)}`}</h2>
              }
              extra={t('vol.admin.taken', { taken: r.taken, places: r.places })}
            >
              <List
                size="small"
                dataSource={r.shifts}
                renderItem={(s) => (
                  <List.Item
                    actions={[
                      s.status === 'PENDING' && roles.data.canManage ? (
                        <Space key="d">
                          <Button
                            size="small"
                            type="primary"
                            onClick={() => decide.mutate({ id: s.id, confirm: true })}
                          >
                            {t('vol.admin.confirm')}
                          </Button>
                          <Button
                            size="small"
                            onClick={() => decide.mutate({ id: s.id, confirm: false })}
                          >
                            {t('vol.admin.decline')}
                          </Button>
                        </Space>
                      ) : null,
                      s.status === 'CONFIRMED' && !s.arrivedAt ? (
                        <Button
                          key="a"
                          size="small"
                          type="primary"
                          aria-label={`${t('vol.admin.arrive')} ${s.personName}`}
                          onClick={() => door.mutate({ id: s.id, kind: 'arrive' })}
                        >
                          {t('vol.admin.arrive')}
                        </Button>
                      ) : null,
                      s.status === 'CONFIRMED' && s.arrivedAt && !s.departedAt ? (
                        <Button
                          key="o"
                          size="small"
                          type="primary"
                          aria-label={`${t('vol.admin.depart')} ${s.personName}`}
                          onClick={() => door.mutate({ id: s.id, kind: 'depart' })}
                        >
                          {t('vol.admin.depart')}
                        </Button>
                      ) : null,
                    ].filter(Boolean)}
                  >
                    <Space wrap>
                      <span>{s.personName}</span>
                      <Tag className={`state-tag state-tag-${TONE[s.status]}`}>
                        {t(`vol.shiftStatus.${s.status}` as MessageKey)}
                      </Tag>
                      {s.arrivedAt && (
                        <span>{`${t('vol.arrived')} ${formatDayTime(s.arrivedAt, lang)}`}</span>
                      )}
                      {s.departedAt && (
                        <span>{`${t('vol.departed')} ${formatDayTime(s.departedAt, lang)}`}</span>
                      )}
                      {s.hours !== null && <span>{t('vol.hoursN', { n: s.hours })}</span>}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          ))}
        </>
      )}
    </Space>
  );
}

function HoursToApprove() {
  const { t } = usePrefs();
  const list = useQuery({
    queryKey: ['volunteer-hours-pending'],
    queryFn: () =>
      call(api.GET('/api/volunteer-hours', { params: { query: { status: 'PENDING' } } })),
  });
  const decide = useAct(
    (v: { id: string; approve: boolean }) =>
      call(
        api.POST('/api/volunteer-hours/{id}/decide', {
          params: { path: { id: v.id } },
          body: { approve: v.approve },
        }),
      ),
    [['volunteer-hours-pending'], ['volunteer-totals']],
  );
  return (
    <List
      loading={list.isLoading}
      locale={{ emptyText: t('vol.admin.noHours') }}
      dataSource={list.data?.items ?? []}
      renderItem={(h) => (
        <List.Item
          actions={
            h.canDecide
              ? [
                  <Button
                    key="a"
                    type="primary"
                    onClick={() => decide.mutate({ id: h.id, approve: true })}
                  >
                    {t('vol.admin.approve')}
                  </Button>,
                  <Button key="d" onClick={() => decide.mutate({ id: h.id, approve: false })}>
                    {t('vol.admin.decline')}
                  </Button>,
                ]
              : []
          }
        >
          <ItemText
            title={`${h.personName} · ${h.hostName}`}
            description={`${h.workedOn} · ${t('vol.hoursN', { n: h.hours })} · ${h.what}`}
          />
        </List.Item>
      )}
    />
  );
}

function Totals() {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const me = useMe();
  const { confirm, dialog } = useConfirm();
  const [by, setBy] = useState<'person' | 'host' | 'province'>('host');
  const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const [minHours, setMinHours] = useState(1);
  const totals = useQuery({
    queryKey: ['volunteer-totals', by, year],
    queryFn: () => call(api.GET('/api/volunteer-totals', { params: { query: { by, year } } })),
  });
  const certify = useMutation({
    mutationFn: (body: { organisationId: string; year: number; minHours: number }) =>
      call(api.POST('/api/volunteer-hours/certificates', { body })),
    onSuccess: (r) =>
      message.success(
        t('vol.admin.certified', {
          issued: r.issued,
          already: r.alreadyIssued,
          below: r.belowMinimum,
        }),
      ),
    onError: (e) => message.error(errorMessage(e)),
  });
  // The server decides per host; the column shows to those who administer a unit.
  const mayCertify = !!me.data && issuesCertificates(me.data);
  const askCertify = async (host: { key: string | null; label: string | null }) => {
    if (!host.key) return;
    const yes = await confirm({
      title: t('vol.admin.certifyTitle', { host: host.label ?? '', year }),
      body: t('vol.admin.certifyBody', { year, min: minHours }),
      action: t('vol.admin.certifyAction'),
    });
    if (yes) certify.mutate({ organisationId: host.key, year, minHours });
  };
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
      {dialog}
      <Space wrap>
        <Select
          aria-label={t('vol.admin.year')}
          value={year}
          onChange={setYear}
          options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({
            value: y,
            label: t('vol.admin.yearN', { year: y }),
          }))}
          style={{ width: 120 }}
        />
        <Segmented
          value={by}
          onChange={(v) => setBy(v as typeof by)}
          options={(['person', 'host', 'province'] as const).map((b) => ({
            value: b,
            label: t(`vol.admin.by.${b}` as MessageKey),
          }))}
        />
        <Button
          onClick={() =>
            download(`/api/volunteer-totals/export?by=${by}&year=${year}`, `${year}.xlsx`)
          }
        >
          {t('vol.admin.export')}
        </Button>
        {by === 'host' && mayCertify ? (
          <Space size={4}>
            <label htmlFor="vol-min-hours">{t('vol.admin.minHours')}</label>
            <InputNumber
              id="vol-min-hours"
              min={0}
              max={10000}
              value={minHours}
              onChange={(v) => setMinHours(v ?? 0)}
              style={{ width: 90 }}
            />
          </Space>
        ) : null}
      </Space>
      <Table
        rowKey={(r) => r.key ?? 'none'}
        loading={totals.isLoading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={totals.data?.items ?? []}
        columns={[
          {
            title: t(`vol.admin.by.${by}` as MessageKey),
            render: (_, r) => r.label ?? t('vol.admin.ministryUnits'),
          },
          { title: t('vol.hours'), dataIndex: 'hours' },
          { title: t('vol.admin.people'), dataIndex: 'people' },
          ...(by === 'host' && mayCertify
            ? [
                {
                  title: t('vol.admin.certificates'),
                  key: 'certify',
                  render: (_: unknown, r: { key: string | null; label: string | null }) => (
                    <Button
                      size="small"
                      loading={certify.isPending && certify.variables?.organisationId === r.key}
                      onClick={() => void askCertify(r)}
                    >
                      {t('vol.admin.certify')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

/** 志愿者管理 (/admin/volunteers): applications, roles and check-in, hours to approve, totals. */
export function VolunteersAdminPage() {
  const { t } = usePrefs();
  usePageTitle(t('vol.admin.title'));
  const [params, setParams] = useSearchParams();
  return (
    <div>
      <h1>{t('vol.admin.title')}</h1>
      <Tabs
        style={{ maxWidth: '100%' }}
        activeKey={params.get('tab') ?? 'applications'}
        onChange={(tab) => setParams({ tab })}
        items={[
          { key: 'applications', label: t('vol.admin.applications'), children: <Applications /> },
          { key: 'shifts', label: t('vol.admin.shifts'), children: <Shifts /> },
          { key: 'hours', label: t('vol.admin.hoursToApprove'), children: <HoursToApprove /> },
          { key: 'totals', label: t('vol.admin.totals'), children: <Totals /> },
        ]}
      />
    </div>
  );
}
