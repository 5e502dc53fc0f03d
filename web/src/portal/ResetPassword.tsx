import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Form, Spin } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { formatDayTime } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { NewPasswordFields } from '../lib/PasswordForms.tsx';

/** A link that cannot set a password (unknown, used, expired): what to do instead. */
function BadLink({ error }: { error: unknown }) {
  const { t } = usePrefs();
  const invalid =
    error === null || (error instanceof ApiError && error.code === 'RESET_TOKEN_INVALID');
  return (
    <>
      <Alert
        className="form-alert"
        type="error"
        showIcon
        title={invalid ? t('reset.invalid') : errorMessage(error)}
        role="alert"
      />
      <p>{t('reset.invalidText')}</p>
      <p>
        <Link to="/forgot-password">{t('reset.whoHelps')}</Link>
      </p>
    </>
  );
}

/**
 * /reset-password#<token>: the one-time link an administrator issued. The token stays in the
 * fragment (never sent in a request line or a Referer); the page shows whose account it is first.
 */
export function ResetPasswordPage() {
  const { t, lang } = usePrefs();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { hash } = useLocation();
  const token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  const [form] = Form.useForm<{ newPassword: string; confirm: string }>();
  usePageTitle(t('reset.title'));
  const peek = useQuery({
    queryKey: ['password-reset', token],
    queryFn: () => call(api.POST('/api/auth/password-reset/check', { body: { token } })),
    enabled: token.length >= 20,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const reset = useFormMutation(form, {
    mutationFn: (newPassword: string) =>
      call(api.POST('/api/auth/password-reset', { body: { token, newPassword } })),
    onSuccess: (r) => {
      message.success(t('reset.done'));
      navigate(`/login?username=${encodeURIComponent(r.username)}`, { replace: true });
    },
  });

  let body: React.ReactNode;
  if (token.length < 20) body = <BadLink error={null} />;
  else if (peek.isPending)
    body = (
      <div className="page-loading" role="status">
        <Spin aria-hidden />
        <span>{t('common.loading')}</span>
      </div>
    );
  else if (peek.isError) body = <BadLink error={peek.error} />;
  else
    body = (
      <>
        <p data-testid="reset-account">
          {t('reset.for', { name: peek.data.displayName, username: peek.data.username })}
        </p>
        <p className="muted">
          {t('reset.expires', { time: formatDayTime(peek.data.expiresAt, lang) })}
        </p>
        <Form
          form={form}
          name="reset"
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => reset.mutate(v.newPassword)}
        >
          <FormAlert text={reset.alert} />
          {/* Lets password managers file the new password under the right account. */}
          <input
            type="text"
            name="username"
            autoComplete="username"
            value={peek.data.username}
            readOnly
            hidden
          />
          <NewPasswordFields t={t} />
          <Button type="primary" htmlType="submit" loading={reset.isPending} block size="large">
            {t('reset.submit')}
          </Button>
        </Form>
      </>
    );

  return (
    <div className="auth-card">
      <h1>{t('reset.title')}</h1>
      {body}
    </div>
  );
}
