import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { ME_KEY } from '../lib/auth.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';

type JoinRequest = Answer<'/api/me/join-requests', 'get'>['items'][number];
const MINE = ['my-join-requests'] as const;

interface Values {
  organisationId: string;
  position: string;
  reason?: string;
}

/** Units by part of their name, as the person types (never a typed id). */
function UnitSelect(props: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const { t } = usePrefs();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(h);
  }, [text]);
  const units = useQuery({
    queryKey: ['join-units', q],
    enabled: q.length > 0,
    queryFn: () => call(api.GET('/api/join-requests/units', { params: { query: { q } } })),
  });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: (v) => setText(v.slice(0, 40)) }}
      placeholder={t('join.unitPlaceholder')}
      notFoundContent={q ? (units.isFetching ? t('join.searching') : t('join.noUnit')) : null}
      options={(units.data?.items ?? []).map((u) => ({
        value: u.id,
        label: u.parentName ? `${u.name}（${u.parentName}）` : u.name,
      }))}
    />
  );
}

/**
 * 申请加入单位: a signed-in person's requests to join a unit — the pending one (withdraw), the
 * last answer (with the reason of a decline), and the form to ask (one pending at a time).
 */
export function JoinUnit() {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mine = useQuery({
    queryKey: MINE,
    queryFn: () => call(api.GET('/api/me/join-requests')),
  });
  const ask = useFormMutation(form, {
    mutationFn: (v: Values) =>
      call(
        api.POST('/api/me/join-requests', {
          body: { organisationId: v.organisationId, position: v.position, reason: v.reason ?? '' },
        }),
      ),
    onSuccess: async (r) => {
      message.success(t('join.sent', { unit: r.organisationName }));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: MINE });
    },
  });
  const withdraw = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/me/join-requests/{id}/withdraw', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: MINE }),
  });
  const latest: JoinRequest | undefined = mine.data?.items[0];
  useEffect(() => {
    // Approved since the page loaded: the person's roles changed.
    if (latest?.status === 'APPROVED') void qc.invalidateQueries({ queryKey: ME_KEY });
  }, [latest?.status, qc]);
  if (mine.isPending) return <Skeleton active aria-busy />;
  if (mine.isError) return <Alert type="error" showIcon title={errorMessage(mine.error)} />;
  const pending = latest?.status === 'PENDING' ? latest : undefined;
  return (
    <div className="join-unit">
      {latest && latest.status !== 'WITHDRAWN' && (
        <Alert
          role="status"
          type={
            latest.status === 'APPROVED'
              ? 'success'
              : latest.status === 'DECLINED'
                ? 'warning'
                : 'info'
          }
          showIcon
          title={t(`join.status.${latest.status}`, {
            unit: latest.organisationName,
            role: latest.role ? t(`role.${latest.role}`) : '',
          })}
          description={
            latest.status === 'DECLINED' && latest.decisionNote
              ? t('join.declineReason', { reason: latest.decisionNote })
              : undefined
          }
          action={
            pending ? (
              <Button
                size="small"
                loading={withdraw.isPending}
                onClick={() => withdraw.mutate(pending.id)}
              >
                {t('join.withdraw')}
              </Button>
            ) : undefined
          }
        />
      )}
      {!pending && (
        <Form<Values>
          form={form}
          name="join-unit"
          layout="vertical"
          onFinish={ask.mutate}
          className="join-unit-form"
        >
          <FormAlert text={ask.alert} />
          <p className="muted">{t('join.help')}</p>
          <Form.Item
            label={t('join.unit')}
            name="organisationId"
            rules={[{ required: true, message: t('form.required', { field: t('join.unit') }) }]}
          >
            <UnitSelect />
          </Form.Item>
          <Form.Item
            label={t('join.position')}
            name="position"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('form.required', { field: t('join.position') }),
              },
            ]}
          >
            <Input maxLength={60} placeholder={t('join.positionPlaceholder')} />
          </Form.Item>
          <Form.Item label={t('join.reason')} name="reason">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={ask.isPending}>
            {t('join.submit')}
          </Button>
        </Form>
      )}
    </div>
  );
}

/** On /me: the person's requests to join a unit, for those who hold no unit role yet or asked. */
export function MyUnitRequests({ hasUnit }: { hasUnit: boolean }) {
  const { t } = usePrefs();
  const mine = useQuery({
    queryKey: MINE,
    queryFn: () => call(api.GET('/api/me/join-requests')),
  });
  if (hasUnit && !mine.data?.items.length) return null;
  return (
    <section className="panel" aria-labelledby="join-unit-h">
      <h2 id="join-unit-h">{t('join.title')}</h2>
      <JoinUnit />
    </section>
  );
}
