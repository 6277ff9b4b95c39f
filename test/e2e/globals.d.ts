// What the renderer puts on window, as the e2e tests see it from page.evaluate.
import type { RawPodium } from '../../core/api/client.js';

declare global {
  interface Window {
    podium?: RawPodium & { shell: 'electron' | 'browser' };
    /** The topology canvas's test probe (renderer/src/topology/probe.ts); only what the tests read. */
    __podiumTopology?: { ready: boolean; view: string; serviceId: string | null };
  }
}
