import { Form, type FormItemProps, Input } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.tsx';

/** A labelled field that must be filled; the message names the field by its label. */
export function RequiredItem({
  label,
  name,
  extra,
  rules = [],
  children,
}: {
  label: string;
  name: FormItemProps['name'];
  extra?: ReactNode;
  /** Rules besides "required". */
  rules?: NonNullable<FormItemProps['rules']>;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Form.Item
      label={label}
      name={name}
      extra={extra}
      rules={[{ required: true, message: t('form.required', { field: label }) }, ...rules]}
    >
      {children}
    </Form.Item>
  );
}

/** The six digits from an authenticator app. */
export function TotpCodeItem({ name = 'code', autoFocus }: { name?: string; autoFocus?: boolean }) {
  const t = useT();
  return (
    <RequiredItem
      label={t('form.totpCode')}
      name={name}
      extra={t('form.totpHelp')}
      rules={[{ pattern: /^\d{6}$/, message: t('form.totpInvalid') }]}
    >
      <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus={autoFocus} />
    </RequiredItem>
  );
}
