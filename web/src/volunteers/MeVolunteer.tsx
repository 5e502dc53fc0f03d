import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Skeleton,
  Space,
  Statistic,
  Tag,
} from 'antd';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { ConfirmButton } from '../lib/confirm.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { divisionLabel } from '../lib/reference.ts';

type MyVolunteer = Answer<'/api/me/volunteer', 'get'>;
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
  VERIFIED: 'ok',
  CONFIRMED: 'ok',
  APPROVED: 'ok',
  DECLINED: 'plain',
  CANCELLED: 'plain',
};

function HostPicker({
  value,
  onChange,
  id,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  id?: string;
}) {
  const [q, setQ] = useState('');
  const hosts = useQuery({
    queryKey: ['volunteer-hosts', q],
    queryFn: () => call(api.GET('/api/volunteers/hosts', { params: { query: { q } } })),
  });
  const { t } = usePrefs();
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t('vol.hostsHelp')}
      options={(hosts.data?.items ?? []).map((h) => ({ value: h.id, label: h.name }))}
    />
  );
}

/** A province (GB/T 2260), by name; the console's cascader needs the console's dictionary. */
function ProvincePicker({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
}) {
  const { lang } = usePrefs();
  const provinces = useQuery({
    queryKey: ['divisions', 'provinces'],
    queryFn: () => call(api.GET('/api/divisions', { params: { query: {} } })),
    staleTime: 60 * 60_000,
  });
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      options={(provinces.data ?? []).map((d) => ({
        value: d.code,
        label: divisionLabel(d, lang),
      }))}
    />
  );
}

