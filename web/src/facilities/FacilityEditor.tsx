import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ConfirmButton } from '../lib/confirm.tsx';
import { formatCalendarDate, formatDayTime } from '../lib/dates.ts';
import { CoordinatesInput, DivisionCascader } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { FACILITIES_KEY, FACILITY_KINDS, type Facility } from './shared.ts';

const EDITORS = ['EDITOR', 'ORG_ADMIN'] as const;

interface Values {
  organisationId: string;
  kind: Facility['kind'];
  name: string;
  summary: string;
  description: string;
  visitNotes: string;
  safetyNotes: string;
  divisionCode?: string;
  address: string;
  coordinates?: { lng?: number; lat?: number };
  groupMax: number | null;
  partnerDays: number;
  published: boolean;
}

function fieldsOf(v: Values) {
  return {
    kind: v.kind,
    name: v.name,
    summary: v.summary ?? '',
    description: v.description ?? '',
    visitNotes: v.visitNotes ?? '',
    safetyNotes: v.safetyNotes ?? '',
    divisionCode: v.divisionCode ?? null,
    address: v.address ?? '',
    lat: v.coordinates?.lat ?? null,
    lng: v.coordinates?.lng ?? null,
    groupMax: v.groupMax ?? null,
    partnerDays: v.partnerDays ?? 7,
    published: !!v.published,
  };
}

