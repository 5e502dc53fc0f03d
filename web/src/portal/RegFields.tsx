/**
 * An activity's registration form on the portal: the kinds a registration form offers, drawn with
 * antd under `answers.<key>` so that the server's field errors (`answers.shouJiHao`) land on them.
 */
import { Checkbox, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { Answer } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';

type Field = NonNullable<Answer<'/api/public/activities/{id}', 'get'>['registrationForm']>[number];

function Input1({
  f,
  id,
  ...rest
}: {
  f: Field;
  id?: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const kind = f.type;
  const options = (f.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  switch (kind) {
    case 'longText':
    case 'textarea':
      return (
        <Input.TextArea
          id={id}
          maxLength={f.max ?? 5000}
          autoSize={{ minRows: 2 }}
          {...(rest as object)}
        />
      );
    case 'number':
      return <InputNumber id={id} min={f.min} max={f.max} suffix={f.unit} {...(rest as object)} />;
    case 'date':
      return <Input id={id} type="date" style={{ width: 170 }} {...(rest as object)} />;
    case 'choice':
    case 'select':
      return <Select id={id} options={options} style={{ minWidth: 200 }} {...(rest as object)} />;
    case 'multiChoice':
    case 'multiselect':
      return <Checkbox.Group options={options} {...(rest as object)} />;
    case 'yesNo':
    case 'boolean':
      return <Switch id={id} {...(rest as object)} />;
    case 'phone':
      return (
        <Input id={id} maxLength={30} inputMode="tel" autoComplete="tel" {...(rest as object)} />
      );
    case 'email':
      return (
        <Input
          id={id}
          maxLength={200}
          inputMode="email"
          autoComplete="email"
          {...(rest as object)}
        />
      );
    default:
      return <Input id={id} maxLength={f.max ?? 200} {...(rest as object)} />;
  }
}

export function RegFields({ fields }: { fields: Field[] }) {
  const { t } = usePrefs();
  return (
    <>
      {fields.map((f) => (
        <Form.Item
          key={f.key}
          label={f.label}
          name={['answers', f.key]}
          extra={f.help}
          valuePropName={f.type === 'yesNo' || f.type === 'boolean' ? 'checked' : 'value'}
          rules={
            f.required ? [{ required: true, message: t('form.required', { field: f.label }) }] : []
          }
        >
          <Input1 f={f} />
        </Form.Item>
      ))}
    </>
  );
}
