import { describe, expect, it } from 'vitest';
import {
  bucketKeys,
  bucketOf,
  countKeys,
  facetKeysOf,
  lengthTier,
  monthKeys,
  rankKeysOf,
  SAMPLE_BUCKETS,
} from '../src/platform/search/facet-keys.ts';

describe('search index keys', () => {
  it('puts a document in a length tier that grows by 2^¼', () => {
    expect(lengthTier(0)).toBe(0);
    expect(lengthTier(1)).toBe(0);
    expect(lengthTier(64)).toBe(24);
    expect(lengthTier(75)).toBe(24);
    expect(lengthTier(77)).toBe(25);
    expect(lengthTier(128)).toBe(28);
    // Longer never means a lower tier.
    for (let n = 1; n < 5000; n++) expect(lengthTier(n + 1)).toBeGreaterThanOrEqual(lengthTier(n));
  });

  it('prefixes each distinct head word with the tier, so a pinyin prefix still works', () => {
    expect(rankKeysOf(24, ['化石', '恐龙', '化石', 'lisiguang'])).toBe(
      '24_化石 24_恐龙 24_lisiguang',
    );
  });

  it('lists the facets first, then the sample, month and tier keys', () => {
    const keys = facetKeysOf({
      docKey: 'work:1',
      type: 'work',
      subtype: 'VIDEO',
      sectors: ['OCEAN', 'OCEAN'],
      topics: ['GAS_HYDRATE'],
      audiences: [],
      region: '440300',
      year: 2024,
      month: '202403',
      length: 100,
      headLength: 6,
    }).split(' ');
    const bucket = bucketOf('work:1');
    expect(keys).toEqual([
      'k_work',
      'w_VIDEO',
      's_OCEAN',
      't_GAS_HYDRATE',
      'r_44',
      'y_2024',
      `b_${bucket}`,
      `h_${Math.floor(bucket / 16)}`,
      'd_202403',
      `n_${lengthTier(100)}`,
      `m_${lengthTier(6)}`,
    ]);
  });

  it('spreads similar keys evenly over the sample buckets', () => {
    const counts = new Array(SAMPLE_BUCKETS).fill(0);
    for (let i = 0; i < 100_000; i++) counts[bucketOf(`work:w${String(i).padStart(7, '0')}`)]++;
    const expected = 100_000 / SAMPLE_BUCKETS;
    expect(Math.min(...counts)).toBeGreaterThan(expected * 0.8);
    expect(Math.max(...counts)).toBeLessThan(expected * 1.2);
  });

  it('names a range of buckets with as few keys as it can', () => {
    expect(bucketKeys(0, 4)).toEqual(['b_0', 'b_1', 'b_2', 'b_3']);
    expect(bucketKeys(0, 34)).toEqual(['h_0', 'h_1', 'b_32', 'b_33']);
    expect(bucketKeys(14, 33)).toEqual(['b_14', 'b_15', 'h_1', 'b_32']);
    expect(bucketKeys(250, 300)).toEqual(['b_250', 'b_251', 'b_252', 'b_253', 'b_254', 'b_255']);
  });

  it('lists months newest first across a year boundary', () => {
    expect(monthKeys('202311', '202402')).toEqual(['d_202402', 'd_202401', 'd_202312', 'd_202311']);
    expect(monthKeys('202403', '202403')).toEqual(['d_202403']);
  });

  it('counts keys over documents', () => {
    expect([...countKeys(['k_work s_OCEAN', 'k_work  s_LAND', ''])]).toEqual([
      ['k_work', 2],
      ['s_OCEAN', 1],
      ['s_LAND', 1],
    ]);
  });
});
