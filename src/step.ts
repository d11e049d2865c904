// One step's work, shared by both shells (the Action's main.ts and the command line's cli.ts):
// run every check, then make the one display copy of the report that every channel reads. The
// token for export-token is the real one, taken from the run, never from the report.

import { credentialForms, runCheck } from './check.js'
import type { CheckDeps } from './exchange/session.js'
import type { ParsedRun } from './inputs/run.js'
import { OWN_WORDS } from './own-words.js'
import { buildReport, type Report } from './report/report.js'
import { workingRequest, type WorkingRequest } from './report/snippet.js'
import { runChecks } from './run-checks.js'
import { Redactor, redactDeep } from './text.js'

export interface StepResult {
  /** Every string a redacted display copy: what the log, summary, outputs and files show. */
  readonly report: Report
  readonly redactor: Redactor
  /** The single check's real token (for export-token); undefined with several checks. */
  readonly accessToken: string | undefined
  /** The request that worked, per check, as code with placeholders only. */
  readonly requests: readonly WorkingRequest[]
}

/** `masked` is the set `deps.mask` fills: every secret form and token seen, for the redactor. */
export async function runStep(parsed: ParsedRun, masked: Iterable<string>, deps: CheckDeps): Promise<StepResult> {
  const runs = await runChecks(parsed.checks, parsed.options.concurrency, spec => runCheck(spec, deps))
  const redactor = new Redactor(masked, OWN_WORDS, parsed.plain)
  const report = redactDeep(buildReport(runs.map(r => r.result)), redactor)
  const requests = parsed.checks.flatMap((check, i): WorkingRequest[] => {
    const result = runs[i]?.result
    const request = check.ok && result ? workingRequest(check.spec, result, credentialForms(check.spec)) : undefined
    return request ? [request] : []
  })
  // The requests are display copies too: redacted with every secret of the step, not only their check's.
  return { report, redactor, accessToken: runs.length === 1 ? runs[0]?.accessToken : undefined, requests: redactDeep(requests, redactor) }
}
