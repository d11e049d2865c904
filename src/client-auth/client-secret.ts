// client_secret_basic and client_secret_post (RFC 6749 §2.3.1): the shared secret in the Basic
// header or the form body. Decides which way to try next and what the attempts prove. Pure: the
// exchange loop feeds back each result.
//
// Unlike golang.org/x/oauth2's auto-detection (which falls back on any error and reports only the
// second one), we move on only when the server rejected the credentials as presented, and we keep
// every attempt so the report can say what was tried.

import { describe } from '../exchange/classify.js'
import { formBody, withHeader, withParams, type TokenRequest } from '../exchange/request.js'
import { CODES, finding, type Finding } from '../findings/codes.js'
import { grantCredentialsWithWhitespace, grantFor, grantRequest } from '../grant/index.js'
import { vendorError } from '../providers/index.js'
import { configuredTokenUrl, type CheckSpec, type PlacementSetting } from '../spec.js'
import { basicValue, encodingChangedNames, encodingMatters, secretSurvivesEncoding } from './secret-encoding.js'
import type { AttemptRecord, ClientAuth, SecretPlan } from './types.js'

export interface Conclusion {
  readonly findings: readonly Finding[]
  /** The attempt that obtained a token, if any (also when it is not the configured way). */
  readonly winner: AttemptRecord<SecretPlan> | undefined
}

const HEADER_FORM = { family: 'client_secret', placement: 'header', basicEncoding: 'form' } as const
const HEADER_RAW = { family: 'client_secret', placement: 'header', basicEncoding: 'raw' } as const
const BODY = { family: 'client_secret', placement: 'body', basicEncoding: 'form' } as const

type Way = typeof HEADER_FORM | typeof HEADER_RAW | typeof BODY

/** The configured way(s) first, then (when diagnosing, or in auto) the others. */
function waysFor(spec: CheckSpec, trimmed: boolean): Way[] {
  const { id, secret } = credentialsOf(spec, { ...BODY, trimmed })
  const withRaw = encodingMatters(id, secret)
  const placement = placementOf(spec)
  const bodyFirst = placement === 'body' || (placement === 'auto' && spec.autoFirst === 'body')
  const ordered: Way[] = bodyFirst ? [BODY, HEADER_FORM, HEADER_RAW] : [HEADER_FORM, BODY, HEADER_RAW]
  return ordered.filter(w => withRaw || w !== HEADER_RAW)
}

/** The configured placement (auto for a spec of another method family). */
export function placementOf(spec: CheckSpec): PlacementSetting {
  return spec.clientAuth.method === 'client_secret' ? spec.clientAuth.placement : 'auto'
}

export function credentialsOf(spec: CheckSpec, plan: Pick<SecretPlan, 'trimmed'>): { id: string; secret: string } {
  return plan.trimmed
    ? { id: spec.clientId.trim(), secret: spec.clientSecret.trim() }
    : { id: spec.clientId, secret: spec.clientSecret }
}

/** The inputs whose stored value has leading or trailing whitespace: the client's and the grant's. */
function inputsWithWhitespace(spec: CheckSpec): string[] {
  return [
    spec.clientId !== spec.clientId.trim() ? 'client-id' : '',
    spec.clientSecret !== spec.clientSecret.trim() ? 'client-secret' : '',
    ...grantCredentialsWithWhitespace(spec).map(c => c.input)
  ].filter(Boolean)
}

function hasWhitespace(spec: CheckSpec): boolean {
  return inputsWithWhitespace(spec).length > 0
}

/**
 * Every plan this check may try, in order. `auto` tries every way; an explicit placement tries
 * only itself unless diagnosing. Trimmed values are a diagnosis only: the application sends the
 * stored value.
 */
export function planSequence(spec: CheckSpec): SecretPlan[] {
  const untrimmed = waysFor(spec, false).map(w => ({ ...w, trimmed: false }))
  const sent = placementOf(spec) === 'auto' || spec.diagnose ? untrimmed : untrimmed.slice(0, 1)
  if (!spec.diagnose || !hasWhitespace(spec)) return sent
  return [...sent, ...waysFor(spec, true).map(w => ({ ...w, trimmed: true }))]
}

