import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../core/catalog/defaults.js';
import { serviceTypes } from '../../../core/catalog/model.js';
import { DEFAULT_POD_MODELS } from '../../../core/orchestrator/infra.js';
import { calculator, modelServers, perServer, simulateMix } from '../../../core/orchestrator/capacity.js';

const types = serviceTypes(DEFAULT_CATALOG);

describe('capacity calculator (Figure 6-12)', () => {
  it('counts services per PoD model: whole chains per server in the scarcest resource, times production servers', () => {
    const c = calculator(DEFAULT_POD_MODELS, types);
    const cell = (t: string, m: string) => c.table.find((r) => r.serviceType === t)!.cells.find((x) => x.podModel === m)!;
    // a production server offers 44 vCPU, 240 GB RAM, 3600 GB disk
    expect(cell('foundation', 'small')).toEqual({ podModel: 'small', services: 4 * 22, bound: 'vcpu' });
    expect(cell('advanced', 'medium').services).toBe(8 * 14);
    expect(cell('advanced+ips', 'large').services).toBe(16 * 4);
    expect(cell('advanced-ws', 'small').services).toBe(4 * 8);
    expect(cell('advanced-ws+ips', 'small').services).toBe(4 * 4);
    // with and without IPS, as the chart's series
    expect(c.chart.categories).toEqual(['Foundation', 'Advanced', 'Advanced + IPS', 'Advanced with Web Security', 'Advanced with Web Security + IPS']);
    expect(c.chart.series.map((s) => s.name)).toEqual(['Small', 'Medium', 'Large']);
    expect(c.chart.series[2]!.values).toEqual([16 * 22, 16 * 14, 16 * 4, 16 * 8, 16 * 4]);
  });

  it('names the resource that binds', () => {
    expect(perServer({ vcpu: 100, ramMb: 8192, diskGb: 1000 }, { vcpu: 1, ramMb: 4096, diskGb: 1 })).toEqual({ n: 2, bound: 'ramMb' });
    expect(perServer({ vcpu: 100, ramMb: 1 << 20, diskGb: 500 }, { vcpu: 1, ramMb: 1, diskGb: 200 })).toEqual({ n: 2, bound: 'diskGb' });
  });

  it('what-if: a mix keeps its proportions and never exceeds what each type alone would fit', () => {
    const small = DEFAULT_POD_MODELS[0]!;
    const f = types.find((t) => t.id === 'foundation')!;
    const a = types.find((t) => t.id === 'advanced-ws')!;
    const r = simulateMix(modelServers(small), [
      { type: f, share: 3 },
      { type: a, share: 1 },
    ]);
    expect(r.byType['foundation']).toBeGreaterThan(0);
    const ratio = r.byType['foundation']! / r.byType['advanced-ws']!;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.5);
    // used vCPU within the PoD's room
    expect(r.byType['foundation']! * f.vcpu + r.byType['advanced-ws']! * a.vcpu).toBeLessThanOrEqual(4 * 44);
    expect(r.total).toBeLessThanOrEqual(4 * 22);
    expect(r.bound).toBe('vcpu');
  });
});
