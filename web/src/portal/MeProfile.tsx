import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';
import { ME_KEY } from '../lib/auth.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';

interface Profile {
  displayName: string;
  email: string;
  phone: string;
}

/** 修改个人信息: name, e-mail (where notifications are mailed) and phone. */
export function EditProfile({
  user,
}: {
  user: { displayName: string; email: string | null; phone: string | null };
}) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Profile>();
  const save = useFormMutation(form, {
    mutationFn: (v: Profile) =>
      call(
        api.PATCH('/api/me', {
          body: {
            displayName: v.displayName,
            email: v.email.trim() || null,
            phone: v.phone.trim() || null,
          },
        }),
      ),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ME_KEY });
      await qc.invalidateQueries({ queryKey: ['notification-prefs'] });
      message.success(t('me.profileSaved'));
      setOpen(false);
    },
  });
  if (!open)
    return (
      <Button onClick={() => setOpen(true)} style={{ marginTop: 12 }}>
        {t('me.editProfile')}
      </Button>
    );
  return (
    <Form
      form={form}
      name="profile"
      layout="vertical"
      requiredMark={false}
      className="profile-form"
      initialValues={{
        displayName: user.displayName,
        email: user.email ?? '',
        phone: user.phone ?? '',
      }}
      onFinish={save.mutate}
    >
      <FormAlert text={save.alert} />
      <Form.Item
        label={t('me.displayName')}
        name="displayName"
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('form.required', { field: t('me.displayName') }),
          },
          { max: 40 },
        ]}
      >
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item
        label={t('me.email')}
        name="email"
        extra={t('me.emailHint')}
        rules={[{ type: 'email', message: t('me.emailInvalid') }]}
      >
        <Input type="email" autoComplete="email" />
      </Form.Item>
      <Form.Item
        label={t('me.phone')}
        name="phone"
        rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('me.phoneInvalid') }]}
      >
        <Input type="tel" autoComplete="tel" />
      </Form.Item>
      <div className="button-row">
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('form.save')}
        </Button>
        <Button onClick={() => setOpen(false)}>{t('form.cancel')}</Button>
      </div>
    </Form>
  );
}