/** The next plan to try, or undefined when the attempts so far settle the question. */
export function nextPlan(spec: CheckSpec, attempts: readonly AttemptRecord<SecretPlan>[]): SecretPlan | undefined {
  const untried = planSequence(spec).filter(p => !attempts.some(a => samePlan(a.plan, p)))
  const last = attempts.at(-1)
  // A provider error code that names the cause (Entra's AADSTS numbers) settles it: another
  // placement would only repeat the same answer.
  if (last?.result.kind === 'rejected' && last.result.error && vendorError(last.result.error.errorCodes)) return undefined
  if (!last || last.result.kind === 'rejected') return untried[0]
  if (last.result.kind === 'token') return undefined
  // A server may refuse a value with a stray newline as a malformed request rather than as wrong
  // credentials: when diagnosing such values, that too is worth one try with them trimmed. A
  // refused user credential (invalid_grant) is worth the same try, in the same place: the client
  // was accepted there, so no other placement is tried.
  const code = last.result.finding.code
  if (last.plan.trimmed) return undefined
  if (code === 'INVALID_REQUEST') return untried.find(p => p.trimmed)
  if (code === 'USER_CREDENTIALS_REJECTED') return untried.find(p => p.trimmed && p.placement === last.plan.placement && p.basicEncoding === last.plan.basicEncoding)
  return undefined
}

function samePlan(a: SecretPlan, b: SecretPlan): boolean {
  return a.placement === b.placement && a.basicEncoding === b.basicEncoding && a.trimmed === b.trimmed
}

export function describePlan(plan: SecretPlan): string {
  const where =
    plan.placement === 'body'
      ? 'form body (client_secret_post)'
      : plan.basicEncoding === 'form'
        ? 'Basic header (client_secret_basic)'
        : 'Basic header without form-encoding'
  return plan.trimmed ? `${where}, whitespace trimmed` : where
}

/** `Basic header (client_secret_basic) → HTTP 401 invalid_client; …`, for hints. */
export function describeAttempts(attempts: readonly AttemptRecord<SecretPlan>[]): string {
  return attempts.map(describeAttempt).join('; ')
}

function describeAttempt(a: AttemptRecord<SecretPlan>): string {
  const status = a.httpStatus === undefined ? 'no answer' : `HTTP ${a.httpStatus}`
  const r = a.result
  const outcome =
    r.kind === 'token' ? 'token issued' : r.kind === 'rejected' ? r.shape : r.finding.code
  return `${describePlan(a.plan)} → ${status} ${outcome}`
}

function setting(plan: SecretPlan): string {
  return plan.placement === 'header' ? 'auth-placement: header' : 'auth-placement: body'
}

