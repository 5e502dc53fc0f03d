import type { RequestContext } from '#platform/audit.ts';
import type { Executor, Tx } from '#platform/db/connect.ts';
import type { ReviewCallTable, ReviewItemTable } from '#platform/db/schema.ts';

/** What a call reviews: the module of that kind registers it (like search types and policies). */
export interface ReviewSubject {
  kind: string;
  label: { 'zh-CN': string; 'en-US': string };
  /**
   * For calls about something that exists (a base's report or evaluation): each application
   * names it (`subjectId`); check that the applicant may apply for it and give its title.
   */
  subject?: (
    tx: Executor,
    subjectId: string,
    applicantOrgId: string,
  ) => Promise<{ title: string; sectors: string[] }>;
  /** An item accepted and through 公示 (or accepted, without a notice stage). */
  onConfirmed?: (tx: Executor, itemId: string) => Promise<void>;
  /** A decision was made (accepted or not), with its reason. */
  onDecided?: (
    tx: Tx,
    ctx: RequestContext,
    call: ReviewCallTable,
    item: ReviewItemTable,
    accepted: boolean,
    reason: string,
  ) => Promise<void>;
}

const SUBJECTS = new Map<string, ReviewSubject>();

export function defineReviewSubject(s: ReviewSubject): void {
  if (SUBJECTS.has(s.kind)) throw new Error(`review subject ${s.kind} defined twice`);
  SUBJECTS.set(s.kind, s);
}

export const reviewSubject = (kind: string) => SUBJECTS.get(kind);
export const reviewSubjectKinds = () => [...SUBJECTS.keys()];

/** A call that stands alone (a selection, an appointment) until its module brings a kind. */
defineReviewSubject({ kind: 'GENERAL', label: { 'zh-CN': '通用评审', 'en-US': 'General review' } });
