// Runs every check of the step with bounded concurrency, in the configured order. A check whose
// inputs were rejected becomes its findings; a check that throws (a bug of ours) becomes
// CHECK_CRASHED, so one failure never costs the other checks their results.

import { finding } from './findings/codes.js'
import { tokenUrlOf, type ParsedCheck } from './inputs/run.js'
import { mapConcurrent } from './pool.js'
import { inputErrorResult, type CheckRun } from './report/result.js'
import type { CheckSpec } from './spec.js'
import { safeLogText } from './text.js'

export async function runChecks(
  checks: readonly ParsedCheck[],
  concurrency: number,
  run: (spec: CheckSpec) => Promise<CheckRun>
): Promise<CheckRun[]> {
  return mapConcurrent(checks, concurrency, async (check): Promise<CheckRun> => {
    if (!check.ok) return { result: inputErrorResult(check.name, check.tokenUrl, check.findings), accessToken: undefined }
    try {
      return await run(check.spec)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const crashed = finding('CHECK_CRASHED', `The check failed unexpectedly: ${safeLogText(message, 300)}`)
      return { result: inputErrorResult(check.spec.name, tokenUrlOf(check), [crashed]), accessToken: undefined }
    }
  })
}
