import type { AuditAction } from './audit-actions.ts';
import type { Locale } from './i18n.ts';
import { chinaDateTime } from './ids.ts';

type Label = Record<Locale, string>;

/**
 * What each audit action is called, in both languages: the one source for the console's audit
 * page (the list answers carry the label) and the audit export. Typed over every action, so an
 * action cannot be added without its words; a person never reads the code `work.publish`.
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, Label> = {
  'organisation.create': { 'zh-CN': '新建组织', 'en-US': 'Organisation created' },
  'organisation.update': { 'zh-CN': '修改组织', 'en-US': 'Organisation edited' },
  'organisation.move': { 'zh-CN': '移动组织', 'en-US': 'Organisation moved' },
  'organisation.deactivate': { 'zh-CN': '停用组织', 'en-US': 'Organisation deactivated' },
  'organisation.activate': { 'zh-CN': '启用组织', 'en-US': 'Organisation reactivated' },
  'user.create': { 'zh-CN': '新建用户', 'en-US': 'User created' },
  'user.update': { 'zh-CN': '修改用户', 'en-US': 'User edited' },
  'grant.create': { 'zh-CN': '授予角色', 'en-US': 'Role granted' },
  'grant.delete': { 'zh-CN': '撤销角色', 'en-US': 'Role revoked' },
  'account.register': { 'zh-CN': '注册账号', 'en-US': 'Account registered' },
  'account.login': { 'zh-CN': '登录', 'en-US': 'Logged in' },
  'account.loginFailed': { 'zh-CN': '登录失败', 'en-US': 'Failed login' },
  'account.logout': { 'zh-CN': '退出登录', 'en-US': 'Logged out' },
  'account.logoutOthers': { 'zh-CN': '退出其他设备', 'en-US': 'Other sessions ended' },
  'account.totpEnabled': { 'zh-CN': '绑定动态口令', 'en-US': 'TOTP enabled' },
  'account.passwordChanged': { 'zh-CN': '修改密码', 'en-US': 'Password changed' },
  'account.update': { 'zh-CN': '修改个人资料', 'en-US': 'Profile edited' },
  'account.delete': { 'zh-CN': '注销账号', 'en-US': 'Account deleted' },
  'platform.setup': { 'zh-CN': '平台初始化', 'en-US': 'Platform set up' },
  'admin.createByCli': { 'zh-CN': '命令行创建管理员', 'en-US': 'Administrator created (CLI)' },
  'reference.create': { 'zh-CN': '新增基础数据', 'en-US': 'Reference item added' },
  'reference.update': { 'zh-CN': '修改基础数据', 'en-US': 'Reference item edited' },
  'division.create': { 'zh-CN': '新增行政区划', 'en-US': 'Division added' },
  'division.update': { 'zh-CN': '修改行政区划', 'en-US': 'Division edited' },
  'account.signInLinkIssued': {
    'zh-CN': '签发演示一次性登录链接',
    'en-US': 'One-time demo sign-in link issued',
  },
  'account.signInLink': { 'zh-CN': '用一次性链接登录', 'en-US': 'Signed in with a one-time link' },
  'account.passwordReset': { 'zh-CN': '通过链接重置密码', 'en-US': 'Password reset with a link' },
  'account.recoveryCodeUsed': {
    'zh-CN': '使用恢复码登录',
    'en-US': 'Logged in with a recovery code',
  },
  'account.recoveryCodesRenewed': { 'zh-CN': '重新生成恢复码', 'en-US': 'Recovery codes renewed' },
  'user.resetLinkIssued': { 'zh-CN': '生成重置密码链接', 'en-US': 'Password reset link made' },
  'user.temporaryPassword': { 'zh-CN': '设置临时密码', 'en-US': 'Temporary password set' },
  'user.unlock': { 'zh-CN': '解除登录锁定', 'en-US': 'Login unlocked' },
  'user.totpReset': { 'zh-CN': '重置动态口令', 'en-US': 'Authenticator reset' },
  'invitation.create': { 'zh-CN': '发出邀请', 'en-US': 'Invitation sent' },
  'invitation.revoke': { 'zh-CN': '撤回邀请', 'en-US': 'Invitation withdrawn' },
  'invitation.accept': { 'zh-CN': '接受邀请', 'en-US': 'Invitation accepted' },
  'invitation.decline': { 'zh-CN': '拒绝邀请', 'en-US': 'Invitation declined' },
  'privacy.publish': { 'zh-CN': '发布隐私文件', 'en-US': 'Privacy document published' },
  'privacy.settings': { 'zh-CN': '修改隐私设置', 'en-US': 'Privacy settings changed' },
  'site.info': { 'zh-CN': '修改网站信息', 'en-US': 'Site information changed' },
  'site.calendarDay': { 'zh-CN': '登记节假日或调休', 'en-US': 'Holiday or workday entered' },
  'site.calendarDay.delete': { 'zh-CN': '移除节假日或调休', 'en-US': 'Holiday or workday removed' },
  'privacy.consent': {
    'zh-CN': '同意隐私政策和用户协议',
    'en-US': 'Privacy policy and user agreement accepted',
  },
  'account.resetLinkMailed': { 'zh-CN': '发送重置密码邮件', 'en-US': 'Password reset email sent' },
  'retention.accounts': {
    'zh-CN': '按保存期限清理账号',
    'en-US': 'Accounts cleared after their retention period',
  },
  'search.reindex': { 'zh-CN': '重建搜索索引', 'en-US': 'Search index rebuilt' },
  'searchTerm.create': { 'zh-CN': '新增搜索词', 'en-US': 'Search term added' },
  'searchTerm.update': { 'zh-CN': '修改搜索词', 'en-US': 'Search term edited' },
  'media.upload': { 'zh-CN': '上传文件', 'en-US': 'File uploaded' },
  'media.update': { 'zh-CN': '修改文件信息', 'en-US': 'File details edited' },
  'media.delete': { 'zh-CN': '删除文件', 'en-US': 'File deleted' },
  'work.create': { 'zh-CN': '新建作品', 'en-US': 'Work created' },
  'work.update': { 'zh-CN': '修改作品', 'en-US': 'Work edited' },
  'work.submit': { 'zh-CN': '提交作品审核', 'en-US': 'Work submitted for checking' },
  'work.recall': { 'zh-CN': '撤回作品审核', 'en-US': 'Work taken back from checking' },
  'work.publish': { 'zh-CN': '发布作品', 'en-US': 'Work published' },
  'work.withdraw': { 'zh-CN': '下线作品', 'en-US': 'Work withdrawn' },
  'work.archive': { 'zh-CN': '归档作品', 'en-US': 'Work archived' },
  'work.check': { 'zh-CN': '完成作品科学性审核', 'en-US': 'Work’s science check recorded' },
  'work.import': { 'zh-CN': '批量导入作品', 'en-US': 'Works imported' },
  'collection.create': { 'zh-CN': '新建专题', 'en-US': 'Collection created' },
  'collection.update': { 'zh-CN': '修改专题', 'en-US': 'Collection edited' },
  'collection.items': { 'zh-CN': '调整专题收录的作品', 'en-US': 'Works in the collection changed' },
  'collection.publish': { 'zh-CN': '发布专题', 'en-US': 'Collection published' },
  'collection.unpublish': { 'zh-CN': '下线专题', 'en-US': 'Collection taken off the portal' },
  'collection.archive': { 'zh-CN': '归档专题', 'en-US': 'Collection archived' },
  'base.update': { 'zh-CN': '修改基地信息', 'en-US': 'Base details edited' },
  'base.cooperation': { 'zh-CN': '登记基地合作', 'en-US': 'Base cooperation recorded' },
  'base.expire': { 'zh-CN': '基地命名到期', 'en-US': 'Base designation expired' },
  'base.importLegacy': {
    'zh-CN': '导入原体系基地',
    'en-US': 'Base imported from the former system',
  },
  'base.name': { 'zh-CN': '命名基地', 'en-US': 'Base designated' },
  'base.renew': { 'zh-CN': '基地续期或恢复', 'en-US': 'Base renewed or restored' },
  'base.rectify': { 'zh-CN': '责令基地整改', 'en-US': 'Base ordered to rectify' },
  'base.revoke': { 'zh-CN': '撤销基地命名', 'en-US': 'Base designation revoked' },
  'base.migrate': { 'zh-CN': '迁移基地', 'en-US': 'Base migrated' },
  'base.retire': { 'zh-CN': '基地退出', 'en-US': 'Base retired' },
  'base.annualReport': { 'zh-CN': '通过基地年度报告', 'en-US': 'Base annual report accepted' },
  'base.annualReportReturned': {
    'zh-CN': '退回基地年度报告',
    'en-US': 'Base annual report returned',
  },
  'base.evaluate': { 'zh-CN': '评估基地', 'en-US': 'Base evaluated' },
  'review.call.create': { 'zh-CN': '新建申报通知', 'en-US': 'Call created' },
  'review.call.update': { 'zh-CN': '修改申报通知', 'en-US': 'Call edited' },
  'review.call.open': { 'zh-CN': '开放申报', 'en-US': 'Call opened for applications' },
  'review.call.close': { 'zh-CN': '截止申报', 'en-US': 'Call closed for applications' },
  'review.notice.create': { 'zh-CN': '发布公示', 'en-US': 'Public notice published' },
  'review.notice.close': { 'zh-CN': '结束公示', 'en-US': 'Public notice ended' },
  'review.objection': { 'zh-CN': '提出公示异议', 'en-US': 'Objection to a notice raised' },
  'review.objection.handle': { 'zh-CN': '处理公示异议', 'en-US': 'Objection handled' },
  'review.assign': { 'zh-CN': '分配评审专家', 'en-US': 'Experts assigned' },
  'review.autoAssign': { 'zh-CN': '自动分配评审专家', 'en-US': 'Experts assigned automatically' },
  'review.recuse': { 'zh-CN': '专家申请回避', 'en-US': 'Expert recused' },
  'review.score': { 'zh-CN': '专家提交评分', 'en-US': 'Expert submitted scores' },
  'review.update': { 'zh-CN': '修改申报材料', 'en-US': 'Application edited' },
  'review.closeRound': { 'zh-CN': '结束本轮评审', 'en-US': 'Review round closed' },
  'review.create': { 'zh-CN': '创建申报', 'en-US': 'Application created' },
  'review.submit': { 'zh-CN': '提交申报', 'en-US': 'Application submitted' },
  'review.recommend': { 'zh-CN': '同意推荐申报', 'en-US': 'Application recommended' },
  'review.notRecommend': { 'zh-CN': '不予推荐申报', 'en-US': 'Application not recommended' },
  'review.formalPass': { 'zh-CN': '形式审查通过', 'en-US': 'Application passed the formal check' },
  'review.formalReject': {
    'zh-CN': '形式审查未通过',
    'en-US': 'Application failed the formal check',
  },
  'review.reviewed': { 'zh-CN': '申报完成专家评审', 'en-US': 'Application reviewed by experts' },
  'review.nextRound': {
    'zh-CN': '申报进入下一轮评审',
    'en-US': 'Application moved to the next round',
  },
  'review.accept': { 'zh-CN': '申报拟入选', 'en-US': 'Application provisionally accepted' },
  'review.reject': { 'zh-CN': '申报不予入选', 'en-US': 'Application not accepted' },
  'review.publicize': { 'zh-CN': '申报进入公示', 'en-US': 'Application put on public notice' },
  'review.objectionUpheld': {
    'zh-CN': '异议成立，申报不予入选',
    'en-US': 'Objection upheld; application not accepted',
  },
  'review.confirm': {
    'zh-CN': '公示期满，确认入选',
    'en-US': 'Notice period over; acceptance confirmed',
  },
  'expert.profile': { 'zh-CN': '修改专家资料', 'en-US': 'Expert profile edited' },
  'expert.publicConsent': {
    'zh-CN': '同意公开专家主页',
    'en-US': 'Consented to a public expert page',
  },
  'expert.publicWithdrawn': {
    'zh-CN': '撤回公开专家主页',
    'en-US': 'Withdrew the public expert page',
  },
  'expert.verify': { 'zh-CN': '核实专家资料', 'en-US': 'Expert profile verified' },
  'expert.unverify': { 'zh-CN': '撤销专家核实', 'en-US': 'Expert verification withdrawn' },
  'expertInvitation.create': {
    'zh-CN': '邀请加入专家库',
    'en-US': 'Invited someone to the expert directory',
  },
  'expertInvitation.resend': { 'zh-CN': '重发专家库邀请', 'en-US': 'Resent an expert invitation' },
  'expertInvitation.revoke': { 'zh-CN': '撤销专家库邀请', 'en-US': 'Revoked an expert invitation' },
  'expertInvitation.accept': {
    'zh-CN': '接受邀请加入专家库',
    'en-US': 'Accepted an invitation to the expert directory',
  },
  'job.runNow': { 'zh-CN': '立即运行后台任务', 'en-US': 'Background job run now' },
  'job.retry': { 'zh-CN': '重试后台任务', 'en-US': 'Background job retried' },
  'activity.create': { 'zh-CN': '创建科普活动', 'en-US': 'Created an activity' },
  'activity.update': { 'zh-CN': '修改科普活动', 'en-US': 'Edited an activity' },
  'activity.publish': { 'zh-CN': '发布科普活动', 'en-US': 'Published an activity' },
  'activity.cancel': { 'zh-CN': '取消科普活动', 'en-US': 'Cancelled an activity' },
  'registration.cancel': {
    'zh-CN': '主办方取消了一条活动报名',
    'en-US': 'Cancelled a registration as the organiser',
  },
  'campaign.create': { 'zh-CN': '录入主题日宣传活动', 'en-US': 'Entered a theme-day campaign' },
  'campaign.update': { 'zh-CN': '修改主题日宣传活动', 'en-US': 'Edited a theme-day campaign' },
  'activity.cancelSession': {
    'zh-CN': '取消科普活动的一个场次',
    'en-US': 'Cancelled a session of an activity',
  },
  'activity.approve': { 'zh-CN': '审核通过主题日活动', 'en-US': 'Approved a campaign activity' },
  'activity.reject': { 'zh-CN': '退回主题日活动', 'en-US': 'Sent a campaign activity back' },
  'activity.message': {
    'zh-CN': '向科普活动报名者发送通知',
    'en-US': 'Messaged the registrants of an activity',
  },
  'registration.noShow': {
    'zh-CN': '标记活动报名缺席',
    'en-US': 'Marked a registration as a no-show',
  },
  'registration.export': {
    'zh-CN': '导出科普活动报名名单',
    'en-US': 'Exported the registrations of an activity',
  },
  'activityFeedback.approve': {
    'zh-CN': '通过一条活动评价留言',
    'en-US': 'Approved an attendee’s comment',
  },
  'activityFeedback.reject': {
    'zh-CN': '一条活动评价留言不予展示',
    'en-US': 'Refused an attendee’s comment',
  },
  'registration.guardianConsent': {
    'zh-CN': '记录未成年人报名的监护人同意',
    'en-US': 'Recorded a guardian’s consent to a minor’s registration',
  },
  'group.request': { 'zh-CN': '提交团体预约', 'en-US': 'Requested a group booking' },
  'group.decide': { 'zh-CN': '审核团体预约', 'en-US': 'Decided on a group booking' },
  'group.roster': { 'zh-CN': '上传团体名单', 'en-US': 'Uploaded a group’s roster' },
  'group.cancel': { 'zh-CN': '取消团体预约', 'en-US': 'Cancelled a group booking' },
  'registration.approve': { 'zh-CN': '通过一条活动报名', 'en-US': 'Approved a registration' },
  'registration.decline': { 'zh-CN': '拒绝一条活动报名', 'en-US': 'Declined a registration' },
  'join.request': { 'zh-CN': '申请加入单位', 'en-US': 'Asked to join a unit' },
  'join.withdraw': { 'zh-CN': '撤回加入单位的申请', 'en-US': 'Withdrew a request to join a unit' },
  'join.approve': { 'zh-CN': '批准加入单位', 'en-US': 'Approved joining a unit' },
  'join.decline': { 'zh-CN': '拒绝加入单位的申请', 'en-US': 'Declined a request to join a unit' },
  'squad.apply': { 'zh-CN': '申请创建李四光中队', 'en-US': 'Applied to set up a Li Siguang squad' },
  'squad.update': { 'zh-CN': '修改李四光中队信息', 'en-US': 'Changed a Li Siguang squad' },
  'squad.approve': { 'zh-CN': '批准创建李四光中队', 'en-US': 'Approved a Li Siguang squad' },
  'squad.reject': { 'zh-CN': '不予批准李四光中队', 'en-US': 'Rejected a Li Siguang squad' },
  'squad.dissolve': { 'zh-CN': '撤销李四光中队', 'en-US': 'Dissolved a Li Siguang squad' },
  'squad.memberAdd': {
    'zh-CN': '经监护人同意登记中队队员',
    'en-US': 'Recorded a squad member with the guardian’s consent',
  },
  'squad.memberLeave': { 'zh-CN': '中队队员离队', 'en-US': 'A squad member left' },
  'squad.memberErase': { 'zh-CN': '删除中队队员信息', 'en-US': 'Erased a squad member’s record' },
  'squad.activity': { 'zh-CN': '记录中队活动', 'en-US': 'Recorded a squad activity' },
  'volunteer.register': { 'zh-CN': '登记为科普志愿者', 'en-US': 'Registered as a volunteer' },
  'volunteer.update': {
    'zh-CN': '修改志愿者登记信息',
    'en-US': 'Changed a volunteer registration',
  },
  'volunteer.verify': { 'zh-CN': '确认科普志愿者', 'en-US': 'Verified a volunteer' },
  'volunteer.decline': { 'zh-CN': '不予确认科普志愿者', 'en-US': 'Declined a volunteer' },
  'volunteer.settings': {
    'zh-CN': '修改志愿者星级标准',
    'en-US': 'Changed the volunteer star levels',
  },
  'volunteerRole.create': { 'zh-CN': '开设志愿者岗位', 'en-US': 'Opened a volunteer role' },
  'volunteerRole.delete': { 'zh-CN': '撤销志愿者岗位', 'en-US': 'Removed a volunteer role' },
  'volunteerShift.signUp': {
    'zh-CN': '报名志愿服务岗位',
    'en-US': 'Signed up for a volunteer shift',
  },
  'volunteerShift.confirm': { 'zh-CN': '确认志愿者上岗', 'en-US': 'Confirmed a volunteer shift' },
  'volunteerShift.decline': {
    'zh-CN': '不予确认志愿者上岗',
    'en-US': 'Declined a volunteer shift',
  },
  'volunteerShift.cancel': { 'zh-CN': '取消志愿服务报名', 'en-US': 'Cancelled a volunteer shift' },
  'volunteerShift.arrive': { 'zh-CN': '志愿者到岗签到', 'en-US': 'Checked a volunteer in' },
  'volunteerShift.depart': { 'zh-CN': '志愿者离岗签退', 'en-US': 'Checked a volunteer out' },
  'volunteerShift.correct': { 'zh-CN': '更正志愿服务时长', 'en-US': 'Corrected a shift’s hours' },
  'volunteerHours.submit': { 'zh-CN': '申报志愿服务时长', 'en-US': 'Submitted volunteer hours' },
  'volunteerHours.approve': { 'zh-CN': '认定志愿服务时长', 'en-US': 'Approved volunteer hours' },
  'volunteerHours.decline': {
    'zh-CN': '不予认定志愿服务时长',
    'en-US': 'Declined volunteer hours',
  },
  'facility.create': { 'zh-CN': '登记开放设施', 'en-US': 'Added an open-day facility' },
  'facility.update': { 'zh-CN': '修改开放设施信息', 'en-US': 'Changed an open-day facility' },
  'facility.partnerAdd': {
    'zh-CN': '设置开放设施的合作单位',
    'en-US': 'Set a partner of an open-day facility',
  },
  'facility.partnerRemove': {
    'zh-CN': '移除开放设施的合作单位',
    'en-US': 'Removed a partner of an open-day facility',
  },
  'certificate.issue': { 'zh-CN': '颁发证书', 'en-US': 'Issued a certificate' },
  'certificate.issueBatch': { 'zh-CN': '批量颁发证书', 'en-US': 'Issued a batch of certificates' },
  'certificate.revoke': { 'zh-CN': '撤销证书', 'en-US': 'Revoked a certificate' },
  'appointmentScheme.create': { 'zh-CN': '新建聘任方案', 'en-US': 'Created an appointment scheme' },
  'appointmentScheme.update': { 'zh-CN': '修改聘任方案', 'en-US': 'Changed an appointment scheme' },
  'appointment.create': {
    'zh-CN': '聘任首席科学传播专家',
    'en-US': 'Appointed a chief communicator',
  },
  'appointment.update': { 'zh-CN': '修改聘任信息', 'en-US': 'Changed an appointment' },
  'appointment.renew': { 'zh-CN': '续聘', 'en-US': 'Renewed an appointment' },
  'appointment.withdraw': { 'zh-CN': '撤销聘任', 'en-US': 'Withdrew an appointment' },
  'appointment.expire': { 'zh-CN': '聘期届满', 'en-US': 'Appointments expired' },
  'appointment.studio': {
    'zh-CN': '设立科学传播专家工作室',
    'en-US': 'Set up a science communication studio',
  },
  'debunk.create': { 'zh-CN': '新建辟谣条目', 'en-US': 'Created a debunk' },
  'debunk.update': { 'zh-CN': '修改辟谣条目', 'en-US': 'Changed a debunk' },
  'debunk.status': {
    'zh-CN': '变更辟谣核查状态',
    'en-US': 'Changed a debunk’s verification status',
  },
  'debunk.publish': { 'zh-CN': '发布辟谣', 'en-US': 'Published a debunk' },
  'debunk.unpublish': { 'zh-CN': '撤下辟谣', 'en-US': 'Withdrew a debunk' },
  'rumourReport.create': { 'zh-CN': '收到谣言举报', 'en-US': 'Received a rumour report' },
  'rumourReport.triage': { 'zh-CN': '处理谣言举报', 'en-US': 'Triaged a rumour report' },
  'rumourReport.merge': { 'zh-CN': '合并重复举报', 'en-US': 'Merged a duplicate rumour report' },
  'rumourReport.link': { 'zh-CN': '关联举报与辟谣', 'en-US': 'Linked a rumour report to a debunk' },
  'rumourReport.export': { 'zh-CN': '导出流言榜', 'en-US': 'Exported the rumour board' },
  'trainingCourse.create': { 'zh-CN': '创建培训课程', 'en-US': 'Created a training course' },
  'trainingCourse.update': { 'zh-CN': '修改培训课程', 'en-US': 'Changed a training course' },
  'trainingCourse.publish': { 'zh-CN': '发布培训课程', 'en-US': 'Published a training course' },
  'trainingCourse.complete': {
    'zh-CN': '培训课程结业并颁发证书',
    'en-US': 'Completed a training course and issued certificates',
  },
  'hotspotAlert.dismiss': { 'zh-CN': '排除热点预警', 'en-US': 'Dismissed a hotspot alert' },
  'hotspotAlert.requestContent': {
    'zh-CN': '就热点预警约稿',
    'en-US': 'Asked for content on a hotspot alert',
  },
  'hotspotAlert.linkIncident': {
    'zh-CN': '将热点预警关联到突发事件',
    'en-US': 'Linked a hotspot alert to an incident',
  },
  'hotspotSettings.update': {
    'zh-CN': '修改热点预警设置',
    'en-US': 'Changed the hotspot settings',
  },
  'trainingEnrolment.enrol': { 'zh-CN': '报名培训课程', 'en-US': 'Enrolled in a training course' },
  'trainingEnrolment.nominate': {
    'zh-CN': '推荐人员参加培训',
    'en-US': 'Nominated people for a training course',
  },
  'trainingEnrolment.approve': {
    'zh-CN': '录取培训学员',
    'en-US': 'Admitted a training participant',
  },
  'trainingEnrolment.decline': {
    'zh-CN': '不录取培训学员',
    'en-US': 'Declined a training nomination',
  },
  'trainingEnrolment.withdraw': {
    'zh-CN': '退出培训课程',
    'en-US': 'Withdrew from a training course',
  },
  'trainingEnrolment.score': {
    'zh-CN': '登记培训考试成绩',
    'en-US': 'Recorded a training test score',
  },
  'trainingEnrolment.feedback': { 'zh-CN': '评价培训课程', 'en-US': 'Evaluated a training course' },
  'trainingAttendance.checkIn': {
    'zh-CN': '培训课次签到',
    'en-US': 'Checked in to a training session',
  },
  'trainingAttendance.correct': {
    'zh-CN': '更正培训考勤',
    'en-US': 'Corrected training attendance',
  },
  'record.export': {
    'zh-CN': '导出科普工作档案',
    'en-US': 'Exported a science communication record',
  },
  'incident.open': { 'zh-CN': '启动应急科普响应', 'en-US': 'Opened an emergency response' },
  'incident.acknowledge': {
    'zh-CN': '确认收到值班通知',
    'en-US': 'Acknowledged an emergency duty call',
  },
  'incident.draftExplainer': {
    'zh-CN': '起草应急科普解读',
    'en-US': 'Drafted an emergency explainer',
  },
  'incident.approveExplainer': {
    'zh-CN': '审核通过并发布应急科普解读',
    'en-US': 'Passed and published an emergency explainer',
  },
  'incident.close': { 'zh-CN': '结束应急科普响应', 'en-US': 'Closed an emergency response' },
  'reserve.save': { 'zh-CN': '设置应急科普储备', 'en-US': 'Kept a work in the emergency reserve' },
  'reserve.remove': {
    'zh-CN': '移出应急科普储备',
    'en-US': 'Took a work out of the emergency reserve',
  },
  'reserve.review': { 'zh-CN': '复核应急科普储备', 'en-US': 'Reviewed an emergency reserve item' },
};

/** What each kind of audited thing is called (the console's filter offers the same words). */
export const AUDIT_ENTITY_LABELS: Record<string, Label> = {
  organisation: { 'zh-CN': '组织', 'en-US': 'Organisation' },
  user: { 'zh-CN': '用户', 'en-US': 'User' },
  reference: { 'zh-CN': '基础数据', 'en-US': 'Reference data' },
  division: { 'zh-CN': '行政区划', 'en-US': 'Division' },
  policyDocument: { 'zh-CN': '隐私文件', 'en-US': 'Privacy document' },
  setting: { 'zh-CN': '设置', 'en-US': 'Setting' },
  activity: { 'zh-CN': '科普活动', 'en-US': 'Activity' },
  campaign: { 'zh-CN': '主题日宣传活动', 'en-US': 'Campaign' },
  calendarDay: { 'zh-CN': '工作日历', 'en-US': 'Working calendar' },
  base: { 'zh-CN': '基地', 'en-US': 'Base' },
  collection: { 'zh-CN': '专题', 'en-US': 'Collection' },
  job: { 'zh-CN': '后台任务', 'en-US': 'Background job' },
  media: { 'zh-CN': '文件', 'en-US': 'File' },
  reviewCall: { 'zh-CN': '申报通知', 'en-US': 'Call' },
  reviewItem: { 'zh-CN': '申报', 'en-US': 'Application' },
  reviewNotice: { 'zh-CN': '公示', 'en-US': 'Public notice' },
  search: { 'zh-CN': '搜索', 'en-US': 'Search' },
  squad: { 'zh-CN': '李四光中队', 'en-US': 'Li Siguang squad' },
  squadMember: { 'zh-CN': '中队队员', 'en-US': 'Squad member' },
  facility: { 'zh-CN': '开放设施', 'en-US': 'Open-day facility' },
  volunteer: { 'zh-CN': '科普志愿者', 'en-US': 'Volunteer' },
  volunteerRole: { 'zh-CN': '志愿者岗位', 'en-US': 'Volunteer role' },
  volunteerShift: { 'zh-CN': '志愿服务报名', 'en-US': 'Volunteer shift' },
  volunteerHours: { 'zh-CN': '志愿服务时长', 'en-US': 'Volunteer hours' },
  certificate: { 'zh-CN': '证书', 'en-US': 'Certificate' },
  appointment: { 'zh-CN': '聘任', 'en-US': 'Appointment' },
  appointmentScheme: { 'zh-CN': '聘任方案', 'en-US': 'Appointment scheme' },
  trainingCourse: { 'zh-CN': '培训课程', 'en-US': 'Training course' },
  debunk: { 'zh-CN': '辟谣', 'en-US': 'Debunk' },
  rumourReport: { 'zh-CN': '谣言举报', 'en-US': 'Rumour report' },
  trainingEnrolment: { 'zh-CN': '培训报名', 'en-US': 'Training enrolment' },
  expertInvitation: { 'zh-CN': '专家库邀请', 'en-US': 'Expert invitation' },
  incident: { 'zh-CN': '应急科普事件', 'en-US': 'Emergency incident' },
  hotspotAlert: { 'zh-CN': '热点预警', 'en-US': 'Hotspot alert' },
  searchTerm: { 'zh-CN': '搜索词', 'en-US': 'Search term' },
  system: { 'zh-CN': '系统', 'en-US': 'System' },
  work: { 'zh-CN': '作品', 'en-US': 'Work' },
};

