// The engine's SecretStore in the desktop app. It runs in the engine's utility process (so it
// never imports 'electron'): the engine's in-memory store, filled with the keys the main process
// kept for this workspace, and reporting each change back to main, which alone holds safeStorage
// and decides whether keys may be written to disk at all.
import { memorySecretStore, rememberSecret, type SecretName, type SecretStore } from '../engine/secrets.ts';
import type { FromEngine, Persistence, SecretValues, ToEngine } from './engine-protocol.ts';

export interface HostSecretStore extends SecretStore {
  /** Applies the main process's secrets-init message. */
  init(message: Extract<ToEngine, { kind: 'secrets-init' }>): void;
  /** Whether keys set now are kept on disk (null until the main process has said). */
  readonly persistence: Persistence | null;
}

export function createHostSecretStore(post: (message: Extract<FromEngine, { kind: 'secrets-save' }>) => void, fromEnv: SecretValues = {}): HostSecretStore {
  const memory = memorySecretStore(fromEnv);
  // The keys main keeps: those set in the app or loaded from its vault, never those that came
  // from the environment (a scripted run's keys are not the user's to store).
  const kept: SecretValues = {};
  let persistence: Persistence | null = null;
  return {
    get: (name) => memory.get(name),
    values: () => memory.values(),
    set(name, value) {
      memory.set(name, value);
      if (value === undefined) delete kept[name];
      else kept[name] = value;
      // Memory-only sessions send nothing: keys cross to main only when main will keep them.
      if (!persistence?.ok) return;
      try {
        post({ kind: 'secrets-save', secrets: { ...kept } });
      } catch {
        // The main process is gone; the key still works for this session.
      }
    },
    init({ secrets, persist }) {
      persistence = persist;
      for (const [name, value] of Object.entries(secrets) as [SecretName, string][]) {
        if (name in kept) continue; // set in this process already: newer than the stored one
        kept[name] = value;
        // Redacted for the process's life even when the environment's key is the one in use.
        rememberSecret(value);
        // A key given in the environment wins for this session.
        if (fromEnv[name] === undefined) memory.set(name, value);
      }
    },
    get persistence() {
      return persistence;
    },
  };
}
