/**
 * The registration form of an activity in its editor: the organiser picks fields (a label, a kind
 * and, for choices, the options; keys are made from labels on the server), whether minors may
 * register (with a guardian's consent) and whether teachers may book places for a class.
 */
import { Button, Form, Input, Select, Space, Switch } from 'antd';
import type { FormFieldDef } from '../api/types.ts';
import { usePrefs } from '../i18n/index.tsx';
import { kindLabelKey, kindOf } from '../lib/FormFields.tsx';

/** The kinds a registration form offers (the server's REGISTRATION_KINDS). */
export const REG_KINDS = [
  'text',
  'longText',
  'number',
  'date',
  'choice',
  'multiChoice',
  'yesNo',
  'phone',
  'email',
] as const;

export interface RegFieldDraft {
  key?: string;
  label: string;
  type: string;
  required?: boolean;
  options?: string[];
}

/** The form's fields as drafts for the editor. */
export function regDrafts(fields: FormFieldDef[] | null): RegFieldDraft[] {
  return (fields ?? []).map((f) => ({
    key: f.key,
    label: f.label,
    type: kindOf(f),
    required: f.required,
    options: f.options?.map((o) => o.label),
  }));
}

/** Drafts back to fields: options keep their stored values (answers are kept under them). */
export function regFields(drafts: RegFieldDraft[] | undefined, before: FormFieldDef[] | null) {
  const rows = (drafts ?? []).filter((d) => d.label?.trim());
  if (rows.length === 0) return null;
  return rows.map((d) => {
    const old = before?.find((f) => f.key === d.key);
    const choice = d.type === 'choice' || d.type === 'multiChoice';
    return {
      ...(d.key ? { key: d.key } : {}),
      label: d.label.trim(),
      type: d.type as FormFieldDef['type'],
      required: !!d.required,
      ...(choice
        ? {
            options: (d.options ?? []).map((label) => ({
              value: old?.options?.find((o) => o.label === label)?.value ?? label,
              label,
            })),
          }
        : {}),
    };
  });
}

export function RegFormEditor() {
  const { t } = usePrefs();
  return (
    <>
      <h2>{t('acto.regForm')}</h2>
      <p className="muted">{t('acto.regFormHelp')}</p>
      <Form.List name="regFields">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, i) => (
              <Space key={row.key} wrap align="start" className="editor-row">
                <Form.Item name={[row.name, 'key']} hidden>
                  <Input />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'label']}
                  label={t('acto.fieldLabel', { n: i + 1 })}
                  rules={[{ required: true, message: t('acto.fieldLabelRequired') }]}
                >
                  <Input maxLength={60} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name={[row.name, 'type']} label={t('acto.fieldType', { n: i + 1 })}>
                  <Select
                    style={{ width: 140 }}
                    options={REG_KINDS.map((k) => ({ value: k, label: t(kindLabelKey(k)) }))}
                  />
                </Form.Item>
                <Form.Item noStyle dependencies={[['regFields', row.name, 'type']]}>
                  {({ getFieldValue }) => {
                    const kind = String(getFieldValue(['regFields', row.name, 'type']));
                    return kind === 'choice' || kind === 'multiChoice' ? (
                      <Form.Item
                        name={[row.name, 'options']}
                        label={t('acto.fieldOptions', { n: i + 1 })}
                      >
                        <Select
                          mode="tags"
                          open={false}
                          suffixIcon={null}
                          style={{ minWidth: 180 }}
                          tokenSeparators={[',', '，', '、']}
                        />
                      </Form.Item>
                    ) : null;
                  }}
                </Form.Item>
                <Form.Item
                  name={[row.name, 'required']}
                  label={t('acto.fieldRequired', { n: i + 1 })}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
                <Form.Item label={<span aria-hidden>&nbsp;</span>}>
                  <Button
                    onClick={() => remove(row.name)}
                    aria-label={t('acto.removeField', { n: i + 1 })}
                  >
                    {t('acto.remove')}
                  </Button>
                </Form.Item>
              </Space>
            ))}
            <Button onClick={() => add({ label: '', type: 'text', required: false })}>
              {t('acto.addField')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item
        label={t('acto.admitsMinors')}
        name="admitsMinors"
        valuePropName="checked"
        extra={t('acto.admitsMinorsHelp')}
        style={{ marginTop: 16 }}
      >
        <Switch />
      </Form.Item>
      <Form.Item
        label={t('acto.groupsAllowed')}
        name="groupsAllowed"
        valuePropName="checked"
        extra={t('acto.groupsAllowedHelp')}
      >
        <Switch />
      </Form.Item>
    </>
  );
}
