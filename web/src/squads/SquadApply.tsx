import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { applyServerError } from '../lib/forms.ts';
import { SQUADS_KEY } from './shared.ts';

interface Values {
  organisationId: string;
  name: string;
  description?: string;
  counsellorId?: string;
  counsellorPhone: string;
}

/** The school picker: schools in (or below) the person's units, by name. */
function SchoolPicker({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
}) {
  const { t } = usePrefs();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['squad-schools', q],
    queryFn: () => call(api.GET('/api/squads/schools', { params: { query: q ? { q } : {} } })),
  });
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={list.isPending}
      placeholder={t('squad.searchSchool')}
      options={(list.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
      style={{ maxWidth: 420 }}
    />
  );
}

/** 申请创建李四光中队: school, name, counsellor (the school's staff) and the counsellor's phone. */
export function SquadApplyPage() {
  const { t } = usePrefs();
  usePageTitle(t('squad.applyTitle'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const schoolId = Form.useWatch('organisationId', form);
  const counsellors = useQuery({
    queryKey: ['squad-counsellors', schoolId],
    queryFn: () =>
      call(
        api.GET('/api/squads/counsellors', {
          params: { query: { organisationId: String(schoolId) } },
        }),
      ),
    enabled: !!schoolId,
  });
  const submit = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/api/squads', {
          body: {
            organisationId: v.organisationId,
            name: v.name.trim(),
            description: v.description?.trim() ?? '',
            ...(v.counsellorId ? { counsellorId: v.counsellorId } : {}),
            counsellorPhone: v.counsellorPhone.trim(),
          },
        }),
      ),
    onSuccess: async (s) => {
      message.success(t('squad.submitted'));
      await qc.invalidateQueries({ queryKey: SQUADS_KEY });
      navigate(`/admin/squads/${s.id}`);
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const req = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('form.required', { field }),
  });
  return (
    <section className="panel" aria-labelledby="squad-apply-h">
      <p>
        <Link to="/admin/squads">{t('squad.back')}</Link>
      </p>
      <h1 id="squad-apply-h">{t('squad.applyTitle')}</h1>
      <p className="muted">{t('squad.applyText')}</p>
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form<Values>
        form={form}
        name="squad-apply"
        layout="vertical"
        onFinish={(v) => submit.mutate(v)}
        style={{ maxWidth: 640 }}
      >
        <Form.Item
          label={t('squad.school')}
          name="organisationId"
          extra={t('squad.schoolHelp')}
          rules={[{ required: true, message: t('form.required', { field: t('squad.school') }) }]}
        >
          <SchoolPicker />
        </Form.Item>
        <Form.Item
          label={t('squad.name')}
          name="name"
          extra={t('squad.nameHelp')}
          rules={[req(t('squad.name'))]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t('squad.description')} name="description">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item
          label={t('squad.counsellor')}
          name="counsellorId"
          extra={t('squad.counsellorHelp')}
        >
          <Select
            allowClear
            disabled={!schoolId}
            loading={counsellors.isFetching}
            options={(counsellors.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
        <Form.Item
          label={t('squad.counsellorPhone')}
          name="counsellorPhone"
          rules={[req(t('squad.counsellorPhone'))]}
        >
          <Input inputMode="tel" autoComplete="tel" maxLength={20} style={{ maxWidth: 240 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            {t('squad.submit')}
          </Button>
        </Space>
      </Form>
    </section>
  );
}
