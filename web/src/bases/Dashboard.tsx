import { useQuery } from '@tanstack/react-query';
import { Alert, Progress, Skeleton, Spin, Table } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { api, call } from '../api/client.ts';
import { type MessageKey, usePageTitle, usePrefs } from '../i18n/index.tsx';
import { errorMessage } from '../lib/forms.ts';

const Chart = lazy(() => import('./Chart.tsx'));
const TIER_COLORS: Record<string, string> = {
  NATIONAL: '#0b6b4f',
  MINISTRY: '#1d5fa8',
  PROVINCIAL: '#8a5a00',
};

function ChartBox({ children }: { children: React.ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className="page-loading" role="status">
          <Spin aria-hidden />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

/** 基地看板: named national bases against the plan's target; by year, tier, province, category; points. */
export function BaseDashboardPage() {
  const { t } = usePrefs();
  usePageTitle(t('dash.title'));
  const q = useQuery({
    queryKey: ['base-stats'],
    queryFn: () => call(api.GET('/api/public/bases/stats')),
  });
  const s = q.data;
  const tierName = (x: string) => t(`base.tierName.${x}` as MessageKey);
  const catName = (x: string) => t(`base.category.${x}` as MessageKey);
  const options = useMemo(() => {
    if (!s) return null;
    const tierName = (x: string) => t(`base.tierName.${x}` as MessageKey);
    const catName = (x: string) => t(`base.category.${x}` as MessageKey);
    const years = [...new Set(s.byYear.map((y) => y.year))].sort();
    const tiers = [...new Set(s.byYear.map((y) => y.tier))];
    return {
      years: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: years.map(String) },
        yAxis: { type: 'value', minInterval: 1 },
        series: tiers.map((tier) => ({
          name: tierName(tier),
          type: 'bar',
          stack: 'tier',
          itemStyle: { color: TIER_COLORS[tier] },
          data: years.map((y) => s.byYear.find((r) => r.year === y && r.tier === tier)?.count ?? 0),
        })),
      },
      provinces: {
        tooltip: { trigger: 'axis' },
        grid: { left: 110, right: 16, top: 10, bottom: 30 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: s.byProvince.map((p) => p.name).reverse() },
        series: [
          {
            type: 'bar',
            itemStyle: { color: '#0b6b4f' },
            data: s.byProvince.map((p) => p.count).reverse(),
          },
        ],
      },
      categories: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            data: Object.entries(s.byCategory).map(([k, v]) => ({ name: catName(k), value: v })),
          },
        ],
      },
      points: {
        tooltip: {
          trigger: 'item',
          formatter: (p: { data: [number, number, string] }) =>
            `${p.data[2]}<br/>${p.data[0].toFixed(2)}°E, ${p.data[1].toFixed(2)}°N`,
        },
        grid: { left: 50, right: 16, top: 30, bottom: 40 },
        legend: { top: 0 },
        xAxis: { type: 'value', name: t('dash.longitude'), min: 73, max: 136 },
        yAxis: { type: 'value', name: t('dash.latitude'), min: 15, max: 54 },
        series: Object.keys(TIER_COLORS).map((tier) => ({
          name: tierName(tier),
          type: 'scatter',
          symbolSize: 8,
          itemStyle: { color: TIER_COLORS[tier] },
          data: s.points
            .filter((p) => p.tier === tier)
            .map((p) => [p.longitude, p.latitude, p.name]),
        })),
      },
    };
  }, [s, t]);
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  if (!s || !options) return <Skeleton active aria-busy />;
  const percent = Math.min(100, Math.round((s.national / s.target.count) * 100));
  return (
    <>
      <h1>{t('dash.title')}</h1>
      <section className="panel" aria-labelledby="target-h">
        <h2 id="target-h">{t('dash.target')}</h2>
        <p>
          {t('dash.targetText', {
            n: s.national,
            target: s.target.count,
            deadline: s.target.deadline.slice(0, 4),
          })}
        </p>
        <Progress
          percent={percent}
          aria-label={t('dash.targetLabel', { percent })}
          strokeColor="#0b6b4f"
        />
        <p className="muted">
          {t('dash.byTierText', {
            text:
              Object.entries(s.byTier)
                .map(([k, v]) => `${tierName(k)} ${v}`)
                .join('，') || '—',
          })}
        </p>
      </section>
      <div className="dash-grid">
        <section className="panel" aria-labelledby="years-h">
          <h2 id="years-h">{t('dash.byYear')}</h2>
          <ChartBox>
            <Chart option={options.years} label={t('dash.byYear')} />
          </ChartBox>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => `${r.year}-${r.tier}`}
            dataSource={s.byYear}
            locale={{ emptyText: t('base.none') }}
            columns={[
              { title: t('dash.year'), dataIndex: 'year' },
              { title: t('base.tier'), dataIndex: 'tier', render: (x: string) => tierName(x) },
              { title: t('dash.count'), dataIndex: 'count' },
            ]}
          />
        </section>
        <section className="panel" aria-labelledby="cat-h">
          <h2 id="cat-h">{t('dash.byCategory')}</h2>
          <ChartBox>
            <Chart option={options.categories} label={t('dash.byCategory')} />
          </ChartBox>
          <Table
            size="small"
            pagination={false}
            rowKey="k"
            dataSource={Object.entries(s.byCategory).map(([k, v]) => ({ k, v }))}
            locale={{ emptyText: t('base.none') }}
            columns={[
              { title: t('dash.category'), dataIndex: 'k', render: (x: string) => catName(x) },
              { title: t('dash.count'), dataIndex: 'v' },
            ]}
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="prov-h">
        <h2 id="prov-h">{t('dash.byProvince')}</h2>
        <ChartBox>
          <Chart
            option={options.provinces}
            label={t('dash.byProvince')}
            height={Math.max(200, s.byProvince.length * 26)}
          />
        </ChartBox>
      </section>
      <section className="panel" aria-labelledby="points-h">
        <h2 id="points-h">{t('dash.points')}</h2>
        <p className="muted">{t('dash.pointsNote')}</p>
        <ChartBox>
          <Chart
            option={options.points}
            label={t('dash.pointsLabel', { n: s.points.length })}
            height={420}
          />
        </ChartBox>
      </section>
    </>
  );
}
