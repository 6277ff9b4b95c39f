// The shop's steps, following the seed's screens: Cloud VPN services (Figure 6-7), "Tell us
// about your company" (6-8), Select Equipment (6-9), Installation Address (6-10) and
// Order Summary (6-11).
import type { ReactNode } from 'react';
import { ArrowRight, Check, Minus, Truck } from 'lucide-react';
import type { CatalogDocument, PackageSpec } from '../../../../core/catalog/contract';
import type { PlanView } from '../../../../core/orchestrator/contract';
import { Field } from '../../components/Field';
import { Badge } from '../../components/Badge';
import { mb, money, type CompanyForm, type SiteForm, type UrlLevel } from '../../lib/services';
import { PriceLines } from './PricePanel';

type Err = (path: string) => string | null;

function chainOf(doc: CatalogDocument, pkg: PackageSpec) {
  return pkg.chain.map((id) => doc.vnfTypes.find((t) => t.id === id)).filter((t) => t !== undefined);
}

// ---------------------------------------------------------------- 1. Cloud VPN services

export function PackageStep(props: {
  doc: CatalogDocument;
  packages: PackageSpec[];
  selected: string | null;
  current: string | null;
  onSelect: (id: string) => void;
}) {
  const { doc } = props;
  const ips = doc.vnfTypes.find((t) => t.id === doc.options.ips.vnfTypeId);
  return (
    <section aria-labelledby="pkg-h">
      <h2 id="pkg-h" className="step-title" tabIndex={-1}>
        Cloud VPN services
      </h2>
      <p className="muted step-sub">
        Every service connects your sites over IPsec to a chain of virtual network functions in our data centres. Choose the one that fits.
      </p>
      <div className="pkg-grid" role="radiogroup" aria-label="Cloud VPN services">
        {props.packages.map((p) => {
          const chain = chainOf(doc, p);
          const vcpu = chain.reduce((n, t) => n + t.vcpu, 0);
          const on = props.selected === p.id;
          const feat = (ok: boolean, text: ReactNode) => (
            <li className={ok ? '' : 'off'}>
              {ok ? <Check size={14} /> : <Minus size={14} />} {text}
            </li>
          );
          return (
            <label key={p.id} className={`pkg-card${on ? ' selected' : ''}`}>
              <input type="radio" name="package" value={p.id} checked={on} onChange={() => props.onSelect(p.id)} aria-label={p.name} />
              <div className="pkg-top">
                <h3>{p.name}</h3>
                {props.current === p.id && <Badge tone="info">Your service now</Badge>}
              </div>
              <p className="muted pkg-desc">{p.description}</p>
              <div className="chain" aria-label={`Chain of ${p.name}`}>
                {chain.map((t, i) => (
                  <span key={t.id} className="chain-item">
                    {i > 0 && <ArrowRight size={12} className="faint" />}
                    <span className="vnf-chip" title={`${t.software}: ${t.vcpu} vCPU, ${mb(t.ramMb)} RAM, ${t.diskGb} GB disk`}>
                      {t.name} <small>{t.software}</small>
                    </span>
                  </span>
                ))}
              </div>
              <ul className="features">
                {feat(true, 'Site-to-site IPsec VPN')}
                {feat(p.chain.length > 1, 'Internet access through a firewall (NAT)')}
                {feat(p.allows.remoteUsers, 'Remote users (SSL VPN)')}
                {feat(p.allows.urlFiltering, 'URL filtering (web security)')}
                {feat(p.allows.ips, <>Intrusion prevention option{ips ? ` (${ips.software})` : ''}</>)}
                {feat(p.allows.automatedRecovery, 'Automated recovery option')}
              </ul>
              <div className="pkg-price">
                <div>
                  <b>{money(p.price.monthly, doc.currency)}</b> / month
                </div>
                <div className="muted">
                  + {money(p.price.perSiteMonthly, doc.currency)} per site · set-up {money(p.price.setup, doc.currency)}
                </div>
                <div className="faint small">{vcpu} vCPU in the cloud</div>
              </div>
            </label>
          );
        })}
      </div>
    </section>
  );
}

