import type { Generated } from 'kysely';

/** Row types of every table, one place for Kysely. Timestamps are ISO-8601 UTC text; booleans 0/1. */
export interface OrganisationTable {
  id: string;
  tree: 'ADMIN' | 'DEPT';
  type: string;
  name: string;
  nameEn: string | null;
  shortName: string | null;
  parentId: string | null;
  /** Materialized path of ids, '/root/…/self/'; the subtree of X is every path starting with X's. */
  path: string;
  depth: number;
  divisionCode: string | null;
  active: number;
  /** Direct children; maintained on insert and move. */
  childCount: Generated<number>;
  /** Everything below; maintained on insert and move. */
  descendantCount: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface UserTable {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  passwordHash: string | null;
  locale: string;
  birthYear: number | null;
  guardianName: string | null;
  guardianContact: string | null;
  guardianConsentAt: string | null;
  totpSecret: string | null;
  totpEnabledAt: string | null;
  status: 'ACTIVE' | 'DISABLED' | 'DELETED';
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface RoleGrantTable {
  id: string;
  userId: string;
  role: string;
  organisationId: string | null;
  grantedBy: string | null;
  createdAt: string;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table does not leak sessions. */
  idHash: string;
  userId: string;
  csrfToken: string;
  /** 1 once a TOTP code was given (or the user needs none). */
  mfaPassed: number;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginThrottleTable {
  key: string;
  windowStart: string;
  failures: number;
  lockedUntil: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  organisationId: string | null;
  ip: string | null;
  detail: string;
  prevHash: string;
  hash: string;
}

export interface ReferenceItemTable {
  id: string;
  kind: string;
  code: string;
  nameZh: string;
  nameEn: string;
  sort: number;
  data: string;
  active: number;
  updatedAt: string;
}

export interface DivisionTable {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  validFrom: string | null;
  validTo: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
  updatedAt: string;
}

export interface SearchDocumentTable {
  seq: Generated<number>;
  docKey: string;
  type: string;
  entityId: string;
  title: string;
  excerpt: string;
  url: string | null;
  subtype: string | null;
  publishedAt: string | null;
  year: number | null;
  region: string | null;
  sectors: string;
  topics: string;
  audiences: string;
  titleTokens: string;
  bodyTokens: string;
  nameKeys: string;
  tagTokens: string;
  /** Filter and facet values as index keys: k_work s_OCEAN t_… a_… r_44 y_2024 b_17 (sample bucket). */
  facetKeys: string;
  updatedAt: string;
}

export interface SearchTermTable {
  id: string;
  kind: 'WORD' | 'SYNONYM';
  term: string;
  members: string;
  active: number;
  updatedAt: string;
}

export interface SearchQueryTable {
  id: string;
  at: string;
  q: string;
  normalized: string;
  type: string | null;
  results: number;
}

export interface WorkTable {
  id: string;
  type: string;
  status: 'DRAFT' | 'SUBMITTED' | 'CHECKED' | 'PUBLISHED' | 'WITHDRAWN' | 'ARCHIVED';
  title: string;
  summary: string;
  body: string;
  /** JSON: [{ userId?, name, role }] */
  authors: string;
  organisationId: string;
  createdBy: string;
  sectors: string;
  topics: string;
  audiences: string;
  themeDays: string;
  regions: string;
  language: string;
  licence: string | null;
  source: string | null;
  isbn: string | null;
  issn: string | null;
  publicationDate: string | null;
  version: number;
  checkedVersion: number | null;
  publishedVersion: number | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WorkVersionTable {
  workId: string;
  version: number;
  snapshot: string;
  createdBy: string;
  note: string | null;
  createdAt: string;
}

export interface ScienceCheckTable {
  id: string;
  workId: string;
  version: number;
  reviewerId: string;
  decision: 'PASSED' | 'RETURNED';
  comments: string;
  createdAt: string;
}

export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  roleGrants: RoleGrantTable;
  sessions: SessionTable;
  loginThrottles: LoginThrottleTable;
  auditLog: AuditLogTable;
  referenceItems: ReferenceItemTable;
  divisions: DivisionTable;
  settings: SettingTable;
  searchDocuments: SearchDocumentTable;
  searchTerms: SearchTermTable;
  searchQueries: SearchQueryTable;
  works: WorkTable;
  workVersions: WorkVersionTable;
  scienceChecks: ScienceCheckTable;
}
