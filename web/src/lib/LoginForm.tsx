import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError, api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';
import { rememberMe } from './auth.ts';
import { applyServerError } from './forms.ts';

interface Values {
  username: string;
  password: string;
  totpCode?: string;
}

/** Username + password; asks for the 6-digit code when the server answers MFA_REQUIRED. */
export function LoginForm({ name, onDone }: { name: string; onDone: (me: Me) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      const me = await call(
        api.POST('/api/auth/login', {
          body: {
            username: values.username,
            password: values.password,
            ...(needCode && values.totpCode ? { totpCode: values.totpCode } : {}),
          },
        }),
      );
      rememberMe(qc, me);
      onDone(me);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'MFA_REQUIRED' && !needCode) {
        setNeedCode(true);
        setError(null);
      } else {
        setError(applyServerError(form, e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} name={name} layout="vertical" onFinish={submit} requiredMark={false}>
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form.Item
        label={t('form.username')}
        name="username"
        rules={[{ required: true, message: t('form.required', { field: t('form.username') }) }]}
      >
        <Input autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item
        label={t('form.password')}
        name="password"
        rules={[{ required: true, message: t('form.required', { field: t('form.password') }) }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      {needCode && (
        <>
          <Alert className="form-alert" type="info" showIcon title={t('admin.mfaPrompt')} />
          <Form.Item
            label={t('form.totpCode')}
            name="totpCode"
            extra={t('form.totpHelp')}
            rules={[
              { required: true, message: t('form.required', { field: t('form.totpCode') }) },
              { pattern: /^\d{6}$/, message: t('form.totpInvalid') },
            ]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
          </Form.Item>
        </>
      )}
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block size="large">
          {t('login.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
