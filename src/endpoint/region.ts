// `region: auto`: one token request per region, bounded; the first region (in table order) that
// issues a token wins. INVALID_CLIENT only when every region answered and rejected the client: a
// region that could not be reached proves nothing about the credentials.

import { clientAuthFor } from '../client-auth/method.js'
import type { AuthContext } from '../client-auth/types.js'
import { attempt } from '../exchange/attempts.js'
import type { AttemptResult } from '../exchange/classify.js'
import type { Session } from '../exchange/session.js'
import { CODES, finding, type Finding } from '../findings/codes.js'
import { mapConcurrent } from '../pool.js'
import type { CheckSpec, RegionCandidate } from '../spec.js'

/** Requests in flight at once while looking for a region (18 Genesys Cloud regions). */
const REGION_CONCURRENCY = 6

export interface RegionAnswer {
  readonly candidate: RegionCandidate
  readonly result: AttemptResult
}

export interface RegionVerdict {
  readonly finding: Finding
  /** The winning region's token URL; undefined when none issued a token. */
  readonly tokenUrl?: string
}

export async function detectRegion(
  spec: CheckSpec,
  candidates: readonly RegionCandidate[],
  context: (tokenUrl: string) => AuthContext,
  session: Session
): Promise<RegionVerdict> {
  const answers = await mapConcurrent(candidates, REGION_CONCURRENCY, async candidate => {
    const ctx = context(candidate.tokenUrl)
    const plan = clientAuthFor(spec).next(spec, [], ctx)
    if (!plan) throw new Error('a check always has a first plan')
    const { result } = await attempt(spec, plan, ctx, session)
    return { candidate, result }
  })
  return regionVerdict(spec, answers)
}

/** What the regions' answers prove. Pure. */
export function regionVerdict(spec: CheckSpec, answers: readonly RegionAnswer[]): RegionVerdict {
  const winner = answers.find(r => r.result.kind === 'token')
  if (winner) {
    const { region, tokenUrl } = winner.candidate
    return {
      tokenUrl,
      finding: finding(
        'REGION_DETECTED',
        `Region ${region} (${new URL(tokenUrl).host}) accepts this client.`,
        `Set region: ${region}, so the check and your application use that login host directly.`
      )
    }
  }
  const perRegion = answers
    .map(r => `${r.candidate.region} ${r.result.kind === 'rejected' ? (r.result.error?.error ?? r.result.shape) : r.result.kind === 'failed' ? r.result.finding.code : 'token'}`)
    .join(', ')
  const unreachable = answers.find(r => r.result.kind === 'failed')
  if (unreachable?.result.kind === 'failed') {
    const f = unreachable.result.finding
    return {
      finding: finding(
        f.code,
        `No region accepted the client, and ${answers.filter(r => r.result.kind === 'failed').length} of ${answers.length} could not be asked (first: ${unreachable.candidate.region}: ${f.message})`.replace(/\.?\)$/, ').'),
        `${f.hint} Per region: ${perRegion}.`
      )
    }
  }
  return {
    finding: finding(
      'INVALID_CLIENT',
      `Every region (${answers.length}) rejected the client ${spec.clientId.trim()}.`,
      `${CODES.INVALID_CLIENT.hint} Per region: ${perRegion}.`
    )
  }
}
