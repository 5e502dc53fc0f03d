import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Form,
  type FormListFieldData,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
} from 'antd';
import type { ReactNode } from 'react';
import { orgOptions, useOrganisations } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { FormFieldDef } from '../api/types.ts';
import { type MessageKey, usePrefs } from '../i18n/index.tsx';
import { FIELD_KIND_NAMES, kindLabelKey, kindOf } from '../lib/FormFields.tsx';
import { RichTextEditor } from '../lib/LazyRichTextEditor.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { MediaPicker } from '../media/MediaPicker.tsx';
import { BlindItem, ReviewerFields, StageChoices } from './CallFields.tsx';
import { type Call, DEFAULT_NOTICE_WORKING_DAYS, STAGES, type StageKind } from './shared.ts';
import { useReviewSubject } from './subjects.ts';

const KINDS = ['IMAGE', 'PDF', 'DOCUMENT', 'VIDEO', 'AUDIO', 'MODEL'] as const;

interface Values {
  title: string;
  docNo?: string;
  description: string;
  eligibility: string;
  templates: Call['templates'];
  opensAt: string;
  closesAt: string;
  stages: StageKind[];
  deadlines: Partial<Record<StageKind, string>>;
  actors: Partial<Record<StageKind, string | null>>;
  fields: (Omit<FormFieldDef, 'options' | 'columns' | 'key'> & {
    key?: string;
    options?: string[];
    /** Table columns as "名称:类型" (the kind's name; 单行文字 when left out). */
    columns?: string[];
  })[];
  attachments: Call['form']['attachments'];
  rubric: Call['rubric'];
  reviewersPerItem: number;
  aggregation: Call['aggregation'];
  normalize: boolean;
  blind: boolean;
  grades: { code: string; label: string; min: number }[];
  rectifyMonths?: number;
  noticeWorkingDays?: number;
}

/** Options as "值=名称" (or just the name, which then is also the value). */
const toOptions = (xs: string[] | undefined) =>
  (xs ?? []).map((x) => {
    const [value, label] = x.includes('=') ? x.split('=', 2) : [x, x];
    return { value: value!.trim(), label: (label ?? value)!.trim() };
  });

const COLUMN_KINDS = [
  'text',
  'longText',
  'number',
  'date',
  'choice',
  'yesNo',
  'division',
  'organisation',
  'person',
  'phone',
  'email',
];

/** Columns from "名称:类型" tags; a column keeps its key when its name is unchanged. */
function toColumns(
  specs: string[] | undefined,
  old: FormFieldDef['columns'],
  kindName: (k: string) => string,
) {
  return (specs ?? []).map((spec) => {
    const [label = '', kind = ''] = spec.split(/[:：]/, 2).map((x) => x.trim());
    const type = (COLUMN_KINDS.find((k) => k === kind || kindName(k) === kind) ??
      'text') as NonNullable<FormFieldDef['columns']>[number]['type'];
    const key = old?.find((c) => c.label === label)?.key;
    return { label, type, required: false, ...(key ? { key } : {}) };
  });
}

/**
 * The organiser adjusts a draft call before opening it: dates and 文号, the stages with their
 * deadlines, the form's fields and attachments, the rubric and how scores are aggregated.
 */
