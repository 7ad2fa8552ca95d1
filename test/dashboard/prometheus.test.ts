/** The page's reading of /metrics (src/dashboard/app/prometheus.ts), in Node. */
import { describe, expect, it } from 'vitest';
import { histogramQuantile, parsePrometheus, routeFigures } from '../../src/dashboard/app/prometheus.js';

const scrape = (rank: { count: number; buckets: [string, number][]; shed?: number; errors?: number }) => {
  const lines = [
    '# HELP multirank_http_request_duration_seconds Time from request received to response sent.',
    '# TYPE multirank_http_request_duration_seconds histogram',
    ...rank.buckets.map(
      ([le, n]) =>
        `multirank_http_request_duration_seconds_bucket{le="${le}",method="POST",route="/v1/rank",status_code="200"} ${n}`,
    ),
    `multirank_http_request_duration_seconds_count{method="POST",route="/v1/rank",status_code="200"} ${rank.count}`,
    `multirank_http_request_duration_seconds_count{method="POST",route="/v1/rank",status_code="503"} ${rank.shed ?? 0}`,
    `multirank_http_request_duration_seconds_count{method="POST",route="/v1/rank",status_code="500"} ${rank.errors ?? 0}`,
    'multirank_model_info{version="default",content_hash="sha256:ab",engine="onnx"} 1',
  ];
  return parsePrometheus(`${lines.join('\n')}\n`);
};

describe('parsePrometheus', () => {
  it('reads names, labels (escapes included) and values, skipping comments', () => {
    const samples = parsePrometheus('# TYPE x gauge\nx{a="b\\"c",d="e\\\\f"} 1.5\ny +Inf\n\nz 3e-2\n');
    expect(samples).toEqual([
      { name: 'x', labels: { a: 'b"c', d: 'e\\f' }, value: 1.5 },
      { name: 'y', labels: {}, value: Number.POSITIVE_INFINITY },
      { name: 'z', labels: {}, value: 0.03 },
    ]);
  });
});

describe('histogramQuantile', () => {
  it('interpolates within the bucket as Prometheus does', () => {
    const buckets: [number, number][] = [
      [0.01, 50],
      [0.1, 90],
      [1, 100],
      [Number.POSITIVE_INFINITY, 100],
    ];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.01);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.01 + 0.09 * 0.5);
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.1 + 0.9 * 0.9);
  });

  it('has no quantile without observations, and reports the +Inf bucket as the largest bound', () => {
    expect(
      histogramQuantile(0.5, [
        [1, 0],
        [Number.POSITIVE_INFINITY, 0],
      ]),
    ).toBeNull();
    expect(
      histogramQuantile(0.99, [
        [1, 1],
        [Number.POSITIVE_INFINITY, 10],
      ]),
    ).toBe(1);
  });
});

describe('routeFigures', () => {
  it('takes rates, quantiles, errors and shed requests between two scrapes', () => {
    const before = scrape({
      count: 100,
      buckets: [
        ['0.01', 100],
        ['0.1', 100],
        ['+Inf', 100],
      ],
      shed: 1,
    });
    const after = scrape({
      count: 300,
      buckets: [
        ['0.01', 200],
        ['0.1', 300],
        ['+Inf', 300],
      ],
      shed: 4,
      errors: 2,
    });
    const [rank] = routeFigures(before, after, 10);
    expect(rank).toMatchObject({ method: 'POST', route: '/v1/rank', requests: 205, shed: 3, errors: 2 });
    expect(rank?.perSecond).toBeCloseTo(20.5);
    expect(rank?.p50).toBeCloseTo(0.01);
    expect(rank?.p99).toBeCloseTo(0.01 + 0.09 * 0.98);
  });

  it('counts since start without an earlier scrape', () => {
    const [rank] = routeFigures(
      null,
      scrape({
        count: 10,
        buckets: [
          ['0.01', 10],
          ['+Inf', 10],
        ],
      }),
      0,
    );
    expect(rank).toMatchObject({ requests: 10, perSecond: 0, shed: 0, errors: 0 });
  });
});
