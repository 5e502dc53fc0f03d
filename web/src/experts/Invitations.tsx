import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { type MessageKey, usePrefs } from '../i18n/index.tsx';
import type { Me } from '../lib/auth.ts';
import { useConfirm } from '../lib/confirm.tsx';
import { formatDate } from '../lib/dates.ts';
import { applyServerError, errorMessage } from '../lib/forms.ts';

type List = Answer<'/api/experts/invitations', 'get'>;
type Invitation = List['items'][number];
type Status = Invitation['status'];
type Tone = 'plain' | 'info' | 'ok';
const stateTag = (tone: Tone) => `state-tag state-tag-${tone}`;
type Outcome = Answer<'/api/experts/invitations', 'post'>['results'][number];

const STATUSES: readonly Status[] = ['PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED'];
const TONE: Record<Status, Tone> = {
  PENDING: 'info',
  ACCEPTED: 'ok',
  EXPIRED: 'plain',
  REVOKED: 'plain',
};
const OUTCOME_TONE: Record<Outcome['outcome'], Tone> = {
  INVITED: 'ok',
  ALREADY_INVITED: 'info',
  ALREADY_EXPERT: 'info',
  REPEATED: 'plain',
};
const KEY = ['expert-invitations'] as const;
const PAGE_SIZE = 20;
const MAX_INVITEES = 50;
const EMAIL = /[^\s<>,，;；]+@[^\s<>,，;；]+\.[^\s<>,，;；]+/;

/** Whether the person may invite (the server checks each unit again). */
export const mayInvite = (me: Me | null | undefined) =>
  !!me && (me.abilities.platformAdmin || me.grants.some((g) => g.role === 'ORG_ADMIN'));

/**
 * The addresses box: one person a line, the address and the name in either order (王芳
 * wang.fang@example.cn, or 王芳 <wang.fang@example.cn>). Answers the people, or the first line's
 * problem in words.
 */
export function parseInvitees(
  text: string,
):
  | { ok: true; people: { email: string; name: string }[] }
  | { ok: false; line: number; problem: 'noEmail' | 'noName' | 'tooMany' | 'empty' } {
  const lines = text
    .split('\n')
    .map((l, i) => ({ l: l.trim(), n: i + 1 }))
    .filter((x) => x.l);
  if (lines.length === 0) return { ok: false, line: 0, problem: 'empty' };
  if (lines.length > MAX_INVITEES) return { ok: false, line: MAX_INVITEES + 1, problem: 'tooMany' };
  const people: { email: string; name: string }[] = [];
  for (const { l, n } of lines) {
    const m = EMAIL.exec(l);
    if (!m) return { ok: false, line: n, problem: 'noEmail' };
    const name = l
      .replace(m[0], ' ')
      .replace(/[<>,，;；:：()（）]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!name) return { ok: false, line: n, problem: 'noName' };
    people.push({ email: m[0], name: name.slice(0, 60) });
  }
  return { ok: true, people };
}

interface InviteValues {
  organisationId: string;
  addresses: string;
  message?: string;
}

