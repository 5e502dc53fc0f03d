import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Spin } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { rememberMe } from '../lib/auth.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';

interface Values {
  username: string;
  displayName: string;
  password: string;
}

export function SetupPage() {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [form] = Form.useForm<Values>();
  usePageTitle(t('setup.title'));
  const status = useQuery({
    queryKey: ['setup'],
    queryFn: () => call(api.GET('/api/setup')),
  });

  const setup = useFormMutation(form, {
    mutationFn: (v: Values) => call(api.POST('/api/setup', { body: { token, ...v } })),
    onSuccess: (me) => {
      rememberMe(qc, me);
      qc.setQueryData(['setup'], { needed: false });
      navigate('/admin', { replace: true });
    },
  });

  return (
    <div className="auth-card">
      <h1>{t('setup.title')}</h1>
      {status.isPending ? (
        <div className="page-loading" role="status">
          <Spin aria-hidden />
          <span>{t('common.loading')}</span>
        </div>
      ) : status.isError ? (
        <Alert type="error" showIcon title={errorMessage(status.error)} />
      ) : !status.data.needed ? (
        <>
          <Alert type="info" showIcon title={t('setup.notNeeded')} />
          <p>
            <Link to="/admin/login">{t('login.submit')}</Link>
          </p>
        </>
      ) : !token ? (
        <Alert type="warning" showIcon title={t('setup.noToken')} />
      ) : (
        <>
          <p>{t('setup.text')}</p>
          <Form
            form={form}
            name="setup"
            layout="vertical"
            onFinish={setup.mutate}
            requiredMark={false}
          >
            <FormAlert text={setup.alert} />
            <Form.Item
              label={t('form.username')}
              name="username"
              extra={t('form.usernameHelp')}
              rules={[
                { required: true, message: t('form.required', { field: t('form.username') }) },
              ]}
            >
              <Input autoComplete="username" />
            </Form.Item>
            <Form.Item
              label={t('form.displayName')}
              name="displayName"
              rules={[
                { required: true, message: t('form.required', { field: t('form.displayName') }) },
              ]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              label={t('form.password')}
              name="password"
              extra={t('form.passwordHelp')}
              rules={[
                { required: true, message: t('form.required', { field: t('form.password') }) },
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={setup.isPending} block size="large">
              {t('setup.submit')}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