export function conclude(spec: CheckSpec, attempts: readonly AttemptRecord<SecretPlan>[]): Conclusion {
  const first = attempts[0]
  const last = attempts.at(-1)
  if (!first || !last) return { findings: [], winner: undefined }
  const tried = describeAttempts(attempts)

  // A fallback answered invalid_request after the credentials were rejected: a server that wants
  // them elsewhere often says so for a request without them where it looks. The rejection is the
  // finding; hiding it behind the fallback's error is golang.org/x/oauth2's trap.
  const fallbackConfused =
    last.result.kind === 'failed' &&
    last.result.finding.code === 'INVALID_REQUEST' &&
    attempts.some(a => a.result.kind === 'rejected' && a.plan.trimmed === last.plan.trimmed)

  if (last.result.kind === 'failed' && !fallbackConfused) {
    const gateway = gatewayBySwitchedShape(attempts)
    if (gateway) return { findings: [gateway], winner: undefined }
    // A transport or protocol failure ends the sequence; earlier rejections are context.
    const extra = attempts.length > 1 ? ` Attempts: ${tried}.` : ''
    return { findings: [{ ...last.result.finding, message: last.result.finding.message + extra }], winner: undefined }
  }

  if (last.result.kind !== 'token') {
    const firstError = first.result.kind === 'rejected' ? ` ${first.result.error ? describe(first.result.error) : first.result.shape}` : ''
    const diagnoseTip =
      spec.diagnose || placementOf(spec) === 'auto' ? '' : ' Set diagnose: true to let the check try the other placements.'
    // The server judges the client before the grant: the grant's own credentials were not reached.
    const grantInputs = grantFor(spec)
      .credentials(spec)
      .map(c => c.input)
    const grantTip =
      grantInputs.length > 0 ? ` This is about client-id and client-secret; the ${spec.grant.type} grant's ${grantInputs.join(' and ')} were not judged.` : ''
    return {
      findings: [
        finding(
          'INVALID_CLIENT',
          `The token endpoint rejected the credentials of client ${spec.clientId.trim()} (HTTP ${first.httpStatus ?? '?'}${firstError}).${unspecificRejection(attempts)}`,
          `${CODES.INVALID_CLIENT.hint}${grantTip} Tried: ${tried}.${diagnoseTip}`
        )
      ],
      winner: undefined
    }
  }

  // A token was issued.
  const winner = last
  const plan = winner.plan
  const findings: Finding[] = []
  const configuredWay = placementOf(spec) !== 'auto'
  if (plan.trimmed) {
    const which = inputsWithWhitespace(spec).join(' and ')
    const values = [spec.clientSecret, spec.clientId, ...grantCredentialsWithWhitespace(spec).map(c => c.value)]
    const trailingNewline = values.some(v => /\n\s*$/.test(v))
    findings.push(
      finding(
        'SECRET_WHITESPACE',
        `The stored ${which} has leading or trailing whitespace${trailingNewline ? ' (it ends with a newline)' : ''}: sent as stored it is rejected, trimmed it works (${describePlan(plan)}).`
      )
    )
  } else if (configuredWay && attempts.length > 1) {
    const configured = describePlan(first.plan)
    if (plan.placement !== first.plan.placement) {
      // Only a raw Basic value worked: pinning header alone would send the form-encoded one.
      const raw = plan.placement === 'header' && plan.basicEncoding === 'raw'
      findings.push(
        finding(
          'AUTH_PLACEMENT_MISMATCH',
          `The server rejected the credentials in the ${configured} and accepted them in the ${describePlan(plan)}.`,
          raw
            ? `Send the credentials in the Basic header as the raw id:secret, without form-encoding: ${rawBasicAdvice(spec, plan)} Attempts: ${tried}.`
            : `Set ${setting(plan)} (and send the credentials that way in the application). Attempts: ${tried}.`
        )
      )
    } else {
      findings.push(
        finding(
          'BASIC_ENCODING_MISMATCH',
          `The server rejected the form-encoded Basic value (RFC 6749 §2.3.1) and accepted the raw id:secret: it does not form-decode Basic credentials, and form-encoding changes the ${changedNames(spec, plan)}.`,
          `Have the application send the raw id:secret in the Basic header: ${rawBasicAdvice(spec, plan)}`
        )
      )
    }
  } else if (!configuredWay) {
    const raw = plan.placement === 'header' && plan.basicEncoding === 'raw'
    const more = attempts.length > 1 ? ` Attempts: ${tried}.` : ''
    findings.push(
      finding(
        'AUTH_PLACEMENT_DETECTED',
        `The server accepted the credentials in the ${describePlan(plan)}${attempts.length > 1 ? ` after ${attempts.length - 1} rejected attempt(s)` : ''}.`,
        raw
          ? `Make sure the application sends the raw id:secret in the Basic header: ${rawBasicAdvice(spec, plan)} Keep auth-placement: auto: pinning header sends the form-encoded value.${more}`
          : `Pin ${setting(plan)} so the check sends exactly what your application sends.${more}`
      )
    )
  }
  return { findings, winner }
}

function changedNames(spec: CheckSpec, plan: SecretPlan): string {
  const { id, secret } = credentialsOf(spec, plan)
  return encodingChangedNames(id, secret)
}

/**
 * Why only the raw Basic value works, naming what form-encoding changes, and the rotation that
 * would end it only when rotating the secret can (the client id cannot be rotated that way).
 */
