import { describe, expect, it } from 'vitest';
import { divisionName, divisionNameEn } from '#platform/division-names.ts';

describe('English names of divisions', () => {
  it('gives provinces their official names', () => {
    expect(divisionNameEn('150000', '内蒙古自治区')).toBe('Inner Mongolia');
    expect(divisionNameEn('540000', '西藏自治区')).toBe('Xizang');
    expect(divisionNameEn('820000', '澳门特别行政区')).toBe('Macao');
  });

  it('writes the specific part in pinyin and translates the generic part', () => {
    expect(divisionNameEn('430100', '长沙市')).toBe('Changsha City');
    expect(divisionNameEn('430111', '雨花区')).toBe('Yuhua District');
    expect(divisionNameEn('430181', '浏阳市')).toBe('Liuyang City');
    expect(divisionNameEn('430121', '长沙县')).toBe('Changsha County');
    expect(divisionNameEn('610100', '西安市')).toBe("Xi'an City");
    expect(divisionNameEn('510100', '成都市')).toBe('Chengdu City');
    expect(divisionNameEn('440114', '花都区')).toBe('Huadu District');
    expect(divisionNameEn('232700', '大兴安岭地区')).toBe('Da Hinggan Ling Prefecture');
    expect(divisionNameEn('429021', '神农架林区')).toBe('Shennongjia Forestry District');
  });

  it('uses the readings of place names, not the everyday ones', () => {
    expect(divisionNameEn('341500', '六安市')).toBe("Lu'an City");
    expect(divisionNameEn('330382', '乐清市')).toBe('Yueqing City');
    expect(divisionNameEn('371722', '单县')).toBe('Shan County');
    expect(divisionNameEn('310112', '闵行区')).toBe('Minhang District');
    expect(divisionNameEn('420116', '黄陂区')).toBe('Huangpi District');
    expect(divisionNameEn('140424', '长子县')).toBe('Zhangzi County');
  });

  it('keeps the established spellings of names from other languages', () => {
    expect(divisionNameEn('150100', '呼和浩特市')).toBe('Hohhot City');
    expect(divisionNameEn('650100', '乌鲁木齐市')).toBe('Urumqi City');
    expect(divisionNameEn('540100', '拉萨市')).toBe('Lhasa City');
    expect(divisionNameEn('152921', '阿拉善左旗')).toBe('Alxa Left Banner');
    expect(divisionNameEn('150521', '科尔沁左翼中旗')).toBe('Horqin Left Wing Middle Banner');
    expect(divisionNameEn('152200', '兴安盟')).toBe('Hinggan League');
  });

  it('names the groups of an autonomous division', () => {
    expect(divisionNameEn('433100', '湘西土家族苗族自治州')).toBe(
      'Xiangxi Tujia and Miao Autonomous Prefecture',
    );
    expect(divisionNameEn('520526', '威宁彝族回族苗族自治县')).toBe(
      'Weining Yi, Hui and Miao Autonomous County',
    );
    expect(divisionNameEn('450328', '龙胜各族自治县')).toBe(
      'Longsheng Multi-ethnic Autonomous County',
    );
    expect(divisionNameEn('622926', '东乡族自治县')).toBe('Dongxiang Autonomous County');
    expect(divisionNameEn('652222', '巴里坤哈萨克自治县')).toBe('Barkol Kazak Autonomous County');
    expect(divisionNameEn('410104', '管城回族区')).toBe('Guancheng Hui District');
  });

  it('reads a zone by the places it lies in', () => {
    expect(divisionNameEn('130271', '河北唐山芦台经济开发区')).toBe(
      'Hebei Tangshan Lutai Economic Development Zone',
    );
    expect(divisionNameEn('430971', '益阳市大通湖管理区')).toBe(
      'Yiyang Datonghu Administrative Zone',
    );
    expect(divisionNameEn('341371', '宿州马鞍山现代产业园区')).toBe(
      "Suzhou Ma'anshan Modern Industrial Park",
    );
  });

  it('uses the official names in Hong Kong and Macao', () => {
    expect(divisionNameEn('810014', '大埔区')).toBe('Tai Po District');
    expect(divisionNameEn('441422', '大埔县')).toBe('Dabu County');
    expect(divisionNameEn('820008', '圣方济各堂区')).toBe('St. Francis Xavier Parish');
  });

  it('keeps Chinese in zh-CN', () => {
    expect(divisionName('430111', '雨花区', 'zh-CN')).toBe('雨花区');
    expect(divisionName('430111', '雨花区', 'en-US')).toBe('Yuhua District');
  });
});