/** 邀请专家: the unit, the people (one a line) and a message; then one outcome per address. */
export function InviteDialog({ me, onClose }: { me: Me; onClose: (sent: boolean) => void }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const [form] = Form.useForm<InviteValues>();
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Outcome[] | null>(null);
  const units = useUnitsWithRole(me, ['ORG_ADMIN']);
  const send = useMutation({
    mutationFn: (body: {
      organisationId: string;
      invitees: { email: string; name: string }[];
      message: string;
    }) => call(api.POST('/api/experts/invitations', { body })),
    onSuccess: async (r) => {
      setResults(r.results);
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const sent = results?.filter((r) => r.outcome === 'INVITED').length ?? 0;
  return (
    <Modal
      open
      title={t('exInv.create')}
      okText={results ? t('exInv.done') : t('exInv.send')}
      cancelText={t('form.cancel')}
      cancelButtonProps={results ? { style: { display: 'none' } } : undefined}
      okButtonProps={{ loading: send.isPending }}
      onOk={() => (results ? onClose(true) : form.submit())}
      onCancel={() => onClose(!!results)}
      destroyOnHidden
      width={640}
    >
      {results ? (
        <>
          <Alert
            type={sent > 0 ? 'success' : 'info'}
            showIcon
            title={t('exInv.sentCount', { n: sent })}
            className="form-alert"
          />
          <ul className="invite-results" aria-label={t('exInv.results')}>
            {results.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an address may repeat in the answer
              <li key={i}>
                {r.name} &lt;{r.email}&gt;{' '}
                <Tag className={stateTag(OUTCOME_TONE[r.outcome])}>
                  {t(`exInv.outcome.${r.outcome}` as MessageKey)}
                </Tag>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>{t('exInv.text')}</p>
          {error && (
            <Alert className="form-alert" type="error" showIcon title={error} role="alert" />
          )}
          <Form<InviteValues>
            form={form}
            name="expert-invite"
            layout="vertical"
            requiredMark={false}
            initialValues={{ organisationId: units.length === 1 ? units[0]!.value : undefined }}
            onFinish={(v) => {
              setError(null);
              const parsed = parseInvitees(v.addresses ?? '');
              if (!parsed.ok) {
                form.setFields([
                  {
                    name: 'addresses',
                    errors: [
                      t(`exInv.problem.${parsed.problem}` as MessageKey, {
                        line: parsed.line,
                        max: MAX_INVITEES,
                      }),
                    ],
                  },
                ]);
                return;
              }
              send.mutate(
                {
                  organisationId: v.organisationId,
                  invitees: parsed.people,
                  message: v.message?.trim() ?? '',
                },
                { onError: (e) => setError(applyServerError(form, e)) },
              );
            }}
          >
            <Form.Item
              label={t('exInv.unit')}
              name="organisationId"
              extra={t('exInv.unitHelp')}
              rules={[{ required: true, message: t('form.required', { field: t('exInv.unit') }) }]}
            >
              <Select showSearch={{ optionFilterProp: 'name' }} options={units} />
            </Form.Item>
            <Form.Item
              label={t('exInv.addresses')}
              name="addresses"
              extra={t('exInv.addressesHelp', { max: MAX_INVITEES })}
              rules={[
                { required: true, message: t('form.required', { field: t('exInv.addresses') }) },
              ]}
            >
              <Input.TextArea rows={6} placeholder={t('exInv.addressesPlaceholder')} />
            </Form.Item>
            <Form.Item label={t('exInv.message')} name="message" extra={t('exInv.messageHelp')}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** The invitations of the units I administer: status, revoke (asked first) and resend. */
export function InvitationsPanel() {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { confirm, dialog } = useConfirm();
  const [status, setStatus] = useState<Status | ''>('');
  const [page, setPage] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: [...KEY, status, page],
    queryFn: () =>
      call(
        api.GET('/api/experts/invitations', {
          params: { query: { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) } },
        }),
      ),
    placeholderData: (prev) => prev,
  });
  const act = useMutation({
    mutationFn: ({ id, what }: { id: string; what: 'revoke' | 'resend' }) =>
      what === 'revoke'
        ? call(api.POST('/api/experts/invitations/{id}/revoke', { params: { path: { id } } }))
        : call(api.POST('/api/experts/invitations/{id}/resend', { params: { path: { id } } })),
    onMutate: () => setError(null),
    onSuccess: async (inv, { what }) => {
      message.success(t(what === 'revoke' ? 'exInv.revoked' : 'exInv.resent', { name: inv.name }));
      await qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  async function revoke(inv: Invitation) {
    const ok = await confirm({
      title: t('exInv.revokeConfirm.title', { name: inv.name }),
      body: t('exInv.revokeConfirm.body', { name: inv.name, email: inv.email }),
      action: t('exInv.revoke'),
      danger: true,
    });
    if (ok) act.mutate({ id: inv.id, what: 'revoke' });
  }
  const data = list.data;
  return (
    <>
      {data && !data.mailConfigured && (
        <Alert className="form-alert" type="warning" showIcon title={t('exInv.noMail')} />
      )}
      <div className="toolbar">
        <Select
          aria-label={t('exInv.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={[
            { value: '', label: t('exInv.anyStatus') },
            ...STATUSES.map((s) => ({ value: s, label: t(`exInv.status.${s}` as MessageKey) })),
          ]}
          style={{ minWidth: 140 }}
        />
        {data && (
          <span className="muted">
            {t('exInv.quota', { sent: data.sentToday, max: data.dailyLimit })}
          </span>
        )}
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Table<Invitation>
        rowKey="id"
        loading={list.isFetching}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('exInv.none') }}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('exInv.col.name'), dataIndex: 'name' },
          { title: t('exInv.col.email'), dataIndex: 'email' },
          { title: t('exInv.col.unit'), dataIndex: 'organisationName' },
          { title: t('exInv.col.by'), dataIndex: 'invitedByName' },
          {
            title: t('exInv.col.status'),
            key: 'status',
            render: (_, r) => (
              <>
                <Tag className={stateTag(TONE[r.status])}>
                  {t(`exInv.status.${r.status}` as MessageKey)}
                </Tag>
                {r.status === 'ACCEPTED' && r.acceptedByName && (
                  <span className="muted">{t('exInv.acceptedBy', { name: r.acceptedByName })}</span>
                )}
                {r.status === 'PENDING' && !r.sentAt && (
                  <span className="muted">{t('exInv.sending')}</span>
                )}
              </>
            ),
          },
          {
            title: t('exInv.col.date'),
            key: 'date',
            render: (_, r) => formatDate(r.createdAt, lang),
          },
          {
            title: t('exInv.col.until'),
            key: 'until',
            render: (_, r) =>
              r.status === 'PENDING' || r.status === 'EXPIRED' ? formatDate(r.expiresAt, lang) : '',
          },
          {
            title: t('exInv.col.actions'),
            key: 'actions',
            render: (_, r) =>
              r.status === 'PENDING' || r.status === 'EXPIRED' ? (
                <div className="button-row">
                  <Button
                    size="small"
                    disabled={data ? !data.mailConfigured : false}
                    onClick={() => act.mutate({ id: r.id, what: 'resend' })}
                    aria-label={t('exInv.resendOne', { name: r.name })}
                  >
                    {t('exInv.resend')}
                  </Button>
                  {(r.status === 'PENDING' || r.status === 'EXPIRED') && (
                    <Button
                      size="small"
                      danger
                      onClick={() => revoke(r)}
                      aria-label={t('exInv.revokeOne', { name: r.name })}
                    >
                      {t('exInv.revoke')}
                    </Button>
                  )}
                </div>
              ) : null,
          },
        ]}
      />
      {dialog}
    </>
  );
}