export function CallEditor({ c }: { c: Call }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const stages = Form.useWatch('stages', form) ?? [];
  const orgs = useOrganisations();
  // A graded subject (a base evaluation) lets the organiser set the campaign's grades.
  const graded = !!useReviewSubject(c.subjectKind)?.grades.length;

  const save = useFormMutation(form, {
    mutationFn: (v: Values) =>
      call(
        api.PATCH('/api/review-calls/{id}', {
          params: { path: { id: c.id } },
          body: {
            title: v.title,
            docNo: v.docNo?.trim() || null,
            description: v.description ?? '',
            eligibility: v.eligibility?.trim() ?? '',
            templateIds: (v.templates ?? []).map((m) => m.id),
            opensAt: v.opensAt,
            closesAt: v.closesAt,
            stages: STAGES.filter((s) => v.stages.includes(s)).map((kind) => ({
              kind,
              deadline: v.deadlines?.[kind] || null,
              actorOrgId: kind === 'EXPERT_REVIEW' ? null : v.actors?.[kind] || null,
              actorRoles: ['ORG_ADMIN' as const, 'EDITOR' as const],
            })),
            form: {
              fields: (v.fields ?? []).map(({ columns, ...f }) => ({
                ...f,
                required: !!f.required,
                options: ['choice', 'multiChoice'].includes(kindOf(f))
                  ? toOptions(f.options)
                  : undefined,
                unit: kindOf(f) === 'number' ? f.unit?.trim() || undefined : undefined,
                columns:
                  kindOf(f) === 'table'
                    ? toColumns(columns, c.form.fields.find((o) => o.key === f.key)?.columns, (k) =>
                        t(kindLabelKey(k)),
                      )
                    : undefined,
              })),
              attachments: (v.attachments ?? []).map((a) => ({ ...a, required: !!a.required })),
            },
            rubric: v.stages.includes('EXPERT_REVIEW')
              ? (v.rubric ?? []).map((r) => ({ ...r, commentRequired: !!r.commentRequired }))
              : [],
            reviewersPerItem: v.reviewersPerItem,
            aggregation: v.aggregation,
            normalize: v.normalize,
            blind: v.blind,
            settings: {
              ...c.settings,
              ...(graded ? { grades: v.grades ?? [], rectifyMonths: v.rectifyMonths ?? 6 } : {}),
              ...(v.stages.includes('PUBLIC_NOTICE') && v.noticeWorkingDays
                ? { noticeWorkingDays: v.noticeWorkingDays }
                : {}),
            },
          },
        }),
      ),
    onSuccess: (saved) => {
      qc.setQueryData(['review-call', c.id], saved);
      message.success(t('common.saved'));
    },
  });

  return (
    <section className="panel" aria-labelledby="editor-h">
      <h2 id="editor-h">{t('rv.editCall')}</h2>
      <p className="muted">{t('rv.editCallText')}</p>
      <FormAlert text={save.alert} />
      <Form<Values>
        form={form}
        name="call-editor"
        layout="vertical"
        onFinish={save.mutate}
        initialValues={{
          title: c.title,
          docNo: c.docNo ?? '',
          description: c.description,
          eligibility: c.eligibility,
          templates: c.templates,
          opensAt: c.opensAt,
          closesAt: c.closesAt,
          stages: c.stages.map((s) => s.kind),
          deadlines: Object.fromEntries(c.stages.map((s) => [s.kind, s.deadline ?? ''])),
          actors: Object.fromEntries(c.stages.map((s) => [s.kind, s.actorOrgId ?? null])),
          fields: c.form.fields.map((f) => ({
            ...f,
            type: kindOf(f) as FormFieldDef['type'],
            columns: f.columns?.map((col) => `${col.label}:${t(kindLabelKey(col.type))}`),
            options: f.options?.map((o) =>
              o.value === o.label ? o.label : `${o.value}=${o.label}`,
            ),
          })),
          attachments: c.form.attachments,
          rubric: c.rubric,
          reviewersPerItem: c.reviewersPerItem,
          aggregation: c.aggregation,
          normalize: c.normalize,
          blind: c.blind,
          grades: c.settings.grades ?? [],
          rectifyMonths: c.settings.rectifyMonths ?? 6,
          noticeWorkingDays: c.settings.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
        }}
      >
        <Form.Item
          label={t('rv.callTitle')}
          name="title"
          rules={[{ required: true, message: t('form.required', { field: t('rv.callTitle') }) }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <div className="form-grid">
          <Form.Item label={t('rv.docNo')} name="docNo">
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item label={t('rv.opensAt')} name="opensAt">
            <Input type="date" />
          </Form.Item>
          <Form.Item label={t('rv.closesAt')} name="closesAt">
            <Input type="date" />
          </Form.Item>
        </div>
        <Form.Item label={t('rv.callBody')} name="description" extra={t('rv.callBodyHelp')}>
          <RichTextEditor label={t('rv.callBody')} organisationId={c.organisationId} />
        </Form.Item>
        <Form.Item label={t('rv.eligibility')} name="eligibility" extra={t('rv.eligibilityHelp')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item label={t('rv.templates')} name="templates" extra={t('rv.templatesHelp')}>
          <MediaPicker organisationId={c.organisationId} max={20} label={t('rv.templates')} />
        </Form.Item>
        <fieldset className="form-fieldset">
          <legend>{t('rv.stages')}</legend>
          <Form.Item name="stages" label={t('rv.stagesHelp')}>
            <StageChoices />
          </Form.Item>
          {STAGES.filter((s) => stages.includes(s)).map((s) => (
            <div className="form-grid" key={s}>
              <Form.Item
                label={t('rv.stageDeadline', { stage: t(`rv.stage.${s}` as MessageKey) })}
                name={['deadlines', s]}
              >
                <Input type="date" />
              </Form.Item>
              {s !== 'EXPERT_REVIEW' && (
                <Form.Item
                  label={t('rv.stageActor', { stage: t(`rv.stage.${s}` as MessageKey) })}
                  name={['actors', s]}
                >
                  <Select
                    allowClear
                    placeholder={t(
                      s === 'RECOMMENDATION' ? 'rv.defaultRecommender' : 'rv.defaultOrganiser',
                    )}
                    showSearch={{ optionFilterProp: 'name' }}
                    options={orgOptions(orgs.data)}
                  />
                </Form.Item>
              )}
            </div>
          ))}
          {stages.includes('PUBLIC_NOTICE') && (
            <Form.Item
              label={t('rv.noticeWorkingDays')}
              name="noticeWorkingDays"
              extra={t('rv.noticeWorkingDaysHelp')}
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 1,
                  max: 30,
                  message: t('rv.noticeWorkingDaysRule'),
                },
              ]}
            >
              <InputNumber min={1} max={30} precision={0} />
            </Form.Item>
          )}
          <p className="muted">{t('rv.stageActors')}</p>
        </fieldset>
        <fieldset className="form-fieldset">
          <legend>{t('rv.formFields')}</legend>
          <KeyedRows
            name="fields"
            label={(n) => t('rv.fieldLabel', { n })}
            remove={(n) => t('rv.removeField', { n })}
            add={t('rv.addField')}
            added={{ type: 'text', required: false }}
            keyed={false}
          >
            {(f, n) => (
              <>
                <Form.Item
                  name={[f.name, 'type']}
                  label={t('rv.fieldType', { n })}
                  initialValue="text"
                >
                  <Select
                    style={{ width: 140 }}
                    options={FIELD_KIND_NAMES.filter((x) => x !== 'file').map((x) => ({
                      value: x,
                      label: t(kindLabelKey(x)),
                    }))}
                  />
                </Form.Item>
                <Form.Item noStyle dependencies={[['fields', f.name, 'type']]}>
                  {({ getFieldValue }) => {
                    const kind = kindOf({
                      type: String(getFieldValue(['fields', f.name, 'type'])),
                    });
                    if (kind === 'number')
                      return (
                        <Form.Item name={[f.name, 'unit']} label={t('formKind.unit', { n })}>
                          <Input maxLength={12} style={{ width: 100 }} />
                        </Form.Item>
                      );
                    if (kind !== 'choice' && kind !== 'multiChoice' && kind !== 'table')
                      return null;
                    return (
                      <Form.Item
                        name={[f.name, kind === 'table' ? 'columns' : 'options']}
                        label={t(kind === 'table' ? 'formKind.columns' : 'rv.fieldOptions', { n })}
                      >
                        <Select
                          mode="tags"
                          open={false}
                          suffixIcon={null}
                          style={{ minWidth: 180 }}
                          tokenSeparators={[',', '，', '、']}
                        />
                      </Form.Item>
                    );
                  }}
                </Form.Item>
                <Form.Item
                  name={[f.name, 'required']}
                  label={t('rv.fieldRequired', { n })}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </>
            )}
          </KeyedRows>
        </fieldset>
        <fieldset className="form-fieldset">
          <legend>{t('rv.formAttachments')}</legend>
          <KeyedRows
            name="attachments"
            label={(n) => t('rv.attachmentLabel', { n })}
            remove={(n) => t('rv.removeAttachment', { n })}
            add={t('rv.addAttachment')}
            added={{ kinds: ['PDF'], maxFiles: 5, required: false }}
            keyed={false}
          >
            {(f, n) => (
              <>
                <Form.Item
                  name={[f.name, 'kinds']}
                  label={t('rv.attachmentKinds', { n })}
                  initialValue={['PDF']}
                >
                  <Select
                    mode="multiple"
                    style={{ minWidth: 160 }}
                    options={KINDS.map((k) => ({
                      value: k,
                      label: t(`mediaKind.${k}` as MessageKey),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'maxFiles']}
                  label={t('rv.maxFiles', { n })}
                  initialValue={5}
                >
                  <InputNumber min={1} max={20} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'required']}
                  label={t('rv.fieldRequired', { n })}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </>
            )}
          </KeyedRows>
        </fieldset>
        {stages.includes('EXPERT_REVIEW') && (
          <fieldset className="form-fieldset">
            <legend>{t('rv.rubric')}</legend>
            <KeyedRows
              name="rubric"
              label={(n) => t('rv.criterion', { n })}
              remove={(n) => t('rv.removeCriterion', { n })}
              add={t('rv.addCriterion')}
              added={{ weight: 10, min: 0, max: 100, commentRequired: false }}
              keyed={false}
            >
              {(f, n) => (
                <>
                  <Form.Item
                    name={[f.name, 'weight']}
                    label={t('rv.criterionWeight', { n })}
                    initialValue={10}
                  >
                    <InputNumber min={1} max={100} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'max']}
                    label={t('rv.criterionMax', { n })}
                    initialValue={100}
                  >
                    <InputNumber min={1} max={1000} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'commentRequired']}
                    label={t('rv.criterionComment', { n })}
                    valuePropName="checked"
                  >
                    <Switch />
                  </Form.Item>
                </>
              )}
            </KeyedRows>
            <div className="form-grid">
              <ReviewerFields />
              <Form.Item label={t('rv.normalize')} name="normalize" valuePropName="checked">
                <Switch />
              </Form.Item>
              <BlindItem />
            </div>
          </fieldset>
        )}
        {graded && (
          <fieldset className="form-fieldset">
            <legend>{t('rv.grades')}</legend>
            <p className="muted">{t('rv.gradesHelp')}</p>
            <Form.List name="grades">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Space key={f.key} wrap align="start" className="editor-row">
                      <Form.Item
                        name={[f.name, 'label']}
                        label={t('rv.gradeLabel', { n: i + 1 })}
                        rules={[{ required: true, message: t('rv.fieldLabelRequired') }]}
                      >
                        <Input maxLength={20} style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'code']}
                        label={t('rv.gradeCode', { n: i + 1 })}
                        rules={[
                          {
                            required: true,
                            pattern: /^[A-Z][A-Z_]{1,29}$/,
                            message: t('rv.gradeCodeHelp'),
                          },
                        ]}
                      >
                        <Input maxLength={30} style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'min']}
                        label={t('rv.gradeMin', { n: i + 1 })}
                        initialValue={0}
                      >
                        <InputNumber min={0} max={100} />
                      </Form.Item>
                      <Form.Item label={<span aria-hidden>&nbsp;</span>}>
                        <Button
                          onClick={() => remove(f.name)}
                          aria-label={t('rv.removeGrade', { n: i + 1 })}
                        >
                          {t('works.remove')}
                        </Button>
                      </Form.Item>
                    </Space>
                  ))}
                  <Button onClick={() => add({ min: 0 })}>{t('rv.addGrade')}</Button>
                </>
              )}
            </Form.List>
            <Form.Item label={t('rv.rectifyMonths')} name="rectifyMonths">
              <InputNumber min={1} max={36} />
            </Form.Item>
          </fieldset>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('form.save')}
        </Button>
      </Form>
    </section>
  );
}