function RegisterForm({ data }: { data: MyVolunteer }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const v = data.volunteer;
  const needsGuardian = data.isMinor && !data.guardianOnAccount && !v?.guardianConsent;
  const save = useFormMutation(form, {
    mutationFn: (x: Record<string, unknown>) =>
      call(
        api.PUT('/api/me/volunteer', {
          body: {
            skills: (x.skills as string[]) ?? [],
            availability: {
              weekdays: !!x.weekdays,
              weekends: !!x.weekends,
              holidays: !!x.holidays,
              note: (x.note as string) ?? '',
            },
            regions: x.region ? [x.region as string] : [],
            emergencyContact: {
              name: x.emergencyName as string,
              phone: x.emergencyPhone as string,
            },
            hostIds: (x.hostIds as string[]) ?? [],
            ...(needsGuardian
              ? {
                  guardian: {
                    name: (x.guardianName as string) ?? '',
                    contact: (x.guardianContact as string) ?? '',
                    consent: !!x.guardianConsent,
                  },
                }
              : {}),
          },
        }),
      ),
    onSuccess: () => {
      message.success(t('vol.saved'));
      qc.invalidateQueries({ queryKey: ['my-volunteer'] });
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{
        skills: v?.skills ?? [],
        weekdays: v?.availability.weekdays,
        weekends: v?.availability.weekends,
        holidays: v?.availability.holidays,
        note: v?.availability.note,
        region: v?.regions[0]?.code,
        emergencyName: v?.emergencyContact.name,
        emergencyPhone: v?.emergencyContact.phone,
        hostIds: v?.hosts.map((h) => h.organisationId) ?? [],
      }}
      onFinish={() => save.submitFields()}
    >
      <Form.Item name="skills" label={t('vol.skills')} extra={t('vol.skillsHelp')}>
        <Select mode="tags" open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item label={t('vol.availability')}>
        <Space wrap>
          <Form.Item name="weekdays" valuePropName="checked" noStyle>
            <Checkbox>{t('vol.weekdays')}</Checkbox>
          </Form.Item>
          <Form.Item name="weekends" valuePropName="checked" noStyle>
            <Checkbox>{t('vol.weekends')}</Checkbox>
          </Form.Item>
          <Form.Item name="holidays" valuePropName="checked" noStyle>
            <Checkbox>{t('vol.holidays')}</Checkbox>
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name="note" label={t('vol.availabilityNote')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="region" label={t('vol.region')}>
        <ProvincePicker />
      </Form.Item>
      <Form.Item name="emergencyName" label={t('vol.emergencyName')} rules={[{ required: true }]}>
        <Input maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item name="emergencyPhone" label={t('vol.emergencyPhone')} rules={[{ required: true }]}>
        <Input maxLength={20} inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="hostIds" label={t('vol.hosts')} rules={[{ required: true }]}>
        <HostPicker />
      </Form.Item>
      {needsGuardian && (
        <>
          <Alert type="warning" showIcon title={t('vol.minor')} style={{ marginBottom: 16 }} />
          <Form.Item name={['guardianName']} label={t('vol.guardianName')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name={['guardianContact']} label={t('vol.guardianContact')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name={['guardianConsent']} valuePropName="checked">
            <Checkbox>{t('vol.guardianConsent')}</Checkbox>
          </Form.Item>
        </>
      )}
      <FormAlert text={save.alert} />
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('vol.save')}
      </Button>
    </Form>
  );
}

function OpenRoles() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const roles = useQuery({
    queryKey: ['volunteer-open-roles'],
    queryFn: () => call(api.GET('/api/volunteers/open-roles')),
  });
  const signUp = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/volunteer-roles/{id}/sign-ups', { params: { path: { id } } })),
    onSuccess: () => {
      message.success(t('vol.signedUp'));
      qc.invalidateQueries({ queryKey: ['volunteer-open-roles'] });
      qc.invalidateQueries({ queryKey: ['my-volunteer-shifts'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card title={<h2 className="card-heading">{t('vol.openRoles')}</h2>}>
      <List
        loading={roles.isLoading}
        locale={{ emptyText: t('vol.noOpenRoles') }}
        dataSource={roles.data?.items ?? []}
        renderItem={(r) => (
          <List.Item
            actions={[
              r.signedUp ? (
                <Tag key="s" className="state-tag state-tag-info">
                  {t('vol.shiftStatus.PENDING')}
                </Tag>
              ) : (
                <Button
                  key="b"
                  type="primary"
                  disabled={r.placesLeft === 0}
                  loading={signUp.isPending && signUp.variables === r.id}
                  onClick={() => signUp.mutate(r.id)}
                  aria-label={`${t('vol.signUp')} ${r.title} ${r.label}`}
                >
                  {t('vol.signUp')}
                </Button>
              ),
            ]}
          >
            <ItemText
              title={`${r.title} · ${r.label}`}
              description={`${r.hostName} · ${formatDayTime(r.startsAt, lang)} · ${t('vol.placesLeft', { n: r.placesLeft })}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function MyShifts() {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const shifts = useQuery({
    queryKey: ['my-volunteer-shifts'],
    queryFn: () => call(api.GET('/api/me/volunteer-shifts')),
  });
  const cancel = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/volunteer-shifts/{id}/cancel', { params: { path: { id } } })),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['my-volunteer-shifts'] });
      qc.invalidateQueries({ queryKey: ['volunteer-open-roles'] });
    },
  });
  return (
    <Card title={<h2 className="card-heading">{t('vol.myShifts')}</h2>}>
      <List
        loading={shifts.isLoading}
        locale={{ emptyText: t('vol.noShifts') }}
        dataSource={shifts.data?.items ?? []}
        renderItem={(s) => (
          <List.Item
            actions={
              s.mayCancel
                ? [
                    <ConfirmButton
                      key="c"
                      step={{
                        title: t('vol.cancelConfirm'),
                        body: s.title,
                        action: t('vol.cancel'),
                        danger: true,
                      }}
                      onConfirm={() => cancel.mutateAsync(s.id)}
                    >
                      {t('vol.cancel')}
                    </ConfirmButton>,
                  ]
                : []
            }
          >
            <ItemText
              title={
                <Space wrap>
                  <span>{`${s.title} · ${s.label}`}</span>
                  <Tag className={`state-tag state-tag-${TONE[s.status]}`}>
                    {t(`vol.shiftStatus.${s.status}` as MessageKey)}
                  </Tag>
                </Space>
              }
              description={[
                `${s.hostName} · ${formatDayTime(s.startsAt, lang)}`,
                s.arrivedAt ? `${t('vol.arrived')} ${formatDayTime(s.arrivedAt, lang)}` : null,
                s.departedAt ? `${t('vol.departed')} ${formatDayTime(s.departedAt, lang)}` : null,
                s.hours !== null ? t('vol.hoursN', { n: s.hours }) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function MyHours({ data }: { data: MyVolunteer }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const hours = useQuery({
    queryKey: ['my-volunteer-hours'],
    queryFn: () => call(api.GET('/api/me/volunteer-hours')),
  });
  const submit = useFormMutation(form, {
    mutationFn: (x: {
      organisationId: string;
      workedOn: { format: (f: string) => string };
      hours: number;
      what: string;
    }) =>
      call(
        api.POST('/api/me/volunteer-hours', {
          body: { ...x, workedOn: x.workedOn.format('YYYY-MM-DD') },
        }),
      ),
    onSuccess: () => {
      message.success(t('vol.submitted'));
      form.resetFields();
      qc.invalidateQueries({ queryKey: ['my-volunteer-hours'] });
    },
  });
  const h = hours.data;
  const verified = (data.volunteer?.hosts ?? []).filter((x) => x.status === 'VERIFIED');
  return (
    <Card title={<h2 className="card-heading">{t('vol.myHours')}</h2>}>
      {!h ? (
        <Skeleton active />
      ) : (
        <>
          <Space wrap size="large" data-testid="volunteer-totals">
            <Statistic title={t('vol.yearHours', { year: h.year })} value={h.hours} />
            <Statistic title={t('vol.cumulative')} value={h.cumulativeHours} />
            <Statistic
              title={t('vol.star')}
              value={h.star.level > 0 ? t('vol.starN', { n: h.star.level }) : t('vol.noStar')}
              prefix={
                h.star.level > 0 ? <span aria-hidden="true">{'★'.repeat(h.star.level)}</span> : null
              }
            />
          </Space>
          {h.star.nextAtHours !== null && (
            <p>
              {t('vol.nextStar', {
                n: Math.round((h.star.nextAtHours - h.cumulativeHours) * 10) / 10,
              })}
            </p>
          )}
          <h3>{t('vol.entries')}</h3>
          <List
            size="small"
            dataSource={h.entries}
            renderItem={(e) => (
              <List.Item>
                <Space wrap>
                  <span>{e.workedOn}</span>
                  <span>{e.hostName}</span>
                  <span>{e.fromShift ? e.what || t('vol.fromShift') : e.what}</span>
                  <span>{t('vol.hoursN', { n: e.hours })}</span>
                  <Tag className={`state-tag state-tag-${TONE[e.status]}`}>
                    {t(`vol.hoursStatus.${e.status}` as MessageKey)}
                  </Tag>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
      {verified.length > 0 && (
        <>
          <h3>{t('vol.submitHours')}</h3>
          <Form form={form} layout="vertical" onFinish={() => submit.submitFields()}>
            <Form.Item name="organisationId" label={t('vol.host')} rules={[{ required: true }]}>
              <Select
                options={verified.map((x) => ({
                  value: x.organisationId,
                  label: x.organisationName,
                }))}
              />
            </Form.Item>
            <Form.Item name="workedOn" label={t('vol.workedOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="hours" label={t('vol.hours')} rules={[{ required: true }]}>
              <InputNumber min={0.5} max={24} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="what" label={t('vol.what')} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
            <FormAlert text={submit.alert} />
            <Button htmlType="submit" loading={submit.isPending}>
              {t('vol.submitHours')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

/** 我的志愿服务 (/me/volunteer): registration, hosts, open roles, my shifts, my hours and star. */
export function MeVolunteerPage() {
  const { t } = usePrefs();
  usePageTitle(t('vol.title'));
  const me = useMe();
  const mine = useQuery({
    queryKey: ['my-volunteer'],
    queryFn: () => call(api.GET('/api/me/volunteer')),
    enabled: !!me.data,
  });
  if (me.isLoading) return <Skeleton active />;
  if (!me.data) return <Navigate to="/login?next=/me/volunteer" replace />;
  const data = mine.data;
  return (
    <div className="page-narrow">
      <h1>{t('vol.title')}</h1>
      <p>{t('vol.text')}</p>
      {!data ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          {data.volunteer && (
            <Card title={<h2 className="card-heading">{t('vol.hosts')}</h2>}>
              <Space wrap>
                {data.volunteer.hosts.map((h) => (
                  <Tag key={h.id} className={`state-tag state-tag-${TONE[h.status]}`}>
                    {`${h.organisationName} · ${t(`vol.hostStatus.${h.status}` as MessageKey)}`}
                  </Tag>
                ))}
              </Space>
            </Card>
          )}
          {data.volunteer && <OpenRoles />}
          {data.volunteer && <MyShifts />}
          {data.volunteer && <MyHours data={data} />}
          <Card title={<h2 className="card-heading">{t('vol.register')}</h2>}>
            <RegisterForm data={data} />
          </Card>
        </Space>
      )}
    </div>
  );
}
