import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, type FormRule, Input } from 'antd';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { type Translate, usePageTitle, useT } from '../i18n/index.tsx';
import { ME_KEY, signOut } from './auth.ts';
import { FormAlert, useFormMutation } from './mutations.tsx';

/** The "new password" and "new password again" fields, the second checked against the first. */
export function NewPasswordFields({ t, label }: { t: Translate; label?: string }) {
  const field = label ?? t('me.newPassword');
  const same: FormRule = ({ getFieldValue }) => ({
    validator: (_, value) =>
      !value || getFieldValue('newPassword') === value
        ? Promise.resolve()
        : Promise.reject(new Error(t('form.passwordMismatch'))),
  });
  return (
    <>
      <Form.Item
        label={field}
        name="newPassword"
        extra={t('form.passwordHelp')}
        rules={[{ required: true, message: t('form.required', { field }) }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('password.again')}
        name="confirm"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('form.required', { field: t('password.again') }) },
          same,
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

interface ChangeValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Current password, then the new one twice; the server ends the person's other sessions. */
export function ChangePasswordForm({
  name,
  submitLabel,
  onDone,
  primary = false,
}: {
  name: string;
  submitLabel: string;
  onDone: () => void;
  /** The page's main action (the forced change), not one form among others (/me). */
  primary?: boolean;
}) {
  const t = useT();
  const [form] = Form.useForm<ChangeValues>();
  const change = useFormMutation(form, {
    mutationFn: (v: ChangeValues) =>
      call(
        api.POST('/api/auth/password', {
          body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      onDone();
    },
  });
  return (
    <Form
      form={form}
      name={name}
      layout="vertical"
      requiredMark={false}
      style={{ maxWidth: 420 }}
      onFinish={(v) => change.mutate(v)}
    >
      <FormAlert text={change.alert} />
      <Form.Item
        label={t('me.currentPassword')}
        name="currentPassword"
        rules={[
          { required: true, message: t('form.required', { field: t('me.currentPassword') }) },
        ]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <NewPasswordFields t={t} />
      <Button type={primary ? 'primary' : 'default'} htmlType="submit" loading={change.isPending}>
        {submitLabel}
      </Button>
    </Form>
  );
}

/**
 * Shown instead of any page while the person must change their password (a temporary password
 * an administrator set, or the 90-day rotation): every other request would be refused.
 */
export function PasswordChangeRequired({ me }: { me: Me }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  usePageTitle(t('password.requiredTitle'));
  return (
    <div className="auth-card">
      <h1>{t('password.requiredTitle')}</h1>
      <Alert
        className="form-alert"
        type="warning"
        showIcon
        title={
          me.user.temporaryPassword ? t('password.requiredTemporary') : t('password.requiredAge')
        }
      />
      <ChangePasswordForm
        name="required-password"
        primary
        submitLabel={t('password.requiredSubmit')}
        onDone={async () => {
          message.success(t('me.passwordChanged'));
          await qc.invalidateQueries({ queryKey: ME_KEY });
        }}
      />
      <p style={{ marginTop: 16, marginBottom: 0 }}>
        <Button type="link" style={{ padding: 0 }} onClick={() => signOut('/', 'me.loggedOut')}>
          {t('me.logout')}
        </Button>
      </p>
    </div>
  );
}
