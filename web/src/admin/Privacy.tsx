import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Radio, Skeleton, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Answer } from '../api/types.ts';
import { formatDateTime, usePageTitle, usePrefs, useT } from '../i18n/index.tsx';
import { ME_KEY } from '../lib/auth.ts';
import { useConfirm } from '../lib/confirm.tsx';
import { formatDate } from '../lib/dates.ts';
import { errorMessage } from '../lib/forms.ts';
import { RichTextEditor } from '../lib/LazyRichTextEditor.tsx';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { type PolicyKind, policyKey, usePolicy } from '../lib/policies.ts';
import { safeHtml } from '../lib/richtext.ts';

type Version = Answer<'/api/policies/{kind}/versions', 'get'>['items'][number];
type Section = PolicyKind | 'SETTINGS';

const SECTION_LABEL = {
  PRIVACY: 'policy.privacyTitle',
  TERMS: 'policy.termsTitle',
  SETTINGS: 'privacyAdmin.settings',
} as const;
const PATHS: Record<PolicyKind, string> = { PRIVACY: '/privacy', TERMS: '/terms' };

interface DocValues {
  title: string;
  body: string;
}

/** One document: edit a new version from the current text, publish it, and its history. */
function PolicyEditor({ kind }: { kind: PolicyKind }) {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<DocValues>();
  const { confirm, dialog } = useConfirm();
  const [viewing, setViewing] = useState<Version | null>(null);
  const current = usePolicy(kind);
  const versions = useQuery({
    queryKey: ['policy-versions', kind],
    queryFn: () => call(api.GET('/api/policies/{kind}/versions', { params: { path: { kind } } })),
  });
  const publish = useFormMutation(form, {
    mutationFn: (v: DocValues) =>
      call(api.POST('/api/policies/{kind}', { params: { path: { kind } }, body: v })),
    onSuccess: async (doc) => {
      message.success(t('privacyAdmin.published', { version: doc.version }));
      qc.setQueryData(policyKey(kind), doc);
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['policy-versions', kind] }),
        // Everyone accepts the new version again, the publisher too.
        qc.invalidateQueries({ queryKey: ME_KEY }),
      ]);
    },
  });
  const name = t(SECTION_LABEL[kind]);

  if (current.isPending) return <Skeleton active />;
  if (current.isError) return <Alert type="error" showIcon title={errorMessage(current.error)} />;
  const doc = current.data;
  const next = doc.version + 1;

  return (
    <>
      <section className="panel" aria-labelledby={`${kind}-edit-h`}>
        <h2 id={`${kind}-edit-h`}>{t('privacyAdmin.editTitle', { name, version: next })}</h2>
        <p>
          {t('privacyAdmin.current', {
            version: doc.version,
            date: formatDate(doc.publishedAt, lang),
          })}{' '}
          <Link to={PATHS[kind]} target="_blank">
            {t('privacyAdmin.viewPublic')}
          </Link>
        </p>
        <FormAlert text={publish.alert} />
        <Form<DocValues>
          key={doc.version}
          form={form}
          name={`policy-${kind}`}
          layout="vertical"
          requiredMark={false}
          initialValues={{ title: doc.title, body: doc.body }}
          onFinish={async (v) => {
            const go = await confirm({
              title: t('privacyAdmin.confirmTitle', { name, version: next }),
              body: t('privacyAdmin.confirmText'),
              action: t('privacyAdmin.confirmOk'),
            });
            if (go) publish.mutate(v);
          }}
        >
          <Form.Item
            label={t('privacyAdmin.docTitle')}
            name="title"
            rules={[
              {
                required: true,
                message: t('form.required', { field: t('privacyAdmin.docTitle') }),
              },
            ]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            label={t('privacyAdmin.body')}
            name="body"
            rules={[
              { required: true, message: t('form.required', { field: t('privacyAdmin.body') }) },
            ]}
          >
            <RichTextEditor label={t('privacyAdmin.body')} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('privacyAdmin.publish')}
          </Button>
        </Form>
      </section>
      <section className="panel" aria-labelledby={`${kind}-history-h`}>
        <h2 id={`${kind}-history-h`}>{t('privacyAdmin.history')}</h2>
        {versions.isError && <Alert type="error" showIcon title={errorMessage(versions.error)} />}
        <Table<Version>
          rowKey="version"
          size="small"
          loading={versions.isPending}
          dataSource={versions.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('privacyAdmin.version'),
              dataIndex: 'version',
              render: (v: number) => t('privacyAdmin.versionN', { version: v }),
            },
            { title: t('privacyAdmin.docTitle'), dataIndex: 'title' },
            {
              title: t('privacyAdmin.publishedAt'),
              dataIndex: 'publishedAt',
              render: (v: string) => formatDateTime(v, lang),
            },
            {
              title: t('privacyAdmin.publishedBy'),
              dataIndex: 'publishedByName',
              render: (v: string | null) => v ?? t('privacyAdmin.system'),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, v) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => setViewing(v)}
                  aria-label={t('privacyAdmin.viewVersion', { version: v.version })}
                >
                  {t('privacyAdmin.view')}
                </Button>
              ),
            },
          ]}
        />
      </section>
      {dialog}
      <Modal
        open={viewing !== null}
        title={
          viewing
            ? `${viewing.title}（${t('privacyAdmin.versionN', { version: viewing.version })}）`
            : ''
        }
        footer={null}
        width={760}
        onCancel={() => setViewing(null)}
      >
        {viewing && (
          <div
            className="work-body"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized on the server and again here
            dangerouslySetInnerHTML={{ __html: safeHtml(viewing.body) }}
          />
        )}
      </Modal>
    </>
  );
}

