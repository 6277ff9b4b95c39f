// The catalog: packages, VNF types (Table 6-1), options, bandwidth tiers, CPE models with
// their prices, limits. An edit is made on a copy and saved as a new version after a
// review of what changes (catalog.preview); problems come back at their field; the history
// shows every version and what each changed.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { FileCode2, History, Pencil, Plus, Save, Trash2, X } from 'lucide-react';
import type { CatalogChange, CatalogDocument } from '../../../../core/catalog/contract';
import { URL_FILTERING_LEVELS } from '../../../../core/catalog/contract';
import { asApiError, useCommand, useTopic } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { issueMap, mb, money } from '../../lib/services';
import { utc } from '../../lib/format';
import { notify, reportError } from '../../app/toasts';
import { Tabs } from '../../components/Tabs';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { Badge } from '../../components/Badge';

type Path = (string | number)[];
type Tab = 'packages' | 'vnfs' | 'options' | 'bandwidths' | 'cpes' | 'limits' | 'history';

interface Ctx {
  doc: CatalogDocument;
  editing: boolean;
  issues: Record<string, string>;
  set: (path: Path, value: unknown) => void;
}
const EditCtx = createContext<Ctx | null>(null);
const useEdit = () => useContext(EditCtx)!;

function getAt(doc: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string | number, unknown>)[k]), doc);
}

function setAt<T>(doc: T, path: Path, value: unknown): T {
  const copy = structuredClone(doc);
  let o = copy as unknown as Record<string | number, unknown>;
  path.slice(0, -1).forEach((k) => (o = o[k] as Record<string | number, unknown>));
  o[path[path.length - 1]!] = value;
  return copy;
}

/** One value of the document: text when reading, an input when editing, its problem under it. */
function Cell(props: { path: Path; kind?: 'text' | 'number' | 'bool' | 'area' | 'list'; label: string; format?: (v: unknown) => ReactNode; width?: number }) {
  const { doc, editing, issues, set } = useEdit();
  const key = props.path.join('.');
  const v = getAt(doc, props.path);
  const err = issues[key] ?? Object.entries(issues).find(([p]) => p.startsWith(`${key}.`))?.[1] ?? null;
  const kind = props.kind ?? 'text';
  if (!editing) {
    if (kind === 'bool') return <>{v ? <Badge tone="ok">yes</Badge> : <Badge>no</Badge>}</>;
    return <>{props.format ? props.format(v) : String(v ?? '')}</>;
  }
  const common = { 'aria-label': props.label, 'aria-invalid': err ? true : undefined, title: err ?? undefined, 'data-path': key };
  return (
    <div className="cell-edit">
      {kind === 'bool' ? (
        <input type="checkbox" {...common} checked={!!v} onChange={(e) => set(props.path, e.target.checked)} />
      ) : kind === 'list' ? (
        <input
          {...common}
          value={Array.isArray(v) ? v.join(', ') : String(v ?? '')}
          onChange={(e) => set(props.path, e.target.value.split(/[\s,]+/).filter(Boolean))}
        />
      ) : kind === 'area' ? (
        <textarea {...common} rows={2} value={String(v ?? '')} onChange={(e) => set(props.path, e.target.value)} />
      ) : (
        <input
          {...common}
          style={props.width ? { width: props.width } : undefined}
          inputMode={kind === 'number' ? 'decimal' : undefined}
          value={kind === 'number' && typeof v === 'number' && Number.isNaN(v) ? '' : String(v ?? '')}
          onChange={(e) => set(props.path, kind === 'number' ? (e.target.value.trim() === '' ? Number.NaN : Number(e.target.value)) : e.target.value)}
        />
      )}
      {err && (
        <span className="error" role="alert">
          {err}
        </span>
      )}
    </div>
  );
}

