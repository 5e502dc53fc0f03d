import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Locale } from '../i18n.ts';
import type { MailAttachment } from './mailer.ts';

/** What a kind's `attachments()` is given when the mail goes out. */
export interface AttachmentContext {
  db: Db;
  config: Config;
  locale: Locale;
}

/** What a person reads: in the inbox, and as an e-mail's subject and text. */
export interface Rendered {
  title: string;
  body: string;
  /** A path of this site where it is acted on (the e-mail gives the full address). */
  link?: string | null;
}

export interface NotificationKind<P> {
  /** Stable name, e.g. `work.checked`. */
  kind: string;
  /** What the preferences page calls it. */
  label: Record<Locale, string>;
  /** Mailed unless the person turned it off (default true). */
  emailByDefault?: boolean;
  /** The message in the recipient's language. */
  render(params: P, locale: Locale): Rendered;
  /**
   * Files for the e-mail, built when it is sent from the reference `notify()` was given
   * (`attachRef`): e.g. a ticket's calendar entry. None when it answers [].
   */
  attachments?(ref: string, ctx: AttachmentContext): Promise<MailAttachment[]>;
  /**
   * Also by SMS, when a provider is wired (`setSmsSender`): the provider's approved template and
   * its parameters (no personal data beyond what the template shows). Only for what is urgent.
   */
  sms?: { templateId: string; params(params: P): Record<string, string> };
}

export interface DefinedKind {
  kind: string;
  label: Record<Locale, string>;
  emailByDefault: boolean;
  render(params: unknown, locale: Locale): Rendered;
  attachments?(ref: string, ctx: AttachmentContext): Promise<MailAttachment[]>;
  sms?: { templateId: string; params(params: unknown): Record<string, string> };
}

const KINDS = new Map<string, DefinedKind>();

/**
 * Declares a kind of notification (a module does it once, next to what it tells about). The
 * returned handle is what `notify()` takes, so params are typed at the call.
 */
export function defineNotification<P>(def: NotificationKind<P>): NotificationKind<P> {
  if (!/^[a-z][\w.-]{0,79}$/i.test(def.kind)) throw new Error(`bad notification kind: ${def.kind}`);
  if (KINDS.has(def.kind)) throw new Error(`notification kind ${def.kind} defined twice`);
  KINDS.set(def.kind, {
    kind: def.kind,
    label: def.label,
    emailByDefault: def.emailByDefault ?? true,
    render: def.render as DefinedKind['render'],
    attachments: def.attachments,
    sms: def.sms as DefinedKind['sms'],
  });
  return def;
}

export function notificationKind(kind: string): DefinedKind | undefined {
  return KINDS.get(kind);
}

export function notificationKinds(): DefinedKind[] {
  return [...KINDS.values()];
}
