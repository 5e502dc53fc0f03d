import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { chinaWhen } from '../lib/dates.ts';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';
import { GroupApprovals } from './GroupApprovals.tsx';
import { type HostRegistration, REGISTRATION_STATUSES, type RegistrationStatus } from './shared.ts';

interface Message {
  sessionId?: string;
  subject: string;
  body: string;
}

/** 报名管理: one activity's registrations by session, waiting-list order, decisions, attendance. */
export function RegistrationsPage() {
  const { id = '' } = useParams();
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const [sessionId, setSessionId] = useState<string | undefined>();
  const [status, setStatus] = useState<RegistrationStatus | undefined>();
  const [messaging, setMessaging] = useState(false);
  const [form] = Form.useForm<Message>();
  const activity = useQuery({
    queryKey: ['activity', id],
    queryFn: () => call(api.GET('/api/activities/{id}', { params: { path: { id } } })),
  });
  usePageTitle(`${t('acto.registrations')} · ${activity.data?.title ?? ''}`);
  const regs = useQuery({
    queryKey: ['activity-registrations', id, sessionId, status],
    queryFn: () =>
      call(
        api.GET('/api/activities/{id}/registrations', {
          params: { path: { id }, query: { sessionId, status } },
        }),
      ),
  });
  const attendance = useQuery({
    queryKey: ['activity-attendance', id],
    queryFn: () => call(api.GET('/api/activities/{id}/attendance', { params: { path: { id } } })),
  });
  const sessions = activity.data?.sessions ?? [];
  const when = (sid: string) => {
    const s = sessions.find((x) => x.id === sid);
    return s ? chinaWhen(s.startsAt) : '';
  };
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['activity-registrations', id] }),
      qc.invalidateQueries({ queryKey: ['activity-attendance', id] }),
      qc.invalidateQueries({ queryKey: ['activity', id] }),
    ]);
  // Waiting-list order: the position among those waiting in the same session, by time.
  const order = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const r of [...(regs.data?.items ?? [])].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  ))
    if (r.status === 'WAITLISTED') {
      const n = (seen.get(r.sessionId) ?? 0) + 1;
      seen.set(r.sessionId, n);
      order.set(r.id, n);
    }

  async function decide(r: HostRegistration, approve: boolean) {
    if (
      !approve &&
      !(await confirm({
        title: t('acto.declineTitle'),
        body: t('acto.declineBody'),
        action: t('acto.decline'),
        danger: true,
      }))
    )
      return;
    try {
      await call(
        approve
          ? api.POST('/api/registrations/{id}/approve', {
              params: { path: { id: r.id } },
              body: { note: null },
            })
          : api.POST('/api/registrations/{id}/decline', {
              params: { path: { id: r.id } },
              body: { note: null },
            }),
      );
      message.success(t('acto.decided'));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  async function noShow(r: HostRegistration) {
    if (
      !(await confirm({
        title: t('acto.noShowTitle', { name: r.userName }),
        body: t('acto.noShowBody'),
        action: t('acto.markNoShow'),
      }))
    )
      return;
    try {
      await call(api.POST('/api/registrations/{id}/no-show', { params: { path: { id: r.id } } }));
      message.success(t('acto.marked'));
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  const send = useFormMutation(form, {
    mutationFn: (v: Message) =>
      call(api.POST('/api/activities/{id}/messages', { params: { path: { id } }, body: v })),
    onSuccess: (r) => {
      message.success(t('acto.sent', { n: String(r.sent) }));
      setMessaging(false);
    },
  });
  const now = new Date().toISOString();
  const ended = (sid: string) => {
    const s = sessions.find((x) => x.id === sid);
    return !!s && s.endsAt < now;
  };

  if (activity.isError) return <Alert type="error" showIcon title={errorMessage(activity.error)} />;
  return (
    <>
      <h1>
        {t('acto.registrations')}：{activity.data?.title}
      </h1>
      <p>{t('acto.regsText')}</p>
      <p>
        <Link to={`/admin/activities/${id}`}>{t('acto.edit')}</Link>
      </p>
      <h2>{t('acto.attendance')}</h2>
      <ul className="attendance">
        {sessions.map((s) => {
          const a = attendance.data?.sessions.find((x) => x.sessionId === s.id);
          return (
            <li key={s.id}>
              {t('acto.attendanceLine', {
                when: chinaWhen(s.startsAt),
                registered: String(a?.registered ?? 0),
                checkedIn: String(a?.checkedIn ?? 0),
              })}
            </li>
          );
        })}
      </ul>
      <Space wrap className="toolbar" align="end">
        <div className="inline-filter">
          <span>{t('acto.session')}</span>
          <Select
            allowClear
            aria-label={t('acto.session')}
            placeholder={t('acto.allSessions')}
            style={{ width: 200 }}
            value={sessionId}
            onChange={setSessionId}
            options={sessions.map((s) => ({ value: s.id, label: chinaWhen(s.startsAt) }))}
          />
        </div>
        <div className="inline-filter">
          <span>{t('acto.regStatus')}</span>
          <Select
            allowClear
            aria-label={t('acto.regStatus')}
            placeholder={t('acto.allRegStatuses')}
            style={{ width: 180 }}
            value={status}
            onChange={setStatus}
            options={REGISTRATION_STATUSES.map((s) => ({
              value: s,
              label: t(`acto.reg.${s}` as MessageKey),
            }))}
          />
        </div>
        <ExportButton
          path={`/api/activities/${id}/registrations/export`}
          query={{ sessionId, status }}
          filename={t('acto.exportName')}
        />
        <Button onClick={() => setMessaging(true)}>{t('acto.message')}</Button>
      </Space>
      {regs.isError && <Alert type="error" showIcon title={errorMessage(regs.error)} />}
      <Table<HostRegistration>
        rowKey="id"
        loading={regs.isPending}
        dataSource={regs.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('acto.noRegs') }}
        columns={[
          { title: t('acto.person'), dataIndex: 'userName' },
          { title: t('acto.session'), dataIndex: 'sessionId', render: (s: string) => when(s) },
          { title: t('acto.quantity'), dataIndex: 'quantity' },
          {
            title: t('acto.answers'),
            key: 'answers',
            render: (_: unknown, r) =>
              r.answerLines.length === 0 && !r.guardianName && !r.groupId ? (
                '—'
              ) : (
                <div className="reg-answers">
                  {r.groupId && <Tag>{t('acto.groupBooking')}</Tag>}
                  {r.answerLines.map((l) => (
                    <div key={l.key}>{`${l.label}：${l.value}`}</div>
                  ))}
                  {r.guardianName && (
                    <div>
                      {t('acto.guardianLine', {
                        name: r.guardianName,
                        contact: r.guardianContact ?? '',
                      })}
                    </div>
                  )}
                </div>
              ),
          },
          {
            title: t('acto.regStatus'),
            key: 'status',
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                <Tag>{t(`acto.reg.${r.status}` as MessageKey)}</Tag>
                {r.checkedInAt && (
                  <Tag className="state-tag state-tag-ok">{t('acto.checkedIn')}</Tag>
                )}
                {r.noShowAt && <Tag color="red">{t('acto.noShow')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('acto.waitOrder'),
            key: 'order',
            render: (_: unknown, r) => order.get(r.id) ?? '—',
          },
          {
            title: t('acto.registeredAt'),
            dataIndex: 'createdAt',
            render: (v: string) => chinaWhen(v),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) => (
              <Space size={4} wrap>
                {r.status === 'PENDING_APPROVAL' && (
                  <>
                    <Button size="small" type="primary" onClick={() => decide(r, true)}>
                      {t('acto.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => decide(r, false)}>
                      {t('acto.decline')}
                    </Button>
                  </>
                )}
                {r.status === 'CONFIRMED' &&
                  !r.checkedInAt &&
                  !r.noShowAt &&
                  ended(r.sessionId) && (
                    <Button size="small" onClick={() => noShow(r)}>
                      {t('acto.markNoShow')}
                    </Button>
                  )}
              </Space>
            ),
          },
        ]}
      />
      {activity.data?.groupsAllowed && (
        <GroupApprovals
          activityId={id}
          placesLeft={(sid) => sessions.find((x) => x.id === sid)?.placesLeft ?? null}
          onChanged={refresh}
        />
      )}
      <FormModal
        open={messaging}
        title={t('acto.messageTitle')}
        okText={t('acto.send')}
        submit={send}
        onCancel={() => setMessaging(false)}
      >
        <Form<Message> form={form} name="message" layout="vertical" requiredMark={false}>
          <Form.Item label={t('acto.messageScope')} name="sessionId">
            <Select
              allowClear
              placeholder={t('acto.allSessions')}
              options={sessions.map((s) => ({ value: s.id, label: chinaWhen(s.startsAt) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('acto.subject')}
            name="subject"
            rules={[{ required: true, message: t('form.required', { field: t('acto.subject') }) }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item
            label={t('acto.messageBody')}
            name="body"
            rules={[
              { required: true, message: t('form.required', { field: t('acto.messageBody') }) },
            ]}
          >
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 4 }} />
          </Form.Item>
        </Form>
      </FormModal>
      {dialog}
    </>
  );
}
