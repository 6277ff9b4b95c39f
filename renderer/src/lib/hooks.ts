// Data hooks over the contract.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandInput, CommandName, CommandOutput, TopicEvent, TopicName, TopicParams } from '../../../core/api/contract';
import { ApiError } from '../../../core/api/errors';
import { api } from './transport';
import { notify, reportError } from '../app/toasts';

export interface Query<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** What went wrong, as an ApiError (a thrown error that is not one is INTERNAL). */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
}

/** Run a read command, again whenever `key` changes or `reload()` is called. */
export function useCommand<N extends CommandName>(name: N, input: CommandInput<N>, key: unknown[] = []): Query<CommandOutput<N>> {
  const [data, setData] = useState<CommandOutput<N> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const inputRef = useRef(input);
  inputRef.current = input;
  useEffect(() => {
    let live = true;
    setLoading(true);
    api.call(name, inputRef.current).then(
      (out) => {
        if (!live) return;
        setData(out);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(asApiError(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` lists what the input depends on
  }, [name, tick, ...key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Subscribe to a topic for the life of the component (or until `enabled` is false). */
export function useTopic<T extends TopicName>(
  topic: T,
  params: TopicParams<T>,
  onEvent: (e: TopicEvent<T>) => void,
  enabled = true,
  key: unknown[] = [],
): void {
  const cb = useRef(onEvent);
  cb.current = onEvent;
  const paramsRef = useRef(params);
  paramsRef.current = params;
  useEffect(() => {
    if (!enabled) return;
    return api.subscribe(topic, paramsRef.current, (e) => cb.current(e));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` lists what the params depend on
  }, [topic, enabled, ...key]);
}

/** A state-changing call with its pending flag, its field-level errors and the error of no field (`general`). */
export function useAction<N extends CommandName>(name: N) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async (input: CommandInput<N>): Promise<CommandOutput<N> | null> => {
      setPending(true);
      setError(null);
      try {
        return await api.call(name, input);
      } catch (e) {
        setError(asApiError(e));
        return null;
      } finally {
        setPending(false);
      }
    },
    [name],
  );
  const fieldError = useCallback((path: string) => error?.issues.find((i) => i.path === path)?.message ?? null, [error]);
  const general = error && !error.issues.length ? error.message : null;
  return { run, pending, error, fieldError, general, clearError: () => setError(null) };
}

/** Reload a query at most every `ms` while events arrive. */
export function useThrottled(fn: () => void, ms = 300): () => void {
  const t = useRef<ReturnType<typeof setTimeout> | null>(null);
  const f = useRef(fn);
  f.current = fn;
  useEffect(() => () => void (t.current && clearTimeout(t.current)), []);
  return () => {
    if (t.current) return;
    t.current = setTimeout(() => {
      t.current = null;
      f.current();
    }, ms);
  };
}

/**
 * Calls that buttons start, one at a time: `busy` while one runs; a toast says what was done
 * (`label`) or why it failed (titled `failure`, the label by default). `run` tells whether
 * the call succeeded.
 */
export function useBusyRun() {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (label: string, f: () => Promise<unknown>, failure: string = label): Promise<boolean> => {
    setBusy(true);
    try {
      await f();
      notify('info', label);
      return true;
    } catch (e) {
      reportError(e, failure);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, run };
}

export function useLocalStorage<T>(key: string, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (v: T) => {
      setValue(v);
      try {
        localStorage.setItem(key, JSON.stringify(v));
      } catch {
        // storage full or disabled: keep it for this page only
      }
    },
    [key],
  );
  return [value, set];
}
