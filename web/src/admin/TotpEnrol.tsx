import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Spin } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { rememberMe } from '../lib/auth.ts';
import { applyServerError, errorMessage } from '../lib/forms.ts';

/** Shows a base32 secret in groups of four for typing into an authenticator app. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

export function TotpEnrolPage() {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('totp.title'));
  const setup = useQuery({
    queryKey: ['totp-setup'],
    queryFn: () => call(api.POST('/api/auth/totp/setup')),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });

  async function submit({ code }: { code: string }) {
    setBusy(true);
    setError(null);
    try {
      const me = await call(api.POST('/api/auth/totp/confirm', { body: { code } }));
      qc.removeQueries({ queryKey: ['totp-setup'] });
      rememberMe(qc, me);
      message.success(t('totp.done'));
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-card" style={{ maxWidth: 560 }}>
      <h1>{t('totp.title')}</h1>
      <p>{t('totp.text')}</p>
      {setup.isPending ? (
        <div className="page-loading" role="status">
          <Spin aria-hidden />
          <span>{t('common.loading')}</span>
        </div>
      ) : setup.isError ? (
        <Alert type="error" showIcon title={errorMessage(setup.error)} />
      ) : (
        <>
          <dl className="totp-facts">
            <dt>{t('totp.secret')}</dt>
            <dd className="secret" data-testid="totp-secret" data-secret={setup.data.secret}>
              {groupSecret(setup.data.secret)}
            </dd>
            <dt>{t('totp.url')}</dt>
            <dd className="break-all">
              <a href={setup.data.otpauthUrl}>{setup.data.otpauthUrl}</a>
            </dd>
          </dl>
          <Form form={form} name="totp" layout="vertical" onFinish={submit} requiredMark={false}>
            {error && (
              <Alert className="form-alert" type="error" showIcon title={error} role="alert" />
            )}
            <Form.Item
              label={t('form.totpCode')}
              name="code"
              extra={t('form.totpHelp')}
              rules={[
                { required: true, message: t('form.required', { field: t('form.totpCode') }) },
                { pattern: /^\d{6}$/, message: t('form.totpInvalid') },
              ]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block size="large">
              {t('totp.confirm')}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
