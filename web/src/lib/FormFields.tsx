/**
 * One renderer for a platform/forms definition: each field's kind drawn with antd inside a Form,
 * named `[...name, key]` so that the server's field errors (`data.halls.1.area`) land under it.
 */
import { Button, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useId } from 'react';
import type { FormFieldDef } from '../api/types.ts';
import { type MessageKey, useT } from '../i18n/index.tsx';
import {
  type AnyField,
  type Bound,
  CoordinatesInput,
  DivisionCascader,
  FileIds,
  OrganisationPicker,
  PersonPicker,
} from './form-inputs.tsx';

/** The platform kind of a field, the review engine's old names included (as on the server). */
export function kindOf(f: { type: string }) {
  const legacy: Record<string, string> = {
    textarea: 'longText',
    select: 'choice',
    multiselect: 'multiChoice',
    boolean: 'yesNo',
  };
  return legacy[f.type] ?? f.type;
}

/**
 * Draws a definition's fields. `unitId`: the unit the form is filled for (files are uploaded to
 * it; the person picker lists its people). `name`: where the answers sit in the Form's values.
 */
export function FormFields({
  fields,
  name = ['data'],
  unitId,
}: {
  fields: FormFieldDef[];
  name?: (string | number)[];
  unitId?: string | undefined;
}) {
  const t = useT();
  return (
    <>
      {fields.map((f) =>
        kindOf(f) === 'table' ? (
          <TableRows key={f.key} f={f} name={[...name, f.key]} unitId={unitId} />
        ) : (
          <Form.Item
            key={f.key}
            label={f.label}
            name={[...name, f.key]}
            extra={f.help}
            valuePropName={kindOf(f) === 'yesNo' ? 'checked' : 'value'}
            rules={
              f.required
                ? [{ required: true, message: t('form.required', { field: f.label }) }]
                : []
            }
          >
            <FieldInput f={f} unitId={unitId} />
          </Form.Item>
        ),
      )}
    </>
  );
}

/** One value's input; Form.Item hands it id, value and onChange, passed straight on. */
function FieldInput({ f, unitId, ...bound }: { f: AnyField; unitId?: string | undefined } & Bound) {
  const b = bound as Record<string, unknown>;
  switch (kindOf(f)) {
    case 'number':
      return (
        <InputNumber
          {...b}
          min={f.min}
          max={f.max}
          precision={f.integer ? 0 : undefined}
          suffix={f.unit}
          style={{ width: 220 }}
        />
      );
    case 'longText':
      return (
        <Input.TextArea
          {...b}
          maxLength={f.max ?? 5000}
          showCount
          autoSize={{ minRows: 3, maxRows: 12 }}
        />
      );
    case 'date':
      return <Input {...b} type="date" style={{ width: 220 }} />;
    case 'choice':
      return <Select {...b} allowClear options={f.options ?? []} style={{ maxWidth: 360 }} />;
    case 'multiChoice':
      return <Select {...b} mode="multiple" allowClear options={f.options ?? []} />;
    case 'yesNo':
      return <Switch {...b} />;
    case 'phone':
      return <Input {...b} type="tel" autoComplete="tel" maxLength={24} style={{ width: 220 }} />;
    case 'email':
      return <Input {...b} type="email" autoComplete="email" maxLength={200} />;
    case 'division':
      return <DivisionCascader f={f} {...bound} />;
    case 'organisation':
      return <OrganisationPicker {...bound} />;
    case 'person':
      return <PersonPicker unitId={unitId} {...bound} />;
    case 'coordinates':
      return <CoordinatesInput label={f.label} {...bound} />;
    case 'file':
      return (
        <FileIds
          {...bound}
          label={f.label}
          unitId={unitId}
          max={'maxFiles' in f ? (f.maxFiles ?? 5) : 5}
          accept={f.accept}
        />
      );
    default:
      return <Input {...b} maxLength={f.max ?? 200} />;
  }
}

/** Table rows: each row a line of its columns, with add and remove. */
function TableRows({
  f,
  name,
  unitId,
}: {
  f: FormFieldDef;
  name: (string | number)[];
  unitId?: string | undefined;
}) {
  const t = useT();
  const headingId = useId();
  return (
    <fieldset className="form-fieldset" aria-labelledby={headingId}>
      <legend id={headingId}>{f.label}</legend>
      {f.help && <p className="muted">{f.help}</p>}
      <Form.List name={name}>
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, i) => (
              <Space key={row.key} wrap align="start" className="editor-row">
                {(f.columns ?? []).map((c) => (
                  <Form.Item
                    key={c.key}
                    name={[row.name, c.key]}
                    label={t('formKind.cell', { row: i + 1, column: c.label })}
                    valuePropName={kindOf(c) === 'yesNo' ? 'checked' : 'value'}
                    rules={
                      c.required
                        ? [{ required: true, message: t('form.required', { field: c.label }) }]
                        : []
                    }
                  >
                    <FieldInput f={c} unitId={unitId} />
                  </Form.Item>
                ))}
                <Form.Item label={<span aria-hidden>&nbsp;</span>}>
                  <Button
                    onClick={() => remove(row.name)}
                    aria-label={t('formKind.removeRow', { n: i + 1, table: f.label })}
                  >
                    {t('works.remove')}
                  </Button>
                </Form.Item>
              </Space>
            ))}
            <Button
              onClick={() => add({})}
              disabled={f.max !== undefined && rows.length >= f.max}
              aria-label={t('formKind.addRow', { table: f.label })}
            >
              {t('formKind.addRowShort')}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

/** Every kind, for the call editor's list (the server's FIELD_KINDS; its schema refuses others). */
export const FIELD_KIND_NAMES = [
  'text',
  'longText',
  'number',
  'date',
  'choice',
  'multiChoice',
  'yesNo',
  'file',
  'division',
  'organisation',
  'person',
  'coordinates',
  'phone',
  'email',
  'table',
] as const;
export const kindLabelKey = (k: string) => `formKind.${kindOf({ type: k })}` as MessageKey;
