// Reads the `checks-file` input's file for the shell: a YAML list like `checks`, for lists that do
// not fit in an input (the runner passes inputs as environment variables, at most 128 KiB each on
// Linux). The only file this Action reads; parsing stays in the pure checks-list.ts.

import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { ListFile } from './run.js'

/** Far above any list of checks (5,000 items are about 1 MB); a bigger file is not one. */
export const CHECKS_FILE_MAX_BYTES = 16 * 1024 * 1024

/** `given` is relative to `workspace` (GITHUB_WORKSPACE, else the working directory). */
export async function readChecksFile(given: string, workspace: string): Promise<ListFile> {
  const path = given.trim()
  const full = resolve(workspace, path)
  try {
    const info = await stat(full)
    if (info.isDirectory()) return { path, error: 'is a directory; give the path of the YAML file, relative to the workspace.' }
    if (info.size > CHECKS_FILE_MAX_BYTES) return { path, error: `is larger than ${CHECKS_FILE_MAX_BYTES / 1024 / 1024} MiB; that is not a list of checks.` }
    return { path, text: await readFile(full, 'utf8') }
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { path, error: 'names no file. Give the path relative to the workspace (GITHUB_WORKSPACE), and check out the repository first (actions/checkout).' }
    }
    return { path, error: `cannot be read (${code || 'unknown error'}).` }
  }
}
