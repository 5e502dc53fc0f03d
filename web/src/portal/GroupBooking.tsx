/**
 * 团体预约 on an activity's page (for activities that take them): a signed-in teacher books
 * places for a class — school, grade and class, contact, how many, the names now or later.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Radio } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { sessionTime } from './ActivityCards.tsx';

type Activity = Answer<'/api/public/activities/{id}', 'get'>;
interface Values {
  sessionId?: string;
  schoolName: string;
  gradeClass: string;
  contactName: string;
  contactPhone: string;
  requested: number;
  names?: string;
}

export function GroupBooking({ a }: { a: Activity }) {
  const { t, lang } = usePrefs();
  const me = useMe();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [done, setDone] = useState(false);
  const now = new Date().toISOString();
  const open = a.sessions.filter(
    (s) =>
      s.status === 'ACTIVE' &&
      s.startsAt > now &&
      (!s.registrationClosesAt || s.registrationClosesAt > now),
  );
  const book = useFormMutation(form, {
    mutationFn: (v: Values) =>
      call(
        api.POST('/api/activities/{id}/groups', {
          params: { path: { id: a.id } },
          body: {
            sessionId: v.sessionId ?? open[0]?.id,
            schoolName: v.schoolName,
            gradeClass: v.gradeClass,
            contactName: v.contactName,
            contactPhone: v.contactPhone,
            requested: v.requested,
            names: (v.names ?? '')
              .split(/[\n,，、]/)
              .map((x) => x.trim())
              .filter(Boolean),
          },
        }),
      ),
    onSuccess: () => {
      setDone(true);
      void qc.invalidateQueries({ queryKey: ['my-groups'] });
    },
  });
  if (open.length === 0 || !me.data?.user) return null;
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  return (
    <section className="call-apply" aria-labelledby="act-group-h">
      <h2 id="act-group-h">{t('act.groupBooking')}</h2>
      {done ? (
        <>
          <Alert type="success" showIcon role="status" title={t('act.groupSent')} />
          <p style={{ marginTop: 12, marginBottom: 0 }}>
            <Link to="/me">{t('act.toMine')}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="muted">{t('act.groupLead')}</p>
          <FormAlert text={book.alert} />
          <Form<Values>
            form={form}
            name="act-group"
            layout="vertical"
            requiredMark={false}
            initialValues={{ sessionId: open[0]?.id, requested: 30 }}
            onFinish={(v) => book.mutate(v)}
          >
            {open.length > 1 && (
              <Form.Item label={t('act.pickSession')} name="sessionId">
                <Radio.Group
                  options={open.map((s) => ({
                    value: s.id,
                    label: sessionTime(s.startsAt, s.endsAt, lang),
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item label={t('act.school')} name="schoolName" rules={[req(t('act.school'))]}>
              <Input maxLength={80} />
            </Form.Item>
            <Form.Item
              label={t('act.gradeClass')}
              name="gradeClass"
              rules={[req(t('act.gradeClass'))]}
              extra={t('act.gradeClassHelp')}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              label={t('act.contactName')}
              name="contactName"
              rules={[req(t('act.contactName'))]}
            >
              <Input maxLength={40} autoComplete="name" />
            </Form.Item>
            <Form.Item
              label={t('act.contactPhone')}
              name="contactPhone"
              rules={[req(t('act.contactPhone'))]}
            >
              <Input maxLength={30} inputMode="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item
              label={t('act.requested')}
              name="requested"
              rules={[req(t('act.requested'))]}
            >
              <InputNumber min={1} max={500} />
            </Form.Item>
            <Form.Item label={t('act.groupNames')} name="names" extra={t('act.groupNamesHelp')}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={book.isPending}>
              {t('act.groupSubmit')}
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}
