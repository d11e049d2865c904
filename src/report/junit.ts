// The report as JUnit XML, for CI dashboards and test-report actions: one <testcase> per check.
// Pure. Every string passes through text.ts (one line, no control characters) and is XML-escaped.
//
// A failing check is a <failure> (type = its main finding code). A check whose inputs were rejected,
// or that crashed, is an <error>: nothing was checked. A degraded check follows fail-on: with
// `warning` it is a <failure> (it fails the step too), otherwise it passes and its warnings are in
// <system-out>. So the dashboard and the step's exit code agree.

import { bySeverity, inGroup, type Finding } from '../findings/codes.js'
import type { FailOn } from '../spec.js'
import { cleanServerText } from '../text.js'
import type { Report } from './report.js'
import type { CheckResult } from './result.js'

export const JUNIT_SUITE = 'oauth-credential-health'

/** XML 1.0 text or attribute: the five entities, and no lone surrogate (not a legal XML character). */
function xml(text: string, max = 2000): string {
  return cleanServerText(text, max)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
}

type Outcome = 'passed' | 'failure' | 'error'

export function junitOutcome(check: CheckResult, failOn: FailOn): Outcome {
  if (check.findings.some(f => inGroup(f.code, 'input') || f.code === 'CHECK_CRASHED')) return 'error'
  if (check.status === 'failing') return 'failure'
  if (check.status === 'degraded' && failOn === 'warning') return 'failure'
  return 'passed'
}

function findingLine(f: Finding): string {
  return `${f.severity} ${f.code}: ${f.message} Fix: ${f.hint}`
}

function testcase(check: CheckResult, failOn: FailOn): string {
  const outcome = junitOutcome(check, failOn)
  const seconds = ((check.latencyMs ?? 0) / 1000).toFixed(3)
  const open = `    <testcase classname="${JUNIT_SUITE}" name="${xml(check.name, 200)}" time="${seconds}">`
  const findings = [...check.findings].sort(bySeverity)
  const main = findings[0]
  const body: string[] = []
  if (outcome !== 'passed' && main) {
    const details = findings.map(f => xml(findingLine(f))).join('\n')
    body.push(`      <${outcome} type="${main.code}" message="${xml(`${main.code}: ${main.message}`, 1000)}">${details}</${outcome}>`)
  }
  const facts = [`status: ${check.status}`, `verdict: ${check.verdict}`, `token URL: ${check.tokenUrl || '-'}`]
  const out = [facts.join(', '), ...(outcome === 'passed' ? findings.map(findingLine) : [])].map(line => xml(line)).join('\n')
  body.push(`      <system-out>${out}</system-out>`)
  return [open, ...body, '    </testcase>'].join('\n')
}

export function renderJunit(report: Report, failOn: FailOn): string {
  const outcomes = report.checks.map(c => junitOutcome(c, failOn))
  const failures = outcomes.filter(o => o === 'failure').length
  const errors = outcomes.filter(o => o === 'error').length
  const seconds = (report.checks.reduce((sum, c) => sum + (c.latencyMs ?? 0), 0) / 1000).toFixed(3)
  const counts = `tests="${report.checks.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}"`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${JUNIT_SUITE}" ${counts}>`,
    `  <testsuite name="${JUNIT_SUITE}" ${counts}>`,
    ...report.checks.map(c => testcase(c, failOn)),
    '  </testsuite>',
    '</testsuites>',
    ''
  ].join('\n')
}