// ---------------------------------------------------------------- 2. Tell us about your company

function Check2(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
  name: string;
}) {
  return (
    <div className="field">
      <label className={`check${props.disabled ? ' disabled' : ''}`}>
        <input
          type="checkbox"
          name={props.name}
          checked={props.checked}
          disabled={props.disabled}
          onChange={(e) => props.onChange(e.target.checked)}
          aria-invalid={props.error ? true : undefined}
        />
        <span>{props.label}</span>
      </label>
      {props.error ? (
        <span className="error" role="alert">
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="hint">{props.hint}</span>
      ) : null}
    </div>
  );
}

export function CompanyStep(props: {
  doc: CatalogDocument;
  pkg: PackageSpec;
  company: CompanyForm;
  set: (patch: Partial<CompanyForm>, path: string) => void;
  err: Err;
  warnings: string[];
}) {
  const { doc, pkg, company: c, set, err } = props;
  const cur = doc.currency;
  const L = doc.limits;
  const o = doc.options;
  const recovery = Math.round(pkg.price.monthly * o.automatedRecovery.monthlyFactor * 100) / 100;
  const needsFirewall = 'needs a firewall: part of Advanced and Advanced with Web Security';
  return (
    <section aria-labelledby="co-h">
      <h2 id="co-h" className="step-title" tabIndex={-1}>
        Tell us about your company
      </h2>
      <p className="muted step-sub">Your answers shape the {pkg.name} service: its size, its options and its price. The price on the right follows them.</p>
      <div className="form-grid">
        <Field label="How many enterprise sites?" hint={`1 to ${L.maxSites}; each gets a CPE and an IPsec tunnel`} error={err('company.sites')}>
          <input name="sites" inputMode="numeric" value={c.sites} onChange={(e) => set({ sites: e.target.value }, 'company.sites')} />
        </Field>
        <Field label="Users at each site" hint={`up to ${L.maxUsersPerSite.toLocaleString('en')}`} error={err('company.usersPerSite')}>
          <input
            name="usersPerSite"
            inputMode="numeric"
            value={c.usersPerSite}
            onChange={(e) => set({ usersPerSite: e.target.value }, 'company.usersPerSite')}
          />
        </Field>
        <Field label="Anticipated employee growth (%)" hint={`0 to ${L.maxGrowthPercent} %`} error={err('company.growthPercent')}>
          <input
            name="growthPercent"
            inputMode="numeric"
            value={c.growthPercent}
            onChange={(e) => set({ growthPercent: e.target.value }, 'company.growthPercent')}
          />
        </Field>
        <Field
          label="Remote / mobile users (SSL VPN)"
          hint={
            pkg.allows.remoteUsers ? `up to ${o.remoteUsers.max}; ${money(o.remoteUsers.perUserMonthly, cur)} each per month` : `Remote users ${needsFirewall}`
          }
          error={err('company.remoteUsers')}
        >
          <input
            name="remoteUsers"
            inputMode="numeric"
            value={pkg.allows.remoteUsers ? c.remoteUsers : '0'}
            disabled={!pkg.allows.remoteUsers}
            onChange={(e) => set({ remoteUsers: e.target.value }, 'company.remoteUsers')}
          />
        </Field>
      </div>
      <fieldset className="field radio-row" aria-invalid={err('company.bandwidthMbps') ? true : undefined}>
        <legend>Bandwidth requirement</legend>
        {doc.bandwidths.map((b) => (
          <label key={b.mbps} className={`radio-pill${c.bandwidthMbps === b.mbps ? ' on' : ''}`}>
            <input
              type="radio"
              name="bandwidth"
              checked={c.bandwidthMbps === b.mbps}
              onChange={() => set({ bandwidthMbps: b.mbps }, 'company.bandwidthMbps')}
            />
            <span>{b.mbps} Mbps</span>
            <small>{b.monthly > 0 ? `+${money(b.monthly, cur)} / month` : 'included'}</small>
          </label>
        ))}
        {err('company.bandwidthMbps') && (
          <span className="error" role="alert">
            {err('company.bandwidthMbps')}
          </span>
        )}
      </fieldset>
      <div className="form-grid">
        <Field
          label="URL filtering"
          hint={
            pkg.allows.urlFiltering
              ? `Web filtering level of the web security appliance (default ${o.urlFiltering.default})`
              : 'URL filtering is part of Advanced with Web Security'
          }
          error={err('company.urlFiltering')}
        >
          <select
            name="urlFiltering"
            value={c.urlFiltering}
            disabled={!pkg.allows.urlFiltering}
            onChange={(e) => set({ urlFiltering: e.target.value as UrlLevel }, 'company.urlFiltering')}
          >
            {o.urlFiltering.levels.map((l) => (
              <option key={l} value={l}>
                {l[0]!.toUpperCase() + l.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <div />
      </div>
      <Check2
        name="automatedRecovery"
        label={
          <>
            <b>Automated recovery</b> — a second service path in another data centre; your sites switch to it by themselves
          </>
        }
        hint={pkg.allows.automatedRecovery ? `+${money(recovery, cur)} / month` : `${pkg.name} has no automated recovery`}
        error={err('company.automatedRecovery')}
        checked={pkg.allows.automatedRecovery && c.automatedRecovery}
        disabled={!pkg.allows.automatedRecovery}
        onChange={(v) => set({ automatedRecovery: v }, 'company.automatedRecovery')}
      />
      <Check2
        name="ips"
        label={
          <>
            <b>Intrusion Prevention Service</b> — inline inspection of your traffic
          </>
        }
        hint={pkg.allows.ips ? `+${money(o.ips.monthly, cur)} / month` : `Intrusion prevention ${needsFirewall}`}
        error={err('company.ips')}
        checked={pkg.allows.ips && c.ips}
        disabled={!pkg.allows.ips}
        onChange={(v) => set({ ips: v }, 'company.ips')}
      />
      <div className="form-grid">
        <Field label="Service name" hint="Optional: how the service is called in My services" error={err('name')}>
          <input name="serviceName" value={c.name} maxLength={80} onChange={(e) => set({ name: e.target.value }, 'name')} />
        </Field>
      </div>
      {props.warnings.map((w) => (
        <div key={w} className="alert warn" role="status">
          {w}
        </div>
      ))}
    </section>
  );
}

// ---------------------------------------------------------------- 3. Select Equipment

export function EquipmentStep(props: {
  doc: CatalogDocument;
  sites: SiteForm[];
  bandwidthMbps: number;
  usersPerSite: string;
  set: (i: number, patch: Partial<SiteForm>, path: string) => void;
  err: Err;
}) {
  const { doc } = props;
  const models = doc.cpeModels.filter((m) => m.orderable);
  return (
    <section aria-labelledby="eq-h">
      <h2 id="eq-h" className="step-title" tabIndex={-1}>
        Select equipment
      </h2>
      <p className="muted step-sub">
        Each site gets a CPE that sets itself up when it is plugged in (zero-touch). Choose a model for each site — it must carry your {props.bandwidthMbps}{' '}
        Mbps — and where we ship it.
      </p>
      {props.err('sites') && (
        <div className="alert bad" role="alert">
          {props.err('sites')}
        </div>
      )}
      <div className="site-list">
        {props.sites.map((s, i) => {
          const p = `sites.${i}`;
          const model = models.find((m) => m.id === s.cpeModelId);
          return (
            <fieldset key={i} className="panel site-card" aria-label={`Site ${i + 1}`}>
              <legend className="site-legend">
                Site {i + 1}
                {s.name && s.name !== `Site ${i + 1}` ? ` — ${s.name}` : ''}
              </legend>
              <div className="form-grid three">
                <Field label="Site name" error={props.err(`${p}.name`)}>
                  <input value={s.name} maxLength={60} onChange={(e) => props.set(i, { name: e.target.value }, `${p}.name`)} />
                </Field>
                <Field
                  label="CPE model"
                  hint={model ? `${money(model.price, doc.currency)} · up to ${model.maxMbps} Mbps · ${model.ports} LAN ports` : undefined}
                  error={props.err(`${p}.cpeModelId`)}
                >
                  <select value={s.cpeModelId} onChange={(e) => props.set(i, { cpeModelId: e.target.value }, `${p}.cpeModelId`)}>
                    {models.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name} — {money(m.price, doc.currency)}
                        {m.maxMbps < props.bandwidthMbps ? ` (only ${m.maxMbps} Mbps)` : ''}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Users at this site" hint={`Optional; ${props.usersPerSite || 'the company’s number'} when empty`} error={props.err(`${p}.users`)}>
                  <input
                    inputMode="numeric"
                    value={s.users}
                    placeholder={props.usersPerSite}
                    onChange={(e) => props.set(i, { users: e.target.value }, `${p}.users`)}
                  />
                </Field>
              </div>
              <div className="ship-h">
                <Truck size={14} /> Shipping address
              </div>
              <div className="form-grid addr">
                <Field label="Street" error={props.err(`${p}.address.line1`)}>
                  <input value={s.line1} autoComplete="address-line1" onChange={(e) => props.set(i, { line1: e.target.value }, `${p}.address.line1`)} />
                </Field>
                <Field label="Street, line 2" hint="Optional" error={props.err(`${p}.address.line2`)}>
                  <input value={s.line2} autoComplete="address-line2" onChange={(e) => props.set(i, { line2: e.target.value }, `${p}.address.line2`)} />
                </Field>
                <Field label="City" error={props.err(`${p}.address.city`)}>
                  <input value={s.city} autoComplete="address-level2" onChange={(e) => props.set(i, { city: e.target.value }, `${p}.address.city`)} />
                </Field>
                <Field label="Postal code" error={props.err(`${p}.address.postalCode`)}>
                  <input
                    value={s.postalCode}
                    autoComplete="postal-code"
                    onChange={(e) => props.set(i, { postalCode: e.target.value }, `${p}.address.postalCode`)}
                  />
                </Field>
                <Field label="Country" hint="Two letters, e.g. DE" error={props.err(`${p}.address.country`)}>
                  <input
                    value={s.country}
                    maxLength={2}
                    autoComplete="country"
                    onChange={(e) => props.set(i, { country: e.target.value.toUpperCase() }, `${p}.address.country`)}
                  />
                </Field>
              </div>
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}

// ---------------------------------------------------------------- 4. Installation address

export function InstallationStep(props: { doc: CatalogDocument; sites: SiteForm[] }) {
  const { doc } = props;
  const cur = doc.currency;
  const ship = doc.shipping.perSite;
  const priceOf = (id: string) => doc.cpeModels.find((m) => m.id === id)?.price ?? 0;
  const devices = props.sites.reduce((n, s) => n + priceOf(s.cpeModelId), 0);
  return (
    <section aria-labelledby="in-h">
      <h2 id="in-h" className="step-title" tabIndex={-1}>
        Installation addresses
      </h2>
      <p className="muted step-sub">
        {props.sites.length} CPE {props.sites.length === 1 ? 'device' : 'devices'} will be shipped, one to each site. Check the addresses before you continue.
      </p>
      <div className="panel">
        <table className="grid" aria-label="Devices and addresses">
          <thead>
            <tr>
              <th>Site</th>
              <th>CPE model</th>
              <th className="num">Device</th>
              <th className="num">Shipping</th>
              <th>Ship to</th>
            </tr>
          </thead>
          <tbody>
            {props.sites.map((s, i) => (
              <tr key={i}>
                <td>
                  <b>{s.name}</b>
                </td>
                <td>{doc.cpeModels.find((m) => m.id === s.cpeModelId)?.name ?? s.cpeModelId}</td>
                <td className="num">{money(priceOf(s.cpeModelId), cur)}</td>
                <td className="num">{money(ship, cur)}</td>
                <td>
                  {s.line1}
                  {s.line2 ? `, ${s.line2}` : ''}, {s.postalCode} {s.city}, {s.country}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2}>
                <b>Total for the equipment</b>
              </td>
              <td className="num">
                <b>{money(devices, cur)}</b>
              </td>
              <td className="num">
                <b>{money(ship * props.sites.length, cur)}</b>
              </td>
              <td>
                <b data-testid="equipment-total">{money(devices + ship * props.sites.length, cur)}</b> one-off
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------- 5. Order summary

const ACTION_WORD = { create: 'new', keep: 'stays', reconfigure: 'reconfigured', delete: 'removed' } as const;
const ACTION_SIGN = { create: '+', keep: ' ', reconfigure: '~', delete: '−' } as const;

export function SummaryStep(props: {
  doc: CatalogDocument;
  pkg: PackageSpec;
  company: CompanyForm;
  sites: SiteForm[];
  plan: PlanView | null;
  mode: 'order' | 'update';
  before: string | null;
}) {
  const { doc, pkg, company: c, plan } = props;
  const cur = doc.currency;
  const answers: [string, ReactNode][] = [
    ['Service', props.before && props.before !== pkg.name ? `${props.before} → ${pkg.name}` : pkg.name],
    ['Name', c.name.trim() || <span className="faint">the package and a number</span>],
    ['Enterprise sites', c.sites],
    ['Users at each site', c.usersPerSite],
    ['Employee growth', `${c.growthPercent} %`],
    ['Bandwidth', `${c.bandwidthMbps} Mbps`],
    ['Remote users', pkg.allows.remoteUsers ? c.remoteUsers : '—'],
    ['Automated recovery', pkg.allows.automatedRecovery && c.automatedRecovery ? 'Yes' : 'No'],
    ['URL filtering', pkg.allows.urlFiltering ? c.urlFiltering[0]!.toUpperCase() + c.urlFiltering.slice(1) : '—'],
    ['Intrusion prevention', pkg.allows.ips && c.ips ? 'Yes' : 'No'],
  ];
  const changes = plan?.chains.flatMap((ch) => ch.vnfs.filter((v) => v.action !== 'keep').map((v) => ({ ch, v }))) ?? [];
  return (
    <section aria-labelledby="sum-h">
      <h2 id="sum-h" className="step-title" tabIndex={-1}>
        {props.mode === 'update' ? 'Review the change' : 'Order summary'}
      </h2>
      <p className="muted step-sub">
        {props.mode === 'update'
          ? 'This is what the change does to your service and to its price. Nothing changes until you confirm.'
          : 'Review your order. Nothing is ordered until you purchase.'}
      </p>
      <div className="summary-grid">
        <div className="panel">
          <div className="panel-head">
            <h3>Your answers</h3>
          </div>
          <dl className="kv panel-body">
            {answers.map(([k, v]) => (
              <div key={k} className="kv-row">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="panel">
          <div className="panel-head">
            <h3>Price</h3>
          </div>
          <div className="panel-body">
            {plan ? (
              <>
                <h4 className="price-h">Monthly — {money(plan.quote.monthly.total, cur)}</h4>
                <PriceLines lines={plan.quote.monthly.lines} currency={cur} />
                <h4 className="price-h">One-off — {money(plan.quote.oneTime.total, cur)}</h4>
                <PriceLines lines={plan.quote.oneTime.lines} currency={cur} />
                {plan.diff.monthly.before !== null && (
                  <p className="price-change" data-testid="price-change">
                    Monthly price: {money(plan.diff.monthly.before, cur)} → <b>{money(plan.diff.monthly.after, cur)}</b>
                  </p>
                )}
              </>
            ) : (
              <span className="spinner" aria-label="Pricing" />
            )}
          </div>
        </div>
      </div>
      <div className="panel" style={{ marginTop: 16 }}>
        <div className="panel-head">
          <h3>{props.mode === 'update' ? 'What changes (dry run)' : 'What we will build (dry run)'}</h3>
          {plan && (
            <span className="muted small">
              {plan.totals.vcpu} vCPU · {mb(plan.totals.ramMb)} RAM · {plan.totals.diskGb} GB disk
            </span>
          )}
        </div>
        <div className="panel-body" data-testid="dry-run">
          {!plan ? (
            <span className="spinner" aria-label="Planning" />
          ) : !plan.placement.ok ? (
            <div className="alert bad" role="alert" data-testid="shortage">
              <div>
                <b>{props.mode === 'update' ? 'This change' : 'This order'} cannot be placed now.</b> {plan.placement.shortage.message}
                {plan.placement.shortage.where.length > 0 && (
                  <ul className="tight">
                    {plan.placement.shortage.where.slice(0, 3).map((w, i) => (
                      <li key={i}>
                        {w.serverName ?? w.podName} in {w.podName} ({w.dcName}): {w.free.vcpu} vCPU, {mb(w.free.ramMb)} RAM, {w.free.diskGb} GB disk free
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          ) : (
            <>
              <div className="paths">
                {plan.chains.map((ch) => (
                  <div key={`${ch.path}-${ch.serverId}`} className="path-box" data-pod={ch.podName}>
                    <div className="path-h">
                      <Badge tone={ch.path === 'primary' ? 'info' : 'neutral'}>{ch.path === 'primary' ? 'Primary path' : 'Redundant path'}</Badge>
                      <span>
                        {ch.podName} · {ch.dcName}
                      </span>
                      <span className="faint small">route cost {ch.preference}</span>
                    </div>
                    <div className="chain">
                      {ch.vnfs.map((v, i) => (
                        <span key={`${v.hostname}-${v.action}`} className="chain-item">
                          {i > 0 && <ArrowRight size={12} className="faint" />}
                          <span className={`vnf-chip act-${v.action}`} title={`${v.hostname}: ${v.vcpu} vCPU, ${mb(v.ramMb)} RAM, ${v.diskGb} GB disk`}>
                            {doc.vnfTypes.find((t) => t.id === v.vnfTypeId)?.name ?? v.vnfTypeId} <small>{v.software}</small>
                            {props.mode === 'update' && <em>{ACTION_WORD[v.action]}</em>}
                          </span>
                        </span>
                      ))}
                    </div>
                  </div>
                ))}
              </div>
              {props.mode === 'update' && (
                <ul className="change-list" aria-label="Changes">
                  {changes.map(({ ch, v }) => (
                    <li key={`${v.hostname}-${v.action}`} className={`chg-${v.action}`}>
                      <span className="sign">{ACTION_SIGN[v.action]}</span> {doc.vnfTypes.find((t) => t.id === v.vnfTypeId)?.name ?? v.vnfTypeId} ({v.software},{' '}
                      {v.vcpu} vCPU) — {ACTION_WORD[v.action]}, {ch.path} path in {ch.podName}
                    </li>
                  ))}
                  {changes.length === 0 && <li className="muted">No VNF changes; only settings or prices.</li>}
                </ul>
              )}
              {plan.warnings.map((w) => (
                <div key={w} className="alert warn" role="status" style={{ marginTop: 10, marginBottom: 0 }}>
                  {w}
                </div>
              ))}
              {plan.diff.summary.length > 0 && (
                <details className="plan-details">
                  <summary>Every change in the plan ({plan.diff.summary.length})</summary>
                  <ul className="mono small">
                    {plan.diff.summary.map((l, i) => (
                      <li key={i}>{l}</li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          )}
        </div>
      </div>
      <div className="panel" style={{ marginTop: 16 }}>
        <div className="panel-head">
          <h3>Sites and equipment</h3>
        </div>
        <table className="grid">
          <tbody>
            {props.sites.map((s, i) => (
              <tr key={i}>
                <td>
                  <b>{s.name}</b>
                </td>
                <td>{doc.cpeModels.find((m) => m.id === s.cpeModelId)?.name}</td>
                <td className="muted">
                  {s.line1}, {s.postalCode} {s.city}, {s.country}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
