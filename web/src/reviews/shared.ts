import type { Answer, Me } from '../api/types.ts';

export type Call = Answer<'/api/review-calls/{id}', 'get'>;
export type CallListItem = Answer<'/api/review-calls', 'get'>['items'][number];
export type Item = Answer<'/api/review-items/{id}', 'get'>;
export type ItemListItem = Answer<'/api/review-items', 'get'>['items'][number];
export type ItemStatus = Item['status'];
export type StageKind = Call['stages'][number]['kind'];
export type FormField = Call['form']['fields'][number];
export type Criterion = Call['rubric'][number];
export type Ranking = Answer<'/api/review-calls/{id}/ranking', 'get'>;
export type Notice = Answer<'/api/public/review-notices/{id}', 'get'>;
export type ItemReview = Answer<'/api/review-items/{id}/review', 'get'>;
export type MyAssignment = Answer<'/api/my/review-assignments', 'get'>[number];
export type AssignedItem = Answer<'/api/review-assignments/{id}', 'get'>;

export const STAGES: StageKind[] = [
  'RECOMMENDATION',
  'FORMAL_CHECK',
  'EXPERT_REVIEW',
  'DECISION',
  'PUBLIC_NOTICE',
];

/** Organisers: admins and editors of some unit (the server checks the call's own unit). */
export function canOrganise(me: Me): boolean {
  return (
    me.abilities.platformAdmin || me.grants.some((g) => ['ORG_ADMIN', 'EDITOR'].includes(g.role))
  );
}

export function isExpert(me: Me): boolean {
  return me.grants.some((g) => g.role === 'REVIEWER');
}

/** A public notice lasts five working days unless the call says otherwise (as the server). */
export const DEFAULT_NOTICE_WORKING_DAYS = 5;
