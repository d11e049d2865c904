// The run's report (the `report` output and report file) and the step outputs derived from it.

import { inGroup, worstStatus, type Status } from '../findings/codes.js'
import type { CheckResult } from './result.js'

export interface Report {
  readonly status: Status
  readonly checks: readonly CheckResult[]
}

export function buildReport(checks: readonly CheckResult[]): Report {
  return { status: worstStatus(checks.map(c => c.status)), checks }
}

export type Outputs = Readonly<Record<string, string>>

/**
 * Step outputs. The single-check conveniences (placement, http-status, …) describe the one check;
 * `access-token` is set only when exporting was asked for.
 */
export function outputsFor(report: Report, accessToken: string | undefined): Outputs {
  const check = report.checks.length === 1 ? report.checks[0] : undefined
  const text = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v))
  const outputs: Record<string, string> = {
    status: report.status,
    report: JSON.stringify(report),
    placement: text(check?.placement),
    'http-status': text(check?.httpStatus),
    'expires-in': text(check?.expiresIn),
    scope: text(check?.scope),
    'latency-ms': text(check?.latencyMs),
    'api-endpoint': text(check?.apiEndpoint)
  }
  if (accessToken !== undefined) outputs['access-token'] = accessToken
  return outputs
}

/** Whether the step fails: input errors always do; otherwise `fail-on` decides. */
export function shouldFail(report: Report, failOn: 'error' | 'warning' | 'never'): boolean {
  const inputError = report.checks.some(c => c.findings.some(f => inGroup(f.code, 'input')))
  if (inputError) return true
  if (failOn === 'never') return false
  return report.status === 'failing' || (failOn === 'warning' && report.status === 'degraded')
}