function rawBasicAdvice(spec: CheckSpec, plan: SecretPlan): string {
  const { id, secret } = credentialsOf(spec, plan)
  const which = encodingChangedNames(id, secret)
  const reason = `the server does not form-decode the Basic value (RFC 6749 §2.3.1 says it should), and form-encoding changes the ${which}.`
  const idChanges = which.includes('client-id')
  if (!secretSurvivesEncoding(secret) && !idChanges) {
    return `${reason} Rotating to a secret of only letters, digits and - . _ * would make both encodings agree.`
  }
  return idChanges
    ? `${reason} The client id's characters (not the secret's) are what form-encoding changes, so a new secret would not help; a client that sends raw Basic values, or the body placement where the server accepts it, does.`
    : reason
}

/**
 * When every rejection had a shape that names no cause (no body, a non-standard code), say so:
 * such answers cannot tell a wrong secret from a wrong placement or an unknown client.
 */
function unspecificRejection(attempts: readonly AttemptRecord<SecretPlan>[]): string {
  const shapes = [
    ...new Set(attempts.flatMap(a => (a.result.kind === 'rejected' && a.result.error?.error !== 'invalid_client' ? [`HTTP ${a.httpStatus ?? '?'} ${a.result.shape}`] : [])))
  ]
  if (shapes.length === 0) return ''
  return ` Such an answer (${shapes.join('; ')}) does not say whether the id, the secret, the placement or the encoding is wrong (nor whether the client may use this grant), so the check cannot tell these causes apart; the hint lists what each attempt got.`
}

/**
 * The server answered one attempt with an OAuth error and another with something of a different
 * shape (a page, text, a non-OAuth JSON body): that other answer came from something in front of it.
 */
function gatewayBySwitchedShape(attempts: readonly AttemptRecord<SecretPlan>[]): Finding | undefined {
  const last = attempts.at(-1)
  if (last?.result.kind !== 'failed' || last.result.finding.code !== 'OAUTH_ERROR' || last.result.error) return undefined
  const usual = attempts.find(a => a.result.kind === 'rejected' && a.result.error)
  if (!usual || usual.result.kind !== 'rejected') return undefined
  return finding(
    'BLOCKED_BY_GATEWAY',
    `The token endpoint answered the ${describePlan(usual.plan)} with an OAuth error (HTTP ${usual.httpStatus ?? '?'} ${usual.result.shape}) but the ${describePlan(last.plan)} with HTTP ${last.httpStatus ?? '?'} and a body of another shape: something in front of the authorization server (a gateway or WAF) answered that request. ${last.result.finding.message}`,
    `${CODES.BLOCKED_BY_GATEWAY.hint} Attempts: ${describeAttempts(attempts)}.`
  )
}

/** Adds the secret to the request: the Basic header or the body, never both (RFC 6749 §2.3). */
export function authenticateWithSecret(spec: CheckSpec, plan: SecretPlan, request: TokenRequest): TokenRequest {
  const { id, secret } = credentialsOf(spec, plan)
  // Strict servers answer invalid_request when they see credentials in two places.
  return plan.placement === 'header'
    ? withHeader(request, 'Authorization', `Basic ${basicValue(id, secret, plan.basicEncoding)}`)
    : withParams(request, ['client_id', id], ['client_secret', secret])
}

/** The whole token request for one plan, body encoded (for tests and region detection). */
export function buildTokenRequest(spec: CheckSpec, plan: SecretPlan, userAgent: string): { url: string; headers: Readonly<Record<string, string>>; body: string } {
  const request = authenticateWithSecret(spec, plan, grantRequest(spec, configuredTokenUrl(spec), userAgent, plan.trimmed))
  return { url: request.url, headers: request.headers, body: formBody(request) }
}

export const clientSecret: ClientAuth<SecretPlan> = {
  family: 'client_secret',
  next: (spec, attempts) => nextPlan(spec, attempts),
  authenticate: async (spec, plan, request) => authenticateWithSecret(spec, plan, request),
  conclude: (spec, attempts) => [...conclude(spec, attempts).findings],
  describe: (_spec, attempts) => describeAttempts(attempts),
  methodName: (spec, plan) => {
    const placement = plan?.placement ?? (placementOf(spec) === 'auto' ? spec.autoFirst : placementOf(spec))
    return placement === 'header' ? 'client_secret_basic' : 'client_secret_post'
  }
}
