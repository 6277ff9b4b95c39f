// Exporter health: per exporter what arrived and what went wrong — datagrams, records,
// errors by code, drops for unknown templates, sequence gaps, templates, sampling, last seen.
import { useCallback, useEffect, useState } from 'react';
import { RefreshCw } from 'lucide-react';
import type { CommandOutput } from '../../../../core/api/contract';
import { api } from '../../lib/transport';
import { DataTable, type Column } from '../../components/DataTable';
import { Badge } from '../../components/Badge';
import { reportError } from '../../app/toasts';
import { openFlows } from './handoff';
import { utc } from '../../lib/format';
import { bytes, count } from './units';
import './flows.css';

type Out = CommandOutput<'flows.exporters'>;
type Row = Out['exporters'][number];

function ago(ms: number): string {
  if (!ms) return '—';
  const s = Math.round((Date.now() - ms) / 1000);
  return s < 2 ? 'now' : s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

export function ExportersPage() {
  const [data, setData] = useState<Out | null>(null);
  const load = useCallback(() => {
    api.call('flows.exporters', {}).then(setData, (e: unknown) => reportError(e, 'Exporters'));
  }, []);
  useEffect(() => {
    load();
    const t = setInterval(load, 2000);
    return () => clearInterval(t);
  }, [load]);
  const errs = (r: Row) => Object.entries(r.errors).filter(([, v]) => v > 0);
  const columns: Column<Row>[] = [
    {
      id: 'exporter',
      label: 'Exporter',
      sort: (r) => r.exporter,
      render: (r) => (
        <span>
          <b className="mono">{r.exporter}</b>
          {r.name && (
            <div className="faint fl-small fl-exporter-name" title={r.name}>
              {r.name}
            </div>
          )}
        </span>
      ),
    },
    {
      id: 'state',
      label: 'State',
      sort: (r) => r.lastSeenMs,
      render: (r) => {
        const silent = Date.now() - r.lastSeenMs > 60_000;
        const bad = r.rejectedDatagrams > 0 && r.records === 0;
        return silent ? (
          <Badge tone="warn">silent</Badge>
        ) : bad ? (
          <Badge tone="bad">rejected</Badge>
        ) : errs(r).length || r.lostDatagrams || r.lostRecords ? (
          <Badge tone="warn">issues</Badge>
        ) : (
          <Badge tone="ok">ok</Badge>
        );
      },
    },
    { id: 'rps', label: 'Records/s', numeric: true, sort: (r) => r.recordsPerSec, render: (r) => r.recordsPerSec.toFixed(1) },
    { id: 'datagrams', label: 'Datagrams', numeric: true, sort: (r) => r.datagrams, render: (r) => count(r.datagrams) },
    { id: 'records', label: 'Records', numeric: true, sort: (r) => r.records, render: (r) => count(r.records) },
    {
      id: 'errors',
      label: 'Errors',
      sort: (r) => r.rejectedDatagrams,
      render: (r) =>
        errs(r).length ? (
          <span title={`${r.rejectedDatagrams} datagrams with errors`}>
            {errs(r).map(([k, v]) => (
              <Badge key={k} tone="bad">
                {k} {v}
              </Badge>
            ))}
          </span>
        ) : (
          <span className="faint">none</span>
        ),
    },
    {
      id: 'unknown',
      label: 'Unknown-template drops',
      numeric: true,
      sort: (r) => r.unknownTemplateSets,
      render: (r) => (r.unknownTemplateSets ? `${r.unknownTemplateSets} sets (${bytes(r.unknownTemplateBytes)})` : '0'),
    },
    {
      id: 'lost',
      label: 'Sequence gaps',
      numeric: true,
      sort: (r) => r.lostDatagrams + r.lostRecords,
      render: (r) => (r.lostDatagrams || r.lostRecords ? `${r.lostDatagrams} dgrams, ${r.lostRecords} records` : '0'),
    },
    { id: 'templates', label: 'Templates', numeric: true, sort: (r) => r.templates, render: (r) => `${r.templates}` },
    { id: 'domains', label: 'Domains', render: (r) => <span className="mono">{r.domains.join(', ') || '—'}</span> },
    {
      id: 'sampling',
      label: 'Sampling',
      render: (r) => <span className="mono">{r.samplingRates.map((s) => (s === 1 ? '1:1' : `1:${s}`)).join(', ') || '—'}</span>,
    },
    { id: 'seen', label: 'Last seen', sort: (r) => r.lastSeenMs, render: (r) => ago(r.lastSeenMs) },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1>Exporters</h1>
        <span className="sub">Health of every exporter the collector hears, per address (observation domains listed)</span>
        <span className="grow" />
        <button className="btn" onClick={load}>
          <RefreshCw size={15} /> Refresh
        </button>
      </div>
      <div className="panel">
        <DataTable
          label="Exporter health"
          rows={data?.exporters ?? []}
          columns={columns}
          rowKey={(r) => r.exporter}
          initialSort={{ id: 'exporter' }}
          onOpen={(r) => openFlows(`exporter = ${r.exporter}`)}
          empty={data ? 'No exporter has sent anything yet.' : 'Loading…'}
        />
      </div>
      {data && (
        <div className="fl-cols">
          <div className="panel">
            <div className="panel-head">Listeners</div>
            <div className="panel-body">
              <table className="grid">
                <thead>
                  <tr>
                    <th>Protocol</th>
                    <th>Address</th>
                    <th className="num">Datagrams</th>
                    <th className="num">Receive buffer</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {data.listeners.map((l) => (
                    <tr key={`${l.proto}${l.port}`}>
                      <td>{l.proto}</td>
                      <td className="mono">
                        {l.address}:{l.boundPort ?? l.port}
                      </td>
                      <td className="num">{count(l.datagrams)}</td>
                      <td
                        className="num"
                        title={l.receiver === 'batched' ? 'read in batches (recvmmsg)' : l.receiver === 'dgram' ? "read one by one (Node's dgram)" : undefined}
                      >
                        {l.receiveBufferBytes ? bytes(l.receiveBufferBytes) : '—'}
                      </td>
                      <td>{l.error ? <Badge tone="bad">{l.error}</Badge> : <Badge tone="ok">listening</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div className="panel">
            <div className="panel-head">Flow store</div>
            <div className="panel-body">
              <dl className="kv">
                <dt>Raw blocks</dt>
                <dd>
                  {count(data.store.blocks)} blocks, {count(data.store.rows)} flows, {bytes(data.store.bytesOnDisk)} on disk
                </dd>
                <dt>Since start</dt>
                <dd>
                  {count(data.store.rowsWritten)} flows in {count(data.store.blocksWritten)} blocks
                  {data.store.writeErrors ? `, ${data.store.writeErrors} write errors` : ''}
                  {data.store.droppedRows ? `, ${count(data.store.droppedRows)} flows dropped (the store writer was behind)` : ''}
                </dd>
                <dt>Oldest raw</dt>
                <dd>{data.store.oldestReceivedMs ? utc(new Date(data.store.oldestReceivedMs).toISOString()) : '—'}</dd>
                <dt>Collector sets</dt>
                <dd>
                  {data.collectorSets.length
                    ? data.collectorSets
                        .map((s) => `${s.name} (${s.algorithm}): ${s.collectors.map((c) => `${c.address}:${c.port} ${count(c.datagrams)} dgrams`).join(', ')}`)
                        .join('; ')
                    : 'none (datagrams are not forwarded)'}
                </dd>
              </dl>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
