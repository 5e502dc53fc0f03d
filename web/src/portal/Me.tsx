import { Alert, App, Button, Descriptions, Form, Input, Modal, Spin, Tag } from 'antd';
import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { api, call, download } from '../api/client.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { leaveSession, signOut, useMe } from '../lib/auth.ts';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { ChangePasswordForm } from '../lib/PasswordForms.tsx';
import { MyUnitRequests } from './JoinUnit.tsx';
import { LatestMessages, MyApplications } from './MeActivity.tsx';
import { EditProfile } from './MeProfile.tsx';
import { MyGroups, MyRegistrations } from './MeRegistrations.tsx';
import { MyInvitations, TwoStep } from './MeSecurity.tsx';

function DeleteAccount() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ password: string }>();

  const remove = useFormMutation(form, {
    mutationFn: ({ password }: { password: string }) =>
      call(api.DELETE('/api/me', { body: { password } })),
    onSuccess: () => leaveSession('/', 'me.deleted'),
  });

  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('me.delete')}
      </Button>
      <Modal
        open={open}
        title={t('me.deleteConfirmTitle')}
        okText={t('me.deleteConfirm')}
        okButtonProps={{ danger: true, loading: remove.isPending }}
        cancelText={t('form.cancel')}
        onOk={remove.submitFields}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <p>{t('me.deleteConfirmText')}</p>
        <FormAlert text={remove.alert} />
        <Form form={form} name="delete" layout="vertical" requiredMark={false}>
          <Form.Item
            label={t('form.password')}
            name="password"
            rules={[{ required: true, message: t('form.required', { field: t('form.password') }) }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function MePage() {
  const t = useT();
  const { message } = App.useApp();
  const me = useMe();
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('me.title'));

  if (me.isPending) {
    return (
      <div className="page-loading" role="status">
        <Spin aria-hidden />
        <span>{t('common.loading')}</span>
      </div>
    );
  }
  if (me.isError) return <Alert type="error" showIcon title={errorMessage(me.error)} />;
  if (!me.data) return <Navigate to="/login?next=/me" replace />;
  const { user, grants, abilities } = me.data;

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="stack">
      <h1 className="page-title">{t('me.title')}</h1>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      <MyInvitations />
      <MyUnitRequests hasUnit={grants.some((g) => !!g.organisationId)} />
      <section className="panel" aria-labelledby="me-profile">
        <h2 id="me-profile">{t('me.profile')}</h2>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('me.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('me.displayName')}>
            <span data-testid="me-display-name">{user.displayName}</span>
            {user.isMinor && <Tag style={{ marginLeft: 8 }}>{t('me.minor')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('me.email')}>{user.email ?? t('me.none')}</Descriptions.Item>
          <Descriptions.Item label={t('me.phone')}>{user.phone ?? t('me.none')}</Descriptions.Item>
          <Descriptions.Item label={t('me.roles')}>
            {grants.length === 0
              ? t('me.none')
              : grants.map((g) => (
                  <Tag key={g.id}>
                    {t(`role.${g.role}`)}
                    {g.organisationName ? ` · ${g.organisationName}` : ''}
                  </Tag>
                ))}
          </Descriptions.Item>
        </Descriptions>
        <EditProfile user={user} />
        <p style={{ marginTop: 12, marginBottom: 0 }} className="button-row">
          <Link to="/me/notifications">{t('me.messages')}</Link>
          <Link to="/me/certificates">{t('cert.mineLink')}</Link>
          <Link to="/me/training">{t('me.trainingLink')}</Link>
          {abilities.console && <Link to="/admin">{t('me.console')}</Link>}
        </p>
      </section>
      <MyRegistrations />
      <MyGroups />
      <MyApplications console={abilities.console} />
      <LatestMessages />
      <section className="panel" aria-labelledby="me-security">
        <h2 id="me-security">{t('me.security')}</h2>
        <div className="button-row" style={{ marginBottom: 20 }}>
          <Button
            type="primary"
            onClick={() =>
              act(async () => {
                await signOut('/', 'me.loggedOut');
              })
            }
          >
            {t('me.logout')}
          </Button>
          <Button
            onClick={() =>
              act(async () => {
                const r = await call(api.POST('/api/auth/logout-others'));
                message.success(t('me.logoutOthersDone', { n: r.ended }));
              })
            }
          >
            {t('me.logoutOthers')}
          </Button>
        </div>
        <h3>{t('me.changePassword')}</h3>
        <ChangePasswordForm
          name="password"
          submitLabel={t('me.changePassword')}
          onDone={() => message.success(t('me.passwordChanged'))}
        />
        <TwoStep me={me.data} />
      </section>
      <section className="panel" aria-labelledby="me-data">
        <h2 id="me-data">{t('me.data')}</h2>
        <p>{t('me.dataText')}</p>
        <div className="button-row">
          <Button onClick={() => act(() => download('/api/me/export', 'kepu-my-data.json'))}>
            {t('me.export')}
          </Button>
          <DeleteAccount />
        </div>
      </section>
    </div>
  );
}
