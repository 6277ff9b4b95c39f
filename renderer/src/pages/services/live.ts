// One service, kept live: loaded with services.get and loaded again (at most a few times a
// second) whenever the service, one of its operations or one of its VNFs changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ServiceView } from '../../../../core/orchestrator/contract';
import type { ApiError } from '../../../../core/api/errors';
import { api } from '../../lib/transport';
import { asApiError, useThrottled, useTopic } from '../../lib/hooks';

export interface LiveService {
  service: ServiceView | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

export function useLiveService(id: string | null): LiveService {
  const [service, setService] = useState<ServiceView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);

  const load = useCallback(() => {
    if (!id) return;
    const mine = ++seq.current;
    api.call('services.get', { id }).then(
      (r) => {
        if (mine !== seq.current) return;
        setService(r.service);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(asApiError(e));
        setLoading(false);
      },
    );
  }, [id]);

  const soon = useThrottled(load, 250);

  useEffect(() => {
    setService(null);
    setError(null);
    setLoading(true);
    load();
    const mine = seq;
    return () => {
      mine.current++;
    };
  }, [load]);

  const on = !!id && !error;
  useTopic('services.changed', id ? { serviceId: id } : {}, soon, on, [id]);
  useTopic('operations.changed', id ? { serviceId: id } : {}, soon, on, [id]);
  useTopic('vnfs.changed', id ? { serviceId: id } : {}, soon, on, [id]);
  return { service, error, loading, reload: load };
}
