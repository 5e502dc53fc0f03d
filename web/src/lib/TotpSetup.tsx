import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Spin } from 'antd';
import QRCode from 'qrcode';
import { useState } from 'react';
import { ApiError, api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { usePrefs, useT } from '../i18n/index.tsx';
import { formatTime } from './dates.ts';
import { TotpCodeItem } from './fields.tsx';
import { errorMessage } from './forms.ts';
import { FormAlert, useFormMutation } from './mutations.tsx';

/** Shows a base32 secret in groups of four for typing into an authenticator app. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

const SETUP_KEY = ['totp-setup'] as const;

/** The otpauth:// address as a QR code image (a data: URL; the page's CSP allows those). */
function useQrCode(text: string | undefined) {
  return useQuery({
    queryKey: ['qr', text],
    queryFn: () =>
      QRCode.toDataURL(text ?? '', { errorCorrectionLevel: 'M', margin: 2, width: 200 }),
    enabled: !!text,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * TOTP enrolment: the QR code beside the key, the time the pending key lasts, the first code;
 * then the ten recovery codes, which must be saved before going on.
 */
export function TotpSetup({ onDone }: { onDone: (me: Me) => void }) {
  const t = useT();
  const { lang } = usePrefs();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ code: string }>();
  const [confirmed, setConfirmed] = useState<{ me: Me; codes: string[] } | null>(null);
  const setup = useQuery({
    queryKey: SETUP_KEY,
    queryFn: () => call(api.POST('/api/auth/totp/setup')),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    enabled: confirmed === null,
  });
  const qr = useQrCode(setup.data?.otpauthUrl);
  const confirm = useFormMutation(form, {
    mutationFn: (code: string) => call(api.POST('/api/auth/totp/confirm', { body: { code } })),
    onSuccess: ({ recoveryCodes, ...me }) => {
      qc.removeQueries({ queryKey: SETUP_KEY });
      setConfirmed({ me, codes: recoveryCodes });
    },
    onError: (e) => {
      // The pending key expired: fetch the new one (a new QR code to scan).
      if (e instanceof ApiError && e.status === 409) void setup.refetch();
    },
  });

  if (confirmed) {
    return (
      <RecoveryCodes
        codes={confirmed.codes}
        username={confirmed.me.user.username}
        continueLabel={t('recovery.continue')}
        onContinue={() => onDone(confirmed.me)}
      />
    );
  }
  if (setup.isPending) {
    return (
      <div className="page-loading" role="status">
        <Spin aria-hidden />
        <span>{t('common.loading')}</span>
      </div>
    );
  }
  if (setup.isError) return <Alert type="error" showIcon title={errorMessage(setup.error)} />;
  const { secret, otpauthUrl, expiresAt } = setup.data;
  return (
    <>
      <ol className="totp-steps">
        <li>{t('totp.step1')}</li>
        <li>{t('totp.step2')}</li>
        <li>{t('totp.step3')}</li>
      </ol>
      <div className="totp-setup">
        <figure className="totp-qr">
          {qr.data ? (
            <img src={qr.data} alt={t('totp.qrAlt')} width={200} height={200} />
          ) : (
            <Spin aria-hidden />
          )}
          <figcaption>{t('totp.qr')}</figcaption>
        </figure>
        <dl className="totp-facts">
          <dt>{t('totp.secret')}</dt>
          <dd className="secret totp-secret" data-testid="totp-secret" data-secret={secret}>
            {groupSecret(secret)}
          </dd>
          <dt>{t('totp.expires')}</dt>
          <dd>{t('totp.expiresText', { time: formatTime(expiresAt, lang) })}</dd>
          <dt>{t('totp.url')}</dt>
          <dd className="break-all">
            <a href={otpauthUrl}>{t('totp.urlText')}</a>
          </dd>
        </dl>
      </div>
      <Form
        form={form}
        name="totp"
        layout="vertical"
        onFinish={({ code }) => confirm.mutate(code)}
        requiredMark={false}
      >
        <FormAlert text={confirm.alert} />
        <TotpCodeItem />
        <Button type="primary" htmlType="submit" loading={confirm.isPending} block size="large">
          {t('totp.confirm')}
        </Button>
      </Form>
    </>
  );
}

/** The codes as a text file to keep (one a line, with what they are for). */
function recoveryText(codes: string[], username: string, t: ReturnType<typeof useT>): string {
  return [t('recovery.fileTitle', { username }), t('recovery.fileText'), '', ...codes, ''].join(
    '\n',
  );
}

/**
 * The ten one-time recovery codes, shown once: copy, download as .txt, and a required
 * "I have saved them" before going on.
 */
export function RecoveryCodes({
  codes,
  username,
  continueLabel,
  onContinue,
}: {
  codes: string[];
  username: string;
  continueLabel: string;
  onContinue: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);
  const text = recoveryText(codes, username, t);
  return (
    <section className="recovery" aria-labelledby="recovery-h">
      <h2 id="recovery-h">{t('recovery.title')}</h2>
      <Alert className="form-alert" type="warning" showIcon title={t('recovery.warn')} />
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <Button
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(text);
              message.success(t('recovery.copied'));
            } catch {
              message.error(t('recovery.copyFailed'));
            }
          }}
        >
          {t('recovery.copy')}
        </Button>
        <Button
          onClick={() => {
            const href = URL.createObjectURL(
              new Blob([text], { type: 'text/plain;charset=utf-8' }),
            );
            const a = document.createElement('a');
            a.href = href;
            a.download = `kepu-recovery-codes-${username}.txt`;
            document.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(href), 10_000);
          }}
        >
          {t('recovery.download')}
        </Button>
      </div>
      <p className="recovery-ack">
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)}>
          {t('recovery.saved')}
        </Checkbox>
      </p>
      <Button type="primary" size="large" block disabled={!saved} onClick={onContinue}>
        {continueLabel}
      </Button>
    </section>
  );
}
