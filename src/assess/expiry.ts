// Expiry of the credentials themselves (the secret's recorded date, the client certificate), known
// before any request. Pure: the clock is passed in.

import { finding, type Finding } from '../findings/codes.js'
import type { CheckSpec } from '../spec.js'

const DAY_MS = 86_400_000

/**
 * Expiry of a credential (the secret, a client certificate): past → `expiredCode`, fewer than
 * expiry-warning-days whole days left (rounded down) → SECRET_EXPIRING. `what` names it in messages.
 */
export function expiryFindings(
  what: string,
  expiresAtMs: number,
  nowMs: number,
  warningDays: number,
  expiredCode: 'SECRET_EXPIRED' | 'CLIENT_CERT_EXPIRED'
): { findings: Finding[]; daysLeft: number } {
  const at = new Date(expiresAtMs).toISOString()
  const daysLeft = Math.floor((expiresAtMs - nowMs) / DAY_MS)
  if (expiresAtMs <= nowMs) return { findings: [finding(expiredCode, `${what} expired on ${at}.`)], daysLeft }
  if (daysLeft < warningDays) {
    return { findings: [finding('SECRET_EXPIRING', `${what} expires in ${daysLeft} day(s), on ${at} (warning at ${warningDays} days).`)], daysLeft }
  }
  return { findings: [], daysLeft }
}

export function assessSecretExpiry(spec: CheckSpec, nowMs: number): { findings: Finding[]; daysLeft: number | null } {
  if (spec.secretExpiresAt === null) return { findings: [], daysLeft: null }
  return expiryFindings('The client secret (secret-expires-at)', spec.secretExpiresAt, nowMs, spec.expiryWarningDays, 'SECRET_EXPIRED')
}

/** Validity of the client certificate (mutual TLS), checked before any request; like a secret's expiry. */
export function assessClientCert(spec: CheckSpec, nowMs: number): { findings: Finding[]; notAfter: string | null } {
  const auth = spec.clientAuth
  if (auth.method !== 'tls_client_auth' && auth.method !== 'self_signed_tls_client_auth') return { findings: [], notAfter: null }
  const cert = auth.certificate.cert
  const from = Date.parse(cert.validFrom)
  const to = Date.parse(cert.validTo)
  const what = `The client certificate (${cert.subject.replace(/\n/g, ', ')})`
  const notAfter = new Date(to).toISOString()
  if (nowMs < from) {
    return { findings: [finding('CLIENT_CERT_EXPIRED', `${what} is not valid before ${new Date(from).toISOString()}.`)], notAfter }
  }
  return { findings: expiryFindings(what, to, nowMs, spec.expiryWarningDays, 'CLIENT_CERT_EXPIRED').findings, notAfter }
}
