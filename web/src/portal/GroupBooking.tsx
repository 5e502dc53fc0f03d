/**
 * 团体预约 on an activity's page (for activities that take them): a signed-in teacher books
 * places for a class — school, grade and class, contact, how many, the names now or later.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { useMe } from '../lib/auth.ts';
import { formatDayTime } from '../lib/dates.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { sessionTime } from './ActivityCards.tsx';

const OTHER = 'OTHER';

type Activity = Answer<'/api/public/activities/{id}', 'get'>;
interface Values {
  sessionId?: string;
  /** One of the teacher's own units (a partner school books first), or OTHER: a typed name. */
  school?: string;
  schoolName: string;
  safetyAck?: boolean;
  gradeClass: string;
  contactName: string;
  contactPhone: string;
  requested: number;
  names?: string;
}

export function GroupBooking({ a }: { a: Activity }) {
  const { t, lang } = usePrefs();
  const me = useMe();
  const location = useLocation();
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
            ...(v.school && v.school !== OTHER
              ? { schoolOrganisationId: v.school }
              : { schoolName: v.schoolName }),
            safetyAcknowledged: !!v.safetyAck,
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
  const units = (me.data?.grants ?? [])
    .filter((g) => g.organisationId && g.organisationName)
    .filter((g, i, all) => all.findIndex((x) => x.organisationId === g.organisationId) === i);
  const school = Form.useWatch('school', form);
  const sessionId = Form.useWatch('sessionId', form) ?? open[0]?.id;
  if (open.length === 0 || me.isPending) return null;
  if (!me.data?.user) {
    // A signed-out teacher learns that classes book here, and signs in to come back to it.
    const here = encodeURIComponent(`${location.pathname}${location.search}`);
    return (
      <section className="call-apply" aria-labelledby="act-group-h">
        <h2 id="act-group-h">{t('act.groupBooking')}</h2>
        <p>{t('act.groupSignIn')}</p>
        <Link className="cta" to={`/login?next=${here}`}>
          {t('act.groupSignInLink')}
        </Link>
      </section>
    );
  }
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });
  const chosen = open.find((s) => s.id === sessionId);
  const partnersFirst = chosen?.partnersUntil && chosen.partnersUntil > now ? chosen : null;
  const facility = a.facility;
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
            initialValues={{
              sessionId: open[0]?.id,
              requested: Math.min(30, facility?.groupMax ?? 30),
              school: units[0]?.organisationId ?? OTHER,
            }}
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
            {partnersFirst && (
              <Alert
                type="info"
                showIcon
                title={t('act.partnersFirst', {
                  at: formatDayTime(partnersFirst.partnersUntil!, lang),
                  facility: facility?.name ?? a.host,
                })}
                style={{ marginBottom: 16 }}
              />
            )}
            {units.length > 0 && (
              <Form.Item label={t('act.school')} name="school" extra={t('act.schoolPickHelp')}>
                <Select
                  style={{ maxWidth: 420 }}
                  options={[
                    ...units.map((g) => ({ value: g.organisationId!, label: g.organisationName! })),
                    { value: OTHER, label: t('act.otherSchool') },
                  ]}
                />
              </Form.Item>
            )}
            {(units.length === 0 || school === OTHER) && (
              <Form.Item
                label={units.length > 0 ? t('act.schoolName') : t('act.school')}
                name="schoolName"
                rules={[req(t('act.school'))]}
              >
                <Input maxLength={80} />
              </Form.Item>
            )}
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
              <InputNumber min={1} max={Math.min(500, facility?.groupMax ?? 500)} />
            </Form.Item>
            <Form.Item label={t('act.groupNames')} name="names" extra={t('act.groupNamesHelp')}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
            </Form.Item>
            {facility?.safetyNotes && (
              <div className="safety-notes" role="note" aria-labelledby="act-safety-h">
                <h3 id="act-safety-h">{t('act.safetyNotes')}</h3>
                <p className="pre-line">{facility.safetyNotes}</p>
                <Form.Item
                  name="safetyAck"
                  valuePropName="checked"
                  rules={[
                    {
                      validator: (_, v) =>
                        v ? Promise.resolve() : Promise.reject(new Error(t('act.safetyAckNeeded'))),
                    },
                  ]}
                >
                  <Checkbox>{t('act.safetyAck')}</Checkbox>
                </Form.Item>
              </div>
            )}
            <Button type="primary" htmlType="submit" loading={book.isPending}>
              {t('act.groupSubmit')}
            </Button>
          </Form>
        </>
      )}
    </section>
  );
}
