import type { BridgeApi } from '../../../shared/api/transport.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    cutover?: BridgeApi;
  }
}
