import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Select, Switch, Table } from 'antd';
import { useState } from 'react';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Me, Media, MediaItem, MediaKind } from '../api/types.ts';
import { formatDateTime, type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ConfirmButton } from '../lib/confirm.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import { MediaPicker, MediaThumb } from './MediaPicker.tsx';
import { formatDuration, formatSize, MediaView } from './MediaView.tsx';

const WRITERS = ['MEMBER', 'EDITOR', 'ORG_ADMIN'] as const;
const KINDS: MediaKind[] = ['IMAGE', 'VIDEO', 'AUDIO', 'PDF', 'DOCUMENT', 'MODEL'];

interface Filters {
  kind?: MediaKind;
  q?: string;
  mine?: boolean;
}

function EditDrawer({ item, onClose }: { item: MediaItem | null; onClose: () => void }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; alt: string }>();
  const save = useFormMutation(form, {
    mutationFn: (v: { id: string; name: string; alt: string }) =>
      call(
        api.PATCH('/api/media/{id}', {
          params: { path: { id: v.id } },
          body: { name: v.name.trim(), alt: v.alt.trim() },
        }),
      ),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['media'] });
      onClose();
    },
  });
  return (
    <Drawer open={!!item} onClose={onClose} title={item?.name} size="large" destroyOnHidden>
      {item && (
        <>
          <MediaView media={item} title={item.name} />
          <Form
            form={form}
            name="media-edit"
            layout="vertical"
            initialValues={{ name: item.name, alt: item.alt }}
            onFinish={(v) => save.mutate({ ...v, id: item.id })}
          >
            <FormAlert text={save.alert} />
            <Form.Item
              label={t('media.name')}
              name="name"
              rules={[{ required: true, message: t('form.required', { field: t('media.name') }) }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label={t('media.alt')} name="alt" extra={t('media.altHelp')}>
              <Input.TextArea maxLength={300} autoSize={{ minRows: 2 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('form.save')}
            </Button>
          </Form>
        </>
      )}
    </Drawer>
  );
}

export function MediaLibraryPage({ me }: { me: Me }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const title = t('media.library');
  usePageTitle(title);
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const [editing, setEditing] = useState<MediaItem | null>(null);
  const units = useUnitsWithRole(me, WRITERS);
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const uploadUnit = unit ?? (units.length === 1 ? units[0]?.value : undefined);
  const query = {
    kind: filters.kind,
    q: filters.q?.trim() || undefined,
    mine: filters.mine ? ('true' as const) : undefined,
  };
  const list = useQuery({
    queryKey: ['media', 'library', query, page],
    queryFn: () => call(api.GET('/api/media', { params: { query: { ...query, ...page } } })),
  });

  async function remove(m: MediaItem) {
    try {
      await call(api.DELETE('/api/media/{id}', { params: { path: { id: m.id } } }));
      message.success(t('media.deleted', { name: m.name }));
      await qc.invalidateQueries({ queryKey: ['media'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <>
      <h1>{title}</h1>
      <p>{t('media.libraryText')}</p>
      {units.length > 0 && (
        <section className="panel" aria-labelledby="upload-h">
          <h2 id="upload-h">{t('media.upload')}</h2>
          {units.length > 1 && (
            <Form layout="vertical">
              <Form.Item label={t('works.unit')} htmlFor="media-unit">
                <Select
                  id="media-unit"
                  showSearch={{ optionFilterProp: 'name' }}
                  options={units}
                  value={uploadUnit}
                  onChange={setUnit}
                  style={{ maxWidth: 360 }}
                />
              </Form.Item>
            </Form>
          )}
          <MediaPicker
            organisationId={uploadUnit}
            label={t('media.justUploaded')}
            fromLibrary={false}
            value={[]}
            onChange={() => qc.invalidateQueries({ queryKey: ['media'] })}
          />
          <p className="muted">{t('media.limits')}</p>
        </section>
      )}
      <FilterForm<Filters> name="media-filters" onFilter={(v) => filter(v)}>
        <Form.Item label={t('media.name')} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('media.kind')} name="kind">
          <Select
            allowClear
            placeholder={t('media.allKinds')}
            style={{ width: 160 }}
            options={KINDS.map((k) => ({ value: k, label: t(`mediaKind.${k}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item label={t('media.mine')} name="mine" valuePropName="checked">
          <Switch />
        </Form.Item>
      </FilterForm>
      <div className="toolbar">
        <ExportButton path="/api/media/export" query={query} filename="媒体文件.xlsx" />
      </div>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<MediaItem>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('media.libraryEmpty') }}
        pagination={pagination(list.data?.total)}
        columns={[
          {
            title: t('media.preview'),
            key: 'thumb',
            render: (_: unknown, m) => <MediaThumb media={m as Media} />,
          },
          {
            title: t('media.name'),
            dataIndex: 'name',
            render: (v: string, m) => (
              <Button type="link" className="link-button" onClick={() => setEditing(m)}>
                {v}
              </Button>
            ),
          },
          {
            title: t('media.kind'),
            dataIndex: 'kind',
            render: (k: MediaKind, m) =>
              [t(`mediaKind.${k}` as MessageKey), formatDuration(m.durationMs)]
                .filter(Boolean)
                .join(' · '),
          },
          { title: t('media.size'), dataIndex: 'size', render: (n: number) => formatSize(n) },
          { title: t('works.unit'), dataIndex: 'organisationName' },
          { title: t('media.uploader'), dataIndex: 'uploadedByName' },
          { title: t('media.uses'), dataIndex: 'uses' },
          {
            title: t('media.uploadedAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDateTime(v, lang),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, m) => (
              <ConfirmButton
                size="small"
                danger
                disabled={m.uses > 0}
                aria-label={t('media.deleteOne', { name: m.name })}
                step={{
                  title: t('confirm.deleteMedia.title', { name: m.name }),
                  body: t('confirm.deleteMedia.body'),
                  action: t('confirm.deleteMedia.ok'),
                  danger: true,
                }}
                onConfirm={() => remove(m)}
              >
                {t('media.delete')}
              </ConfirmButton>
            ),
          },
        ]}
      />
      <EditDrawer item={editing} onClose={() => setEditing(null)} />
    </>
  );
}
