import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useT } from '../i18n/index.tsx';
import { rememberMe } from './auth.ts';
import { RequiredItem, TotpCodeItem } from './fields.tsx';
import { applyServerError } from './forms.ts';

interface Values {
  username: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
}

/** Which second factor the form asks for, once the server said one is needed. */
type Second = 'none' | 'totp' | 'recovery';

/**
 * Username + password; asks for the 6-digit code when the server answers MFA_REQUIRED, or one
 * of the recovery codes instead. A person who must change their password is sent on by the
 * page's gate (`passwordChangeRequired`), not by this form.
 */
export function LoginForm({
  name,
  onDone,
  initialUsername,
}: {
  name: string;
  onDone: (me: Me) => void;
  /** After a password reset: the account whose password was just set. */
  initialUsername?: string;
}) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [second, setSecond] = useState<Second>('none');
  const [error, setError] = useState<string | null>(null);

  const login = useMutation({
    mutationFn: (v: Values) =>
      call(
        api.POST('/api/auth/login', {
          body: {
            username: v.username,
            password: v.password,
            ...(second === 'totp' && v.totpCode ? { totpCode: v.totpCode } : {}),
            ...(second === 'recovery' && v.recoveryCode
              ? { recoveryCode: v.recoveryCode.trim() }
              : {}),
          },
        }),
      ),
    onMutate: () => setError(null),
    onSuccess: (me) => {
      rememberMe(qc, me);
      if (second === 'recovery') {
        const n = me.user.recoveryCodesLeft;
        if (n <= 3) message.warning(t('login.recoveryLow', { n }), 8);
        else message.info(t('login.recoveryLeft', { n }));
      }
      onDone(me);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'MFA_REQUIRED' && second === 'none') {
        setSecond('totp');
      } else {
        setError(applyServerError(form, e));
      }
    },
  });

  const switchTo = (next: Second) => {
    setError(null);
    form.setFields([
      { name: 'totpCode', value: undefined, errors: [] },
      { name: 'recoveryCode', value: undefined, errors: [] },
    ]);
    setSecond(next);
  };

  return (
    <Form
      form={form}
      name={name}
      layout="vertical"
      onFinish={(v) => login.mutate(v)}
      requiredMark={false}
      initialValues={initialUsername ? { username: initialUsername } : undefined}
    >
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <RequiredItem label={t('form.username')} name="username">
        <Input autoComplete="username" autoFocus />
      </RequiredItem>
      <RequiredItem
        label={t('form.password')}
        name="password"
        extra={<Link to="/forgot-password">{t('login.forgot')}</Link>}
      >
        <Input.Password autoComplete="current-password" />
      </RequiredItem>
      {second === 'totp' && (
        <>
          <Alert className="form-alert" type="info" showIcon title={t('admin.mfaPrompt')} />
          <TotpCodeItem name="totpCode" autoFocus />
          <p className="login-switch">
            <Button type="link" onClick={() => switchTo('recovery')}>
              {t('login.useRecovery')}
            </Button>
          </p>
        </>
      )}
      {second === 'recovery' && (
        <>
          <Alert className="form-alert" type="info" showIcon title={t('login.recoveryPrompt')} />
          <RequiredItem
            label={t('login.recoveryCode')}
            name="recoveryCode"
            extra={t('login.recoveryHelp')}
            rules={[
              {
                pattern: /^\s*[A-Za-z2-7]{5}-?[A-Za-z2-7]{5}\s*$/,
                message: t('login.recoveryInvalid'),
              },
            ]}
          >
            <Input autoComplete="off" spellCheck={false} maxLength={13} autoFocus />
          </RequiredItem>
          <p className="login-switch">
            <Button type="link" onClick={() => switchTo('totp')}>
              {t('login.useTotp')}
            </Button>
          </p>
        </>
      )}
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={login.isPending} block size="large">
          {t('login.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