/**
 * One editable list of the call (form fields, attachments, criteria): each row a label and a key,
 * then its own fields and a remove button; an add button under the rows.
 */
function KeyedRows({
  name,
  label,
  remove: removeLabel,
  add: addLabel,
  added,
  keyed = true,
  children,
}: {
  name: string;
  /** The label field's label for row n (1-based): 字段 1 名称 … */
  label: (n: number) => string;
  remove: (n: number) => string;
  add: string;
  /** A new row's values. */
  added: Record<string, unknown>;
  /** false: the key is made from the label on the server and kept, never typed. */
  keyed?: boolean;
  children: (field: FormListFieldData, n: number) => ReactNode;
}) {
  const { t } = usePrefs();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <Space key={f.key} wrap align="start" className="editor-row">
              <Form.Item
                name={[f.name, 'label']}
                label={label(i + 1)}
                rules={[{ required: true, message: t('rv.fieldLabelRequired') }]}
              >
                <Input maxLength={60} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item
                name={[f.name, 'key']}
                label={t('rv.fieldKey', { n: i + 1 })}
                hidden={!keyed}
                rules={
                  keyed
                    ? [
                        {
                          required: true,
                          pattern: /^[a-z][a-zA-Z0-9_]{0,39}$/,
                          message: t('rv.fieldKeyHelp'),
                        },
                      ]
                    : []
                }
              >
                <Input maxLength={40} style={{ width: 140 }} />
              </Form.Item>
              {children(f, i + 1)}
              <Form.Item label={<span aria-hidden>&nbsp;</span>}>
                <Button onClick={() => remove(f.name)} aria-label={removeLabel(i + 1)}>
                  {t('works.remove')}
                </Button>
              </Form.Item>
            </Space>
          ))}
          <Button onClick={() => add(added)}>{addLabel}</Button>
        </>
      )}
    </Form.List>
  );
}