interface SettingsValues {
  guardianConsentAge: 14 | 18;
  accountHelpContact: string;
}

/** The guardian-consent age and who helps with accounts (shown on the forgot-password page). */
function SettingsForm() {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsValues>();
  const settings = useQuery({
    queryKey: ['privacy-settings'],
    queryFn: () => call(api.GET('/api/privacy-settings')),
  });
  const save = useFormMutation(form, {
    mutationFn: (v: SettingsValues) =>
      call(
        api.PUT('/api/privacy-settings', {
          body: { ...v, accountHelpContact: v.accountHelpContact?.trim() ?? '' },
        }),
      ),
    onSuccess: (s) => {
      qc.setQueryData(['privacy-settings'], s);
      message.success(t('common.saved'));
    },
  });
  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <Alert type="error" showIcon title={errorMessage(settings.error)} />;
  return (
    <section className="panel" aria-labelledby="privacy-settings-h">
      <h2 id="privacy-settings-h">{t('privacyAdmin.settings')}</h2>
      <FormAlert text={save.alert} />
      <Form<SettingsValues>
        form={form}
        name="privacy-settings"
        layout="vertical"
        requiredMark={false}
        initialValues={settings.data}
        onFinish={(v) => save.mutate(v)}
        style={{ maxWidth: 640 }}
      >
        <Form.Item
          label={t('privacyAdmin.guardianAge')}
          name="guardianConsentAge"
          extra={t('privacyAdmin.guardianAgeHelp')}
        >
          <Radio.Group
            options={[
              { value: 14, label: t('privacyAdmin.age14') },
              { value: 18, label: t('privacyAdmin.age18') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('privacyAdmin.helpContact')}
          name="accountHelpContact"
          extra={t('privacyAdmin.helpContactHelp')}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('form.save')}
        </Button>
      </Form>
    </section>
  );
}

/** 隐私与协议 (platform administrators): the two documents and the related settings. */
export function PrivacyAdminPage() {
  const { t } = usePrefs();
  const [section, setSection] = useState<Section>('PRIVACY');
  usePageTitle(t('admin.privacy'));
  return (
    <>
      <h1>{t('admin.privacy')}</h1>
      <p>{t('privacyAdmin.intro')}</p>
      <Radio.Group
        className="kind-switch"
        optionType="button"
        buttonStyle="solid"
        aria-label={t('admin.privacy')}
        value={section}
        onChange={(e) => setSection(e.target.value as Section)}
        options={(['PRIVACY', 'TERMS', 'SETTINGS'] as const).map((k) => ({
          value: k,
          label: t(SECTION_LABEL[k]),
        }))}
      />
      <div className="stack">
        {section === 'SETTINGS' ? <SettingsForm /> : <PolicyEditor key={section} kind={section} />}
      </div>
    </>
  );
}