/** The action in words; an action recorded by an older release that has since gone, as 其他操作. */
export function auditActionLabel(action: string, locale: Locale): string {
  const label = (AUDIT_ACTION_LABELS as Record<string, Label | undefined>)[action];
  return label?.[locale] ?? (locale === 'en-US' ? 'Other action' : '其他操作');
}

/** The kind of thing in words. */
export function auditEntityLabel(type: string, locale: Locale): string {
  return AUDIT_ENTITY_LABELS[type]?.[locale] ?? (locale === 'en-US' ? 'Other' : '其他');
}

/**
 * What an entry's detail keys are called, for the console's audit page and the export's 详情
 * column. Ids are left out (the entry's object is named beside it); a key not listed here reads
 * as 其他信息.
 */
export const AUDIT_DETAIL_LABELS: Record<string, Label> = {
  name: { 'zh-CN': '名称', 'en-US': 'Name' },
  nameZh: { 'zh-CN': '中文名称', 'en-US': 'Chinese name' },
  title: { 'zh-CN': '标题', 'en-US': 'Title' },
  term: { 'zh-CN': '词条', 'en-US': 'Term' },
  username: { 'zh-CN': '用户名', 'en-US': 'Username' },
  displayName: { 'zh-CN': '姓名', 'en-US': 'Name' },
  email: { 'zh-CN': '电子邮箱', 'en-US': 'E-mail' },
  phone: { 'zh-CN': '手机号', 'en-US': 'Phone' },
  birthYear: { 'zh-CN': '出生年份', 'en-US': 'Birth year' },
  guardianName: { 'zh-CN': '监护人姓名', 'en-US': 'Guardian’s name' },
  guardianContact: { 'zh-CN': '监护人联系方式', 'en-US': 'Guardian’s contact' },
  guardianConsent: { 'zh-CN': '监护人同意', 'en-US': 'Guardian’s consent' },
  role: { 'zh-CN': '角色', 'en-US': 'Role' },
  fields: { 'zh-CN': '修改的项目', 'en-US': 'Fields changed' },
  patch: { 'zh-CN': '修改内容', 'en-US': 'Changes' },
  to: { 'zh-CN': '改为', 'en-US': 'Changed to' },
  from: { 'zh-CN': '原为', 'en-US': 'Was' },
  kind: { 'zh-CN': '类别', 'en-US': 'Kind' },
  type: { 'zh-CN': '类型', 'en-US': 'Type' },
  reason: { 'zh-CN': '理由', 'en-US': 'Reason' },
  note: { 'zh-CN': '说明', 'en-US': 'Note' },
  opinion: { 'zh-CN': '意见', 'en-US': 'Opinion' },
  decision: { 'zh-CN': '决定', 'en-US': 'Decision' },
  outcome: { 'zh-CN': '结果', 'en-US': 'Outcome' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  version: { 'zh-CN': '版本', 'en-US': 'Version' },
  privacyVersion: { 'zh-CN': '隐私政策版本', 'en-US': 'Privacy policy version' },
  termsVersion: { 'zh-CN': '用户协议版本', 'en-US': 'User agreement version' },
  round: { 'zh-CN': '轮次', 'en-US': 'Round' },
  docNo: { 'zh-CN': '文号', 'en-US': 'Document no.' },
  namingDocNo: { 'zh-CN': '命名文号', 'en-US': 'Naming document no.' },
  year: { 'zh-CN': '年度', 'en-US': 'Year' },
  startsAt: { 'zh-CN': '开始时间', 'en-US': 'Starts at' },
  expiresAt: { 'zh-CN': '到期时间', 'en-US': 'Expires at' },
  validUntil: { 'zh-CN': '有效期至', 'en-US': 'Valid until' },
  heldOn: { 'zh-CN': '举办日期', 'en-US': 'Held on' },
  requested: { 'zh-CN': '申请人数', 'en-US': 'Places asked for' },
  approved: { 'zh-CN': '通过人数', 'en-US': 'Places approved' },
  rest: { 'zh-CN': '其余名额', 'en-US': 'The other places' },
  ticketMode: { 'zh-CN': '电子票方式', 'en-US': 'Tickets' },
  gradeClass: { 'zh-CN': '年级班级', 'en-US': 'Grade and class' },
  rating: { 'zh-CN': '评分', 'en-US': 'Rating' },
  registrations: { 'zh-CN': '涉及报名', 'en-US': 'Registrations' },
  participants: { 'zh-CN': '参加人数', 'en-US': 'Participants' },
  recipients: { 'zh-CN': '收件人数', 'en-US': 'Recipients' },
  subject: { 'zh-CN': '主题', 'en-US': 'Subject' },
  position: { 'zh-CN': '岗位', 'en-US': 'Position' },
  purpose: { 'zh-CN': '用途', 'en-US': 'Purpose' },
  topics: { 'zh-CN': '专长领域', 'en-US': 'Topics' },
  sectors: { 'zh-CN': '行业', 'en-US': 'Sectors' },
  names: { 'zh-CN': '名单', 'en-US': 'Names' },
  rows: { 'zh-CN': '行数', 'en-US': 'Rows' },
  total: { 'zh-CN': '总数', 'en-US': 'Total' },
  items: { 'zh-CN': '条数', 'en-US': 'Items' },
  size: { 'zh-CN': '大小（字节）', 'en-US': 'Size (bytes)' },
  file: { 'zh-CN': '文件', 'en-US': 'File' },
  q: { 'zh-CN': '查询', 'en-US': 'Query' },
  moved: { 'zh-CN': '移动数', 'en-US': 'Moved' },
  removed: { 'zh-CN': '移除数', 'en-US': 'Removed' },
  assigned: { 'zh-CN': '分配数', 'en-US': 'Assigned' },
  ended: { 'zh-CN': '结束数', 'en-US': 'Ended' },
  left: { 'zh-CN': '离开数', 'en-US': 'Left' },
  indexed: { 'zh-CN': '索引数', 'en-US': 'Indexed' },
  psbNumber: { 'zh-CN': '公安备案号', 'en-US': 'PSB record no.' },
  icpNumber: { 'zh-CN': 'ICP 备案号', 'en-US': 'ICP record no.' },
  themeDayCode: { 'zh-CN': '主题日', 'en-US': 'Theme day' },
  short: { 'zh-CN': '简称', 'en-US': 'Short name' },
  partner: { 'zh-CN': '合作方', 'en-US': 'Partner' },
  again: { 'zh-CN': '再次', 'en-US': 'Again' },
  certificateCode: { 'zh-CN': '证书验证码', 'en-US': 'Certificate code' },
  certificates: { 'zh-CN': '证书数', 'en-US': 'Certificates' },
  certificateSource: { 'zh-CN': '证书来源', 'en-US': 'Certificate source' },
  people: { 'zh-CN': '人数', 'en-US': 'People' },
  score: { 'zh-CN': '成绩', 'en-US': 'Score' },
  was: { 'zh-CN': '原值', 'en-US': 'Before' },
  present: { 'zh-CN': '是否出勤', 'en-US': 'Present' },
  completed: { 'zh-CN': '结业人数', 'en-US': 'Completed' },
  granted: { 'zh-CN': '新授予角色', 'en-US': 'Role newly granted' },
  profile: { 'zh-CN': '新建专家资料', 'en-US': 'Profile created' },
};

/** Words for codes a detail records (roles, the group decision's choices, statuses). */
const AUDIT_VALUE_LABELS: Record<string, Label> = {
  PLATFORM_ADMIN: { 'zh-CN': '平台管理员', 'en-US': 'Platform administrator' },
  ORG_ADMIN: { 'zh-CN': '单位管理员', 'en-US': 'Unit administrator' },
  EDITOR: { 'zh-CN': '编辑', 'en-US': 'Editor' },
  REVIEWER: { 'zh-CN': '评审专家', 'en-US': 'Reviewer' },
  MEMBER: { 'zh-CN': '成员', 'en-US': 'Member' },
  RELEASE: { 'zh-CN': '释放', 'en-US': 'Released' },
  WAIT: { 'zh-CN': '继续等待审核', 'en-US': 'Still asked for' },
  GROUP: { 'zh-CN': '全团一个二维码', 'en-US': 'One code for the group' },
  PERSON: { 'zh-CN': '每人一个二维码', 'en-US': 'One code per person' },
  PENDING: { 'zh-CN': '待处理', 'en-US': 'Pending' },
  APPROVED: { 'zh-CN': '已通过', 'en-US': 'Approved' },
  REJECTED: { 'zh-CN': '未通过', 'en-US': 'Rejected' },
  DECLINED: { 'zh-CN': '未通过', 'en-US': 'Declined' },
  CANCELLED: { 'zh-CN': '已取消', 'en-US': 'Cancelled' },
  CONFIRMED: { 'zh-CN': '已确认', 'en-US': 'Confirmed' },
  PUBLISHED: { 'zh-CN': '已发布', 'en-US': 'Published' },
  DRAFT: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  ACTIVE: { 'zh-CN': '正常', 'en-US': 'Active' },
  DISABLED: { 'zh-CN': '已停用', 'en-US': 'Disabled' },
  MINISTRY: { 'zh-CN': '部', 'en-US': 'Ministry' },
  MINISTRY_OFFICE: { 'zh-CN': '部内司局/办公室', 'en-US': 'Ministry department/office' },
  PROVINCIAL_DEPT: {
    'zh-CN': '省级自然资源主管部门',
    'en-US': 'Provincial natural resources department',
  },
  CITY_DEPT: { 'zh-CN': '市级自然资源主管部门', 'en-US': 'City natural resources department' },
  COUNTY_DEPT: {
    'zh-CN': '县级自然资源主管部门',
    'en-US': 'County natural resources department',
  },
  AFFILIATED_UNIT: { 'zh-CN': '部属单位', 'en-US': 'Ministry-affiliated unit' },
  BASE_HOST: { 'zh-CN': '基地依托单位', 'en-US': 'Base host organisation' },
  RESEARCH_UNIT: { 'zh-CN': '科研单位', 'en-US': 'Research unit' },
  SCHOOL: { 'zh-CN': '学校', 'en-US': 'School' },
  ENTERPRISE: { 'zh-CN': '企业', 'en-US': 'Enterprise' },
  SOCIETY: { 'zh-CN': '学会/协会', 'en-US': 'Society/association' },
  MEDIA: { 'zh-CN': '媒体', 'en-US': 'Media' },
  STUDIO: { 'zh-CN': '科学传播专家工作室', 'en-US': 'Science communication studio' },
  OTHER: { 'zh-CN': '其他', 'en-US': 'Other' },
};

const isIdKey = (k: string) => k === 'id' || /[a-z](Id|Ids)$/.test(k);
const CODE = /^[A-Z][A-Z0-9_]+$/;

/** The value in words; null for a code without words (left out rather than shown as a code). */
function detailValue(v: unknown, locale: Locale): string | null {
  const zh = locale === 'zh-CN';
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? (zh ? '是' : 'Yes') : zh ? '否' : 'No';
  if (typeof v === 'string') {
    if (CODE.test(v)) return AUDIT_VALUE_LABELS[v]?.[locale] ?? null;
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v) && !Number.isNaN(Date.parse(v)))
      return chinaDateTime(v);
    return v;
  }
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const parts = v
      .map((x) =>
        typeof x === 'string' && AUDIT_DETAIL_LABELS[x]
          ? AUDIT_DETAIL_LABELS[x][locale]
          : detailValue(x, locale),
      )
      .filter((x): x is string => x !== null);
    return parts.length ? parts.join(zh ? '、' : ', ') : null;
  }
  if (typeof v === 'object') {
    const lines = auditDetailLines(v as Record<string, unknown>, locale);
    return lines.length
      ? lines.map((l) => `${l.label}${zh ? '：' : ': '}${l.value}`).join(zh ? '；' : '; ')
      : null;
  }
  return String(v);
}

/** An entry's detail as labelled lines in the reader's language: no keys, no ids. */
export function auditDetailLines(
  detail: Record<string, unknown>,
  locale: Locale,
): { label: string; value: string }[] {
  return Object.entries(detail).flatMap(([k, v]) => {
    if (isIdKey(k) || v === undefined) return [];
    const value = detailValue(v, locale);
    if (value === null) return [];
    const label = AUDIT_DETAIL_LABELS[k]?.[locale] ?? (locale === 'zh-CN' ? '其他信息' : 'Other');
    return [{ label, value }];
  });
}
