// undici is not bundled: @actions/http-client imports its ProxyAgent at load time but the Action
// never calls it, so a local stand-in (stubs/undici) takes its place through an npm override.
// The proxy end-to-end tests prove nothing that is used went missing; these hold the wiring.

import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ProxyAgent } from 'undici'
import { ROOT } from '../helpers/servers.js'

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  dependencies: Record<string, string>
  overrides: Record<string, unknown>
}

describe('the undici stand-in', () => {
  test('is what `undici` resolves to, and fails loudly if anything constructs it', () => {
    expect(() => new ProxyAgent({ uri: 'http://proxy.example:3128' })).toThrow(/undici\.ProxyAgent is not bundled with oauth-credential-health/)
  })
  test('is wired as a root dependency plus a $undici override (a file: path inside overrides breaks npm ci)', () => {
    expect(pkg.dependencies['undici']).toBe('file:stubs/undici')
    expect(pkg.overrides['undici']).toBe('$undici')
    expect(pkg.overrides['madge']).toEqual({ typescript: '$typescript' })
  })
  test('the bundle carries the stand-in, not undici', () => {
    const bundle = readFileSync(join(ROOT, 'dist/index.js'), 'utf8')
    expect(bundle).toContain('is not bundled with oauth-credential-health (stubs/undici)')
    // Every undici error code starts with UND_ERR_.
    expect(bundle).not.toContain('UND_ERR_')
  })
  test('the build clears dist/ first, so no stale chunk lingers', () => {
    expect(pkg.scripts['build']).toMatch(/^rm -rf dist && .*ncc build /)
  })
})
