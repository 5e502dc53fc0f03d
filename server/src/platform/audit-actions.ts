/**
 * Every action the audit log records. `recordAudit` takes only these, so an action cannot be
 * written without being listed here, and a test checks that the console has a sentence for each
 * in both languages (`AUDIT_ACTION_LABELS` in audit-labels.ts, shown by the console and the export): the log never
 * shows a person the code `work.publish`.
 */
export const AUDIT_ACTIONS = [
  // Accounts and sign-in
  'account.register',
  'account.login',
  'account.loginFailed',
  'account.logout',
  'account.logoutOthers',
  'account.totpEnabled',
  'account.passwordChanged',
  'account.passwordReset',
  'account.recoveryCodeUsed',
  'account.recoveryCodesRenewed',
  'account.resetLinkMailed',
  'account.signInLinkIssued',
  'account.signInLink',
  'account.update',
  'account.delete',
  'retention.accounts',
  'platform.setup',
  'admin.createByCli',
  // Users, roles and invitations
  'user.create',
  'user.update',
  'user.resetLinkIssued',
  'user.temporaryPassword',
  'user.unlock',
  'user.totpReset',
  'grant.create',
  'grant.delete',
  'invitation.create',
  'invitation.revoke',
  'invitation.accept',
  'invitation.decline',
  // Organisations and reference data
  'organisation.create',
  'organisation.update',
  'organisation.move',
  'organisation.activate',
  'organisation.deactivate',
  'reference.create',
  'reference.update',
  'division.create',
  'division.update',
  // Activities and campaigns
  'activity.create',
  'activity.update',
  'activity.publish',
  'activity.cancel',
  'activity.cancelSession',
  'activity.approve',
  'activity.reject',
  'activity.message',
  'registration.noShow',
  'registration.export',
  'registration.cancel',
  'registration.approve',
  'registration.decline',
  'campaign.create',
  'campaign.update',
  // Privacy
  'privacy.publish',
  'privacy.settings',
  'privacy.consent',
  // Search
  'search.reindex',
  'searchTerm.create',
  'searchTerm.update',
  // Media
  'media.upload',
  'media.update',
  'media.delete',
  // Works
  'work.create',
  'work.update',
  'work.submit',
  'work.recall',
  'work.publish',
  'work.withdraw',
  'work.archive',
  'work.check',
  'work.import',
  // Collections
  'collection.create',
  'collection.update',
  'collection.items',
  'collection.publish',
  'collection.unpublish',
  'collection.archive',
  // Bases (the events in a base's history are `base.<event>`)
  'base.update',
  'base.cooperation',
  'base.expire',
  'base.importLegacy',
  'base.name',
  'base.renew',
  'base.rectify',
  'base.revoke',
  'base.migrate',
  'base.retire',
  'base.annualReport',
  'base.annualReportReturned',
  'base.evaluate',
  // Reviews: calls, notices, experts, and the steps of an application (`review.<event>`)
  'review.call.create',
  'review.call.update',
  'review.call.open',
  'review.call.close',
  'review.notice.create',
  'review.notice.close',
  'review.objection',
  'review.objection.handle',
  'review.assign',
  'review.autoAssign',
  'review.recuse',
  'review.score',
  'review.update',
  'review.closeRound',
  'review.create',
  'review.submit',
  'review.recommend',
  'review.notRecommend',
  'review.formalPass',
  'review.formalReject',
  'review.reviewed',
  'review.nextRound',
  'review.accept',
  'review.reject',
  'review.publicize',
  'review.objectionUpheld',
  'review.confirm',
  'expert.profile',
  // Background jobs
  'job.runNow',
  'job.retry',
  // Site information and the working calendar
  'site.info',
  'site.calendarDay',
  'site.calendarDay.delete',
  // Joining a unit
  'join.request',
  'join.withdraw',
  'join.approve',
  'join.decline',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The part after `<prefix>.` of the actions under it: `AuditActionIn<'base'>` is `'renew' | …`. */
export type AuditActionIn<P extends string> = AuditAction extends infer A
  ? A extends `${P}.${infer S}`
    ? S
    : never
  : never;
