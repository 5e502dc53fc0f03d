import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { RequiredItem } from '../lib/fields.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';

type Help = Answer<'/api/auth/account-help', 'post'>;

/** What the person can do: their units' administrators by name, the platform's help contact. */
function HelpAnswer({ help, username }: { help: Help; username: string }) {
  const t = useT();
  return (
    <section className="help-answer" aria-labelledby="help-h" aria-live="polite">
      <h2 id="help-h">{t('forgot.answerTitle', { username })}</h2>
      {help.units.length > 0 ? (
        <>
          <p>{t('forgot.askAdmins')}</p>
          <ul className="help-units">
            {help.units.map((u) => (
              <li key={u.name}>
                <strong>{u.name}</strong>
                {u.admins.length > 0 ? `：${u.admins.join('、')}` : `：${t('forgot.noAdmins')}`}
              </li>
            ))}
          </ul>
          <p>{t('forgot.adminsDo')}</p>
        </>
      ) : (
        <p>{t('forgot.noUnits')}</p>
      )}
      {help.helpContact ? (
        <p>
          {t('forgot.contact')}
          <strong className="help-contact">{help.helpContact}</strong>
        </p>
      ) : (
        help.units.length === 0 && <p>{t('forgot.noContact')}</p>
      )}
      {help.emailAvailable && <p>{t('forgot.email')}</p>}
    </section>
  );
}

/** 忘记密码: no e-mail reset yet, so the page says who can issue a reset link. */
export function ForgotPasswordPage() {
  const t = useT();
  const [form] = Form.useForm<{ username: string }>();
  const [asked, setAsked] = useState('');
  usePageTitle(t('forgot.title'));
  const help = useFormMutation(form, {
    mutationFn: (username: string) =>
      call(api.POST('/api/auth/account-help', { body: { username } })),
    onMutate: (username) => {
      setAsked(username);
    },
  });
  return (
    <div className="auth-card">
      <h1>{t('forgot.title')}</h1>
      <p>{t('forgot.text')}</p>
      <Form
        form={form}
        name="forgot"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => help.mutate(v.username.trim())}
      >
        <FormAlert text={help.alert} />
        <RequiredItem label={t('form.username')} name="username">
          <Input autoComplete="username" autoFocus />
        </RequiredItem>
        <Button type="primary" htmlType="submit" loading={help.isPending} block size="large">
          {t('forgot.submit')}
        </Button>
      </Form>
      {help.data && <HelpAnswer help={help.data} username={asked} />}
      <p style={{ marginTop: 16 }}>
        <Link to="/login">{t('forgot.backToLogin')}</Link>
      </p>
    </div>
  );
}
