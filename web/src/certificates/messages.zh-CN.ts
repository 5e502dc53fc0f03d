/** The certificates console pages (zh-CN, the reference: en-US has exactly these keys). */
export const messages = {
  'certAdmin.title': '本单位颁发的证书',
  'certAdmin.text':
    '培训结业、志愿服务时长、聘任和奖励证书。任何人都可以凭证书上的验证码或二维码在“证书验证”页面核验。发现证书有误时可以撤销：撤销后验证页面会显示“已撤销”。',
  'certAdmin.find': '查找',
  'certAdmin.search': '持证人、证书名称或验证码',
  'certAdmin.status': '状态',
  'certAdmin.allStatuses': '全部',
  'certAdmin.statusValid': '有效',
  'certAdmin.statusRevoked': '已撤销',
  'certAdmin.none': '还没有颁发证书',
  'certAdmin.holder': '持证人',
  'certAdmin.certificate': '证书',
  'certAdmin.issuer': '发证单位',
  'certAdmin.issuedAt': '发证时间',
  'certAdmin.code': '验证码',
  'certAdmin.actions': '操作',
  'certAdmin.pdf': '下载 PDF',
  'certAdmin.revoke': '撤销',
  'certAdmin.revokeTitle': '撤销{name}的“{title}”？',
  'certAdmin.revokeBody':
    '撤销后，任何人在证书验证页面都会看到这份证书“已撤销”，已打印或发出的证书从此不再有效。撤销不能取消；如需恢复，只能重新颁发一份新证书。',
  'certAdmin.reason': '撤销理由（持证人可以看到，不会公开）',
  'certAdmin.revokeAction': '撤销证书',
  'certAdmin.revoked': '已撤销这份证书',
  'certAdmin.total': '共 {n} 份',
} as const;
