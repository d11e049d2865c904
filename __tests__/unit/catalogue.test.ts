// The input catalogue is the one list of inputs: it must match action.yml exactly (names and
// defaults), and what is derived from it must hold.
import { expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { CHECK_KEYS, DEFAULTS, INPUTS, LIST_JOIN, PROVIDER_PARAMS } from '../../src/inputs/catalogue.js'

const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, { default?: string }> }

test('every action.yml input is in the catalogue with the same default, and no other', () => {
  expect(Object.keys(INPUTS).sort()).toEqual(Object.keys(action.inputs).sort())
  for (const [name, input] of Object.entries(action.inputs)) {
    expect([name, INPUTS[name as keyof typeof INPUTS].default]).toEqual([name, String(input.default ?? '')])
  }
})

test('derived lists: defaults, checks-list keys (with -env forms), list joins, provider parameters', () => {
  expect(DEFAULTS['auth-placement']).toBe('auto')
  expect(DEFAULTS['client-secret']).toBeUndefined()
  expect(CHECK_KEYS).toEqual(expect.arrayContaining(['client-secret', 'client-secret-env', 'client-id-env', 'scope']))
  // Run-wide inputs are set on the step, never in a list item.
  for (const runWide of ['checks', 'concurrency', 'fail-on', 'summary', 'export-token']) expect(CHECK_KEYS).not.toContain(runWide)
  expect(LIST_JOIN).toEqual({ scope: ' ', resource: '\n', 'extra-params': '\n', 'required-scopes': ' ' })
  expect(PROVIDER_PARAMS).toEqual(['region', 'tenant', 'domain', 'realm', 'authorization-server'])
})
