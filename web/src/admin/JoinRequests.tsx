import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatTime } from '../lib/dates.ts';
import { applyServerError, errorMessage } from '../lib/forms.ts';
import { stateTag, type Tone } from './UserActions.tsx';

type JoinRequest = Answer<'/api/join-requests', 'get'>['items'][number];
type Status = JoinRequest['status'];
type JoinRole = 'MEMBER' | 'EDITOR';
const KEY = ['join-requests'] as const;
const STATUS_TONE: Record<Status, Tone> = {
  PENDING: 'info',
  APPROVED: 'ok',
  DECLINED: 'warn',
  WITHDRAWN: 'plain',
};

/** Approve with a role (成员 or 编辑), chosen next to the button. */
function Approve({ r, onError }: { r: JoinRequest; onError: (m: string) => void }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [role, setRole] = useState<JoinRole>('MEMBER');
  const approve = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/join-requests/{id}/approve', {
          params: { path: { id: r.id } },
          body: { role },
        }),
      ),
    onSuccess: async () => {
      message.success(t('joinReq.approved', { name: r.userName, unit: r.organisationName }));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => onError(errorMessage(e)),
  });
  return (
    <Space wrap>
      <Select<JoinRole>
        size="small"
        value={role}
        onChange={setRole}
        aria-label={t('joinReq.roleFor', { name: r.userName })}
        options={(['MEMBER', 'EDITOR'] as const).map((x) => ({ value: x, label: t(`role.${x}`) }))}
      />
      <Button
        size="small"
        type="primary"
        loading={approve.isPending}
        onClick={() => approve.mutate()}
      >
        {t('joinReq.approve')}
      </Button>
    </Space>
  );
}

function DeclineDialog({ r, onClose }: { r: JoinRequest; onClose: () => void }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const decline = useMutation({
    mutationFn: (v: { reason: string }) =>
      call(
        api.POST('/api/join-requests/{id}/decline', {
          params: { path: { id: r.id } },
          body: { reason: v.reason.trim() },
        }),
      ),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: KEY });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      open
      title={t('joinReq.declineTitle', { name: r.userName })}
      okText={t('joinReq.decline')}
      okButtonProps={{ danger: true, loading: decline.isPending }}
      cancelText={t('form.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form form={form} name="decline-join" layout="vertical" onFinish={decline.mutate}>
        <Form.Item
          label={t('joinReq.declineReason')}
          name="reason"
          extra={t('joinReq.declineHelp')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('form.required', { field: t('joinReq.declineReason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 加入单位申请: requests to join the caller's units (and those below), pending first. */
export function JoinRequestsPage() {
  const { t, lang } = usePrefs();
  usePageTitle(t('joinReq.title'));
  const [status, setStatus] = useState<Status | undefined>('PENDING');
  const [declining, setDeclining] = useState<JoinRequest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: [...KEY, status ?? null],
    queryFn: () =>
      call(api.GET('/api/join-requests', { params: { query: status ? { status } : {} } })),
  });
  return (
    <section className="panel" aria-labelledby="join-req-h">
      <h1 id="join-req-h">{t('joinReq.title')}</h1>
      <p className="muted">{t('joinReq.text')}</p>
      <Form layout="inline" className="filters" name="join-req-filters">
        <Form.Item label={t('joinReq.status')} htmlFor="join-req-status">
          <Select<Status | undefined>
            id="join-req-status"
            allowClear
            style={{ width: 160 }}
            placeholder={t('joinReq.allStatuses')}
            value={status}
            onChange={setStatus}
            options={(['PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN'] as const).map((s) => ({
              value: s,
              label: t(`joinReq.status.${s}`),
            }))}
          />
        </Form.Item>
      </Form>
      {error && (
        <Alert className="form-alert" type="error" showIcon title={error} role="alert" closable />
      )}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<JoinRequest>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('joinReq.none') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('joinReq.person'),
            key: 'person',
            render: (_, r) => (
              <>
                {r.userName} <span className="muted">（{r.username}）</span>
              </>
            ),
          },
          { title: t('joinReq.unit'), dataIndex: 'organisationName' },
          { title: t('joinReq.position'), dataIndex: 'position' },
          { title: t('joinReq.reason'), dataIndex: 'reason' },
          {
            title: t('joinReq.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatTime(v, lang),
          },
          {
            title: t('joinReq.status'),
            key: 'status',
            render: (_, r) => (
              <>
                <Tag className={stateTag(STATUS_TONE[r.status])}>
                  {t(`joinReq.status.${r.status}`)}
                </Tag>
                {r.role && t(`role.${r.role}`)}
                {r.decisionNote && <div className="muted">{r.decisionNote}</div>}
              </>
            ),
          },
          {
            title: t('joinReq.actions'),
            key: 'actions',
            render: (_, r) =>
              r.status === 'PENDING' ? (
                <Space wrap>
                  <Approve r={r} onError={setError} />
                  <Button size="small" danger onClick={() => setDeclining(r)}>
                    {t('joinReq.decline')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {declining && <DeclineDialog r={declining} onClose={() => setDeclining(null)} />}
    </section>
  );
}
