import { describe, expect, it } from 'vitest';
import { FlowDecoder, TemplateCache } from '../../../core/flows/decoders/index.js';
import type { TemplateChange } from '../../../core/flows/decoders/index.js';
import { FlowBatch, recordAt } from '../../../core/flows/record.js';
import { ipfix, ipfixOptionsTemplateSet, ipfixTemplateSet, ipfixWithdrawSet, set, v4Record, V4_FIELDS, v9, v9TemplateSet, W } from './build.js';

const A = '192.0.2.1';

describe('TemplateCache', () => {
  it('exports to plain JSON and imports it, so a restarted collector decodes at once', () => {
    const dec = new FlowDecoder();
    const batch = new FlowBatch();
    dec.decode(ipfix({ domain: 5 },
      ipfixTemplateSet([256, [...V4_FIELDS, [7, 2, 9999], [82, 0xffff]]]),
      ipfixOptionsTemplateSet(300, [[302, 4]], [[34, 4]]),
      ipfixOptionsTemplateSet(301, [[149, 4]], [[305, 4], [306, 4], [160, 8]]),
      set(300, new W().u32(4).u32(50).out()),
      set(301, new W().u32(5).u32(1).u32(1).u64(1_000).out())), A, 0, batch);
    dec.decode(v9({ sourceId: 2 }, v9TemplateSet([400, V4_FIELDS])), A, 0, batch);
    const json = JSON.parse(JSON.stringify(dec.templates.export()));
    expect(json.format).toBe('podium.flows.templates/1');
    expect(json.templates).toHaveLength(4);
    expect(json.options).toEqual([{ exporter: A, domain: 5, samplers: [[4, 50]], samplingRate: 2, systemInitMs: 1000 }]);

    const fresh = new FlowDecoder();
    expect(fresh.templates.import(json)).toEqual({ templates: 4, options: 1, rejected: 0 });
    const b2 = new FlowBatch();
    const r = fresh.decode(ipfix({ domain: 5 }, set(256, new W().raw(v4Record({ bytes: 9 })).u16(1).u8(0).out())), A, 0, b2);
    expect(r.errors).toEqual([]);
    expect(recordAt(b2, 0)).toMatchObject({ bytes: 9, samplingRate: 2 });
    expect(fresh.decode(v9({ sourceId: 2 }, set(400, v4Record())), A, 0, b2).records).toBe(1);
    expect(fresh.templates.export()).toEqual(json);
  });

  it('validates what it imports', () => {
    const c = new TemplateCache({ maxFieldsPerTemplate: 4 });
    expect(c.import(null).rejected).toBe(1);
    expect(c.import({ format: 'other' }).rejected).toBe(1);
    const good = { exporter: A, domain: 0, id: 256, version: 10, options: false, scopeCount: 0, fields: [[1, 4, 0]] };
    const r = c.import({
      format: 'podium.flows.templates/1',
      templates: [
        good,
        { ...good, id: 'x' },
        { ...good, fields: [] },
        { ...good, fields: [[1, 0, 0]] },
        { ...good, fields: [[1, 4, 0], [2, 4, 0], [3, 4, 0], [4, 4, 0], [5, 4, 0]] },
        { ...good, version: 7 },
        { ...good, options: true, scopeCount: 0 },
        { ...good, version: 9, fields: [[1, 4, 99]] },
      ],
      options: [{ exporter: A, domain: 0, samplers: [[1, 0], [2, 8]], samplingRate: -3 }, { exporter: 5 }],
    });
    expect(r).toEqual({ templates: 1, options: 1, rejected: 8 });
    expect(c.export().options).toEqual([{ exporter: A, domain: 0, samplers: [[2, 8]] }]);
  });

  it('fires the change hook on new, changed and withdrawn templates and options, not on repeats', () => {
    const changes: TemplateChange[] = [];
    const templates = new TemplateCache({}, (c) => changes.push(c));
    const dec = new FlowDecoder({ templates });
    const batch = new FlowBatch();
    const tpl = ipfixTemplateSet([256, V4_FIELDS]);
    dec.decode(ipfix({}, tpl), A, 0, batch);
    dec.decode(ipfix({}, tpl), A, 0, batch);
    dec.decode(ipfix({}, ipfixTemplateSet([256, [[1, 4]]])), A, 0, batch);
    dec.decode(ipfix({}, ipfixOptionsTemplateSet(300, [[149, 4]], [[34, 4]]), set(300, new W().u32(0).u32(8).out())), A, 0, batch);
    dec.decode(ipfix({}, set(300, new W().u32(0).u32(8).out())), A, 0, batch);
    dec.decode(ipfix({}, ipfixWithdrawSet(2, 256)), A, 0, batch);
    expect(changes.map((c) => c.kind)).toEqual(['set', 'set', 'set', 'options', 'withdraw']);
    expect(changes[0]).toMatchObject({ kind: 'set', exporter: A, domain: 0, templateId: 256, template: { version: 10, id: 256 } });
  });

  it('bounds the number of exporters it holds templates for', () => {
    const dec = new FlowDecoder({ limits: { maxExporters: 2 } });
    const batch = new FlowBatch();
    const tpl = ipfixTemplateSet([256, V4_FIELDS]);
    expect(dec.decode(ipfix({}, tpl), '10.0.0.1', 0, batch).errors).toEqual([]);
    expect(dec.decode(ipfix({}, tpl), '10.0.0.2', 0, batch).errors).toEqual([]);
    expect(dec.decode(ipfix({}, tpl), '10.0.0.3', 0, batch).errors[0]?.code).toBe('TEMPLATE_LIMIT');
    expect(dec.templates.exporterCount()).toBe(2);
    expect(dec.stats.size).toBeLessThanOrEqual(3);
  });
});
