import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Radio, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { api, call } from '../api/client.ts';
import {
  type Me,
  ORGANISATION_TYPES,
  type Organisation,
  type OrganisationType,
} from '../api/types.ts';
import { usePageTitle, useT } from '../i18n/index.tsx';
import { ConfirmButton } from '../lib/confirm.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { DivisionCascader } from '../lib/form-inputs.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormModal, useFormMutation } from '../lib/mutations.tsx';
import { ORGS_KEY, orgOptions, useOrganisations } from './shared.ts';

interface OrgValues {
  type: OrganisationType;
  name: string;
  shortName?: string;
  nameEn?: string;
  divisionCode?: string;
  tree?: 'ADMIN' | 'DEPT';
}

function OrgForm({
  form,
  showTree,
  initialValues,
  relabel,
}: {
  form: ReturnType<typeof Form.useForm<OrgValues>>[0];
  showTree: boolean;
  initialValues: Partial<OrgValues>;
  /** Kind and division code may be set (by the level above); else shown read-only. */
  relabel: boolean;
}) {
  const t = useT();
  const fromAbove = relabel ? undefined : t('org.setFromAbove');
  return (
    <Form
      form={form}
      name="organisation"
      layout="vertical"
      requiredMark={false}
      initialValues={initialValues}
    >
      {showTree && (
        <Form.Item label={t('org.tree')} name="tree" rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="ADMIN">{t('org.treeAdmin')}</Radio>
            <Radio value="DEPT">{t('org.treeDept')}</Radio>
          </Radio.Group>
        </Form.Item>
      )}
      <Form.Item
        label={t('org.type')}
        name="type"
        extra={fromAbove}
        rules={[{ required: true, message: t('form.required', { field: t('org.type') }) }]}
      >
        <Select
          disabled={!relabel}
          options={ORGANISATION_TYPES.map((v) => ({ value: v, label: t(`orgType.${v}`) }))}
        />
      </Form.Item>
      <Form.Item
        label={t('org.name')}
        name="name"
        rules={[{ required: true, message: t('form.required', { field: t('org.name') }) }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('org.shortName')} name="shortName">
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item label={t('org.nameEn')} name="nameEn">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('org.division')} name="divisionCode" extra={fromAbove}>
        <DivisionCascader f={{ minLevel: 1, maxLevel: 3 }} disabled={!relabel} />
      </Form.Item>
    </Form>
  );
}

type MoveJob = { org: Organisation; parentId: string };
type FormJob = { dialog: Exclude<Dialog, { kind: 'move' } | null>; v: OrgValues };

type Dialog =
  | { kind: 'create'; parent: Organisation }
  | { kind: 'edit'; org: Organisation }
  | { kind: 'move'; org: Organisation }
  | null;

/** Ids of the organisation and everything below it (the list is in tree order). */
function subtreeIds(orgs: Organisation[], root: Organisation): Set<string> {
  const ids = new Set([root.id]);
  const start = orgs.findIndex((o) => o.id === root.id);
  for (let i = start + 1; i < orgs.length; i++) {
    const o = orgs[i];
    if (!o || o.depth <= root.depth) break;
    ids.add(o.id);
  }
  return ids;
}

/**
 * Whether the caller may set this unit's kind and division code: they carry powers, so the level
 * above sets them (an administrator of an ancestor), or a platform administrator; never the
 * unit's own administrator. The server decides again.
 */
export function canRelabel(me: Me, orgs: Organisation[], org: Organisation): boolean {
  if (me.abilities.platformAdmin) return true;
  const adminOf = new Set(
    me.grants
      .filter((g) => g.role === 'ORG_ADMIN' && g.organisationId)
      .map((g) => g.organisationId),
  );
  const byId = new Map(orgs.map((o) => [o.id, o]));
  for (let p = org.parentId; p; p = byId.get(p)?.parentId ?? null) {
    if (adminOf.has(p)) return true;
  }
  return false;
}

