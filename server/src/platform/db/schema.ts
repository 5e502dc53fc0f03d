import type { ColumnType, Generated } from 'kysely';

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
  /** The person's own unit: who may manage them (null: every unit they hold a role in). */
  homeOrganisationId: string | null;
  lastLoginAt: string | null;
  /** 1 after an administrator set a temporary password: change it before anything else. */
  mustChangePassword: Generated<number>;
  /** The last accepted TOTP time step (a code is accepted once). */
  totpLastStep: number | null;
  /** Enrolment in progress: survives a reload until confirmed or expired. */
  totpPendingSecret: string | null;
  totpPendingAt: string | null;
}

export interface RecoveryCodeTable {
  id: string;
  userId: string;
  /** sha256 of the normalised code (codes are random, 50 bits). */
  codeHash: string;
  usedAt: string | null;
  createdAt: string;
}

export interface PasswordResetTable {
  tokenHash: string;
  userId: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface InvitationTable {
  id: string;
  userId: string;
  role: string;
  organisationId: string;
  invitedBy: string | null;
  status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'REVOKED';
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

/** A signed-in person asks to join a unit; its administrators (or those above) decide. */
export interface JoinRequestTable {
  id: string;
  userId: string;
  organisationId: string;
  /** The post or work the person does there, in their words. */
  position: string;
  reason: string;
  status: 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';
  /** The role granted on approval. */
  role: string | null;
  decidedBy: string | null;
  /** The reason of a decline (or the approver's note). */
  decisionNote: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface PolicyDocumentTable {
  id: string;
  kind: 'PRIVACY' | 'TERMS';
  version: number;
  title: string;
  body: string;
  publishedAt: string;
  publishedBy: string | null;
}

export interface ConsentTable {
  id: string;
  userId: string;
  kind: 'PRIVACY' | 'TERMS';
  version: number;
  at: string;
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
  detail: string;
  /** Salted sha256 of the row's IP (kept in audit_personal); the chain covers this. */
  ipDigest: string | null;
  /** Salted sha256 of the row's personal detail (names) kept in audit_personal. */
  personalDigest: string | null;
  prevHash: string;
  hash: string;
}

/** The erasable personal part of an audit row (migration 0012): one row per part. */
export interface AuditPersonalTable {
  auditId: string;
  part: 'ip' | 'detail';
  /** The person the part is about: erased with their account. */
  subjectId: string | null;
  value: string;
  salt: string;
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

/** A day that differs from Monday–Friday in the working calendar (migration 0017). */
export interface CalendarDayTable {
  date: string;
  kind: 'HOLIDAY' | 'WORKDAY';
  name: string;
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
  /** The head words (title, names; SQLite also tags) prefixed with the length tier: 12_化石. */
  rankKeys: string;
  updatedAt: string;
}

export interface SearchTermTable {
  id: string;
  kind: 'WORD' | 'SYNONYM' | 'NARROWER';
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
  /** The cover image (media id). */
  coverId: string | null;
  /** JSON: ordered media ids (video, PDF, 3D model, images). */
  mediaIds: string;
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

export type MediaKind = 'IMAGE' | 'PDF' | 'VIDEO' | 'AUDIO' | 'MODEL' | 'DOCUMENT';

export interface MediaTable {
  id: string;
  kind: MediaKind;
  mime: string;
  /** The uploader's file name, for display and downloads only. */
  name: string;
  /** Text alternative (required for images on the portal). */
  alt: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** JSON: { original, thumb?, display?, poster? } → storage keys. */
  files: string;
  organisationId: string;
  uploadedBy: string;
  createdAt: string;
}

export interface MediaLinkTable {
  mediaId: string;
  ownerType: string;
  ownerId: string;
  role: string;
  position: number;
  /** 1 while the owner is on the portal. */
  public: number;
}

export interface CollectionTable {
  id: string;
  kind: 'TOPIC' | 'SERIES';
  title: string;
  /** Sanitized rich text. */
  intro: string;
  coverId: string | null;
  organisationId: string;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  featured: number;
  createdBy: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CollectionItemTable {
  collectionId: string;
  workId: string;
  position: number;
  note: string | null;
}

export type ReviewItemStatus =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'RECOMMENDED'
  | 'NOT_RECOMMENDED'
  | 'FORMAL_PASSED'
  | 'FORMAL_REJECTED'
  | 'UNDER_REVIEW'
  | 'REVIEWED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'PUBLICIZED'
  | 'CONFIRMED';

export interface ReviewCallTable {
  id: string;
  subjectKind: string;
  title: string;
  docNo: string | null;
  description: string;
  organisationId: string;
  status: 'DRAFT' | 'OPEN' | 'CLOSED';
  opensAt: string;
  closesAt: string;
  /** JSON: { fields, attachments } */
  form: string;
  /** JSON: criteria */
  rubric: string;
  /** JSON: [{ kind, deadline }] */
  stages: string;
  blind: number;
  reviewersPerItem: number;
  aggregation: 'MEAN' | 'TRIMMED_MEAN';
  normalize: number;
  /** The current expert-review round (1, 2, …). */
  round: number;
  /** JSON: the subject's settings (evaluation grades, rectification months). */
  settings: string;
  /** Who may apply (plain text, shown on the portal). */
  eligibility: string;
  /** JSON: media ids of the templates to download, in order. */
  templates: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewItemTable {
  id: string;
  callId: string;
  applicantOrgId: string;
  submittedBy: string;
  title: string;
  /** JSON: form field values */
  data: string;
  /** JSON: { [attachmentKey]: mediaId[] } */
  attachments: string;
  sectors: string;
  topics: string;
  status: ReviewItemStatus;
  aggregate: number | null;
  rank: number | null;
  noticeId: string | null;
  /** What the application is about, when it exists already (a base being evaluated). */
  subjectId: string | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewEventTable {
  id: string;
  itemId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  organisationId: string | null;
  opinion: string;
  at: string;
}

export interface ExpertProfileTable {
  userId: string;
  title: string;
  /** SENIOR 正高级 | ASSOCIATE 副高级 | INTERMEDIATE 中级 | JUNIOR 初级 | OTHER; null: not given. */
  rank: string | null;
  /** The expert's unit (verification is by its administrators). */
  organisationId: string | null;
  /** JSON arrays of codes: reference SECTOR, TOPIC, HAZARD_TYPE; division codes; services. */
  sectors: string;
  topics: string;
  hazards: string;
  regions: string;
  /** JSON: languages as typed (普通话, 英语, 藏语 …). */
  languages: string;
  services: string;
  availability: 'AVAILABLE' | 'LIMITED' | 'UNAVAILABLE';
  availabilityNote: string;
  availableUntil: string | null;
  bio: string;
  /** JSON: [{ title, year, venue, link }] */
  publications: string;
  /** JSON: works in the library naming the person as an author. */
  workIds: string;
  photoMediaId: string | null;
  /** JSON: the fields the person shows on the public page (name is always shown). */
  publicFields: string;
  /** A public page only with this consent; null: private. */
  publicConsentAt: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  verifiedOrgId: string | null;
  updatedAt: string;
}

/** An e-mail invitation to join the expert directory (migration 0042). */
export interface ExpertInvitationTable {
  id: string;
  /** The inviting unit: an accepted invitation grants REVIEWER here. */
  organisationId: string;
  /** Lower-case. */
  email: string;
  name: string;
  message: string;
  /** sha256 of the link's token; set by the mail job when it sends (null before the first mail). */
  tokenHash: string | null;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  acceptedUserId: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** One mail asked for (invite or resend): the per-administrator daily limit counts these. */
export interface ExpertInvitationSendTable {
  id: string;
  invitationId: string;
  sentBy: string;
  createdAt: string;
}

/** An hourly aggregate of one signal (migration 0047): no person, no raw text. */
export interface HotspotSignalTable {
  /** UTC hour, `YYYY-MM-DDTHH`. */
  hour: string;
  kind: 'SEARCH' | 'ZERO_RESULT' | 'WORK_VIEW' | 'RUMOUR_REPORT' | 'QUERY';
  /** A normalised word (SEARCH, ZERO_RESULT, RUMOUR_REPORT), a topic code (WORK_VIEW), a phrase (QUERY). */
  term: string;
  /** Province code (PP0000), '' when unknown. */
  division: string;
  count: number;
}

/** A raised hotspot alert with its evidence (migration 0047). */
export interface HotspotAlertTable {
  id: string;
  kind: string;
  term: string;
  /** JSON: terms folded into this alert. */
  relatedTerms: string;
  /** Province code, null for the nation. */
  division: string | null;
  status: 'OPEN' | 'DISMISSED' | 'CONTENT_REQUESTED' | 'LINKED';
  hour: string;
  observed: number;
  expected: number;
  score: number;
  themeDay: string | null;
  /** JSON: { series, topQueries, regions }. */
  evidence: string;
  raisedAt: string;
  dismissedAt: string | null;
  dismissedBy: string | null;
  dismissReason: string | null;
  contentRequestedAt: string | null;
  contentRequestedBy: string | null;
  contentRequestNote: string | null;
  /** An incident (module emergency); text, checked by the service. */
  incidentId: string | null;
  linkedAt: string | null;
  linkedBy: string | null;
  updatedAt: string;
}

/** The directory's filters: one row per (person, kind, code). */
export interface ExpertTagTable {
  userId: string;
  kind: 'SECTOR' | 'TOPIC' | 'HAZARD' | 'REGION' | 'SERVICE';
  code: string;
}

export interface ExpertTieTable {
  id: string;
  userId: string;
  organisationId: string;
  kind: string;
  note: string;
  createdAt: string;
}

export interface ReviewAssignmentTable {
  id: string;
  itemId: string;
  callId: string;
  reviewerId: string;
  round: number;
  status: 'ASSIGNED' | 'SUBMITTED' | 'RECUSED';
  method: 'MANUAL' | 'AUTO';
  assignedBy: string;
  assignedAt: string;
  scores: string | null;
  comments: string | null;
  total: number | null;
  submittedAt: string | null;
  recusalReason: string | null;
}

export interface ReviewExclusionTable {
  itemId: string;
  reviewerId: string;
  reason: string;
  detail: string;
  at: string;
}

export interface ReviewNoticeTable {
  id: string;
  callId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  status: 'OPEN' | 'CLOSED';
  createdBy: string;
  createdAt: string;
}

export interface ReviewObjectionTable {
  id: string;
  noticeId: string;
  itemId: string;
  name: string;
  contact: string;
  text: string;
  ip: string | null;
  status: 'RECEIVED' | 'HANDLED';
  handling: string | null;
  outcome: 'UPHELD' | 'DISMISSED' | null;
  handledBy: string | null;
  handledAt: string | null;
  createdAt: string;
  /** The signed-in person who objected (anyone may object; most are anonymous). */
  submittedBy?: string | null;
}

export type BaseStatus =
  | 'ACTIVE'
  | 'RECTIFICATION'
  | 'REVOKED'
  | 'EXPIRED'
  | 'LEGACY_PENDING'
  | 'MIGRATED'
  | 'RETIRED';

export interface BaseTable {
  id: string;
  hostOrgId: string;
  name: string;
  tier: string;
  category: string;
  sectors: string;
  intro: string;
  address: string;
  divisionCode: string | null;
  longitude: number | null;
  latitude: number | null;
  openingHours: string;
  capacity: number | null;
  facilities: string;
  contacts: string;
  coverId: string | null;
  gallery: string;
  status: BaseStatus;
  namingDocNo: string | null;
  namedAt: string | null;
  batchYear: number | null;
  validUntil: string | null;
  rectifyBy: string | null;
  applicationId: string | null;
  authorityOrgId: string;
  createdAt: string;
  updatedAt: string;
}

export interface BaseEventTable {
  id: string;
  baseId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  docNo: string | null;
  note: string;
  actorId: string | null;
  at: string;
}

export interface BaseCooperationTable {
  id: string;
  baseId: string;
  partnerBaseId: string;
  kind: 'SHARED_EXHIBIT' | 'JOINT_ACTIVITY' | 'EXCHANGE' | 'OTHER';
  title: string;
  description: string;
  startedOn: string;
  endedOn: string | null;
  createdBy: string;
  createdAt: string;
}

export type JobState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface JobTable {
  id: string;
  name: string;
  /** JSON */
  payload: string;
  state: JobState;
  /** Not before this instant: a delayed job, the next try, a schedule's next run. */
  runAt: string;
  attempts: Generated<number>;
  maxAttempts: number;
  lastError: string | null;
  /** At most one QUEUED or RUNNING job per (name, dedupeKey). */
  dedupeKey: string | null;
  /** The node running it, and until when (a dead node's lease runs out). */
  lockedBy: string | null;
  leaseUntil: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface NotificationTable {
  id: string;
  userId: string;
  /** The notification kind, e.g. `work.checked` (defineNotification). */
  kind: string;
  title: string;
  body: string;
  /** Where it leads (a path of this site), if anywhere. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
  emailState: 'QUEUED' | 'SENT' | 'FAILED' | 'SKIPPED' | null;
  emailedAt: string | null;
  /** The person it names (张三 申请加入…): erasing their account removes it. */
  aboutUserId: string | null;
  /** What the kind's `attachments()` builds the e-mail's files from (a registration id …). */
  mailAttachmentRef: string | null;
}

/** A person's choice of e-mail for one kind of notification (absent: the kind's default). */
export interface NotificationPrefTable {
  userId: string;
  kind: string;
  email: number;
}

/** One typed value of a form answer (platform/forms); the owner keeps the JSON. */
export interface FormValueTable {
  ownerType: string;
  ownerId: string;
  fieldKey: string;
  rowIndex: number;
  columnKey: string;
  /** numeric: PostgreSQL reads it as a string; sums are cast to double precision. */
  num: ColumnType<number | string | null, number | null, number | null>;
  text: string | null;
  date: string | null;
}

/** The demo world's marker (`seed --demo`): the day it was seeded and its people by role. */
export interface DemoWorldTable {
  id: string;
  seededOn: string;
  people: string;
  createdAt: string;
}

/** A one-time sign-in link (`kepu demo logins`): sha256 of the token, an hour's life. */
export interface SignInLinkTable {
  tokenHash: string;
  userId: string;
  purpose: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** A theme day's campaign of one year, entered from its notice (modules/activities). */
export interface CampaignTable {
  id: string;
  themeDayCode: string;
  year: number;
  startDate: string;
  endDate: string;
  theme: string;
  noticeDocNo: string | null;
  hostDivision: string | null;
  /** JSON array of organisation ids. */
  organiserIds: string;
  ordinalOverride: number | null;
  /** 1: its activities wait for the ministry office's approval before they are public. */
  requiresApproval: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A 科普活动 of one host unit. JSON arrays as text. */
export interface ActivityTable {
  id: string;
  organisationId: string;
  coOrganiserIds: string;
  typeCode: string;
  title: string;
  summary: string;
  body: string;
  audiences: string;
  sectors: string;
  topics: string;
  themeDayCode: string | null;
  campaignId: string | null;
  divisionCode: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
  onlineUrl: string | null;
  coverMediaId: string | null;
  /** PENDING_REVIEW: published by the host, waiting for the office (a campaign that requires it). */
  status: 'DRAFT' | 'PENDING_REVIEW' | 'PUBLISHED' | 'CANCELLED';
  cancelReason: string | null;
  /** The office's note when it sent the activity back. */
  reviewNote: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  cancelledAt: string | null;
  /** The registration form's fields (platform forms, JSON); null: no form. */
  registrationForm: string | null;
  /** 1: minors may register (with a guardian's consent). */
  admitsMinors: number;
  /** 1: teachers may book places for a class (group bookings). */
  groupsAllowed: number;
  /** How often a ticket is checked in: once, once per Beijing day, or at every entry. */
  checkInMode: CheckInMode;
  /** An open day's facility (科普开放日): its slots are the sessions. */
  facilityId: string | null;
}

export type CheckInMode = 'ONCE' | 'DAILY' | 'EVERY';

export type ActivityLeaderRole = 'LEAD' | 'SPEAKER';

/** Who led an activity: 负责专家 (LEAD) or 主讲 (SPEAKER); one row per person and activity. */
export interface ActivityLeaderTable {
  activityId: string;
  userId: string;
  role: ActivityLeaderRole;
  position: number;
}

/** A ticket's check-in on one Beijing day (an activity checked in once per day). */
export interface CheckInDayTable {
  registrationId: string;
  day: string;
  scannedAt: string;
}

/** One session of an activity; `taken` counts the places held (conditional UPDATE only). */
export interface ActivitySessionTable {
  id: string;
  activityId: string;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  taken: number;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  approvalRequired: number;
  perPersonLimit: number;
  holdHours: number;
  cancelCutoffHours: number;
  status: 'ACTIVE' | 'CANCELLED';
  createdAt: string;
  /** Until then only the facility's partner schools book this slot (an open day's). */
  partnersUntil: string | null;
}

export type RegistrationStatus =
  | 'CONFIRMED'
  | 'WAITLISTED'
  | 'OFFERED'
  | 'PENDING_APPROVAL'
  | 'CANCELLED'
  | 'DECLINED'
  | 'EXPIRED';

/** A person's registration for a session (one live per person and session). */
export interface RegistrationTable {
  id: string;
  sessionId: string;
  activityId: string;
  userId: string;
  quantity: number;
  status: RegistrationStatus;
  answers: string;
  offerExpiresAt: string | null;
  ticketCode: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  checkedInAt: string | null;
  /** Marked by the host after the session ended without a check-in. */
  noShowAt: string | null;
  /** A minor's guardian, who consented at `guardianConsentAt`. */
  guardianName: string | null;
  guardianContact: string | null;
  guardianConsentAt: string | null;
  /** The group booking whose approved places this registration holds. */
  groupId: string | null;
}

export type GroupStatus = 'PENDING' | 'APPROVED' | 'PARTIAL' | 'DECLINED' | 'CANCELLED';

/** A teacher's booking of places for a class; approved places are held by one registration. */
export interface ActivityGroupTable {
  id: string;
  activityId: string;
  sessionId: string;
  userId: string;
  schoolOrganisationId: string | null;
  schoolName: string;
  gradeClass: string;
  contactName: string;
  contactPhone: string;
  requested: number;
  approved: number;
  status: GroupStatus;
  ticketMode: 'GROUP' | 'PERSON';
  registrationId: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the teacher acknowledged the facility's safety notes (an open day's booking). */
  safetyAckAt: string | null;
}

export type FacilityKind =
  | 'KEY_LAB'
  | 'ENGINEERING_CENTER'
  | 'FIELD_STATION'
  | 'MAJOR_FACILITY'
  | 'OTHER';

/** A lab, engineering centre, field station or facility that holds open days (科普开放日). */
export interface FacilityTable {
  id: string;
  organisationId: string;
  kind: FacilityKind;
  name: string;
  summary: string;
  description: string;
  visitNotes: string;
  safetyNotes: string;
  divisionCode: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
  groupMax: number | null;
  /** New slots are for partners only this many days after they are published. */
  partnerDays: number;
  published: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A school or community with a fixed tie to a facility (§五(二)). */
export interface FacilityPartnerTable {
  facilityId: string;
  organisationId: string;
  since: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

/** One place of an approved group: a name (from the roster) and, per-person tickets, a code. */
export interface GroupMemberTable {
  id: string;
  groupId: string;
  seq: number;
  name: string;
  ticketCode: string | null;
  checkedInAt: string | null;
}

export type ScanOutcome =
  | 'CHECKED_IN'
  | 'ALREADY'
  | 'INVALID'
  | 'WRONG_ACTIVITY'
  | 'WRONG_SESSION'
  | 'NOT_CONFIRMED'
  | 'CANCELLED';

/** One scan of a ticket at check-in (kept even when refused or a repeat). */
export interface CheckInScanTable {
  id: string;
  activityId: string;
  registrationId: string | null;
  code: string;
  deviceId: string;
  scannedAt: string;
  recordedAt: string;
  recordedBy: string;
  outcome: ScanOutcome;
}

export type SquadStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'DISSOLVED';

/** A 李四光中队 at a school; its provincial department (approverId) approves it. */
export interface SquadTable {
  id: string;
  organisationId: string;
  name: string;
  description: string;
  counsellorId: string;
  counsellorPhone: string;
  status: SquadStatus;
  /** The provincial department that decides; null: the ministry's office (platform admins). */
  approverId: string | null;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A member (a minor): name and grade only, with the guardian's consent. */
export interface SquadMemberTable {
  id: string;
  squadId: string;
  name: string;
  grade: string;
  guardianName: string;
  /** Erased when the member leaves. */
  guardianContact: string | null;
  guardianConsentAt: string;
  recordedBy: string;
  joinedOn: string;
  leftOn: string | null;
}

/** An activity the squad attended: a Kepu activity or one held elsewhere (by title). */
export interface SquadActivityTable {
  id: string;
  squadId: string;
  activityId: string | null;
  title: string;
  heldOn: string;
  participants: number;
  note: string;
  createdBy: string;
  createdAt: string;
}

/** The counsellor's summary of a year. */
export interface SquadYearTable {
  squadId: string;
  year: number;
  summary: string;
  updatedBy: string;
  updatedAt: string;
}
/** A checked-in person's rating and comment on an activity (one per registration). */
export interface ActivityFeedbackTable {
  id: string;
  registrationId: string;
  activityId: string;
  userId: string;
  rating: number;
  comment: string;
  /** NONE: no comment; a comment waits (PENDING) for the host's staff before it is public. */
  commentStatus: FeedbackCommentStatus;
  moderationReason: string | null;
  moderatedBy: string | null;
  moderatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export type FeedbackCommentStatus = 'NONE' | 'PENDING' | 'APPROVED' | 'REJECTED';

/** 科普志愿者 (modules/volunteers): one row per person who registered as a volunteer. */
export interface VolunteerTable {
  userId: string;
  /** JSON: short labels (讲解, 摄影 …). */
  skills: string;
  /** JSON: { weekdays, weekends, holidays, note }. */
  availability: string;
  /** JSON: division codes. */
  regions: string;
  emergencyName: string;
  emergencyPhone: string;
  guardianName: string | null;
  guardianContact: string | null;
  guardianConsentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type VolunteerHostStatus = 'PENDING' | 'VERIFIED' | 'DECLINED';

/** A volunteer's request to serve a host organisation, verified by its own administrator. */
export interface VolunteerHostTable {
  id: string;
  userId: string;
  organisationId: string;
  status: VolunteerHostStatus;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A volunteer role an activity session opens (讲解, 引导 …), `taken` held like session places. */
export interface VolunteerRoleTable {
  id: string;
  activityId: string;
  sessionId: string;
  label: string;
  places: number;
  taken: number;
  createdAt: string;
}

export type VolunteerShiftStatus = 'PENDING' | 'CONFIRMED' | 'DECLINED' | 'CANCELLED';

/** A volunteer's sign-up for a role; arrival and departure are set at the door. */
export interface VolunteerShiftTable {
  id: string;
  roleId: string;
  sessionId: string;
  userId: string;
  status: VolunteerShiftStatus;
  arrivedAt: string | null;
  departedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export type VolunteerHoursStatus = 'PENDING' | 'APPROVED' | 'DECLINED';

/** The hours ledger: one row per shift with hours, or a manual entry the host approves. */
export interface VolunteerHoursTable {
  id: string;
  userId: string;
  organisationId: string;
  shiftId: string | null;
  /** China date (YYYY-MM-DD). */
  workedOn: string;
  minutes: number;
  what: string;
  status: VolunteerHoursStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** 首席科学传播专家 (modules/appointments): an appointment scheme, as data. */
export interface AppointmentSchemeTable {
  id: string;
  /** Stable short code (MNR_CHIEF, CAST_CHIEF, a province's own …). */
  code: string;
  name: string;
  /** The title an appointee holds (自然资源首席科学传播专家). */
  honorific: string;
  /** The appointing body. */
  organisationId: string;
  termYears: number;
  renewable: number;
  minLedPerYear: number;
  /** Expert rank at or above which a person is eligible (SENIOR …), null for any. */
  minRank: string | null;
  minYearsPopularising: number;
  /** Plain text: the duties as the scheme states them. */
  duties: string;
  active: number;
  createdAt: string;
  updatedAt: string;
}

export type AppointmentStatus = 'ACTIVE' | 'EXPIRED' | 'RENEWED' | 'WITHDRAWN';
/** A dated title held by a person under a scheme. */
export interface AppointmentTable {
  id: string;
  schemeId: string;
  userId: string;
  nominatingOrgId: string | null;
  /** The confirmed nomination it came from (review engine), if any. */
  reviewItemId: string | null;
  /** 批次 (第二批 …). */
  batch: string;
  /** 文号 of the appointing document. */
  docNo: string | null;
  /** China dates (YYYY-MM-DD); the end is the last day of the term. */
  startDate: string;
  endDate: string;
  status: AppointmentStatus;
  /** The appointment this one renews. */
  renewedFromId: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  certificateCode: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** 科学传播专家工作室: an organisation (type STUDIO) set up around an appointee. */
export interface StudioTable {
  organisationId: string;
  appointmentId: string;
  userId: string;
  description: string;
  createdBy: string;
  createdAt: string;
}

/** RECORD: a person's exported 科普 record (modules/record): verified by its code, never listed as a certificate. */
export type CertificateKind = 'TRAINING' | 'VOLUNTEER_HOURS' | 'APPOINTMENT' | 'AWARD' | 'RECORD';
/** A certificate as printed (issue 13 §5): the public verification page shows exactly this. */
export interface CertificateTable {
  id: string;
  /** KP-XXXX-XXXX-XXXX, unique. */
  code: string;
  kind: CertificateKind;
  holderId: string;
  /** The holder's name as printed. */
  holderName: string;
  title: string;
  /** JSON array of the certified lines as printed. */
  lines: string;
  organisationId: string;
  /** The issuer's name as printed. */
  organisationName: string;
  issuedAt: string;
  issuedBy: string | null;
  sourceType: string;
  sourceId: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export type TrainingCourseStatus = 'DRAFT' | 'PUBLISHED' | 'CLOSED';
export type TrainingEnrolmentMode = 'OPEN' | 'NOMINATION';
export type TrainingEnrolmentStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN';

/** 应急科普: an incident and its response (see migration 0043). */
export interface IncidentTable {
  id: string;
  /** The office or provincial department that opened it (owns the response). */
  organisationId: string;
  /** The province's department (when there is one): it runs the response with the owner. */
  regionOrgId: string | null;
  title: string;
  /** Reference HAZARD_TYPE code. */
  hazard: string;
  /** DISASTER 灾情 | DANGER 险情 */
  gradeKind: 'DISASTER' | 'DANGER';
  /** SMALL 小型 | MEDIUM 中型 | LARGE 大型 | HUGE 特大型 */
  grade: 'SMALL' | 'MEDIUM' | 'LARGE' | 'HUGE';
  /** Emergency response level Ⅰ–Ⅳ, when one was declared. */
  responseLevel: 'I' | 'II' | 'III' | 'IV' | null;
  divisionCode: string;
  /** The province's two digits, for scoping and matching. */
  provinceCode: string;
  place: string;
  occurredAt: string;
  source: string;
  description: string;
  status: 'ACTIVE' | 'CLOSED';
  openedAt: string;
  openedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  closeNote: string;
  /** When the first expert-approved explainer was published (time to first explainer). */
  firstExplainerAt: string | null;
  firstExplainerId: string | null;
  updatedAt: string;
}

export interface IncidentDutyTable {
  incidentId: string;
  userId: string;
  /** REGION: hazard and province matched; NATIONAL: hazard only (nobody in the province). */
  matchedBy: 'REGION' | 'NATIONAL';
  notifiedAt: string;
  acknowledgedAt: string | null;
}

export interface IncidentExplainerTable {
  incidentId: string;
  workId: string;
  reserveWorkId: string | null;
  draftedBy: string | null;
  draftedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
}

/** 应急科普内容储备: a work kept ready for hazard types and provinces, reviewed yearly. */
export interface ReserveItemTable {
  workId: string;
  /** JSON arrays: HAZARD_TYPE codes; province two-digit codes ([] = nationwide); formats. */
  hazards: string;
  provinces: string;
  formats: string;
  note: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  /** The day (China time) the yearly review falls due. */
  reviewDue: string;
  /** The review_due the owners were last reminded of (one reminder per due day). */
  remindedFor: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReserveTagTable {
  workId: string;
  hazard: string;
  /** Two-digit province code, or '00' for nationwide. */
  province: string;
}

export type DebunkKind = 'DEBUNK' | 'EXPLAINER' | 'NOTICE';
export type DebunkStatus = 'DETECTED' | 'VERIFYING' | 'DEBUNKED' | 'CONFIRMED' | 'PARTIAL';

/** 辟谣 entry (issue 14 §3): claims, expert ids and sources as JSON; a published one has a work. */
export interface DebunkTable {
  id: string;
  organisationId: string;
  kind: DebunkKind;
  title: string;
  summary: string;
  /** JSON: [{ rumour, truth }] */
  claims: string;
  authority: string;
  /** JSON: expert user ids */
  expertIds: string;
  /** JSON: [{ platform, account, link }] */
  sources: string;
  hazard: string | null;
  divisionCode: string | null;
  date: string;
  status: DebunkStatus;
  workId: string | null;
  publishedAt: string | null;
  views: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type RumourReportStatus = 'NEW' | 'TRIAGED' | 'LINKED' | 'DUPLICATE' | 'REJECTED';

/** A rumour reported by the public; `contact` is personal data, for the office only. */
export interface RumourReportTable {
  id: string;
  text: string;
  platform: string;
  link: string;
  hazard: string | null;
  divisionCode: string | null;
  contact: string | null;
  reporterId: string | null;
  status: RumourReportStatus;
  duplicateOf: string | null;
  debunkId: string | null;
  note: string;
  handledBy: string | null;
  handledAt: string | null;
  createdAt: string;
}

/** A report's screenshot: re-encoded JPEG bytes (no metadata), for the office only. */
export interface RumourReportScreenshotTable {
  reportId: string;
  mime: string;
  bytes: Buffer;
  width: number;
  height: number;
  createdAt: string;
}

export interface TrainingCourseTable {
  id: string;
  organisationId: string;
  title: string;
  year: number;
  description: string;
  /** JSON array of { title, hours }: the 大纲's units in order. */
  syllabus: string;
  /** JSON array of work ids (the course's materials in the library). */
  materialIds: string;
  enrolmentMode: TrainingEnrolmentMode;
  capacity: number;
  /** Places held (PENDING and APPROVED enrolments), kept by the database. */
  taken: number;
  enrolOpensAt: string;
  enrolClosesAt: string;
  minSessions: number;
  passScore: number | null;
  status: TrainingCourseStatus;
  completedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TrainingQuotaTable {
  courseId: string;
  /** The province's division code (two digits + 0000). */
  divisionCode: string;
  places: number;
  taken: number;
}

export interface TrainingSessionTable {
  id: string;
  courseId: string;
  position: number;
  title: string;
  startsAt: string;
  endsAt: string;
  online: number;
  place: string;
  checkInCode: string;
}

export interface TrainingEnrolmentTable {
  id: string;
  courseId: string;
  /** Null once the person's account is erased. */
  userId: string | null;
  status: TrainingEnrolmentStatus;
  nominatedBy: string | null;
  /** The nominating unit (NOMINATION) and its province's division code. */
  unitId: string | null;
  divisionCode: string | null;
  score: number | null;
  completed: number;
  certificateId: string | null;
  rating: number | null;
  comment: string | null;
  ratedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TrainingAttendanceTable {
  enrolmentId: string;
  sessionId: string;
  present: number;
  /** Set by the participant's check-in; a correction by the organiser keeps it. */
  checkedInAt: string | null;
  correctedBy: string | null;
  correctionReason: string | null;
  updatedAt: string;
}

export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  roleGrants: RoleGrantTable;
  sessions: SessionTable;
  recoveryCodes: RecoveryCodeTable;
  passwordResets: PasswordResetTable;
  invitations: InvitationTable;
  joinRequests: JoinRequestTable;
  policyDocuments: PolicyDocumentTable;
  consents: ConsentTable;
  loginThrottles: LoginThrottleTable;
  auditLog: AuditLogTable;
  auditPersonal: AuditPersonalTable;
  referenceItems: ReferenceItemTable;
  divisions: DivisionTable;
  settings: SettingTable;
  calendarDays: CalendarDayTable;
  campaigns: CampaignTable;
  activities: ActivityTable;
  activitySessions: ActivitySessionTable;
  activityLeaders: ActivityLeaderTable;
  registrations: RegistrationTable;
  activityGroups: ActivityGroupTable;
  groupMembers: GroupMemberTable;
  checkInScans: CheckInScanTable;
  squads: SquadTable;
  certificates: CertificateTable;
  incidents: IncidentTable;
  incidentDuty: IncidentDutyTable;
  incidentExplainers: IncidentExplainerTable;
  reserveItems: ReserveItemTable;
  reserveTags: ReserveTagTable;
  trainingCourses: TrainingCourseTable;
  debunks: DebunkTable;
  rumourReports: RumourReportTable;
  rumourReportScreenshots: RumourReportScreenshotTable;
  trainingQuotas: TrainingQuotaTable;
  trainingSessions: TrainingSessionTable;
  trainingEnrolments: TrainingEnrolmentTable;
  trainingAttendance: TrainingAttendanceTable;
  facilities: FacilityTable;
  facilityPartners: FacilityPartnerTable;
  squadMembers: SquadMemberTable;
  squadActivities: SquadActivityTable;
  squadYears: SquadYearTable;
  volunteers: VolunteerTable;
  volunteerHosts: VolunteerHostTable;
  volunteerRoles: VolunteerRoleTable;
  volunteerShifts: VolunteerShiftTable;
  volunteerHours: VolunteerHoursTable;
  appointmentSchemes: AppointmentSchemeTable;
  appointments: AppointmentTable;
  studios: StudioTable;
  activityFeedback: ActivityFeedbackTable;
  checkInDays: CheckInDayTable;
  searchDocuments: SearchDocumentTable;
  searchTerms: SearchTermTable;
  searchQueries: SearchQueryTable;
  works: WorkTable;
  workVersions: WorkVersionTable;
  scienceChecks: ScienceCheckTable;
  media: MediaTable;
  mediaLinks: MediaLinkTable;
  collections: CollectionTable;
  collectionItems: CollectionItemTable;
  reviewCalls: ReviewCallTable;
  reviewItems: ReviewItemTable;
  reviewEvents: ReviewEventTable;
  expertProfiles: ExpertProfileTable;
  expertTies: ExpertTieTable;
  expertTags: ExpertTagTable;
  expertInvitations: ExpertInvitationTable;
  expertInvitationSends: ExpertInvitationSendTable;
  reviewAssignments: ReviewAssignmentTable;
  reviewExclusions: ReviewExclusionTable;
  reviewNotices: ReviewNoticeTable;
  reviewObjections: ReviewObjectionTable;
  bases: BaseTable;
  baseEvents: BaseEventTable;
  baseCooperations: BaseCooperationTable;
  jobs: JobTable;
  notifications: NotificationTable;
  notificationPrefs: NotificationPrefTable;
  formValues: FormValueTable;
  demoWorld: DemoWorldTable;
  signInLinks: SignInLinkTable;
  hotspotSignals: HotspotSignalTable;
  hotspotAlerts: HotspotAlertTable;
}
