// What went wrong with a workspace's folder or cache, said so that a person can act on it: the
// path, what is wrong, and what to do. SQLite's and the file system's own wording ("disk I/O
// error", "file is not a database", EEXIST) names neither.
import { CutoverError } from '../../../shared/api/errors.ts';

const code = (err: unknown): string => {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
};

export function workspaceMissing(path: string): CutoverError {
  return new CutoverError(
    'WORKSPACE_NOT_FOUND',
    `There is no workspace at ${path}. Check the folder name; a new workspace is created by opening the demo or connecting the sources (demo-open or connection-set on the command line).`,
  );
}

export function folderIsFile(path: string): CutoverError {
  return new CutoverError('WORKSPACE_UNUSABLE', `The workspace folder ${path} is a file, not a folder. Choose another folder for the workspace, or move the file away.`);
}

/** The error a failed file-system or SQLite operation on the workspace at `path` means; null when it is not about the workspace. */
export function workspaceFailure(err: unknown, path: string, file: string): CutoverError | null {
  if (err instanceof CutoverError) return null;
  const c = code(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (c === 'SQLITE_NOTADB') {
    return new CutoverError('WORKSPACE_UNUSABLE', `${file} is not a Cutover workspace: it is not an SQLite database. Choose another folder for the workspace, or move that file away.`);
  }
  if (c.startsWith('SQLITE_CORRUPT')) {
    return new CutoverError(
      'WORKSPACE_UNUSABLE',
      `The workspace cache ${file} is damaged (SQLite: ${detail}). Run Check workspace to see which tables; then restore the folder from a backup, or move it away and pull again into a new workspace.`,
    );
  }
  if (c.startsWith('SQLITE_READONLY') || c.startsWith('SQLITE_IOERR') || c === 'SQLITE_CANTOPEN' || c === 'SQLITE_PERM' || c === 'EACCES' || c === 'EPERM' || c === 'EROFS') {
    return new CutoverError(
      'WORKSPACE_UNUSABLE',
      `The workspace ${path} cannot be written (${detail}). Cutover needs to write to the folder and its files: check their permissions and that the disk is not read-only, or copy the workspace somewhere writable.`,
    );
  }
  if (c === 'SQLITE_FULL' || c === 'ENOSPC') return new CutoverError('WORKSPACE_UNUSABLE', `The disk holding the workspace ${path} is full. Free some space, then try again.`);
  if (c === 'ENOTDIR' || c === 'EEXIST') {
    return new CutoverError('WORKSPACE_UNUSABLE', `The workspace folder ${path} cannot be created: a folder above it is a file. Choose another folder for the workspace.`);
  }
  return null;
}
