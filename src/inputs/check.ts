// One check's inputs (the step's, or a `checks` item over them) parsed into a CheckSpec, or into
// INVALID_INPUT / INSECURE_URL findings that name the input (and the check) and the expected form.
// Pure: the shell passes a getter over the runner's INPUT_* variables.

import { isInsecure, parseEndpoint } from '../endpoint/url-rules.js'
import { finding, type Finding } from '../findings/codes.js'
import { GRANT_TYPES } from '../grant/index.js'
import type { CheckSpec, EndpointSpec, GrantSpec, GrantType, ProbeSpec } from '../spec.js'
import type { InputGetter } from './catalogue.js'
import { KEY_ONLY_METHODS, parseClientAuth } from './client-auth.js'
import { parsePreset } from './provider.js'
import { bool, clip, complainer, expiryDate, number, oneOf, paramList, resourceList, statusRanges, withDefaults, type Complain, type Where } from './values.js'

export type ParsedCheck =
  | { readonly ok: true; readonly spec: CheckSpec }
  | { readonly ok: false; readonly name: string; readonly tokenUrl: string; readonly findings: readonly Finding[] }

const PROBE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
const MAX_TIMEOUT_S = 300
const MAX_RETRIES = 10

export function parseCheck(raw: InputGetter, where: Where): ParsedCheck {
  const errors: Finding[] = []
  const bad = complainer(errors, where)
  const get = withDefaults(raw)

  const preset = parsePreset(get, bad)
  // token-url and issuer, when given, win over the preset (whose rules still apply).
  const tokenUrlText = get('token-url') || (preset?.endpoint && 'tokenUrl' in preset.endpoint ? preset.endpoint.tokenUrl : '')
  const issuerText = get('issuer') || (preset?.endpoint && 'issuer' in preset.endpoint ? preset.endpoint.issuer : '')
  const regions = preset?.regions && get('token-url') === '' && get('issuer') === '' ? preset.regions : null
  if (tokenUrlText === '' && issuerText === '' && !regions && preset === undefined) {
    bad('token-url', 'is required (or set `issuer` to discover it, or `provider`): the token endpoint, e.g. https://login.example.com/oauth/token.')
  }
  const url = tokenUrlText === '' ? undefined : parseEndpoint(tokenUrlText, 'token-url', bad)
  const issuer = issuerText === '' ? undefined : parseEndpoint(issuerText, 'issuer', bad, 'https://login.example.com/realms/main')
  const clientId = raw('client-id')
  const clientSecret = raw('client-secret')
  if (clientId.trim() === '') bad('client-id', 'is required: the client (application) id from the provider\'s admin UI.')
  const auth = parseClientAuth(get, bad)
  const keyOnly = (KEY_ONLY_METHODS as readonly string[]).includes(get('auth-method').toLowerCase())
  if (clientSecret.trim() === '' && !keyOnly) {
    bad('client-secret', 'is required: pass it from a secret, e.g. client-secret: ${{ secrets.MY_CLIENT_SECRET }}.')
  }
  const grant = grantSpec(raw, get, preset?.provider.grant, preset?.provider.example, bad)
  const diagnose = bool(get('diagnose'), 'diagnose', bad)
  const allowInsecureHttp = bool(get('allow-insecure-http'), 'allow-insecure-http', bad)
  const timeoutS = number(get('timeout'), 'timeout', { min: 0.1, max: MAX_TIMEOUT_S, integer: false }, bad)
  const retries = number(get('retries'), 'retries', { min: 0, max: MAX_RETRIES, integer: true }, bad)
  const minTtlS = number(get('min-ttl'), 'min-ttl', { min: 0, max: 31_536_000, integer: true }, bad)
  const expiryWarningDays = number(get('expiry-warning-days'), 'expiry-warning-days', { min: 0, max: 3650, integer: true }, bad)
  const resources = resourceList(get('resource'), bad)
  const extraParams = paramList(get('extra-params'), bad)
  const scope = get('scope').split(/\s+/).filter(Boolean).join(' ')
  const requiredScopes = [...new Set(get('required-scopes').split(/\s+/).filter(Boolean))]
  const audience = get('audience')
  const probe = probeSpec(get, bad, preset?.provider.apiEndpoint !== undefined)
  const secretExpiresAt = expiryDate(get('secret-expires-at'), bad)
  const name = get('name') || url?.host || issuer?.host || (preset ? preset.id : '') || tokenUrlText || 'oauth-credentials'
  if (preset?.provider.requiresAudience && audience === '') {
    bad('audience', `is required for ${preset.provider.label}: the API identifier, e.g.\n${preset.provider.example}`)
  }
  const presetWarnings =
    preset && grant ? (preset.provider.rules?.({ scope, audience, params: preset.params, grant: grant.type, grantTypeGiven: get('grant-type') !== '' }) ?? []) : []

  for (const [input, target] of [
    ['token-url', url],
    ['issuer', issuer],
    ['probe-url', probe && probe.relativeTo === null ? new URL(probe.url) : undefined]
  ] as const) {
    if (target && allowInsecureHttp === false && isInsecure(target, false)) {
      errors.push(
        finding(
          'INSECURE_URL',
          `${where(input)} uses plain http:// to ${target.host}: ${input === 'probe-url' ? 'the access token' : 'the client secret'} would cross the network unencrypted. No request was sent.`
        )
      )
    }
  }

  const endpoint: EndpointSpec | undefined = issuer
    ? { kind: 'discover', issuer: issuer.href.replace(/\/$/, ''), tokenUrl: url?.href ?? null }
    : url
      ? { kind: 'url', tokenUrl: url.href }
      : regions
        ? { kind: 'regions', candidates: regions }
        : undefined
  if (
    errors.length > 0 ||
    endpoint === undefined ||
    auth === undefined ||
    grant === undefined ||
    minTtlS === undefined ||
    expiryWarningDays === undefined ||
    diagnose === undefined ||
    allowInsecureHttp === undefined ||
    timeoutS === undefined ||
    retries === undefined
  ) {
    return { ok: false, name, tokenUrl: url?.href ?? issuer?.href ?? '', findings: errors }
  }
  return {
    ok: true,
    spec: {
      name,
      endpoint,
      autoFirst: preset?.provider.placement ?? 'header',
      clientId,
      clientSecret,
      clientAuth: auth.clientAuth,
      grant,
      scope,
      audience,
      resources,
      extraParams,
      diagnose,
      timeoutMs: Math.round(timeoutS * 1000),
      retries,
      allowInsecureHttp,
      minTtlS,
      requiredScopes,
      expectedAudience: get('expected-audience') || null,
      probe,
      secretExpiresAt,
      expiryWarningDays,
      provider: preset?.id ?? null,
      presetWarnings,
      caCert: auth.caCert
    }
  }
}

