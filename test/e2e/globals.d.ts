// What the renderer puts on window, as the e2e tests see it from page.evaluate.
import type { RawPodium } from '../../core/api/client.js';

declare global {
  interface Window {
    podium?: RawPodium & { shell: 'electron' | 'browser' };
  }
}