/** /admin/facilities/new and /admin/facilities/:id: the profile, partner schools and open days. */
export function FacilityEditorPage({ me }: { me: Me }) {
  const { id } = useParams();
  const existing = useQuery({
    queryKey: [...FACILITIES_KEY, id],
    queryFn: () => call(api.GET('/api/facilities/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  if (id && existing.isPending) return <div role="status" aria-busy className="page-loading" />;
  if (id && existing.isError)
    return <Alert type="error" showIcon title={errorMessage(existing.error)} />;
  return <Editor key={id ?? 'new'} me={me} facility={existing.data ?? null} />;
}

function Editor({ me, facility }: { me: Me; facility: Facility | null }) {
  const { t } = usePrefs();
  usePageTitle(facility ? facility.name : t('fac.add'));
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const units = useUnitsWithRole(me, EDITORS);
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const save = useFormMutation(form, {
    mutationFn: (v: Values) =>
      facility
        ? call(
            api.PATCH('/api/facilities/{id}', {
              params: { path: { id: facility.id } },
              body: fieldsOf(v),
            }),
          )
        : call(
            api.POST('/api/facilities', {
              body: { organisationId: v.organisationId, ...fieldsOf(v) },
            }),
          ),
    onSuccess: async (f) => {
      message.success(t(facility ? 'fac.saved' : 'fac.created'));
      qc.setQueryData([...FACILITIES_KEY, f.id], f);
      await qc.invalidateQueries({ queryKey: [...FACILITIES_KEY], exact: true });
      if (!facility) navigate(`/admin/facilities/${f.id}`);
    },
  });
  const initial: Partial<Values> = facility
    ? {
        organisationId: facility.organisationId,
        kind: facility.kind,
        name: facility.name,
        summary: facility.summary,
        description: facility.description,
        visitNotes: facility.visitNotes,
        safetyNotes: facility.safetyNotes,
        ...(facility.divisionCode ? { divisionCode: facility.divisionCode } : {}),
        address: facility.address,
        ...(facility.lat !== null && facility.lng !== null
          ? { coordinates: { lat: facility.lat, lng: facility.lng } }
          : {}),
        groupMax: facility.groupMax,
        partnerDays: facility.partnerDays,
        published: facility.published,
      }
    : {
        organisationId: units.length === 1 ? units[0]?.value : undefined,
        kind: 'KEY_LAB',
        summary: '',
        description: '',
        visitNotes: '',
        safetyNotes: '',
        address: '',
        groupMax: null,
        partnerDays: 7,
        published: false,
      };
  return (
    <>
      <p>
        <Link to="/admin/facilities">{t('fac.back')}</Link>
      </p>
      <h1>{facility ? facility.name : t('fac.add')}</h1>
      {facility?.published && (
        <p>
          <Link to={`/facilities/${facility.id}`}>{t('fac.viewPublic')}</Link>
        </p>
      )}
      <FormAlert text={save.alert} />
      <Form<Values>
        form={form}
        name="facility"
        layout="vertical"
        requiredMark={false}
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label={t('fac.unit')} name="organisationId" rules={[req(t('fac.unit'))]}>
          <Select
            showSearch={{ optionFilterProp: 'name' }}
            style={{ maxWidth: 420 }}
            options={
              facility
                ? [
                    {
                      value: facility.organisationId,
                      label: facility.organisationName,
                      name: facility.organisationName,
                    },
                  ]
                : units
            }
            disabled={!!facility}
          />
        </Form.Item>
        <Form.Item
          label={t('fac.name')}
          name="name"
          rules={[req(t('fac.name'))]}
          extra={t('fac.nameHelp')}
        >
          <Input maxLength={80} style={{ maxWidth: 560 }} />
        </Form.Item>
        <Form.Item label={t('fac.kind')} name="kind" rules={[req(t('fac.kind'))]}>
          <Select
            style={{ maxWidth: 320 }}
            options={FACILITY_KINDS.map((k) => ({
              value: k,
              label: t(`fac.kind.${k}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('fac.summary')} name="summary">
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item label={t('fac.description')} name="description">
          <Input.TextArea maxLength={5000} autoSize={{ minRows: 3, maxRows: 12 }} />
        </Form.Item>
        <Form.Item label={t('fac.visitNotes')} name="visitNotes" extra={t('fac.visitNotesHelp')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <Form.Item label={t('fac.safetyNotes')} name="safetyNotes" extra={t('fac.safetyNotesHelp')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <Form.Item label={t('fac.division')} name="divisionCode">
          <DivisionCascader f={{ minLevel: 1, maxLevel: 3 }} />
        </Form.Item>
        <Form.Item label={t('fac.address')} name="address">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('fac.coordinates')} name="coordinates">
          <CoordinatesInput label={t('fac.coordinates')} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item label={t('fac.groupMax')} name="groupMax" extra={t('fac.groupMaxHelp')}>
            <InputNumber min={1} max={500} />
          </Form.Item>
          <Form.Item
            label={t('fac.partnerDays')}
            name="partnerDays"
            extra={t('fac.partnerDaysHelp')}
          >
            <InputNumber min={0} max={60} />
          </Form.Item>
        </div>
        <Form.Item
          label={t('fac.published')}
          name="published"
          valuePropName="checked"
          extra={t('fac.publishedHelp')}
        >
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('fac.save')}
        </Button>
      </Form>
      {facility && <Partners facility={facility} />}
      {facility && <OpenDays facility={facility} />}
    </>
  );
}

function Partners({ facility }: { facility: Facility }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const [pick, setPick] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const h = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(h);
  }, [typed]);
  const choices = useQuery({
    queryKey: ['facility-partner-choices', q],
    queryFn: () =>
      call(api.GET('/api/facilities/partner-choices', { params: { query: q ? { q } : {} } })),
  });
  const taken = new Set(facility.partners.map((p) => p.organisationId));
  const update = (f: Facility) => qc.setQueryData([...FACILITIES_KEY, f.id], f);
  async function add() {
    if (!pick) return;
    setBusy(true);
    try {
      update(
        await call(
          api.PUT('/api/facilities/{id}/partners/{organisationId}', {
            params: { path: { id: facility.id, organisationId: pick } },
            body: { note: note.trim() },
          }),
        ),
      );
      message.success(t('fac.partnerAdded'));
      setPick(undefined);
      setNote('');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  async function remove(organisationId: string) {
    try {
      update(
        await call(
          api.DELETE('/api/facilities/{id}/partners/{organisationId}', {
            params: { path: { id: facility.id, organisationId } },
          }),
        ),
      );
      message.success(t('fac.partnerRemoved'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="fac-partners-h">
      <h2 id="fac-partners-h">{t('fac.partners')}</h2>
      <Table
        rowKey="organisationId"
        dataSource={facility.partners}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('fac.partnersNone') }}
        columns={[
          { title: t('fac.partnerPick'), dataIndex: 'name' },
          { title: t('fac.partnerNote'), dataIndex: 'note' },
          {
            title: t('fac.partnerSince'),
            dataIndex: 'since',
            render: (v: string) => formatCalendarDate(v, lang),
          },
          {
            title: t('fac.partnerRemove'),
            key: 'remove',
            render: (_: unknown, p) => (
              <ConfirmButton
                size="small"
                danger
                step={{
                  title: t('fac.partnerRemoveTitle', { name: p.name }),
                  body: t('fac.partnerRemoveBody'),
                  action: t('fac.partnerRemove'),
                  danger: true,
                }}
                onConfirm={() => remove(p.organisationId)}
              >
                {t('fac.partnerRemove')}
              </ConfirmButton>
            ),
          },
        ]}
      />
      <fieldset className="session-row">
        <legend>{t('fac.partnerAdd')}</legend>
        <Space wrap align="end">
          <div>
            <label htmlFor="fac-partner-pick" className="field-label">
              {t('fac.partnerPick')}
            </label>
            <Select
              id="fac-partner-pick"
              showSearch={{ filterOption: false, onSearch: setTyped }}
              style={{ width: 300 }}
              placeholder={t('fac.partnerSearch')}
              value={pick}
              onChange={setPick}
              loading={choices.isFetching}
              options={(choices.data?.items ?? [])
                .filter((c) => !taken.has(c.id))
                .map((c) => ({
                  value: c.id,
                  label: c.place ? `${c.name}（${c.place}）` : c.name,
                }))}
            />
          </div>
          <div>
            <label htmlFor="fac-partner-note" className="field-label">
              {t('fac.partnerNote')}
            </label>
            <Input
              id="fac-partner-note"
              maxLength={200}
              style={{ width: 260 }}
              placeholder={t('fac.partnerNotePlaceholder')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <Button type="primary" onClick={add} disabled={!pick} loading={busy}>
            {t('fac.partnerAdd')}
          </Button>
        </Space>
      </fieldset>
    </section>
  );
}

function OpenDays({ facility }: { facility: Facility }) {
  const { t, lang } = usePrefs();
  const navigate = useNavigate();
  return (
    <section aria-labelledby="fac-opendays-h">
      <h2 id="fac-opendays-h">{t('fac.openDays')}</h2>
      <div className="toolbar">
        <Button onClick={() => navigate(`/admin/activities/new?facility=${facility.id}`)}>
          {t('fac.newOpenDay')}
        </Button>
      </div>
      <Table
        rowKey="activityId"
        dataSource={facility.openDays}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('fac.openDaysNone') }}
        columns={[
          {
            title: t('fac.openDayTitle'),
            dataIndex: 'title',
            render: (v: string, o) => <Link to={`/admin/activities/${o.activityId}`}>{v}</Link>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{t(`fac.status.${s}` as MessageKey)}</Tag>,
          },
          {
            title: t('fac.firstStart'),
            dataIndex: 'firstStartsAt',
            render: (v: string | null) => (v ? formatDayTime(v, lang) : ''),
          },
          { title: t('fac.slots'), dataIndex: 'slots', align: 'right' },
          {
            title: t('fac.groupsPending'),
            dataIndex: 'groupsPending',
            align: 'right',
            render: (n: number, o) =>
              n > 0 ? <Link to={`/admin/activities/${o.activityId}/registrations`}>{n}</Link> : 0,
          },
        ]}
      />
    </section>
  );
}
