// Synthetic check results for tests of the report layer: status and verdict follow from the
// findings through the same rules the Action uses.

import { statusOf, verdictOf, type Finding } from '../../src/findings/codes.js'
import type { CheckResult } from '../../src/report/result.js'

export function makeResult(name: string, findings: readonly Finding[] = [], over: Partial<CheckResult> = {}): CheckResult {
  const gotToken = !findings.some(f => f.severity === 'error')
  return {
    name,
    status: statusOf(findings),
    verdict: verdictOf(findings, gotToken),
    tokenUrl: `https://${name}.example.com/oauth/token`,
    issuer: null,
    discovery: null,
    authMethod: 'client_secret_basic',
    placement: gotToken ? 'header' : null,
    basicEncoding: gotToken ? 'form' : null,
    httpStatus: gotToken ? 200 : 401,
    latencyMs: 42,
    attempts: [
      { authMethod: 'client_secret_basic', placement: 'header', basicEncoding: 'form', trimmed: false, audience: null, httpStatus: gotToken ? 200 : 401, outcome: gotToken ? 'token' : 'rejected', error: gotToken ? null : 'invalid_client', latencyMs: 42, tries: 1 }
    ],
    expiresIn: gotToken ? 3600 : null,
    expiresAt: null,
    tokenType: gotToken ? 'Bearer' : null,
    scope: null,
    claims: null,
    probe: null,
    apiEndpoint: null,
    secretExpiresAt: null,
    secretDaysLeft: null,
    clientCertNotAfter: null,
    findings,
    ...over
  }
}
