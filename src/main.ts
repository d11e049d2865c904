// The shell: reads the inputs, runs the checks, reports through @actions/core. Everything that
// decides something lives in the pure modules it calls.

import * as core from '@actions/core'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCheck } from './check.js'
import { secretForms } from './client-auth/secret-encoding.js'
import { readChecksFile } from './inputs/checks-file.js'
import { loadYamlParser } from './inputs/checks-list.js'
import { parseRun } from './inputs/run.js'
import { destroyAgents, send } from './net/transport.js'
import { planAnnotations } from './report/annotations.js'
import { buildReport, failureMessage, outputsFor, reportJsonPieces, shouldFail, type Report } from './report/report.js'
import { logLine, renderSummary } from './report/summary.js'
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
    for (const form of secretForms(readInput('client-id'), readInput('client-secret'))) mask(form)

    const filePath = readInput('checks-file').trim()
    const parseYaml = readInput('checks').trim() === '' && filePath === '' ? undefined : await loadYamlParser()
    const listFile = filePath === '' ? undefined : await readChecksFile(filePath, process.env['GITHUB_WORKSPACE'] || process.cwd())
    const parsed = parseRun(readInput, name => process.env[name], parseYaml, listFile)
    // Every secret of every check is masked before the first request of any check.
    for (const form of parsed.secrets) mask(form)

    const runs = await runChecks(parsed.checks, parsed.options.concurrency, spec =>
      runCheck(spec, { transport: send, mask, userAgent: USER_AGENT })
    )
    const report = buildReport(runs.map(r => r.result))
    const token = runs.length === 1 ? runs[0]?.accessToken : undefined
    await publish(report, parsed.options, token)
  } catch (error) {
    // A bug of ours, not a finding: say so in one line, without a stack trace full of data.
    const message = error instanceof Error ? error.message : String(error)
    core.setFailed(`oauth-credential-health failed unexpectedly: ${safeLogText(message, 300)}`)
  } finally {
    // Kept-alive connections are idle (and unreferenced) by now; close them so nothing lingers.
    destroyAgents()
  }
}

async function publish(report: Report, options: RunOptions, accessToken: string | undefined): Promise<void> {
  const fail = shouldFail(report, options.failOn)
  for (const check of report.checks) core.info(logLine(check))
  // Within GitHub's budget of 10 per severity per step (report/annotations.ts); setFailed prints one more error.
  const plan = planAnnotations(report.checks, { summary: options.summary, reserved: { error: fail ? 1 : 0 } })
  for (const { level, title, message } of plan.annotations) {
    const annotate = level === 'error' ? core.error : level === 'warning' ? core.warning : core.notice
    annotate(message, { title })
  }

  const outputs = outputsFor(report, options.exportToken ? accessToken : undefined)
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  // The file always holds the full report, whatever the `report` output had room for.
  core.setOutput('report-file', await writeReportFile(report))

  if (options.summary) {
    if (process.env['GITHUB_STEP_SUMMARY']) {
      try {
        await core.summary.addRaw(renderSummary(report)).write()
      } catch (error) {
        core.warning(`Could not write the job summary: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`)
      }
    } else {
      core.debug('GITHUB_STEP_SUMMARY is not set; skipping the job summary.')
    }
  }

  if (fail) core.setFailed(failureMessage(report, options.failOn))
}

/** The report as a file under RUNNER_TEMP, ready for actions/upload-artifact. '' when it cannot be written. */
async function writeReportFile(report: Report): Promise<string> {
  // One file per step: GITHUB_ACTION is the step's id, so two uses in one job do not overwrite each other.
  const step = (process.env['GITHUB_ACTION'] ?? '').replace(/[^A-Za-z0-9_.-]/g, '_')
  const path = join(process.env['RUNNER_TEMP'] || tmpdir(), step ? `${REPORT_FILE_BASE}-${step}.json` : `${REPORT_FILE_BASE}.json`)
  try {
    // Written piece by piece: thousands of checks are never one string in memory.
    const file = await open(path, 'w', 0o600)
    try {
      for (const piece of reportJsonPieces(report)) await file.write(piece)
      await file.write('\n')
    } finally {
      await file.close()
    }
    return path
  } catch (error) {
    core.warning(`Could not write the report file: ${safeLogText(error instanceof Error ? error.message : String(error), 200)}`)
    return ''
  }
}
