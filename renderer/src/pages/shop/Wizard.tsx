// The shop wizard (seed Figures 6-6 to 6-11), for a new order or for an update of an
// existing service: choose a package → "Tell us about your company" → equipment per site →
// installation summary → order summary with the dry run → purchase → live progress.
// Every change of an answer is checked by the core (services.plan): its field-level issues
// appear at the fields, and its price beside every step.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ArrowLeft, ArrowRight, ShoppingCart, RefreshCw } from 'lucide-react';
import type { CatalogDocument, PackageSpec } from '../../../../core/catalog/contract';
import type { PlanView, ServiceView } from '../../../../core/orchestrator/contract';
import type { ApiError } from '../../../../core/api/errors';
import type { FieldIssue } from '../../../../core/api/errors';
import { api } from '../../lib/transport';
import { asApiError, useCommand, useTopic } from '../../lib/hooks';
import { buildIntent, defaultCompany, formsOf, issueMap, resizeSites, stepIssues, suggestedCpe, type CompanyForm, type SiteForm } from '../../lib/services';
import { Stepper } from '../../components/Stepper';
import { PricePanel } from './PricePanel';
import { CompanyStep, EquipmentStep, InstallationStep, PackageStep, SummaryStep } from './steps';
import { OrderProgress } from './OrderProgress';

export type WizardMode = { kind: 'order' } | { kind: 'update'; service: ServiceView };

const STEPS = {
  order: ['Service', 'Your company', 'Equipment', 'Installation', 'Order summary', 'Provisioning'],
  update: ['Service', 'Your company', 'Equipment', 'Installation', 'Review', 'Updating'],
};