function changeText(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

export function ChangeList(props: { changes: CatalogChange[] }) {
  return (
    <ul className="change-list catalog-changes" aria-label="Catalog changes">
      {props.changes.map((c, i) => (
        <li key={i} className={`chg-${c.kind === 'added' ? 'create' : c.kind === 'removed' ? 'delete' : 'reconfigure'}`}>
          <span className="sign">{c.kind === 'added' ? '+' : c.kind === 'removed' ? '−' : '~'}</span> <code>{c.path}</code>{' '}
          {c.kind === 'changed' ? (
            <>
              <span className="del-text">{changeText(c.before)}</span> → <span className="add-text">{changeText(c.after)}</span>
            </>
          ) : c.kind === 'added' ? (
            <span className="add-text">{changeText(c.after)}</span>
          ) : (
            <span className="del-text">{changeText(c.before)}</span>
          )}
        </li>
      ))}
      {props.changes.length === 0 && <li className="muted">No change.</li>}
    </ul>
  );
}

export function CatalogPage() {
  const cur = useCommand('catalog.list', {});
  const versions = useCommand('catalog.versions', {});
  const [tab, setTab] = useState<Tab>('packages');
  const [draft, setDraft] = useState<CatalogDocument | null>(null);
  const [base, setBase] = useState<number | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [review, setReview] = useState<{ changes: CatalogChange[]; current: number } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [template, setTemplate] = useState<number | null>(null);
  const [diffOf, setDiffOf] = useState<number | null>(null);
  useTopic('catalog.changed', {}, () => {
    cur.reload();
    versions.reload();
  });

  const editing = draft !== null;
  const doc = draft ?? cur.data?.catalog ?? null;
  const ctx = useMemo<Ctx | null>(
    () =>
      doc && {
        doc,
        editing,
        issues,
        set: (path, value) => setDraft((d) => (d ? setAt(d, path, value) : d)),
      },
    [doc, editing, issues],
  );
  if (cur.error) return <div className="page empty">Could not load the catalog: {cur.error.message}</div>;
  if (!cur.data || !doc || !ctx) return <div className="page empty">Loading…</div>;
  const info = cur.data.version;

  const startEdit = () => {
    setDraft(structuredClone(cur.data!.catalog));
    setBase(info.version);
    setIssues({});
  };
  const discard = () => {
    setDraft(null);
    setIssues({});
    setReview(null);
  };
  const doReview = async () => {
    if (!draft || base === null) return;
    setBusy(true);
    try {
      const r = await api.call('catalog.preview', { baseVersion: base, catalog: draft });
      setIssues({});
      setReview(r);
    } catch (e) {
      const a = asApiError(e);
      if (a.code === 'BAD_INPUT' && a.issues.length) {
        setIssues(issueMap(a.issues, 'catalog.'));
        notify(
          'error',
          'The catalog has problems',
          `${a.issues.length} ${a.issues.length === 1 ? 'field needs' : 'fields need'} a look: they are marked in red.`,
        );
      } else reportError(a, 'Review');
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!draft || base === null) return;
    setBusy(true);
    try {
      const r = await api.call('catalog.update', { baseVersion: base, catalog: draft, note });
      notify(
        'success',
        `Catalog version ${r.version.version} saved`,
        `${r.changes.length} ${r.changes.length === 1 ? 'change' : 'changes'}; new orders and quotes use it now.`,
      );
      setReview(null);
      setDraft(null);
      setNote('');
      cur.reload();
      versions.reload();
    } catch (e) {
      const a = asApiError(e);
      if (a.code === 'BAD_INPUT' && a.issues.length) {
        setIssues(issueMap(a.issues, 'catalog.'));
        setReview(null);
      }
      reportError(a, 'Save');
    } finally {
      setBusy(false);
    }
  };
  const issueTabs = new Set<Tab>(
    Object.keys(issues).map((p) =>
      p.startsWith('packages')
        ? 'packages'
        : p.startsWith('vnfTypes')
          ? 'vnfs'
          : p.startsWith('options')
            ? 'options'
            : p.startsWith('bandwidths')
              ? 'bandwidths'
              : p.startsWith('cpeModels')
                ? 'cpes'
                : 'limits',
    ),
  );
  const tabLabel = (id: Tab, label: string) => (
    <>
      {label}
      {issueTabs.has(id) && <span className="dot bad" style={{ marginLeft: 6 }} aria-label="has problems" />}
    </>
  );
  const cc = doc.currency;
  const fmtMoney = (v: unknown) => money(Number(v), cc);

  return (
    <EditCtx.Provider value={ctx}>
      <div className="page wide">
        <div className="page-head">
          <h1>Catalog</h1>
          <span className="sub" title={info.note}>
            version {info.version}, saved {utc(info.createdAt)} by {info.createdBy}
          </span>
          <span className="grow" />
          {!editing ? (
            <button className="btn primary" onClick={startEdit}>
              <Pencil size={15} /> Edit
            </button>
          ) : (
            <>
              <Badge tone="info">editing a copy of version {base}</Badge>
              <button className="btn" onClick={discard}>
                <X size={15} /> Discard
              </button>
              <button className="btn primary" onClick={() => void doReview()} disabled={busy}>
                {busy ? <span className="spinner" /> : <Save size={15} />} Review and save
              </button>
            </>
          )}
        </div>
        {Object.keys(issues).length > 0 && (
          <div className="alert bad" role="alert">
            <div>
              <b>This edit would break orders:</b>
              <ul className="tight">
                {Object.entries(issues).map(([p, m]) => (
                  <li key={p}>
                    <code>{p}</code>: {m}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
        <Tabs<Tab>
          label="Catalog parts"
          current={tab}
          onChange={setTab}
          tabs={[
            { id: 'packages', label: tabLabel('packages', `Packages (${doc.packages.length})`) },
            { id: 'vnfs', label: tabLabel('vnfs', `VNF types (${doc.vnfTypes.length})`) },
            { id: 'options', label: tabLabel('options', 'Options') },
            { id: 'bandwidths', label: tabLabel('bandwidths', 'Bandwidths') },
            { id: 'cpes', label: tabLabel('cpes', `CPE models (${doc.cpeModels.length})`) },
            { id: 'limits', label: tabLabel('limits', 'Limits and shipping') },
            { id: 'history', label: <>History ({versions.data?.versions.length ?? '…'})</> },
          ]}
        />
        <div className="tab-body panel" role="tabpanel">
          {tab === 'packages' && (
            <div className="table-wrap">
              <table className="grid edit-grid" aria-label="Packages">
                <thead>
                  <tr>
                    <th style={{ width: '24%' }}>Package</th>
                    <th style={{ width: '18%' }}>Chain</th>
                    <th className="num">Set-up</th>
                    <th className="num">Monthly</th>
                    <th className="num">Per site</th>
                    <th>IPS</th>
                    <th>URL filter</th>
                    <th>Remote</th>
                    <th>Recovery</th>
                    <th>In the shop</th>
                  </tr>
                </thead>
                <tbody>
                  {doc.packages.map((p, i) => (
                    <tr key={p.id}>
                      <td>
                        <Cell path={['packages', i, 'name']} label={`Name of ${p.id}`} format={(v) => <b>{String(v)}</b>} />
                        <div className="faint small mono">{p.id}</div>
                        <Cell
                          path={['packages', i, 'description']}
                          kind="area"
                          label={`Description of ${p.id}`}
                          format={(v) => <div className="muted small">{String(v)}</div>}
                        />
                      </td>
                      <td>
                        {editing ? (
                          <Cell path={['packages', i, 'chain']} kind="list" label={`Chain of ${p.id}`} />
                        ) : (
                          <span className="small">{p.chain.map((c) => doc.vnfTypes.find((t) => t.id === c)?.name ?? c).join(' → ')}</span>
                        )}
                        {editing && <div className="faint small">VNF type ids, in order</div>}
                      </td>
                      <td className="num">
                        <Cell path={['packages', i, 'price', 'setup']} kind="number" label={`Set-up price of ${p.id}`} format={fmtMoney} width={90} />
                      </td>
                      <td className="num">
                        <Cell path={['packages', i, 'price', 'monthly']} kind="number" label={`Monthly price of ${p.id}`} format={fmtMoney} width={90} />
                      </td>
                      <td className="num">
                        <Cell
                          path={['packages', i, 'price', 'perSiteMonthly']}
                          kind="number"
                          label={`Price per site of ${p.id}`}
                          format={fmtMoney}
                          width={80}
                        />
                      </td>
                      <td>
                        <Cell path={['packages', i, 'allows', 'ips']} kind="bool" label={`${p.id} allows IPS`} />
                      </td>
                      <td>
                        <Cell path={['packages', i, 'allows', 'urlFiltering']} kind="bool" label={`${p.id} allows URL filtering`} />
                      </td>
                      <td>
                        <Cell path={['packages', i, 'allows', 'remoteUsers']} kind="bool" label={`${p.id} allows remote users`} />
                      </td>
                      <td>
                        <Cell path={['packages', i, 'allows', 'automatedRecovery']} kind="bool" label={`${p.id} allows automated recovery`} />
                      </td>
                      <td>
                        <Cell path={['packages', i, 'orderable']} kind="bool" label={`${p.id} is in the shop`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {tab === 'vnfs' && (
            <div className="table-wrap">
              <table className="grid edit-grid" aria-label="VNF types">
                <thead>
                  <tr>
                    <th>VNF type</th>
                    <th>Software</th>
                    <th className="num">vCPU</th>
                    <th className="num">RAM (MB)</th>
                    <th className="num">Disk (GB)</th>
                    <th>Interfaces</th>
                    <th>Why these numbers</th>
                    <th>Day-1</th>
                  </tr>
                </thead>
                <tbody>
                  {doc.vnfTypes.map((t, i) => (
                    <tr key={t.id}>
                      <td>
                        <Cell path={['vnfTypes', i, 'name']} label={`Name of ${t.id}`} format={(v) => <b>{String(v)}</b>} />
                        <div className="faint small mono">
                          {t.id} · {t.role}
                        </div>
                      </td>
                      <td>
                        <Cell path={['vnfTypes', i, 'software']} label={`Software of ${t.id}`} />
                        <div className="faint small mono">{t.image}</div>
                      </td>
                      <td className="num">
                        <Cell path={['vnfTypes', i, 'vcpu']} kind="number" label={`vCPU of ${t.id}`} width={60} />
                      </td>
                      <td className="num">
                        <Cell path={['vnfTypes', i, 'ramMb']} kind="number" label={`RAM of ${t.id}`} width={80} format={(v) => mb(Number(v))} />
                      </td>
                      <td className="num">
                        <Cell path={['vnfTypes', i, 'diskGb']} kind="number" label={`Disk of ${t.id}`} width={70} />
                      </td>
                      <td className="small">{t.interfaces.map((x) => `${x.name} (${x.network})`).join(', ')}</td>
                      <td className="small muted" style={{ maxWidth: 360 }}>
                        <Cell path={['vnfTypes', i, 'note']} kind="area" label={`Note of ${t.id}`} />
                      </td>
                      <td>
                        <button className="btn small" onClick={() => setTemplate(i)} aria-label={`Day-1 template of ${t.name}`}>
                          <FileCode2 size={13} /> Template
                        </button>
                        {issues[`vnfTypes.${i}.day1Template`] && <div className="error small">{issues[`vnfTypes.${i}.day1Template`]}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {tab === 'options' && (
            <div className="panel-body form-grid">
              <div>
                <h3>Intrusion prevention</h3>
                <dl className="kv">
                  <dt>Label</dt>
                  <dd>
                    <Cell path={['options', 'ips', 'label']} label="IPS label" />
                  </dd>
                  <dt>VNF type</dt>
                  <dd>
                    <Cell path={['options', 'ips', 'vnfTypeId']} label="IPS VNF type" />
                  </dd>
                  <dt>Monthly</dt>
                  <dd>
                    <Cell path={['options', 'ips', 'monthly']} kind="number" label="IPS monthly price" format={fmtMoney} />
                  </dd>
                </dl>
              </div>
              <div>
                <h3>URL filtering</h3>
                <dl className="kv">
                  <dt>Levels</dt>
                  <dd>{doc.options.urlFiltering.levels.join(', ')}</dd>
                  <dt>Default</dt>
                  <dd>
                    {editing ? (
                      <select
                        aria-label="Default URL filtering level"
                        value={doc.options.urlFiltering.default}
                        onChange={(e) => ctx.set(['options', 'urlFiltering', 'default'], e.target.value)}
                      >
                        {URL_FILTERING_LEVELS.map((l) => (
                          <option key={l}>{l}</option>
                        ))}
                      </select>
                    ) : (
                      doc.options.urlFiltering.default
                    )}
                    {issues['options.urlFiltering.default'] && <div className="error small">{issues['options.urlFiltering.default']}</div>}
                  </dd>
                </dl>
              </div>
              <div>
                <h3>Remote users (SSL VPN)</h3>
                <dl className="kv">
                  <dt>Each, monthly</dt>
                  <dd>
                    <Cell path={['options', 'remoteUsers', 'perUserMonthly']} kind="number" label="Remote user monthly price" format={fmtMoney} />
                  </dd>
                  <dt>At most</dt>
                  <dd>
                    <Cell path={['options', 'remoteUsers', 'max']} kind="number" label="Most remote users" />
                  </dd>
                </dl>
              </div>
              <div>
                <h3>Automated recovery</h3>
                <dl className="kv">
                  <dt>Share of the package’s monthly price</dt>
                  <dd>
                    <Cell path={['options', 'automatedRecovery', 'monthlyFactor']} kind="number" label="Automated recovery factor" />
                  </dd>
                </dl>
              </div>
            </div>
          )}
          {tab === 'bandwidths' && (
            <div className="panel-body">
              <table className="grid edit-grid" aria-label="Bandwidths" style={{ maxWidth: 520 }}>
                <thead>
                  <tr>
                    <th className="num">Mbps</th>
                    <th className="num">Monthly</th>
                    {editing && <th />}
                  </tr>
                </thead>
                <tbody>
                  {doc.bandwidths.map((b, i) => (
                    <tr key={i}>
                      <td className="num">
                        <Cell path={['bandwidths', i, 'mbps']} kind="number" label={`Tier ${i + 1} Mbps`} width={80} />
                      </td>
                      <td className="num">
                        <Cell
                          path={['bandwidths', i, 'monthly']}
                          kind="number"
                          label={`Tier ${i + 1} monthly`}
                          format={(v) => (Number(v) ? fmtMoney(v) : 'included')}
                          width={80}
                        />
                      </td>
                      {editing && (
                        <td>
                          <button
                            className="btn small ghost"
                            aria-label={`Remove tier ${i + 1}`}
                            onClick={() =>
                              ctx.set(
                                ['bandwidths'],
                                doc.bandwidths.filter((_, k) => k !== i),
                              )
                            }
                          >
                            <Trash2 size={13} />
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              {editing && (
                <button className="btn small" style={{ marginTop: 10 }} onClick={() => ctx.set(['bandwidths'], [...doc.bandwidths, { mbps: 0, monthly: 0 }])}>
                  <Plus size={13} /> Add a tier
                </button>
              )}
            </div>
          )}
          {tab === 'cpes' && (
            <div className="panel-body">
              <table className="grid edit-grid" aria-label="CPE models">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th>Description</th>
                    <th className="num">Price</th>
                    <th className="num">Max Mbps</th>
                    <th className="num">Ports</th>
                    <th>In the shop</th>
                  </tr>
                </thead>
                <tbody>
                  {doc.cpeModels.map((m, i) => (
                    <tr key={i}>
                      <td>
                        <Cell path={['cpeModels', i, 'name']} label={`Name of CPE ${i + 1}`} format={(v) => <b>{String(v)}</b>} />
                        {editing && !cur.data!.catalog.cpeModels.some((x) => x.id === m.id) ? (
                          <Cell path={['cpeModels', i, 'id']} label={`Identifier of CPE ${i + 1}`} />
                        ) : (
                          <div className="faint small mono">{m.id}</div>
                        )}
                      </td>
                      <td className="small">
                        <Cell path={['cpeModels', i, 'description']} kind="area" label={`Description of CPE ${i + 1}`} />
                      </td>
                      <td className="num">
                        <Cell path={['cpeModels', i, 'price']} kind="number" label={`Price of ${m.id}`} format={fmtMoney} width={90} />
                      </td>
                      <td className="num">
                        <Cell path={['cpeModels', i, 'maxMbps']} kind="number" label={`Max Mbps of ${m.id}`} width={70} />
                      </td>
                      <td className="num">
                        <Cell path={['cpeModels', i, 'ports']} kind="number" label={`Ports of ${m.id}`} width={60} />
                      </td>
                      <td>
                        <Cell path={['cpeModels', i, 'orderable']} kind="bool" label={`${m.id} is in the shop`} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {editing && (
                <button
                  className="btn small"
                  style={{ marginTop: 10 }}
                  onClick={() =>
                    ctx.set(['cpeModels'], [...doc.cpeModels, { id: '', name: '', description: '', price: 0, maxMbps: 100, ports: 4, orderable: true }])
                  }
                >
                  <Plus size={13} /> Add a CPE model
                </button>
              )}
            </div>
          )}
          {tab === 'limits' && (
            <div className="panel-body">
              <dl className="kv">
                <dt>Currency</dt>
                <dd>
                  <Cell path={['currency']} label="Currency" width={80} />
                </dd>
                <dt>Shipping per site</dt>
                <dd>
                  <Cell path={['shipping', 'perSite']} kind="number" label="Shipping per site" format={fmtMoney} />
                </dd>
                <dt>Sites per service, at most</dt>
                <dd>
                  <Cell path={['limits', 'maxSites']} kind="number" label="Most sites" />
                </dd>
                <dt>Users per site, at most</dt>
                <dd>
                  <Cell path={['limits', 'maxUsersPerSite']} kind="number" label="Most users per site" />
                </dd>
                <dt>Growth, at most (%)</dt>
                <dd>
                  <Cell path={['limits', 'maxGrowthPercent']} kind="number" label="Most growth" />
                </dd>
              </dl>
            </div>
          )}
          {tab === 'history' && (
            <div className="table-wrap">
              <table className="grid" aria-label="Catalog versions">
                <thead>
                  <tr>
                    <th className="num">Version</th>
                    <th>Saved</th>
                    <th>By</th>
                    <th>Note</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {(versions.data?.versions ?? []).map((v) => (
                    <tr key={v.version}>
                      <td className="num">
                        <b>{v.version}</b> {v.version === versions.data?.current && <Badge tone="ok">current</Badge>}
                      </td>
                      <td className="mono small">{utc(v.createdAt)}</td>
                      <td>{v.createdBy}</td>
                      <td>{v.note}</td>
                      <td>
                        {v.version > 1 && (
                          <button className="btn small" onClick={() => setDiffOf(v.version)}>
                            <History size={13} /> What changed
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        {template !== null && <TemplateDialog index={template} onClose={() => setTemplate(null)} />}
        {diffOf !== null && <VersionDiff to={diffOf} onClose={() => setDiffOf(null)} />}
        {review && (
          <Dialog
            title={`Save as version ${review.current + 1}?`}
            wide
            onClose={() => setReview(null)}
            footer={
              <>
                <button className="btn" onClick={() => setReview(null)}>
                  Keep editing
                </button>
                <button
                  className="btn primary"
                  onClick={() => void save()}
                  disabled={busy || !note.trim() || review.changes.length === 0 || review.current !== base}
                >
                  {busy ? <span className="spinner" /> : <Save size={15} />} Save version {review.current + 1}
                </button>
              </>
            }
          >
            {review.current !== base && (
              <div className="alert bad" role="alert">
                Someone saved version {review.current} since you began (from version {base}): discard and edit again.
              </div>
            )}
            <p className="muted" style={{ marginTop: 0 }}>
              {review.changes.length === 0
                ? 'Nothing changed.'
                : `${review.changes.length} ${review.changes.length === 1 ? 'change' : 'changes'}. Services keep the version they were ordered under; new orders, quotes and the capacity calculator use the new one.`}
            </p>
            <ChangeList changes={review.changes} />
            <Field label="What changed, in a few words" hint="Kept with the version in the history">
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
            </Field>
          </Dialog>
        )}
      </div>
    </EditCtx.Provider>
  );
}

function TemplateDialog(props: { index: number; onClose: () => void }) {
  const { doc, editing, issues, set } = useEdit();
  const t = doc.vnfTypes[props.index]!;
  const err = issues[`vnfTypes.${props.index}.day1Template`];
  return (
    <Dialog title={`Day-1 template of ${t.name}`} wide onClose={props.onClose}>
      <p className="muted" style={{ marginTop: 0 }}>
        Logic-less: {'{{name}}'}, {'{{#each list}}…{{/each}}'}, {'{{#if x}}…{{else}}…{{/if}}'}. An unknown variable is an error with its line.
      </p>
      {err && (
        <div className="alert bad" role="alert">
          {err}
        </div>
      )}
      {editing ? (
        <textarea
          aria-label={`Day-1 template of ${t.name}`}
          aria-invalid={err ? true : undefined}
          className="template"
          rows={22}
          value={t.day1Template}
          onChange={(e) => set(['vnfTypes', props.index, 'day1Template'], e.target.value)}
        />
      ) : (
        <pre className="json config">{t.day1Template}</pre>
      )}
    </Dialog>
  );
}

function VersionDiff(props: { to: number; onClose: () => void }) {
  const q = useCommand('catalog.diff', { from: props.to - 1, to: props.to }, [props.to]);
  return (
    <Dialog title={`Version ${props.to - 1} → ${props.to}`} wide onClose={props.onClose}>
      {q.error ? <div className="alert bad">{q.error.message}</div> : q.data ? <ChangeList changes={q.data.changes} /> : <span className="spinner" />}
    </Dialog>
  );
}
