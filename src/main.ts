// The shell: reads the inputs, runs the checks, reports through @actions/core. Everything that
// decides something lives in the pure modules it calls.

import * as core from '@actions/core'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { credentialForms, runCheck } from './check.js'
import { loadYamlParser } from './inputs/checks-list.js'
import { parseRun, secretsOf } from './inputs/run.js'
import { send } from './net/transport.js'
import { renderJunit } from './report/junit.js'
import { buildReport, outputsFor, shouldFail, type Report } from './report/report.js'
import { snippetsMarkdown, workingRequest, type WorkingRequest } from './report/snippet.js'
import { annotation, logLine, renderSummary } from './report/summary.js'
import { runChecks } from './run-checks.js'
import type { RunOptions } from './spec.js'
import { safeLogText } from './text.js'

export const USER_AGENT = 'oauth-credential-health/0.1'
export const REPORT_FILE_BASE = 'oauth-credential-health-report'

/** Untrimmed: core.getInput trims by default, which would hide a secret's trailing newline. */
const readInput = (name: string): string => core.getInput(name, { trimWhitespace: false })

export async function run(): Promise<void> {
  try {
    const masked = new Set<string>()
    const mask = (value: string): void => {
      if (value === '' || masked.has(value)) return
      masked.add(value)
      core.setSecret(value)
    }
    // Before anything else, even before validation: a bad input must not make a secret printable.
    for (const form of secretsOf(readInput)) mask(form)

    const parseYaml = readInput('checks').trim() === '' ? undefined : await loadYamlParser()
    const parsed = parseRun(readInput, name => process.env[name], parseYaml)
    // Every secret of every check is masked before the first request of any check.
    for (const form of parsed.secrets) mask(form)

    const runs = await runChecks(parsed.checks, parsed.options.concurrency, spec =>
      runCheck(spec, { transport: send, mask, userAgent: USER_AGENT })
    )
    const report = buildReport(runs.map(r => r.result))
    const token = runs.length === 1 ? runs[0]?.accessToken : undefined
    // The request that worked, as code for the job summary (placeholders only, never a secret).
    const requests = parsed.checks.flatMap((check, i): WorkingRequest[] => {
      const result = runs[i]?.result
      const request = check.ok && result ? workingRequest(check.spec, result, credentialForms(check.spec)) : undefined
      return request ? [request] : []
    })
    await publish(report, parsed.options, token, requests)
  } catch (error) {
    // A bug of ours, not a finding: say so in one line, without a stack trace full of data.
    const message = error instanceof Error ? error.message : String(error)
    core.setFailed(`oauth-credential-health failed unexpectedly: ${safeLogText(message, 300)}`)
  }
}

async function publish(report: Report, options: RunOptions, accessToken: string | undefined, requests: readonly WorkingRequest[]): Promise<void> {
  for (const check of report.checks) {
    core.info(logLine(check))
    for (const f of check.findings) {
      const { title, message } = annotation(check, f)
      const annotate = f.severity === 'error' ? core.error : f.severity === 'warning' ? core.warning : core.notice
      annotate(message, { title })
    }
  }

  const outputs = outputsFor(report, options.exportToken ? accessToken : undefined)
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  core.setOutput('report-file', await writeReportFile(outputs['report'] ?? '{}'))

  if (options.summary) {
    if (process.env['GITHUB_STEP_SUMMARY']) {
      try {
        await core.summary.addRaw(renderSummary(report) + snippetsMarkdown(requests)).write()
      } catch (error) {
        core.warning(`Could not write the job summary: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`)
      }
    } else {
      core.debug('GITHUB_STEP_SUMMARY is not set; skipping the job summary.')
    }
  }

  const junitFile = readInput('junit-file').trim()
  if (junitFile !== '') {
    try {
      await writeFile(junitFile, renderJunit(report, options.failOn))
    } catch (error) {
      core.warning(`Could not write the JUnit file: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`)
    }
  }

  if (shouldFail(report, options.failOn)) {
    const failing = report.checks.filter(c => c.status !== 'healthy').map(c => c.name)
    core.setFailed(safeLogText(`OAuth credential check ${report.status}: ${failing.join(', ')} (fail-on: ${options.failOn}).`))
  }
}

/** The report as a file under RUNNER_TEMP, ready for actions/upload-artifact. '' when it cannot be written. */
async function writeReportFile(json: string): Promise<string> {
  // One file per step: GITHUB_ACTION is the step's id, so two uses in one job do not overwrite each other.
  const step = (process.env['GITHUB_ACTION'] ?? '').replace(/[^A-Za-z0-9_.-]/g, '_')
  const path = join(process.env['RUNNER_TEMP'] || tmpdir(), step ? `${REPORT_FILE_BASE}-${step}.json` : `${REPORT_FILE_BASE}.json`)
  try {
    await writeFile(path, `${json}\n`, { mode: 0o600 })
    return path
  } catch (error) {
    core.warning(`Could not write the report file: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`)
    return ''
  }
}
