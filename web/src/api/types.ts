import type { paths } from './schema.d.ts';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body of a route's 200/201 answer. */
export type Answer<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch' | 'delete',
> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : never
  : never;

export type Me = Answer<'/api/auth/me', 'get'>;
export type Organisation = Answer<'/api/organisations/{id}', 'get'>;
export type OrganisationType = Organisation['type'];
export type User = Answer<'/api/users/{id}', 'get'>;
export type Role = User['grants'][number]['role'];
export type ReferenceItem = Answer<'/api/reference/{kind}', 'get'>[number];
export type ReferenceKind = ReferenceItem['kind'];
export type Division = Answer<'/api/divisions', 'get'>[number];
/** A platform/forms field (review calls are the first forms). */
export type FormFieldDef = Answer<'/api/review-calls/{id}', 'get'>['form']['fields'][number];
export type AuditEntry = Answer<'/api/audit', 'get'>['items'][number];

export const ORGANISATION_TYPES: readonly OrganisationType[] = [
  'MINISTRY',
  'MINISTRY_OFFICE',
  'PROVINCIAL_DEPT',
  'CITY_DEPT',
  'COUNTY_DEPT',
  'AFFILIATED_UNIT',
  'BASE_HOST',
  'RESEARCH_UNIT',
  'SCHOOL',
  'ENTERPRISE',
  'SOCIETY',
  'MEDIA',
  'STUDIO',
  'OTHER',
];
export const ROLES: readonly Role[] = [
  'PLATFORM_ADMIN',
  'ORG_ADMIN',
  'EDITOR',
  'REVIEWER',
  'MEMBER',
];
export const REFERENCE_KINDS: readonly ReferenceKind[] = [
  'SECTOR',
  'TOPIC',
  'AUDIENCE',
  'THEME_DAY',
  'HAZARD_TYPE',
  'WORK_TYPE',
  'ACTIVITY_TYPE',
];

export type Media = Answer<'/api/media/{id}', 'get'>;
export type MediaItem = Answer<'/api/media', 'get'>['items'][number];
export type MediaKind = Media['kind'];
export type Collection = Answer<'/api/collections/{id}', 'get'>;
export type CollectionListItem = Answer<'/api/collections', 'get'>['items'][number];
export type CollectionCard = Answer<'/api/public/collections', 'get'>['items'][number];
export type PublicCollection = Answer<'/api/public/collections/{id}', 'get'>;
export type WorkCard = Answer<'/api/public/channel', 'get'>['latestWorks'][number];
