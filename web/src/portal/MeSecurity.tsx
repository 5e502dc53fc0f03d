import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Answer, Me } from '../api/types.ts';
import { usePrefs, useT } from '../i18n/index.tsx';
import { ME_KEY, rememberMe } from '../lib/auth.ts';
import { formatDate } from '../lib/dates.ts';
import { TotpCodeItem } from '../lib/fields.tsx';
import { errorMessage } from '../lib/forms.ts';
import { FormAlert, useFormMutation } from '../lib/mutations.tsx';
import { RecoveryCodes, TotpSetup } from '../lib/TotpSetup.tsx';

type Invitation = Answer<'/api/me/invitations', 'get'>['items'][number];

const INVITATIONS_KEY = ['my-invitations'] as const;

/** Invitations to take a role in a unit, waiting for the person's answer. */
export function MyInvitations() {
  const { t, lang } = usePrefs();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: INVITATIONS_KEY,
    queryFn: () => call(api.GET('/api/me/invitations')),
  });
  const decide = useFormMutation(null, {
    mutationFn: ({ inv, accept }: { inv: Invitation; accept: boolean }) =>
      call(
        api.POST(accept ? '/api/me/invitations/{id}/accept' : '/api/me/invitations/{id}/decline', {
          params: { path: { id: inv.id } },
        }),
      ),
    onSuccess: async (inv, { accept }) => {
      message.success(
        accept
          ? t('invite.accepted', { unit: inv.organisationName, role: t(`role.${inv.role}`) })
          : t('invite.declined'),
      );
      await Promise.all([
        qc.invalidateQueries({ queryKey: INVITATIONS_KEY }),
        qc.invalidateQueries({ queryKey: ME_KEY }),
      ]);
    },
  });
  const now = new Date().toISOString();
  const pending = (list.data?.items ?? []).filter(
    (i) => i.status === 'PENDING' && i.expiresAt > now,
  );
  if (list.isError) return <Alert type="error" showIcon title={errorMessage(list.error)} />;
  if (pending.length === 0) return null;
  return (
    <section className="panel invitations" aria-labelledby="me-invitations">
      <h2 id="me-invitations">{t('invite.mineTitle')}</h2>
      <FormAlert text={decide.alert} />
      <ul className="invitation-list">
        {pending.map((inv) => (
          <li key={inv.id} className="invitation" aria-labelledby={`inv-${inv.id}`}>
            <p id={`inv-${inv.id}`} className="invitation-line invitation-what">
              {t('invite.mineText', { unit: inv.organisationName, role: t(`role.${inv.role}`) })}
            </p>
            <p className="invitation-line muted">
              {inv.invitedByName ? `${t('invite.by', { name: inv.invitedByName })} · ` : ''}
              {t('invite.until', { date: formatDate(inv.expiresAt, lang) })}
            </p>
            <div className="button-row">
              <Button
                type="primary"
                loading={
                  decide.isPending && decide.variables?.inv.id === inv.id && decide.variables.accept
                }
                onClick={() => decide.mutate({ inv, accept: true })}
              >
                {t('invite.accept')}
              </Button>
              <Button
                loading={
                  decide.isPending &&
                  decide.variables?.inv.id === inv.id &&
                  !decide.variables.accept
                }
                onClick={() => decide.mutate({ inv, accept: false })}
              >
                {t('invite.decline')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** New recovery codes after a current code: the old ones stop working. */
function RenewRecoveryCodes({ me }: { me: Me }) {
  const t = useT();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [form] = Form.useForm<{ code: string }>();
  const renew = useFormMutation(form, {
    mutationFn: (code: string) => call(api.POST('/api/auth/recovery-codes', { body: { code } })),
    onSuccess: (r) => setCodes(r.recoveryCodes),
  });
  const close = async () => {
    setOpen(false);
    setCodes(null);
    renew.setAlert(null);
    await qc.invalidateQueries({ queryKey: ME_KEY });
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('recovery.renew')}</Button>
      <Modal
        open={open}
        title={t('recovery.renew')}
        destroyOnHidden
        onCancel={codes ? undefined : close}
        closable={!codes}
        mask={{ closable: false }}
        keyboard={!codes}
        footer={
          codes ? null : (
            <div className="button-row modal-buttons">
              <Button onClick={close}>{t('form.cancel')}</Button>
              <Button type="primary" loading={renew.isPending} onClick={() => form.submit()}>
                {t('recovery.renewOk')}
              </Button>
            </div>
          )
        }
      >
        {codes ? (
          <RecoveryCodes
            codes={codes}
            username={me.user.username}
            continueLabel={t('recovery.finish')}
            onContinue={close}
          />
        ) : (
          <>
            <p>{t('recovery.renewText')}</p>
            <FormAlert text={renew.alert} />
            <Form
              form={form}
              name="renew-codes"
              layout="vertical"
              requiredMark={false}
              onFinish={({ code }) => renew.mutate(code)}
            >
              <TotpCodeItem />
            </Form>
          </>
        )}
      </Modal>
    </>
  );
}

/** 两步验证 on /me: optional for everyone (required for platform administrators). */
export function TwoStep({ me }: { me: Me }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [enrolling, setEnrolling] = useState(false);
  const left = me.user.recoveryCodesLeft;
  return (
    <div className="two-step">
      <h3 id="me-two-step">{t('twoStep.title')}</h3>
      {me.user.totpEnabled ? (
        <>
          <p>{t('twoStep.on')}</p>
          <p data-testid="recovery-left">{t('twoStep.codesLeft', { n: left })}</p>
          {left <= 3 && (
            <Alert className="form-alert" type="warning" showIcon title={t('twoStep.codesLow')} />
          )}
          <RenewRecoveryCodes me={me} />
        </>
      ) : enrolling ? (
        <div className="two-step-enrol">
          <TotpSetup
            onDone={(next) => {
              rememberMe(qc, next);
              setEnrolling(false);
              message.success(t('totp.done'));
            }}
          />
          <Button type="link" onClick={() => setEnrolling(false)}>
            {t('twoStep.later')}
          </Button>
        </div>
      ) : (
        <>
          <p>{t('twoStep.off')}</p>
          <Button onClick={() => setEnrolling(true)}>{t('twoStep.start')}</Button>
        </>
      )}
    </div>
  );
}