/**
 * The grant: `grant-type` (client_credentials unless the preset says otherwise), and for the
 * password grant (RFC 6749 §4.3) `username` and `password`, read untrimmed like the client secret
 * (whitespace in them is diagnosed, not silently removed).
 */
function grantSpec(
  raw: (name: string) => string,
  get: (name: string) => string,
  presetGrant: GrantType | undefined,
  example: string | undefined,
  bad: Complain
): GrantSpec | undefined {
  const given = get('grant-type').trim().toLowerCase()
  const type = given === '' ? (presetGrant ?? 'client_credentials') : oneOf(given, GRANT_TYPES, 'grant-type', bad)
  if (type === undefined) return undefined
  const username = raw('username')
  const password = raw('password')
  if (type === 'client_credentials') {
    for (const [input, value] of [['username', username], ['password', password]] as const) {
      if (value !== '') bad(input, 'only applies with grant-type: password (the resource owner password grant).')
    }
    return { type }
  }
  const tip = presetGrant === 'password' && example ? ` Example:\n${example}` : ''
  if (username.trim() === '') bad('username', `is required with grant-type: password: the resource owner's user name (NICE CXone: the API user's access key ID), from a secret.${tip}`)
  if (password.trim() === '') {
    bad('password', `is required with grant-type: password: the resource owner's password (NICE CXone: the access key secret), from a secret.${username.trim() === '' ? '' : tip}`)
  }
  return username.trim() === '' || password.trim() === '' ? undefined : { type, username, password }
}

function probeSpec(get: (name: string) => string, bad: Complain, apiEndpointKnown: boolean): ProbeSpec | null {
  // Checked even without probe-url, so a typo does not wait for the day a probe is added.
  const method = oneOf(get('probe-method'), PROBE_METHODS, 'probe-method', bad)
  const expectedText = get('probe-expected-status')
  const expected = statusRanges(expectedText)
  if (!expected) bad('probe-expected-status', `must be statuses like 200, 2xx, 200,204 or 200-299; got "${clip(expectedText)}".`)
  const text = get('probe-url')
  if (text === '') return null
  if (text.startsWith('/')) {
    // A path on the tenant's API host, found after the token (provider: nice-cxone).
    if (!apiEndpointKnown) bad('probe-url', 'must be a full URL (https://api.example.com/v1/me); a path alone works only with a provider that finds the API host (nice-cxone).')
    else if (text.startsWith('//') || !URL.canParse(text, 'https://api.invalid')) bad('probe-url', `must be a path such as /incontactapi/services/v31.0/agents; got "${clip(text)}".`)
    if (!apiEndpointKnown || text.startsWith('//') || !method || !expected) return null
    return { url: text, relativeTo: 'api-endpoint', method, expected, expectedText }
  }
  const url = parseEndpoint(text, 'probe-url', bad, 'https://api.example.com/v1/me')
  if (!url || !method || !expected) return null
  return { url: url.href, relativeTo: null, method, expected, expectedText }
}
