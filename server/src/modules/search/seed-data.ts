/**
 * The domain vocabulary seeded at first start: terms of the plan and the reference data that must
 * stay whole words, and synonym groups. Administrators edit it in the console afterwards.
 */
export const DOMAIN_WORDS = [
  // The plan's topics (reference-data.md §2)
  '人与自然生命共同体',
  '碳达峰',
  '碳中和',
  '生物多样性',
  '耕地保护',
  '节约集约',
  '生态修复',
  '生态保护修复',
  '国土空间规划',
  '国土调查',
  '矿产资源',
  '天然气水合物',
  '干热岩',
  '深海深地',
  '地质灾害',
  '极地科考',
  // Sectors and sub-tags (§1)
  '自然资源',
  '测绘地理信息',
  '地质遗迹',
  '地质公园',
  '古生物',
  '地下水',
  '海岛',
  '无居民海岛',
  '深海',
  '遥感',
  '北斗',
  '山水林田湖草沙',
  '湿地保护',
  // Hazards (experts-and-emergency.md §4–5)
  '崩塌',
  '滑坡',
  '泥石流',
  '地面塌陷',
  '地裂缝',
  '地面沉降',
  '隐患点',
  '易发区',
  '风暴潮',
  '赤潮',
  '绿潮',
  '海冰',
  '海啸',
  '气象风险预警',
  // Science popularization terms
  '科普基地',
  '科普作品',
  '科普活动',
  '科普日',
  '科普月',
  '科技活动周',
  '应急科普',
  '科学传播',
  '首席科学传播专家',
  '研学',
  '文创产品',
  '地球日',
  '土地日',
  '海洋日',
  '测绘法宣传日',
  '国家版图意识',
  // Words jieba's own dictionary lacks, next to which it cuts across a word boundary: a place
  // name (上海洋泾 is 上海 + 洋泾, never 海洋) and a slope-works term (护坡草原本 is 护坡草 + 原本,
  // never 草原). Found in a text that wrongly answered a search; add such words as they turn up.
  '洋泾',
  '护坡草',
];

/**
 * Narrower terms (one way): a search for the broader term also finds texts that only name a
 * narrower one — fossils by their dinosaurs, gems by their kinds, carbon sinks by blue carbon.
 */
export const NARROWER_TERMS: [string, string[]][] = [
  ['化石', ['恐龙', '古生物', '恐龙足迹', '三叶虫', '琥珀']],
  ['宝石', ['水晶', '玉石', '翡翠', '钻石', '玛瑙', '和田玉']],
  ['碳汇', ['蓝碳', '固碳', '碳储量', '碳达峰碳中和']],
  ['深海探测', ['深潜', '载人潜水器', '深渊', '多波束']],
  ['测绘', ['航测', '测深', '摄影测量']],
  ['遥感', ['卫星影像']],
  ['地面沉降', ['地裂缝']],
  ['生物多样性', ['珍稀物种', '候鸟', '珊瑚礁']],
];

export const SYNONYM_GROUPS: string[][] = [
  ['天然气水合物', '可燃冰'],
  ['地质灾害', '地灾'],
  ['碳达峰碳中和', '双碳'],
  ['测绘地理信息', '测绘'],
  ['泥石流', '山洪泥石流'],
  ['生态修复', '生态保护修复'],
  ['科普', '科学普及', '科学技术普及'],
  ['谣言', '流言', '传言', '辟谣'],
  ['三调', '第三次全国国土调查', '国土三调'],
  ['蓝碳', '海洋碳汇', '蓝色碳汇'],
  ['卫星导航', '北斗', '北斗卫星导航系统'],
  ['宝石', '宝玉石', '珠宝玉石'],
  ['井水', '地下水'],
];
