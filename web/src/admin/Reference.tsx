import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Radio, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { REFERENCE_KINDS, type ReferenceItem, type ReferenceKind } from '../api/types.ts';
import { translate, usePageTitle, useT } from '../i18n/index.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';

interface Values {
  code: string;
  nameZh: string;
  nameEn: string;
  sort?: number | null;
  active: boolean;
}

function KindTable({ kind }: { kind: ReferenceKind }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<ReferenceItem | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const items = useQuery({
    queryKey: ['reference-admin', kind],
    queryFn: () =>
      call(
        api.GET('/api/reference/{kind}', {
          params: { path: { kind }, query: { includeInactive: 'true' } },
        }),
      ),
  });
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });

  const save = useFormMutation(form, {
    mutationFn: async (v: Values) => {
      const sort = typeof v.sort === 'number' ? { sort: v.sort } : {};
      if (editing === 'new') {
        await call(
          api.POST('/api/reference/{kind}', {
            params: { path: { kind } },
            body: { code: v.code, nameZh: v.nameZh, nameEn: v.nameEn, ...sort },
          }),
        );
      } else if (editing) {
        await call(
          api.PATCH('/api/reference/{kind}/{code}', {
            params: { path: { kind, code: editing.code } },
            body: { nameZh: v.nameZh, nameEn: v.nameEn, active: v.active, ...sort },
          }),
        );
      }
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      setEditing(null);
      await qc.invalidateQueries({ queryKey: ['reference-admin', kind] });
      await qc.invalidateQueries({ queryKey: ['reference', kind] });
    },
  });

  const kindName = t(`refKind.${kind}`);
  return (
    <>
      <div className="toolbar">
        <Button
          type="primary"
          onClick={() => {
            save.setAlert(null);
            setEditing('new');
          }}
        >
          {t('ref.add')}
        </Button>
        <ExportButton
          path={`/api/reference/${kind}/export`}
          query={{ includeInactive: 'true' }}
          filename={`基础数据-${translate('zh-CN', `refKind.${kind}`)}.xlsx`}
        />
      </div>
      {items.isError && <Alert type="error" showIcon title={errorMessage(items.error)} />}
      <Table<ReferenceItem>
        rowKey="code"
        size="small"
        loading={items.isPending}
        dataSource={items.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('ref.code'), dataIndex: 'code' },
          { title: t('ref.nameZh'), dataIndex: 'nameZh' },
          { title: t('ref.nameEn'), dataIndex: 'nameEn' },
          { title: t('ref.sort'), dataIndex: 'sort' },
          {
            title: t('common.status'),
            dataIndex: 'active',
            render: (v: boolean) => (v ? t('common.active') : <Tag>{t('common.inactive')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, item) => (
              <Button
                type="link"
                size="small"
                onClick={() => {
                  save.setAlert(null);
                  setEditing(item);
                }}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <FormModal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('ref.addTitle', { kind: kindName })
            : t('ref.editTitle', { name: editing?.nameZh ?? '' })
        }
        submit={save}
        onCancel={() => setEditing(null)}
      >
        <Form
          form={form}
          name={`reference-${kind}`}
          layout="vertical"
          requiredMark={false}
          initialValues={
            editing && editing !== 'new'
              ? {
                  code: editing.code,
                  nameZh: editing.nameZh,
                  nameEn: editing.nameEn,
                  sort: editing.sort,
                  active: editing.active,
                }
              : { active: true }
          }
        >
          <Form.Item
            label={t('ref.code')}
            name="code"
            extra={editing === 'new' ? t('ref.codeHelp') : undefined}
            rules={[
              req(t('ref.code')),
              { pattern: /^[A-Z][A-Z0-9_]{1,39}$/, message: t('ref.codeHelp') },
            ]}
          >
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item label={t('ref.nameZh')} name="nameZh" rules={[req(t('ref.nameZh'))]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item label={t('ref.nameEn')} name="nameEn" rules={[req(t('ref.nameEn'))]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item label={t('ref.sort')} name="sort">
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item label={t('ref.active')} name="active" valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </FormModal>
    </>
  );
}

export function ReferencePage() {
  const t = useT();
  const [kind, setKind] = useState<ReferenceKind>('SECTOR');
  usePageTitle(t('ref.title'));
  return (
    <>
      <h1>{t('ref.title')}</h1>
      {/* A radio group rather than tabs: it wraps on a phone instead of hiding kinds. */}
      <Radio.Group
        className="kind-switch"
        optionType="button"
        buttonStyle="solid"
        aria-label={t('ref.kind')}
        value={kind}
        onChange={(e) => setKind(e.target.value as ReferenceKind)}
        options={REFERENCE_KINDS.map((k) => ({ value: k, label: t(`refKind.${k}`) }))}
      />
      <section aria-label={t(`refKind.${kind}`)}>
        <KindTable key={kind} kind={kind} />
      </section>
    </>
  );
}
