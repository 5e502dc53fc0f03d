import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, InputNumber } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, call } from '../api/client.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { rememberMe } from '../lib/auth.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { safeNext } from './Login.tsx';

interface Values {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
  email?: string;
  birthYear?: number | null;
  guardian?: { name: string; contact: string; consent: boolean };
  agree?: boolean;
}

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

type Availability = { name: string; state: 'checking' | 'free' | 'taken' };

/**
 * Whether the username typed is free, asked once typing pauses (the server limits how often one
 * address may ask). A name not in the allowed form is not asked about: its rule says why.
 */
function useUsernameAvailability(value: string | undefined): Availability | null {
  const [check, setCheck] = useState<Availability | null>(null);
  useEffect(() => {
    const name = value?.trim() ?? '';
    if (!USERNAME.test(name)) {
      setCheck(null);
      return;
    }
    let stale = false;
    setCheck({ name, state: 'checking' });
    const timer = setTimeout(async () => {
      try {
        const r = await call(
          api.GET('/api/accounts/username-available', { params: { query: { username: name } } }),
        );
        if (!stale) setCheck({ name, state: r.available ? 'free' : 'taken' });
      } catch {
        // Asked too often, or offline: say nothing; registering tells a taken name anyway.
        if (!stale) setCheck(null);
      }
    }, 400);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [value]);
  return check;
}

/**
 * Under the guardian-consent age this calendar year (14, or 18 where the platform says so; the
 * server decides finally, this only shows the fields).
 */
export function isMinorBy(
  birthYear: number | null | undefined,
  age = 14,
  today = new Date(),
): boolean {
  return typeof birthYear === 'number' && today.getFullYear() - birthYear < age;
}

export function RegisterPage() {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const birthYear = Form.useWatch('birthYear', form);
  const availability = useUsernameAvailability(Form.useWatch('username', form));
  const settings = useQuery({
    queryKey: ['privacy-settings'],
    queryFn: () => call(api.GET('/api/privacy-settings')),
  });
  const guardianAge = settings.data?.guardianConsentAge ?? 14;
  const minor = isMinorBy(birthYear, guardianAge);
  // The versions shown by the links below are the ones the person accepts.
  const versions = useQuery({
    queryKey: ['policy-versions'],
    queryFn: async () => {
      const [p, t] = await Promise.all([
        call(api.GET('/api/policies/{kind}', { params: { path: { kind: 'PRIVACY' } } })),
        call(api.GET('/api/policies/{kind}', { params: { path: { kind: 'TERMS' } } })),
      ]);
      return { privacyVersion: p.version, termsVersion: t.version };
    },
  });
  usePageTitle(t('register.title'));

  const register = useFormMutation(form, {
    mutationFn: ({ v, consent }: { v: Values; consent: NonNullable<typeof versions.data> }) =>
      call(
        api.POST('/api/auth/register', {
          body: {
            username: v.username,
            displayName: v.displayName,
            password: v.password,
            ...(v.email ? { email: v.email } : {}),
            birthYear: v.birthYear as number,
            consent,
            ...(minor && v.guardian
              ? {
                  guardian: {
                    name: v.guardian.name,
                    contact: v.guardian.contact,
                    consent: true as const,
                  },
                }
              : {}),
          },
        }),
      ),
    onSuccess: (me) => {
      rememberMe(qc, me);
      message.success(t('register.done'));
      navigate(safeNext(params.get('next'), '/me'), { replace: true });
    },
    onError: (e) => {
      // A new version was published while the page was open: the links now show it.
      if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') void versions.refetch();
    },
  });

  function submit(v: Values) {
    if (versions.data) register.mutate({ v, consent: versions.data });
  }

  const required = (field: string) => ({
    required: true,
    message: t('form.required', { field }),
  });
  const thisYear = new Date().getFullYear();

  return (
    <div className="auth-card">
      <h1>{t('register.title')}</h1>
      <Form
        form={form}
        name="register"
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        // On a phone the first bad field may be off screen: go there and put the cursor in it.
        scrollToFirstError={{ focus: true, block: 'center' }}
      >
        <FormAlert text={register.alert} />
        <Form.Item
          label={t('form.username')}
          name="username"
          extra={
            <>
              {t('form.usernameHelp')}
              <span
                role="status"
                className={`username-check${availability?.state === 'taken' ? ' taken' : availability?.state === 'free' ? ' free' : ''}`}
              >
                {availability &&
                  t(
                    availability.state === 'checking'
                      ? 'register.usernameChecking'
                      : availability.state === 'taken'
                        ? 'register.usernameTaken'
                        : 'register.usernameFree',
                  )}
              </span>
            </>
          }
          validateStatus={availability?.state === 'taken' ? 'error' : undefined}
          rules={[
            required(t('form.username')),
            { pattern: USERNAME, message: t('form.usernameRule') },
          ]}
        >
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item
          label={t('form.displayName')}
          name="displayName"
          rules={[required(t('form.displayName'))]}
        >
          <Input autoComplete="nickname" maxLength={40} />
        </Form.Item>
        <Form.Item
          label={t('form.password')}
          name="password"
          extra={t('form.passwordHelp')}
          rules={[required(t('form.password'))]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('form.passwordConfirm')}
          name="confirm"
          dependencies={['password']}
          rules={[
            required(t('form.passwordConfirm')),
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('password') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('form.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('form.email')} name="email" rules={[{ type: 'email' }]}>
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item
          label={t('form.birthYear')}
          name="birthYear"
          extra={t('form.birthYearHelp', { age: guardianAge })}
          rules={[required(t('form.birthYear'))]}
        >
          <InputNumber min={1900} max={thisYear} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        {minor && (
          <fieldset className="guardian">
            <legend>{t('form.guardianTitle')}</legend>
            <Form.Item
              label={t('form.guardianName')}
              name={['guardian', 'name']}
              rules={[required(t('form.guardianName'))]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              label={t('form.guardianContact')}
              name={['guardian', 'contact']}
              rules={[required(t('form.guardianContact'))]}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name={['guardian', 'consent']}
              valuePropName="checked"
              rules={[
                {
                  validator: (_, value) =>
                    value === true
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('form.consentRequired'))),
                },
              ]}
            >
              <Checkbox>{t('form.guardianConsent')}</Checkbox>
            </Form.Item>
          </fieldset>
        )}
        <Form.Item
          name="agree"
          valuePropName="checked"
          rules={[
            {
              validator: (_, value) =>
                value === true
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('register.agreeRequired'))),
            },
          ]}
        >
          <Checkbox>
            {t('register.agreePrefix')}
            <Link to="/privacy" target="_blank">
              {t('policy.privacy')}
            </Link>
            {t('register.agreeAnd')}
            <Link to="/terms" target="_blank">
              {t('policy.terms')}
            </Link>
          </Checkbox>
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={register.isPending}
            disabled={!versions.data}
            block
            size="large"
          >
            {t('register.submit')}
          </Button>
        </Form.Item>
      </Form>
      <p>
        {t('register.haveAccount')} <Link to="/login">{t('register.toLogin')}</Link>
      </p>
    </div>
  );
}
