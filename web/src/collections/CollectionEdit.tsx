import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Skeleton, Space, Switch, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useUnitsWithRole } from '../admin/shared.ts';
import { api, call } from '../api/client.ts';
import type { Collection, Me, Media } from '../api/types.ts';
import { usePageTitle, usePrefs } from '../i18n/index.tsx';
import { ConfirmButton } from '../lib/confirm.tsx';
import { errorMessage } from '../lib/forms.ts';
import { RichTextEditor } from '../lib/LazyRichTextEditor.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { MediaPicker } from '../media/MediaPicker.tsx';
import { COLLECTION_KINDS, type CollectionKind } from './shared.ts';

const CURATORS = ['EDITOR', 'ORG_ADMIN'] as const;

interface Values {
  organisationId?: string;
  kind: CollectionKind;
  title: string;
  intro?: string;
  cover?: Media[];
  featured?: boolean;
}

interface Item {
  id: string;
  title: string;
  status: string;
  note: string | null;
}

function CollectionForm({ me, collection }: { me: Me; collection: Collection | null }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const units = useUnitsWithRole(me, CURATORS);
  const chosen = Form.useWatch('organisationId', form);
  const unitId = collection?.organisationId ?? chosen;
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });

  const save = useFormMutation(form, {
    mutationFn: (v: Values) => {
      const body = {
        kind: v.kind,
        title: v.title.trim(),
        intro: v.intro ?? '',
        coverId: v.cover?.[0]?.id ?? null,
        featured: !!v.featured,
      };
      return collection
        ? call(
            api.PATCH('/api/collections/{id}', { params: { path: { id: collection.id } }, body }),
          )
        : call(
            api.POST('/api/collections', {
              body: { ...body, organisationId: v.organisationId ?? '' },
            }),
          );
    },
    onSuccess: async (saved) => {
      message.success(t('common.saved'));
      qc.setQueryData(['collection', saved.id], saved);
      await qc.invalidateQueries({ queryKey: ['collections'] });
      if (!collection) navigate(`/admin/collections/${saved.id}`);
    },
  });

  return (
    <Form<Values>
      form={form}
      name="collection"
      layout="vertical"
      requiredMark={false}
      initialValues={
        collection
          ? {
              kind: collection.kind,
              title: collection.title,
              intro: collection.intro,
              cover: collection.cover ? [collection.cover] : [],
              featured: collection.featured,
            }
          : { kind: 'TOPIC', organisationId: units.length === 1 ? units[0]?.value : undefined }
      }
      onFinish={save.mutate}
      scrollToFirstError
    >
      <FormAlert text={save.alert} />
      {!collection && (
        <Form.Item
          label={t('collections.unit')}
          name="organisationId"
          rules={[req(t('collections.unit'))]}
        >
          <Select showSearch={{ optionFilterProp: 'name' }} options={units} />
        </Form.Item>
      )}
      <Form.Item label={t('collections.kind')} name="kind" extra={t('collections.kindHelp')}>
        <Select
          options={COLLECTION_KINDS.map((k) => ({ value: k, label: t(`collectionKind.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        label={t('collections.fieldTitle')}
        name="title"
        rules={[req(t('collections.fieldTitle'))]}
      >
        <Input maxLength={80} showCount />
      </Form.Item>
      <Form.Item label={t('collections.intro')} name="intro">
        <RichTextEditor label={t('collections.intro')} organisationId={unitId} />
      </Form.Item>
      <Form.Item label={t('works.cover')} name="cover">
        <MediaPicker organisationId={unitId} kind="IMAGE" max={1} label={t('works.cover')} />
      </Form.Item>
      <Form.Item
        label={t('collections.featured')}
        name="featured"
        valuePropName="checked"
        extra={t('collections.featuredHelp')}
      >
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {collection ? t('form.save') : t('collections.create')}
      </Button>
    </Form>
  );
}

/** The ordered works: find published works by search, add, order, annotate, remove. */
function CollectionItems({ collection }: { collection: Collection }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [items, setItems] = useState<Item[]>(collection.items);
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['collection-find', q],
    queryFn: () =>
      call(api.GET('/api/search', { params: { query: { q, type: 'work', pageSize: 10 } } })),
    enabled: q.length > 0,
  });
  const move = (i: number, d: -1 | 1) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    setItems(next);
  };
  const save = useFormMutation(null, {
    mutationFn: () =>
      call(
        api.PUT('/api/collections/{id}/items', {
          params: { path: { id: collection.id } },
          body: { items: items.map((i) => ({ workId: i.id, note: i.note?.trim() || null })) },
        }),
      ),
    onSuccess: (saved) => {
      qc.setQueryData(['collection', collection.id], saved);
      message.success(t('collections.itemsSaved', { n: saved.items.length }));
    },
  });
  return (
    <section className="panel" aria-labelledby="items-h">
      <h2 id="items-h">{t('collections.items')}</h2>
      <p>{t('collections.itemsText')}</p>
      {items.length === 0 && <p className="muted">{t('collections.noItems')}</p>}
      <ol className="collection-items-edit">
        {items.map((it, i) => (
          <li key={it.id}>
            <span className="collection-item-title">
              {it.title}
              {it.status !== 'PUBLISHED' && (
                <Tag className="work-status work-status-WITHDRAWN">
                  {t(`workStatus.${it.status as 'WITHDRAWN'}`)}
                </Tag>
              )}
            </span>
            <Input
              size="small"
              value={it.note ?? ''}
              maxLength={200}
              aria-label={t('collections.noteFor', { title: it.title })}
              placeholder={t('collections.notePlaceholder')}
              onChange={(e) =>
                setItems(items.map((x) => (x.id === it.id ? { ...x, note: e.target.value } : x)))
              }
            />
            <Space>
              <Button
                size="small"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={t('media.moveUp', { name: it.title })}
              >
                ↑
              </Button>
              <Button
                size="small"
                disabled={i === items.length - 1}
                onClick={() => move(i, 1)}
                aria-label={t('media.moveDown', { name: it.title })}
              >
                ↓
              </Button>
              <Button
                size="small"
                onClick={() => setItems(items.filter((x) => x.id !== it.id))}
                aria-label={t('media.removeOne', { name: it.title })}
              >
                {t('works.remove')}
              </Button>
            </Space>
          </li>
        ))}
      </ol>
      <Input.Search
        className="collection-find"
        aria-label={t('collections.findWorks')}
        placeholder={t('collections.findWorks')}
        allowClear
        enterButton={t('common.search')}
        onSearch={(v) => setQ(v.trim())}
      />
      {found.data && (
        <ul className="collection-find-results" aria-label={t('collections.findResults')}>
          {found.data.items.length === 0 && <li>{t('search.noneQ', { q })}</li>}
          {found.data.items.map((hit) => (
            <li key={hit.id}>
              <span>{hit.title}</span>
              <Button
                size="small"
                disabled={items.some((x) => x.id === hit.id)}
                onClick={() =>
                  setItems([
                    ...items,
                    { id: hit.id, title: hit.title, status: 'PUBLISHED', note: null },
                  ])
                }
                aria-label={t('collections.addOne', { title: hit.title })}
              >
                {t('collections.add')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {save.alert && <Alert type="error" showIcon title={save.alert} role="alert" />}
      <Button type="primary" onClick={() => save.mutate()} loading={save.isPending}>
        {t('collections.saveItems')}
      </Button>
    </section>
  );
}

function Lifecycle({ collection }: { collection: Collection }) {
  const { t } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const step = useMutation({
    mutationFn: (name: 'publish' | 'unpublish' | 'archive') => {
      const path = `/api/collections/{id}/${name}` as '/api/collections/{id}/publish';
      return call(api.POST(path, { params: { path: { id: collection.id } } }));
    },
    onSuccess: async (saved, name) => {
      qc.setQueryData(['collection', collection.id], saved);
      await qc.invalidateQueries({ queryKey: ['collections'] });
      message.success(t(`collections.done.${name}`));
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const busy = step.isPending ? step.variables : null;
  const act = step.mutate;
  return (
    <div className="button-row">
      <Tag className={`collection-status collection-status-${collection.status}`}>
        {t(`collectionStatus.${collection.status}`)}
      </Tag>
      {collection.status === 'PUBLISHED' && (
        <Link to={`/collections/${collection.id}`}>{t('collections.viewOnPortal')}</Link>
      )}
      {collection.status === 'DRAFT' && (
        <Button type="primary" loading={busy === 'publish'} onClick={() => act('publish')}>
          {t('collections.publish')}
        </Button>
      )}
      {collection.status === 'PUBLISHED' && (
        <Button loading={busy === 'unpublish'} onClick={() => act('unpublish')}>
          {t('collections.unpublish')}
        </Button>
      )}
      {collection.status !== 'ARCHIVED' && (
        <ConfirmButton
          danger
          loading={busy === 'archive'}
          step={{
            title: t('confirm.archiveCollection.title', { title: collection.title }),
            body: t('confirm.archiveCollection.body'),
            action: t('collections.archive'),
            danger: true,
          }}
          onConfirm={() => act('archive')}
        >
          {t('collections.archive')}
        </ConfirmButton>
      )}
    </div>
  );
}

export function CollectionEditPage({ me }: { me: Me }) {
  const { t } = usePrefs();
  const { id } = useParams();
  const collection = useQuery({
    queryKey: ['collection', id],
    queryFn: () => call(api.GET('/api/collections/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: !!id,
  });
  const title = id ? (collection.data?.title ?? t('common.loading')) : t('collections.create');
  usePageTitle(title);
  const tp = collection.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/collections">{t('collections.title')}</Link>
      </p>
      <h1>{title}</h1>
      {!id && <CollectionForm me={me} collection={null} />}
      {id && collection.isPending && <Skeleton active aria-busy />}
      {id && collection.isError && (
        <Alert type="error" showIcon title={errorMessage(collection.error)} />
      )}
      {tp && (
        <>
          {tp.abilities.edit && <Lifecycle collection={tp} />}
          {tp.abilities.edit && tp.status !== 'ARCHIVED' ? (
            <>
              <section className="panel" aria-labelledby="collection-form-h">
                <h2 id="collection-form-h">{t('collections.basics')}</h2>
                <CollectionForm key={tp.updatedAt} me={me} collection={tp} />
              </section>
              <CollectionItems key={`items-${tp.updatedAt}`} collection={tp} />
            </>
          ) : (
            <section className="panel">
              <ol>
                {tp.items.map((i) => (
                  <li key={i.id}>{i.title}</li>
                ))}
              </ol>
            </section>
          )}
        </>
      )}
    </>
  );
}
