import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Dropdown, Form, Input, Modal, Space, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Me, User } from '../api/types.ts';
import { type Translate, usePrefs } from '../i18n/index.tsx';
import { formatDayTime, formatTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { NewPasswordFields } from '../lib/PasswordForms.tsx';

type Lang = ReturnType<typeof usePrefs>['lang'];

/** Tag colours with enough contrast (antd's preset gold and orange fall short). */
export type Tone = 'plain' | 'info' | 'ok' | 'warn' | 'danger';
export const stateTag = (tone: Tone) => `state-tag state-tag-${tone}`;

/** The account's state as tags: never signed in, no password, temporary password, locked. */
export function AccountTags({ user, t, lang }: { user: User; t: Translate; lang: Lang }) {
  const tags: { key: string; text: string; tone: Tone }[] = [];
  if (user.lockedUntil)
    tags.push({
      key: 'locked',
      text: t('user.tag.locked', { time: formatTime(user.lockedUntil, lang) }),
      tone: 'danger',
    });
  if (user.temporaryPassword)
    tags.push({ key: 'temporary', text: t('user.tag.temporary'), tone: 'warn' });
  if (!user.hasPassword)
    tags.push({ key: 'noPassword', text: t('user.tag.noPassword'), tone: 'warn' });
  if (!user.lastLoginAt)
    tags.push({ key: 'neverLoggedIn', text: t('user.tag.neverLoggedIn'), tone: 'plain' });
  return (
    <>
      {tags.map((g) => (
        <Tag key={g.key} className={stateTag(g.tone)}>
          {g.text}
        </Tag>
      ))}
    </>
  );
}

type Action = 'resetLink' | 'temporaryPassword' | 'unlock' | 'resetTotp';

/** Which account actions the caller may take on this person (the server checks again). */
export function accountActions(me: Me, user: User): Action[] {
  if (!user.managed || user.status !== 'ACTIVE') return [];
  const out: Action[] = ['resetLink', 'temporaryPassword'];
  if (user.lockedUntil) out.push('unlock');
  if (me.abilities.platformAdmin && user.totpEnabled && user.id !== me.user.id)
    out.push('resetTotp');
  return out;
}

const LABEL = {
  resetLink: 'user.action.resetLink',
  temporaryPassword: 'user.action.temporaryPassword',
  unlock: 'user.action.unlock',
  resetTotp: 'user.action.resetTotp',
} as const;

/** A one-time link to set a new password: generated on request, shown once with a warning. */
function ResetLinkDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const issue = useMutation({
    mutationFn: () =>
      call(api.POST('/api/users/{id}/reset-link', { params: { path: { id: user.id } } })),
  });
  const link = issue.data;
  return (
    <Modal
      open
      title={t('user.resetLink.title', { name: user.displayName })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        link ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <div className="button-row modal-buttons">
            <Button onClick={onClose}>{t('form.cancel')}</Button>
            <Button type="primary" loading={issue.isPending} onClick={() => issue.mutate()}>
              {t('user.resetLink.issue')}
            </Button>
          </div>
        )
      }
    >
      <FormAlert text={issue.isError ? errorMessage(issue.error) : null} />
      {link ? (
        <>
          <Alert
            className="form-alert"
            type="warning"
            showIcon
            title={t('user.resetLink.secret', {
              name: user.displayName,
              time: formatDayTime(link.expiresAt, lang),
            })}
          />
          <label htmlFor="reset-link-url" className="field-label">
            {t('user.resetLink.url')}
          </label>
          <Space.Compact style={{ width: '100%' }}>
            <Input id="reset-link-url" readOnly value={link.url} data-testid="reset-link" />
            <Button
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(link.url);
                  message.success(t('recovery.copied'));
                } catch {
                  message.error(t('recovery.copyFailed'));
                }
              }}
            >
              {t('recovery.copy')}
            </Button>
          </Space.Compact>
        </>
      ) : (
        <p>{t('user.resetLink.text', { name: user.displayName })}</p>
      )}
    </Modal>
  );
}

interface DialogProps {
  user: User;
  onClose: () => void;
  onDone: () => void;
}

/** The frame of an account action's dialog: its OK button runs the action. */
function AccountDialog({
  title,
  okText,
  danger,
  submit,
  onOk,
  onClose,
  children,
}: {
  title: string;
  okText: string;
  danger?: boolean;
  submit: { isPending: boolean };
  onOk: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = usePrefs();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={okText}
      cancelText={t('form.cancel')}
      okButtonProps={{ danger, loading: submit.isPending }}
      onOk={onOk}
      destroyOnHidden
    >
      {children}
    </Modal>
  );
}

