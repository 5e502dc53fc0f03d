import type { Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { loadMailer } from '../on-demand.ts';

/** A file sent with a mail (an .ics calendar entry …). */
export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  /** MIME type, e.g. `text/calendar; charset=utf-8; method=PUBLISH`. */
  contentType: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * The mailer for KEPU_SMTP_URL, or null when none is set (notifications stay in the inbox).
 * nodemailer is loaded and the transport made at the first mail.
 */
export function mailerFor(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | null {
  const url = config.smtpUrl;
  if (!url) return null;
  let transport: Promise<Transporter> | null = null;
  const open = () =>
    (transport ??= loadMailer().then((m) => m.createTransport(url, { from: config.mailFrom })));
  return {
    async send(mail) {
      // A refusal (4xx/5xx, no connection) throws: the job retries later.
      await (await open()).sendMail({ from: config.mailFrom, ...mail });
    },
    // A transport that could not be made has nothing to close.
    close: () =>
      void transport?.then(
        (t) => t.close(),
        () => undefined,
      ),
  };
}