export function OrganisationsPage({ me }: { me: Me }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const orgs = useOrganisations();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<OrgValues>();
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const [pageError, setPageError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  usePageTitle(t('org.title'));

  const list = orgs.data ?? [];
  const minDepth = list.length ? Math.min(...list.map((o) => o.depth)) : 0;
  const shown = useMemo(
    () => (filter ? list.filter((o) => o.name.includes(filter.trim())) : list),
    [list, filter],
  );

  const refresh = () => qc.invalidateQueries({ queryKey: ORGS_KEY });

  function open(next: Dialog) {
    save.setAlert(null);
    if (next?.kind === 'move') setMoveTo(next.org.parentId);
    setDialog(next);
  }

  const save = useFormMutation(form, {
    mutationFn: async (job: MoveJob | FormJob) => {
      if (!('v' in job)) {
        await call(
          api.POST('/api/organisations/{id}/move', {
            params: { path: { id: job.org.id } },
            body: { parentId: job.parentId },
          }),
        );
        return t('org.moved');
      }
      const { dialog, v } = job;
      const optional = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
      if (dialog.kind === 'create') {
        const isRootChild = dialog.parent.parentId === null;
        await call(
          api.POST('/api/organisations', {
            body: {
              parentId: dialog.parent.id,
              type: v.type,
              name: v.name,
              ...(optional(v.shortName) ? { shortName: optional(v.shortName) } : {}),
              ...(optional(v.nameEn) ? { nameEn: optional(v.nameEn) } : {}),
              ...(optional(v.divisionCode) ? { divisionCode: optional(v.divisionCode) } : {}),
              ...(isRootChild && v.tree ? { tree: v.tree } : {}),
            },
          }),
        );
        return t('org.created');
      }
      const relabel = canRelabel(me, list, dialog.org);
      await call(
        api.PATCH('/api/organisations/{id}', {
          params: { path: { id: dialog.org.id } },
          body: {
            name: v.name,
            shortName: optional(v.shortName) ?? null,
            nameEn: optional(v.nameEn) ?? null,
            ...(relabel ? { type: v.type, divisionCode: optional(v.divisionCode) ?? null } : {}),
          },
        }),
      );
      return t('common.saved');
    },
    onSuccess: async (done) => {
      message.success(done);
      setDialog(null);
      await refresh();
    },
  });

  async function submit() {
    if (!dialog) return;
    if (dialog.kind === 'move') {
      if (moveTo) save.mutate({ org: dialog.org, parentId: moveTo });
      return;
    }
    let v: OrgValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    save.mutate({ dialog, v });
  }

  async function toggle(org: Organisation) {
    setPageError(null);
    try {
      const path = org.active
        ? ('/api/organisations/{id}/deactivate' as const)
        : ('/api/organisations/{id}/activate' as const);
      await call(api.POST(path, { params: { path: { id: org.id } } }));
      message.success(org.active ? t('org.deactivated') : t('org.activated'));
      await refresh();
    } catch (e) {
      setPageError(errorMessage(e));
    }
  }

  const title =
    dialog?.kind === 'create'
      ? t('org.createTitle', { parent: dialog.parent.name })
      : dialog?.kind === 'edit'
        ? t('org.editTitle', { name: dialog.org.name })
        : dialog?.kind === 'move'
          ? t('org.moveTitle', { name: dialog.org.name })
          : '';

  const moveOptions =
    dialog?.kind === 'move'
      ? (() => {
          const exclude = subtreeIds(list, dialog.org);
          return orgOptions(list).filter((o) => !exclude.has(o.value));
        })()
      : [];

  return (
    <>
      <h1>{t('org.title')}</h1>
      {pageError && (
        <Alert className="form-alert" type="error" showIcon title={pageError} role="alert" />
      )}
      {orgs.isError && <Alert type="error" showIcon title={errorMessage(orgs.error)} />}
      <div className="filters">
        <Input.Search
          aria-label={t('org.filter')}
          placeholder={t('org.filter')}
          allowClear
          onSearch={setFilter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ maxWidth: 320 }}
        />
        <ExportButton
          path="/api/organisations/export"
          query={{ q: filter.trim() || undefined }}
          filename="组织机构.xlsx"
        />
      </div>
      <Table<Organisation>
        rowKey="id"
        loading={orgs.isPending}
        dataSource={shown}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        rowClassName={(o) => (o.active ? '' : 'org-row-inactive')}
        columns={[
          {
            title: t('org.name'),
            dataIndex: 'name',
            render: (_, o) => (
              <span
                className="org-name"
                style={{ paddingLeft: filter ? 0 : (o.depth - minDepth) * 20 }}
              >
                <span className="org-label">{o.name}</span>
                {!o.active && <Tag style={{ marginLeft: 8 }}>{t('common.inactive')}</Tag>}
                <span className="org-meta">
                  {t(`orgType.${o.type}`)}
                  {o.divisionName ? ` · ${o.divisionName}` : ''}
                </span>
              </span>
            ),
          },
          {
            title: t('org.type'),
            dataIndex: 'type',
            render: (v: OrganisationType) => t(`orgType.${v}`),
            responsive: ['md'],
          },
          {
            title: t('org.division'),
            dataIndex: 'divisionName',
            render: (v: string | null | undefined) => v ?? '—',
            responsive: ['md'],
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, o) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  onClick={() => open({ kind: 'create', parent: o })}
                >
                  {t('org.addChild')}
                </Button>
                <Button type="link" size="small" onClick={() => open({ kind: 'edit', org: o })}>
                  {t('common.edit')}
                </Button>
                {o.parentId && (
                  <Button type="link" size="small" onClick={() => open({ kind: 'move', org: o })}>
                    {t('org.move')}
                  </Button>
                )}
                {o.parentId && (
                  <ConfirmButton
                    type="link"
                    size="small"
                    danger={o.active}
                    step={{
                      title: t(
                        o.active ? 'confirm.deactivateOrg.title' : 'confirm.activateOrg.title',
                        {
                          name: o.name,
                        },
                      ),
                      body: t(o.active ? 'confirm.deactivateOrg.body' : 'confirm.activateOrg.body'),
                      action: o.active ? t('org.deactivate') : t('org.activate'),
                      danger: o.active,
                    }}
                    onConfirm={() => toggle(o)}
                  >
                    {o.active ? t('org.deactivate') : t('org.activate')}
                  </ConfirmButton>
                )}
              </Space>
            ),
          },
        ]}
      />
      <FormModal
        open={dialog !== null}
        title={title}
        submit={save}
        onOk={submit}
        onCancel={() => setDialog(null)}
      >
        {dialog?.kind === 'move' ? (
          <div>
            <label htmlFor="move-target" className="field-label">
              {t('org.moveTo')}
            </label>
            <Select
              id="move-target"
              showSearch={{ optionFilterProp: 'name' }}
              value={moveTo}
              onChange={setMoveTo}
              options={moveOptions}
              style={{ width: '100%' }}
            />
          </div>
        ) : (
          <OrgForm
            form={form}
            showTree={dialog?.kind === 'create' && dialog.parent.parentId === null}
            relabel={dialog?.kind !== 'edit' || canRelabel(me, list, dialog.org)}
            initialValues={
              dialog?.kind === 'edit'
                ? {
                    type: dialog.org.type,
                    name: dialog.org.name,
                    shortName: dialog.org.shortName ?? undefined,
                    nameEn: dialog.org.nameEn ?? undefined,
                    divisionCode: dialog.org.divisionCode ?? undefined,
                  }
                : { tree: 'ADMIN' }
            }
          />
        )}
      </FormModal>
    </>
  );
}
