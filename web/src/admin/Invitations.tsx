import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { ConfirmButton } from '../lib/confirm.tsx';
import { formatDate } from '../lib/dates.ts';
import { applyServerError, errorMessage } from '../lib/forms.ts';
import { orgOptions, useOrganisations } from './shared.ts';
import { stateTag, type Tone } from './UserActions.tsx';

type Invitation = Answer<'/api/invitations', 'get'>['items'][number];
type Status = Invitation['status'];
export type InviteRole = 'ORG_ADMIN' | 'EDITOR' | 'REVIEWER' | 'MEMBER';

export const INVITE_ROLES: readonly InviteRole[] = ['MEMBER', 'EDITOR', 'REVIEWER', 'ORG_ADMIN'];
const STATUSES: readonly Status[] = ['PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED', 'EXPIRED'];
const STATUS_TONE: Record<Status, Tone> = {
  PENDING: 'info',
  ACCEPTED: 'ok',
  DECLINED: 'warn',
  REVOKED: 'plain',
  EXPIRED: 'plain',
};

export const INVITATIONS_KEY = ['invitations'] as const;

export interface InviteValues {
  username: string;
  role: InviteRole;
  organisationId: string;
}

/** Sends an invitation; the person accepts or declines on their own page. */
export function useInvite(onDone?: () => void) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (v: InviteValues) =>
      call(api.POST('/api/invitations', { body: { ...v, username: v.username.trim() } })),
    onSuccess: async (inv) => {
      message.success(t('invite.sent', { name: inv.inviteeName, unit: inv.organisationName }));
      await qc.invalidateQueries({ queryKey: INVITATIONS_KEY });
      onDone?.();
    },
  });
}

/** Role (in words) and unit (a picker): the fields an invitation needs besides the person. */
export function InviteFields() {
  const { t } = usePrefs();
  const orgs = useOrganisations();
  return (
    <>
      <Form.Item
        label={t('user.role')}
        name="role"
        rules={[{ required: true, message: t('form.required', { field: t('user.role') }) }]}
      >
        <Select options={INVITE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form.Item>
      <Form.Item
        label={t('invite.unit')}
        name="organisationId"
        rules={[{ required: true, message: t('form.required', { field: t('invite.unit') }) }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'name' }}
          loading={orgs.isPending}
          options={orgOptions(orgs.data)}
        />
      </Form.Item>
    </>
  );
}

function InviteDialog({ onClose }: { onClose: () => void }) {
  const { t } = usePrefs();
  const [form] = Form.useForm<InviteValues>();
  const [error, setError] = useState<string | null>(null);
  const invite = useInvite(onClose);
  return (
    <Modal
      open
      title={t('invite.create')}
      okText={t('invite.send')}
      cancelText={t('form.cancel')}
      okButtonProps={{ loading: invite.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>{t('invite.text')}</p>
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form<InviteValues>
        form={form}
        name="invite"
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: 'MEMBER' }}
        onFinish={(v) => {
          setError(null);
          invite.mutate(v, { onError: (e) => setError(applyServerError(form, e)) });
        }}
      >
        <Form.Item
          label={t('invite.username')}
          name="username"
          extra={t('invite.usernameHelp')}
          rules={[{ required: true, message: t('form.required', { field: t('invite.username') }) }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <InviteFields />
      </Form>
    </Modal>
  );
}

/** The invitations to the caller's units: who, where, as what, and what became of them. */
export function InvitationsPanel() {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [inviting, setInviting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: [...INVITATIONS_KEY, status ?? null],
    queryFn: () =>
      call(api.GET('/api/invitations', { params: { query: status ? { status } : {} } })),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/invitations/{id}', { params: { path: { id } } })),
    onMutate: () => setError(null),
    onSuccess: async () => {
      message.success(t('invite.revoked'));
      await qc.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <>
      <div className="toolbar">
        <Button type="primary" onClick={() => setInviting(true)}>
          {t('invite.create')}
        </Button>
        <span className="toolbar-field">
          <label htmlFor="invitation-status">{t('common.status')}</label>
          <Select
            id="invitation-status"
            allowClear
            placeholder={t('invite.allStatuses')}
            value={status}
            onChange={(v) => setStatus(v)}
            options={STATUSES.map((s) => ({ value: s, label: t(`invite.status.${s}`) }))}
            style={{ width: 160 }}
          />
        </span>
      </div>
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<Invitation>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { n }) }}
        columns={[
          {
            title: t('invite.invitee'),
            key: 'invitee',
            render: (_, i) => (
              <>
                {i.inviteeName}
                <span className="muted">（{i.inviteeUsername}）</span>
              </>
            ),
          },
          { title: t('invite.unit'), dataIndex: 'organisationName' },
          {
            title: t('user.role'),
            dataIndex: 'role',
            render: (r: Invitation['role']) => t(`role.${r}`),
          },
          {
            title: t('invite.invitedBy'),
            dataIndex: 'invitedByName',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: Status) => (
              <Tag className={stateTag(STATUS_TONE[s])}>{t(`invite.status.${s}`)}</Tag>
            ),
          },
          {
            title: t('invite.expires'),
            key: 'expires',
            render: (_, i) =>
              i.status === 'PENDING'
                ? formatDate(i.expiresAt, lang)
                : i.decidedAt
                  ? t('invite.decidedOn', { date: formatDate(i.decidedAt, lang) })
                  : '—',
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, i) =>
              i.status === 'PENDING' ? (
                <ConfirmButton
                  type="link"
                  size="small"
                  danger
                  step={{
                    title: t('confirm.revokeInvite.title', { name: i.inviteeName }),
                    body: t('confirm.revokeInvite.body'),
                    action: t('confirm.revokeInvite.ok'),
                    danger: true,
                  }}
                  onConfirm={() => revoke.mutate(i.id)}
                >
                  {t('invite.revoke')}
                </ConfirmButton>
              ) : null,
          },
        ]}
      />
      {inviting && <InviteDialog onClose={() => setInviting(false)} />}
    </>
  );
}