function newRequestId(): string {
  try {
    return crypto.randomUUID();
  } catch {
    return `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  }
}

export function ServiceWizard(props: { mode: WizardMode }) {
  const catalog = useCommand('catalog.list', { orderableOnly: false });
  const { reload } = catalog;
  useTopic('catalog.changed', {}, reload);
  if (catalog.error) return <div className="empty">Could not load the catalog: {catalog.error.message}</div>;
  if (!catalog.data) return <div className="empty">Loading the catalog…</div>;
  return <WizardBody doc={catalog.data.catalog} mode={props.mode} />;
}

function WizardBody(props: { doc: CatalogDocument; mode: WizardMode }) {
  const { doc, mode } = props;
  const existing = mode.kind === 'update' ? mode.service : null;
  const steps = STEPS[mode.kind];
  const packages = useMemo(() => doc.packages.filter((p) => p.orderable || p.id === existing?.packageId), [doc, existing?.packageId]);
  const initial = useMemo(() => (existing ? formsOf(existing.intent, doc) : null), [existing, doc]);

  const [step, setStep] = useState(0);
  const [reached, setReached] = useState(existing ? 4 : 0);
  const [pkgId, setPkgId] = useState<string | null>(existing?.packageId ?? null);
  const [company, setCompany] = useState<CompanyForm>(initial?.company ?? defaultCompany(doc));
  const [sites, setSites] = useState<SiteForm[]>(initial?.sites ?? resizeSites([], 1, suggestedCpe(doc, doc.bandwidths[0]?.mbps ?? 10)));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [shown, setShown] = useState<Set<'company' | 'sites'>>(new Set());
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [planError, setPlanError] = useState<ApiError | null>(null);
  const [planning, setPlanning] = useState(false);
  const [busy, setBusy] = useState(false);
  /** Continue is checking the step's answers against the latest plan: one check at a time. */
  const [checking, setChecking] = useState(false);
  const stepRef = useRef(step);
  stepRef.current = step;
  const [purchaseError, setPurchaseError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<{ serviceId: string; operationId: string } | null>(null);
  const requestId = useMemo(newRequestId, []);
  // The plan also depends on what the core knows beyond the answers: quotas, the catalog, room.
  const [world, setWorld] = useState(0);
  const bump = useCallback(() => setWorld((w) => w + 1), []);
  useTopic('tenants.changed', {}, bump);
  useTopic('catalog.changed', {}, bump);
  const planSeq = useRef(0);
  const planningRef = useRef(false);
  planningRef.current = planning;
  const main = useRef<HTMLDivElement>(null);

  const pkg: PackageSpec | null = packages.find((p) => p.id === pkgId) ?? null;
  const withSites = step >= 2;
  const built = useMemo(() => (pkg ? buildIntent(pkg, company, withSites ? sites : null) : null), [pkg, company, sites, withSites]);
  const issues = useMemo(() => ({ ...issueMap(serverIssues), ...issueMap(built?.issues ?? [], '') }), [serverIssues, built]);
  const issuesRef = useRef(issues);
  issuesRef.current = issues;

  // The company's number of sites decides how many sites the equipment step has.
  const siteCount = Number(company.sites.trim());
  useEffect(() => {
    if (Number.isInteger(siteCount) && siteCount >= 1)
      setSites((s) => (s.length === siteCount ? s : resizeSites(s, siteCount, suggestedCpe(doc, company.bandwidthMbps))));
  }, [siteCount, doc, company.bandwidthMbps]);

  // Plan (validate, price, dry run) a moment after every change. While only the sites are
  // incomplete, the price comes from the same answers without them (it has no CPEs yet).
  const intentKey = built ? JSON.stringify(built.intent) : null;
  useEffect(() => {
    if (!built || result) return;
    const mine = ++planSeq.current;
    setPlanning(true);
    const plan1 = (intent: typeof built.intent) => api.call('services.plan', { intent, ...(existing ? { serviceId: existing.id } : {}) });
    const t = setTimeout(() => {
      void (async () => {
        let p: PlanView | null = null;
        let found: FieldIssue[] = [];
        let other: ApiError | null = null;
        try {
          p = await plan1(built.intent);
        } catch (e) {
          const err = asApiError(e);
          if (err.code === 'BAD_INPUT' && err.issues.length) {
            found = err.issues;
            const onlySites = built.intent.sites && found.every((i) => i.path === 'intent.sites' || i.path.startsWith('intent.sites.'));
            if (onlySites) {
              const { sites: _sites, ...withoutSites } = built.intent;
              p = await plan1(withoutSites).catch(() => null);
            }
          } else other = err;
        }
        if (mine !== planSeq.current) return;
        setPlan(p);
        setServerIssues(found);
        setPlanError(other);
        setPlanning(false);
      })();
    }, 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- intentKey is the intent's value
  }, [intentKey, existing?.id, result, world]);

  const stepOf = (path: string): 'company' | 'sites' => (path === 'sites' || path.startsWith('sites.') ? 'sites' : 'company');
  const err = useCallback((path: string) => (touched.has(path) || shown.has(stepOf(path)) ? (issues[path] ?? null) : null), [issues, touched, shown]);
  const touch = (path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));

  const go = (i: number) => {
    setStep(i);
    setReached((r) => Math.max(r, i));
    requestAnimationFrame(() => {
      main.current?.scrollTo({ top: 0 });
      main.current?.querySelector<HTMLElement>('h2.step-title')?.focus();
    });
  };

  /** Wait until the plan of the latest answers is back (a few seconds at most). */
  const settled = async () => {
    for (let i = 0; i < 100 && planningRef.current; i++) await new Promise((r) => setTimeout(r, 50));
  };

  const next = async () => {
    if (step === 0) {
      if (pkg) go(1);
      return;
    }
    if (step === 1 || step === 2) {
      const which = step === 1 ? 'company' : 'sites';
      setShown((s) => new Set(s).add(which));
      setChecking(true);
      try {
        await new Promise((r) => setTimeout(r, 0));
        await settled();
      } finally {
        setChecking(false);
      }
      // the user may have gone to another step meanwhile: this Continue no longer applies
      if (stepRef.current !== step) return;
      if (stepIssues(issuesRef.current, which).length > 0) {
        requestAnimationFrame(() => main.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
      go(step + 1);
      return;
    }
    if (step === 3) go(4);
  };

  const purchase = async () => {
    if (!built || busy) return;
    setBusy(true);
    setPurchaseError(null);
    try {
      const r =
        mode.kind === 'order'
          ? await api.call('services.order', { intent: built.intent, requestId })
          : await api.call('services.update', { id: mode.service.id, intent: built.intent });
      setResult({ serviceId: r.service.id, operationId: r.operation.id });
      go(5);
    } catch (e) {
      const a = asApiError(e);
      setPurchaseError(a);
      if (a.code === 'BAD_INPUT') setServerIssues(a.issues);
    } finally {
      setBusy(false);
    }
  };

  const reachable = (i: number) => !result && i <= reached && (i <= 1 || !!pkg) && i < 5;
  const stepProblems = step === 1 ? stepIssues(issues, 'company') : step === 2 ? stepIssues(issues, 'sites') : [];
  const canPurchase = !!plan && plan.complete && plan.placement.ok && !planning && Object.keys(issues).length === 0;
  const noChange =
    mode.kind === 'update' && plan !== null && plan.diff.summary.length === 0 && JSON.stringify(built?.intent) === JSON.stringify(mode.service.intent);

  return (
    <div className="wizard">
      <Stepper steps={steps} current={step} reachable={reachable} onGo={go} label={mode.kind === 'order' ? 'Order steps' : 'Update steps'} />
      <div className={`wizard-body${step === 5 ? ' single' : ''}`}>
        <div className="wizard-main" ref={main}>
          {step === 0 && <PackageStep doc={doc} packages={packages} selected={pkgId} current={existing?.packageId ?? null} onSelect={setPkgId} />}
          {step === 1 && pkg && (
            <CompanyStep
              doc={doc}
              pkg={pkg}
              company={company}
              set={(patch, path) => {
                setCompany((c) => ({ ...c, ...patch }));
                touch(path);
              }}
              err={err}
              warnings={plan?.warnings.filter((w) => !w.startsWith('CPE models')) ?? []}
            />
          )}
          {step === 2 && pkg && (
            <EquipmentStep
              doc={doc}
              sites={sites}
              bandwidthMbps={company.bandwidthMbps}
              usersPerSite={company.usersPerSite}
              set={(i, patch, path) => {
                setSites((s) => s.map((x, k) => (k === i ? { ...x, ...patch } : x)));
                touch(path);
              }}
              err={err}
            />
          )}
          {step === 3 && <InstallationStep doc={doc} sites={sites} />}
          {step === 4 && Object.keys(issues).length > 0 && (
            <div className="alert bad" role="alert">
              <div>
                <b>Some answers need a look before you can {mode.kind === 'order' ? 'purchase' : 'confirm'}:</b>
                <ul className="tight">
                  {Object.entries(issues).map(([path, message]) => (
                    <li key={path}>
                      <button type="button" className="link" onClick={() => go(stepOf(path) === 'sites' ? 2 : 1)}>
                        {path.startsWith('sites') ? 'Equipment' : 'Your company'}
                      </button>
                      : {message}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          {step === 4 && pkg && (
            <SummaryStep
              doc={doc}
              pkg={pkg}
              company={company}
              sites={sites}
              plan={planning ? null : plan}
              mode={mode.kind}
              before={existing?.packageName ?? null}
            />
          )}
          {step === 5 && result && <OrderProgress serviceId={result.serviceId} operationId={result.operationId} kind={mode.kind} />}

          {plan && !plan.placement.ok && step >= 1 && step < 4 && (
            <div className="alert warn" role="status" style={{ marginTop: 14 }} data-testid="shortage">
              <div>
                <b>{mode.kind === 'order' ? 'This order' : 'This change'} cannot be placed now:</b> {plan.placement.shortage.message}
              </div>
            </div>
          )}
          {planError && step < 5 && (
            <div className="alert bad" role="alert" style={{ marginTop: 14 }}>
              {planError.code === 'RESOURCE_EXHAUSTED' ? 'Not enough capacity: ' : ''}
              {planError.message}
            </div>
          )}
          {step > 0 && step < 3 && shown.has(step === 1 ? 'company' : 'sites') && stepProblems.length > 0 && (
            <div className="alert bad" role="alert" style={{ marginTop: 14 }}>
              {stepProblems.length === 1 ? 'One answer needs a look' : `${stepProblems.length} answers need a look`} before you continue.
            </div>
          )}
          {purchaseError && (
            <div className="alert bad" role="alert" style={{ marginTop: 14 }}>
              <div>
                <b>{mode.kind === 'order' ? 'The order was not placed.' : 'The change was not made.'}</b> {purchaseError.message}
              </div>
            </div>
          )}
          {step < 5 && (
            <div className="wizard-nav">
              <button className="btn" type="button" onClick={() => go(step - 1)} disabled={step === 0 || busy}>
                <ArrowLeft size={15} /> Back
              </button>
              <span className="grow" />
              {step < 4 && (
                <button className="btn primary" type="button" onClick={() => void next()} disabled={(step === 0 && !pkg) || busy || checking}>
                  Continue {checking ? <span className="spinner" /> : <ArrowRight size={15} />}
                </button>
              )}
              {step === 4 && (
                <button
                  className="btn primary"
                  type="button"
                  onClick={() => void purchase()}
                  disabled={!canPurchase || busy || noChange}
                  title={noChange ? 'Nothing changes: choose another package or other options' : undefined}
                >
                  {busy ? <span className="spinner" /> : mode.kind === 'order' ? <ShoppingCart size={15} /> : <RefreshCw size={15} />}
                  {mode.kind === 'order' ? 'Purchase' : 'Confirm the change'}
                </button>
              )}
            </div>
          )}
          {step === 4 && noChange && <p className="muted">These answers are what the service already is: nothing to change.</p>}
        </div>
        {step < 5 && (
          <PricePanel
            quote={plan?.quote ?? null}
            before={existing ? existing.monthly : null}
            packageName={pkg?.name ?? null}
            incomplete={Object.keys(issues).length > 0}
            stale={planning && !!pkg}
            detail={step >= 1}
          />
        )}
      </div>
    </div>
  );
}
