// Files a call may read, named by an opaque token instead of a path. A path never comes from a
// renderer or a web page: only a host's own code, in-process, turns a file into a token — the
// desktop main process after the user picked it in a native dialog, the CLI from its argument,
// the web host for an upload it streamed to a temporary file. A token is good once, and only on
// the transport it was granted for.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { CutoverError } from '../../../shared/api/errors.ts';

/** How a call reached the engine: stated by the host that carried it, never taken from the call. */
export type Transport = 'web' | 'ipc' | 'in-process';

export interface FileGrant {
  path: string;
  /** The name to show (the file's own, or the upload's). */
  name: string;
  transport: Transport;
  /** A temporary copy (an upload): deleted once read, or when the grant is released unused. */
  temporary: boolean;
}

/** Tokens outstanding at once: a host grants one per file the user chose, and each is used at once. */
const MAX_OUTSTANDING = 32;

export class FileGrants {
  private readonly pending = new Map<string, FileGrant>();

  /** A token for reading `path`, usable once by a call on `transport`. */
  grant(path: string, opts: { transport: Transport; name?: string; temporary?: boolean }): string {
    const token = randomBytes(24).toString('base64url');
    this.pending.set(token, { path, name: opts.name ?? basename(path), transport: opts.transport, temporary: opts.temporary ?? false });
    // The oldest unused grants go first (a dialog opened and never imported).
    for (const old of this.pending.keys()) {
      if (this.pending.size <= MAX_OUTSTANDING) break;
      this.release(old);
    }
    return token;
  }

  /** The file a call's token names; the token is spent. */
  take(token: string, transport: Transport): FileGrant {
    const grant = this.pending.get(token);
    if (!grant || grant.transport !== transport) {
      throw new CutoverError('BAD_INPUT', 'That file is no longer available to import (each file can be imported once per choice): choose it again.');
    }
    this.pending.delete(token);
    return grant;
  }

  /** Forgets an unused token (deleting its temporary file); a spent one is left to its reader. */
  release(token: string): void {
    const grant = this.pending.get(token);
    if (!grant) return;
    this.pending.delete(token);
    if (grant.temporary) removeTemporary(grant);
  }

  close(): void {
    for (const token of [...this.pending.keys()]) this.release(token);
  }
}

/** Deletes a temporary file once it has been read (or was never used). */
export function removeTemporary(grant: FileGrant): void {
  if (grant.temporary) rmSync(grant.path, { force: true });
}