/** A password the person must change at their next sign-in; their sessions end. */
function TemporaryPasswordDialog({ user, onClose, onDone }: DialogProps) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string; confirm: string }>();
  const set = useFormMutation(null, {
    mutationFn: (password: string) =>
      call(
        api.POST('/api/users/{id}/temporary-password', {
          params: { path: { id: user.id } },
          body: { password },
        }),
      ),
    onSuccess: () => {
      message.success(t('user.temporary.done'));
      onDone();
    },
    // The server names the field `password`; here it is the first of the two.
    onError: (e) => form.setFields([{ name: 'newPassword', errors: [errorMessage(e)] }]),
  });
  return (
    <AccountDialog
      title={t('user.temporary.title', { name: user.displayName })}
      okText={t('user.temporary.ok')}
      submit={set}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <p>{t('user.temporary.text', { name: user.displayName })}</p>
      <FormAlert text={set.alert} />
      <Form
        form={form}
        name="temporary-password"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => set.mutate(v.newPassword)}
      >
        <NewPasswordFields t={t} label={t('user.temporary.password')} />
      </Form>
    </AccountDialog>
  );
}

function UnlockDialog({ user, onClose, onDone }: DialogProps) {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const unlock = useFormMutation(null, {
    mutationFn: () =>
      call(api.POST('/api/users/{id}/unlock', { params: { path: { id: user.id } } })),
    onSuccess: () => {
      message.success(t('user.unlock.done', { name: user.displayName }));
      onDone();
    },
  });
  return (
    <AccountDialog
      title={t('user.unlock.title', { name: user.displayName })}
      okText={t('user.action.unlock')}
      submit={unlock}
      onOk={() => unlock.mutate()}
      onClose={onClose}
    >
      <FormAlert text={unlock.alert} />
      <p>
        {t('user.unlock.text', {
          name: user.displayName,
          time: user.lockedUntil ? formatTime(user.lockedUntil, lang) : '',
        })}
      </p>
    </AccountDialog>
  );
}

/** Irreversible: the confirmation says in words what stops working. */
function ResetTotpDialog({ user, onClose, onDone }: DialogProps) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const reset = useFormMutation(form, {
    mutationFn: (reason: string) =>
      call(
        api.POST('/api/users/{id}/reset-totp', {
          params: { path: { id: user.id } },
          body: { reason },
        }),
      ),
    onSuccess: () => {
      message.success(t('user.resetTotp.done', { name: user.displayName }));
      onDone();
    },
  });
  const admin = user.grants.some((g) => g.role === 'PLATFORM_ADMIN');
  return (
    <AccountDialog
      title={t('user.resetTotp.title', { name: user.displayName })}
      okText={t('user.resetTotp.ok')}
      danger
      submit={reset}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Alert
        className="form-alert"
        type="error"
        showIcon
        title={t('user.resetTotp.warn', { name: user.displayName })}
        description={admin ? t('user.resetTotp.admin') : t('user.resetTotp.member')}
      />
      <FormAlert text={reset.alert} />
      <Form
        form={form}
        name="reset-totp"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => reset.mutate(v.reason.trim())}
      >
        <Form.Item
          label={t('user.resetTotp.reason')}
          name="reason"
          extra={t('user.resetTotp.reasonHelp')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('form.required', { field: t('user.resetTotp.reason') }),
            },
          ]}
        >
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </AccountDialog>
  );
}

/** The row's account menu (only for people the caller manages) and its dialogs. */
export function UserActionsMenu({
  me,
  user,
  onChanged,
}: {
  me: Me;
  user: User;
  onChanged: () => void;
}) {
  const { t } = usePrefs();
  const [open, setOpen] = useState<Action | null>(null);
  const actions = accountActions(me, user);
  if (actions.length === 0) return null;
  const close = () => setOpen(null);
  const done = () => {
    setOpen(null);
    onChanged();
  };
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: actions.map((a) => ({
            key: a,
            label: t(LABEL[a]),
            danger: a === 'resetTotp',
          })),
          onClick: ({ key }) => setOpen(key as Action),
        }}
      >
        <Button size="small" aria-label={t('user.actionsFor', { name: user.displayName })}>
          {t('user.actions')}
        </Button>
      </Dropdown>
      {open === 'resetLink' && <ResetLinkDialog user={user} onClose={close} />}
      {open === 'temporaryPassword' && (
        <TemporaryPasswordDialog user={user} onClose={close} onDone={done} />
      )}
      {open === 'unlock' && <UnlockDialog user={user} onClose={close} onDone={done} />}
      {open === 'resetTotp' && <ResetTotpDialog user={user} onClose={close} onDone={done} />}
    </>
  );
}
