import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Radio,
  Select,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { ApiError, api, call } from '../api/client.ts';
import { type Me, ROLES, type Role, type User } from '../api/types.ts';
import { formatDateTime, usePageTitle, usePrefs, useT } from '../i18n/index.tsx';
import { useConfirm } from '../lib/confirm.tsx';
import { ExportButton } from '../lib/ExportButton.tsx';
import { applyServerError, errorMessage } from '../lib/forms.ts';
import { FormAlert, FormModal, useFormMutation } from '../lib/mutations.tsx';
import { FilterForm, usePagedFilters } from '../lib/paging.tsx';
import {
  INVITE_ROLES,
  InvitationsPanel,
  InviteFields,
  type InviteRole,
  type InviteValues,
  useInvite,
} from './Invitations.tsx';
import { orgOptions, useOrganisations } from './shared.ts';
import { AccountTags, UserActionsMenu } from './UserActions.tsx';

interface Filters {
  q?: string;
  organisationId?: string;
  role?: Role;
}

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  email?: string;
  phone?: string;
  role: Role;
  organisationId: string;
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const orgs = useOrganisations();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CreateValues>();
  const req = (field: string) => ({ required: true, message: t('form.required', { field }) });

  const save = useFormMutation(form, {
    mutationFn: (v: CreateValues) =>
      call(
        api.POST('/api/users', {
          body: {
            username: v.username,
            displayName: v.displayName,
            password: v.password,
            role: v.role,
            organisationId: v.organisationId,
            ...(v.email?.trim() ? { email: v.email.trim() } : {}),
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      message.success(t('user.created'));
      setOpen(false);
      onCreated();
    },
  });

  return (
    <>
      <Button
        type="primary"
        onClick={() => {
          save.setAlert(null);
          setOpen(true);
        }}
      >
        {t('user.create')}
      </Button>
      <FormModal open={open} title={t('user.create')} submit={save} onCancel={() => setOpen(false)}>
        <Form
          form={form}
          name="create-user"
          layout="vertical"
          requiredMark={false}
          initialValues={{ role: 'MEMBER' }}
        >
          <Form.Item
            label={t('user.username')}
            name="username"
            extra={t('form.usernameHelp')}
            rules={[req(t('user.username'))]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            label={t('user.displayName')}
            name="displayName"
            rules={[req(t('user.displayName'))]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            label={t('user.initialPassword')}
            name="password"
            extra={t('form.passwordHelp')}
            rules={[req(t('user.initialPassword'))]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item label={t('form.email')} name="email" rules={[{ type: 'email' }]}>
            <Input type="email" />
          </Form.Item>
          <Form.Item label={t('form.phone')} name="phone">
            <Input type="tel" />
          </Form.Item>
          <Form.Item label={t('user.role')} name="role" rules={[req(t('user.role'))]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item
            label={t('user.organisation')}
            name="organisationId"
            rules={[req(t('user.organisation'))]}
          >
            <Select
              showSearch={{ optionFilterProp: 'name' }}
              loading={orgs.isPending}
              options={orgOptions(orgs.data)}
            />
          </Form.Item>
        </Form>
      </FormModal>
    </>
  );
}

/** Invites someone the caller does not manage: they join the unit when they accept. */
function InviteFromDrawer({ user, initial }: { user: User; initial?: Partial<InviteValues> }) {
  const t = useT();
  const [form] = Form.useForm<InviteValues>();
  const [error, setError] = useState<string | null>(null);
  const invite = useInvite(() => form.resetFields());
  return (
    <>
      <h2 className="drawer-h2">{t('invite.create')}</h2>
      <p>{t('invite.drawerText', { name: user.displayName })}</p>
      {error && <Alert className="form-alert" type="error" showIcon title={error} role="alert" />}
      <Form<InviteValues>
        form={form}
        name="drawer-invite"
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: 'MEMBER', ...initial, username: user.username }}
        onFinish={(v) => {
          setError(null);
          invite.mutate(
            { ...v, username: user.username },
            { onError: (e) => setError(applyServerError(form, e)) },
          );
        }}
      >
        <InviteFields />
        <Button htmlType="submit" type="primary" loading={invite.isPending}>
          {t('invite.send')}
        </Button>
      </Form>
    </>
  );
}

interface GrantValues {
  role: Role;
  organisationId?: string;
}

function UserDrawer({
  me,
  userId,
  onClose,
  onChanged,
}: {
  me: Me;
  userId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const orgs = useOrganisations();
  const [form] = Form.useForm<GrantValues>();
  // A grant refused because the person is managed elsewhere: offer the invitation instead.
  const [outside, setOutside] = useState<{ role: InviteRole; organisationId: string } | null>(null);
  const role = Form.useWatch('role', form);
  const { confirm, dialog } = useConfirm();
  const user = useQuery({
    queryKey: ['user', userId],
    queryFn: () => call(api.GET('/api/users/{id}', { params: { path: { id: userId ?? '' } } })),
    enabled: userId !== null,
  });
  const reload = async () => {
    await qc.invalidateQueries({ queryKey: ['user', userId] });
    onChanged();
  };
  // The grant form's alert is the drawer's: the status and revoke buttons report there too.
  const grant = useFormMutation(form, {
    mutationFn: ({ id, v }: { id: string; v: GrantValues }) =>
      call(
        api.POST('/api/users/{id}/grants', {
          params: { path: { id } },
          body: {
            role: v.role,
            organisationId: v.role === 'PLATFORM_ADMIN' ? null : (v.organisationId ?? null),
          },
        }),
      ),
    onSuccess: async () => {
      form.resetFields();
      message.success(t('common.saved'));
      await reload();
    },
  });
  const setStatus = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'ACTIVE' | 'DISABLED' }) =>
      call(api.PATCH('/api/users/{id}', { params: { path: { id } }, body: { status } })),
    onMutate: () => {
      grant.setAlert(null);
      setOutside(null);
    },
    onSuccess: async () => {
      message.success(t('common.saved'));
      await reload();
    },
    onError: (e) => grant.setAlert(applyServerError(form, e)),
  });
  const revoke = useMutation({
    mutationFn: ({ user, grantId }: { user: User; grantId: string }) =>
      call(
        api.DELETE('/api/users/{id}/grants/{grantId}', {
          params: { path: { id: user.id, grantId } },
        }),
      ),
    onMutate: () => grant.setAlert(null),
    onSuccess: async (after, { user }) => {
      if (after === null) {
        // The person is no longer in the caller's units.
        message.success(t('user.revokedGone', { name: user.displayName }));
        onChanged();
        onClose();
      } else {
        message.success(t('common.saved'));
        await reload();
      }
    },
    onError: (e) => grant.setAlert(errorMessage(e)),
  });
  const u = user.data;
  const managedElsewhere = t('user.managedElsewhere');
  // Roles on units the caller administers can be revoked (the server checks again).
  const inScope = new Set((orgs.data ?? []).map((o) => o.id));
  const mayRevoke = (g: User['grants'][number]) =>
    me.abilities.platformAdmin ||
    (g.role !== 'PLATFORM_ADMIN' && !!g.organisationId && inScope.has(g.organisationId));

  return (
    <Drawer
      open={userId !== null}
      onClose={onClose}
      title={u ? `${t('user.detail')}：${u.displayName}` : t('user.detail')}
      size={480}
      destroyOnHidden
    >
      {dialog}
      {user.isError && <Alert type="error" showIcon title={errorMessage(user.error)} />}
      <FormAlert text={grant.alert} />
      {u && (
        <>
          {!u.managed && (
            <Alert className="form-alert" type="info" showIcon title={t('user.unmanagedNote')} />
          )}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('user.username')}>{u.username}</Descriptions.Item>
            <Descriptions.Item label={t('user.displayName')}>{u.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('user.home')}>
              {u.homeOrganisationName ?? t('user.noHome')}
            </Descriptions.Item>
            <Descriptions.Item label={t('user.email')}>
              {u.managed ? (u.email ?? '—') : managedElsewhere}
            </Descriptions.Item>
            <Descriptions.Item label={t('user.phone')}>
              {u.managed ? (u.phone ?? '—') : managedElsewhere}
            </Descriptions.Item>
            <Descriptions.Item label={t('user.status')}>
              {t(`user.status.${u.status}`)} <AccountTags user={u} t={t} lang={lang} />
            </Descriptions.Item>
            <Descriptions.Item label={t('user.lastLogin')}>
              {u.lastLoginAt ? formatDateTime(u.lastLoginAt, lang) : t('user.tag.neverLoggedIn')}
            </Descriptions.Item>
            <Descriptions.Item label={t('user.totp')}>
              {u.totpEnabled ? t('common.yes') : t('common.no')}
            </Descriptions.Item>
          </Descriptions>
          {u.managed && u.status !== 'DELETED' && (
            <div className="button-row" style={{ marginTop: 12 }}>
              <Button
                danger={u.status === 'ACTIVE'}
                loading={setStatus.isPending}
                onClick={async () => {
                  const go =
                    u.status !== 'ACTIVE' ||
                    (await confirm({
                      title: t('confirm.disable.title', { name: u.displayName }),
                      body: t('confirm.disable.body', { name: u.displayName }),
                      action: t('confirm.disable.ok'),
                      danger: true,
                    }));
                  if (go) {
                    setStatus.mutate({
                      id: u.id,
                      status: u.status === 'ACTIVE' ? 'DISABLED' : 'ACTIVE',
                    });
                  }
                }}
              >
                {u.status === 'ACTIVE' ? t('user.disable') : t('user.enable')}
              </Button>
              <UserActionsMenu me={me} user={u} onChanged={reload} />
            </div>
          )}
          <h2 className="drawer-h2">{t('user.grants')}</h2>
          <List
            size="small"
            bordered
            dataSource={u.grants}
            renderItem={(g) => (
              <List.Item
                actions={[
                  mayRevoke(g) && (
                    <Button
                      key="revoke"
                      type="link"
                      danger
                      size="small"
                      loading={revoke.isPending && revoke.variables?.grantId === g.id}
                      onClick={async () => {
                        const unit = g.organisationName ?? t('user.global');
                        const go = await confirm({
                          title: t('confirm.revokeGrant.title', {
                            name: u.displayName,
                            role: t(`role.${g.role}`),
                          }),
                          body: t('confirm.revokeGrant.body', { name: u.displayName, unit }),
                          action: t('confirm.revokeGrant.ok'),
                          danger: true,
                        });
                        if (go) revoke.mutate({ user: u, grantId: g.id });
                      }}
                    >
                      {t('user.revoke')}
                    </Button>
                  ),
                ].filter(Boolean)}
              >
                {t(`role.${g.role}`)} · {g.organisationName ?? t('user.global')}
              </List.Item>
            )}
          />
          {!u.managed || outside ? (
            <>
              {outside && (
                <Alert
                  className="form-alert"
                  style={{ marginTop: 16 }}
                  type="warning"
                  showIcon
                  title={t('user.outsideScope')}
                />
              )}
              <InviteFromDrawer
                key={outside ? 'outside' : 'plain'}
                user={u}
                initial={outside ?? undefined}
              />
            </>
          ) : (
            <>
              <h2 className="drawer-h2">{t('user.addGrant')}</h2>
              <Form
                form={form}
                name="grant"
                layout="vertical"
                requiredMark={false}
                initialValues={{ role: 'MEMBER' }}
                onFinish={(v) =>
                  grant.mutate(
                    { id: u.id, v },
                    {
                      onError: (e) => {
                        if (
                          e instanceof ApiError &&
                          e.code === 'USER_OUTSIDE_SCOPE' &&
                          v.organisationId &&
                          (INVITE_ROLES as readonly Role[]).includes(v.role)
                        ) {
                          // Not an error to show: the invitation form takes the grant form's place.
                          grant.setAlert(null);
                          setOutside({
                            role: v.role as InviteRole,
                            organisationId: v.organisationId,
                          });
                        }
                      },
                    },
                  )
                }
              >
                <Form.Item label={t('user.role')} name="role" rules={[{ required: true }]}>
                  <Select
                    options={ROLES.filter(
                      (r) => r !== 'PLATFORM_ADMIN' || me.abilities.platformAdmin,
                    ).map((r) => ({ value: r, label: t(`role.${r}`) }))}
                  />
                </Form.Item>
                {role !== 'PLATFORM_ADMIN' && (
                  <Form.Item
                    label={t('user.organisation')}
                    name="organisationId"
                    rules={[
                      {
                        required: true,
                        message: t('form.required', { field: t('user.organisation') }),
                      },
                    ]}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'name' }}
                      options={orgOptions(orgs.data)}
                    />
                  </Form.Item>
                )}
                <Button htmlType="submit" type="primary" loading={grant.isPending}>
                  {t('user.addGrant')}
                </Button>
              </Form>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

/** The people in the caller's units: who they are, their roles and their account's state. */
function UsersList({ me }: { me: Me }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const orgs = useOrganisations();
  const { filters, page, filter, pagination } = usePagedFilters<Filters>({});
  const [selected, setSelected] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['users', filters, page],
    queryFn: () =>
      call(
        api.GET('/api/users', {
          params: {
            query: {
              ...page,
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.organisationId ? { organisationId: filters.organisationId } : {}),
              ...(filters.role ? { role: filters.role } : {}),
            },
          },
        }),
      ),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] });

  return (
    <>
      <FilterForm<Filters> name="user-filters" onFilter={(v) => filter(v)}>
        <Form.Item label={t('user.q')} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('user.organisation')} name="organisationId">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'name' }}
            placeholder={t('user.allOrgs')}
            options={orgOptions(orgs.data)}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Form.Item label={t('user.role')} name="role">
          <Select
            allowClear
            placeholder={t('user.allRoles')}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            style={{ width: 220 }}
          />
        </Form.Item>
      </FilterForm>
      <div className="toolbar">
        <CreateUser onCreated={refresh} />
        <ExportButton
          path="/api/users/export"
          query={{ q: filters.q, organisationId: filters.organisationId, role: filters.role }}
          filename="用户.xlsx"
        />
      </div>
      {users.isError && <Alert type="error" showIcon title={errorMessage(users.error)} />}
      <Table<User>
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={pagination(users.data?.total)}
        columns={[
          {
            title: t('user.username'),
            dataIndex: 'username',
            render: (v: string, u) => (
              <Button type="link" size="small" onClick={() => setSelected(u.id)}>
                {v}
              </Button>
            ),
          },
          { title: t('user.displayName'), dataIndex: 'displayName' },
          {
            title: t('user.home'),
            dataIndex: 'homeOrganisationName',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('user.role'),
            key: 'grants',
            render: (_, u) =>
              u.grants.map((g) => (
                <Tag key={g.id}>
                  {t(`role.${g.role}`)}
                  {g.organisationName ? ` · ${g.organisationName}` : ''}
                </Tag>
              )),
          },
          {
            title: t('user.contact'),
            key: 'contact',
            render: (_, u) =>
              u.managed ? (
                [u.email, u.phone].filter(Boolean).join('，') || '—'
              ) : (
                <span className="muted">{t('user.managedElsewhere')}</span>
              ),
          },
          {
            title: t('user.status'),
            key: 'status',
            render: (_, u) => (
              <span className="account-state">
                <span>{t(`user.status.${u.status}`)}</span>
                <AccountTags user={u} t={t} lang={lang} />
              </span>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) =>
              u.managed ? (
                <UserActionsMenu me={me} user={u} onChanged={refresh} />
              ) : (
                <span className="unmanaged-note">{t('user.unmanagedNote')}</span>
              ),
          },
        ]}
      />
      <UserDrawer me={me} userId={selected} onClose={() => setSelected(null)} onChanged={refresh} />
    </>
  );
}

type Section = 'users' | 'invitations';

export function UsersPage({ me }: { me: Me }) {
  const t = useT();
  const [section, setSection] = useState<Section>('users');
  usePageTitle(t('user.title'));
  return (
    <>
      <h1>{t('user.title')}</h1>
      <Radio.Group
        className="kind-switch"
        optionType="button"
        buttonStyle="solid"
        aria-label={t('user.title')}
        value={section}
        onChange={(e) => setSection(e.target.value as Section)}
        options={[
          { value: 'users', label: t('user.people') },
          { value: 'invitations', label: t('invite.title') },
        ]}
      />
      {section === 'users' ? <UsersList me={me} /> : <InvitationsPanel />}
    </>
  );
}
