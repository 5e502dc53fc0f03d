import type { Answer, Me } from '../api/types.ts';

export type Work = Answer<'/api/works/{id}', 'get'>;
export type WorkListItem = Answer<'/api/works', 'get'>['items'][number];
export type WorkStatus = Work['status'];
export type AuthorRole = Work['authors'][number]['role'];
export type WorkVersion = Answer<'/api/works/{id}/versions', 'get'>[number];
export type WorkDiff = Answer<'/api/works/{id}/diff', 'get'>;

export const WORK_STATUSES: readonly WorkStatus[] = [
  'DRAFT',
  'SUBMITTED',
  'CHECKED',
  'PUBLISHED',
  'WITHDRAWN',
  'ARCHIVED',
];

export const AUTHOR_ROLES: readonly AuthorRole[] = [
  'AUTHOR',
  'TRANSLATOR',
  'ILLUSTRATOR',
  'PHOTOGRAPHER',
  'NARRATOR',
  'DIRECTOR',
  'EDITOR',
  'ADVISOR',
];

/** A status tag's class (colours in styles.css, dark enough on their backgrounds for WCAG AA). */
export const statusClass = (s: WorkStatus) => `work-status work-status-${s}`;

/** Who may write works: members, editors and organisation admins of a unit (or platform admins). */
export function canCreateWorks(me: Me): boolean {
  return (
    me.abilities.platformAdmin ||
    me.grants.some((g) => ['MEMBER', 'EDITOR', 'ORG_ADMIN'].includes(g.role))
  );
}

/** Experts who check works (科学性审核). */
export function isReviewer(me: Me): boolean {
  return me.abilities.platformAdmin || me.grants.some((g) => g.role === 'REVIEWER');
}
