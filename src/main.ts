// The shell: reads the inputs, runs the checks, reports through @actions/core. Everything that
// decides something lives in the pure modules it calls.

import * as core from '@actions/core'
import { open, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { alertsWanted } from './alerts/options.js'
import { readChecksFile } from './inputs/checks-file.js'
import { loadYamlParser } from './inputs/checks-list.js'
import { parseRun, secretsOf } from './inputs/run.js'
import { destroyAgents, resolveAll, send } from './net/transport.js'
import { renderJunit } from './report/junit.js'
import { planAnnotations } from './report/annotations.js'
import { failureMessage, outputsFor, reportJsonPieces, shouldFail, type Report } from './report/report.js'
import { snippetsMarkdown, type WorkingRequest } from './report/snippet.js'
import { logLine, renderSummary } from './report/summary.js'
import type { RunOptions } from './spec.js'
import { runStep } from './step.js'
import { Redactor, display, showInvisible } from './text.js'

export const USER_AGENT = 'oauth-credential-health/0.1'
/**
 * Shorter values are not registered with ::add-mask::: the runner would star out every matching
 * letter or word in the rest of the job's log (a server may choose a one-letter refresh token).
 * They are still redacted from what this Action displays when they have MIN_REDACTED characters.
 */
export const MIN_MASKED = 8
export const REPORT_FILE_BASE = 'oauth-credential-health-report'

/** Untrimmed: core.getInput trims by default, which would hide a secret's trailing newline. */
const inputCache = new Map<string, string>()
/**
 * Inputs do not change during a run, and a list of thousands of checks reads each step input once
 * per check: each is read from the environment once.
 */
const readInput = (name: string): string => {
  let value = inputCache.get(name)
  if (value === undefined) {
    value = core.getInput(name, { trimWhitespace: false })
    inputCache.set(name, value)
  }
  return value
}

export async function run(): Promise<void> {
  // Every secret form and token seen in this run: masked in the log, redacted from what we display.
  const masked = new Set<string>()
  try {
    const mask = (value: string): void => {
      if (value === '' || masked.has(value)) return
      masked.add(value)
      if (value.length >= MIN_MASKED) core.setSecret(value)
    }
    // Before anything else, even before validation: a bad input must not make a secret printable.
    for (const form of secretsOf(readInput)) mask(form)

    const filePath = readInput('checks-file').trim()
    const parseYaml = readInput('checks').trim() === '' && filePath === '' ? undefined : await loadYamlParser()
    const listFile = filePath === '' ? undefined : await readChecksFile(filePath, process.env['GITHUB_WORKSPACE'] || process.cwd())
    const parsed = parseRun(readInput, name => process.env[name], parseYaml, listFile)
    // Every secret of every check is masked before the first request of any check.
    for (const form of parsed.secrets) mask(form)

    const { report, redactor, accessToken, requests } = await runStep(parsed, masked, { transport: send, mask, userAgent: USER_AGENT, lookup: resolveAll })
    await publish(report, parsed.options, accessToken, redactor, requests)
    // After the result is final: alerts warn on failure and never change it. A chunk of its own,
    // loaded only when asked for (as the YAML parser is). What they log takes the same road.
    if (alertsWanted(parsed.alerts)) {
      const { runAlerts, thresholdsByCheck } = await import('./alerts/run.js')
      // core.notice/warning escape workflow commands and keep lines; core.info needs the log road.
      const kept = (m: string): string => {
        const shown = showInvisible(redactor.redact(m))
        return shown.length > 2000 ? `${shown.slice(0, 1999)}…` : shown
      }
      const log = { info: (m: string) => core.info(display(m, redactor, 'log', 2000)), notice: (m: string) => core.notice(kept(m)), warning: (m: string) => core.warning(kept(m)) }
      const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))
      const alertDeps = { transport: send, env: (n: string) => process.env[n], readFile: (p: string) => readFile(p, 'utf8'), now: Date.now, sleep, log, userAgent: USER_AGENT }
      await runAlerts(report, parsed.alerts, thresholdsByCheck(parsed.checks), alertDeps)
    }
  } catch (error) {
    // A bug of ours, not a finding: say so in one line, without a stack trace full of data.
    const message = error instanceof Error ? error.message : String(error)
    core.setFailed(`oauth-credential-health failed unexpectedly: ${display(message, new Redactor(masked), 'log', 300)}`)
  } finally {
    // Kept-alive connections are idle (and unreferenced) by now; close them so nothing lingers.
    destroyAgents()
  }
}

async function publish(report: Report, options: RunOptions, accessToken: string | undefined, redactor: Redactor, requests: readonly WorkingRequest[]): Promise<void> {
  const safeLogText = (text: string, max: number): string => display(text, redactor, 'log', max)
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
  core.setOutput('report-file', await writeReportFile(report, safeLogText))

  if (options.summary) {
    if (process.env['GITHUB_STEP_SUMMARY']) {
      try {
        await core.summary.addRaw(renderSummary(report, { appendix: snippetsMarkdown(requests) })).write()
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

  if (fail) core.setFailed(failureMessage(report, options.failOn))
}

/** The report as a file under RUNNER_TEMP, ready for actions/upload-artifact. '' when it cannot be written. */
async function writeReportFile(report: Report, safeLogText: (text: string, max: number) => string): Promise<string> {
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
