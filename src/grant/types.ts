// What a grant is (RFC 6749 §4): the parameters that say what is asked for, apart from who asks.

import type { CheckSpec, GrantType } from '../spec.js'

export interface Grant {
  readonly type: GrantType
  /** The form parameters of the token request, without any client credentials. */
  readonly params: (spec: CheckSpec) => (readonly [string, string])[]
}
