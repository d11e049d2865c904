// What a grant is (RFC 6749 §4): the parameters that say what is asked for, apart from who asks.

import type { CheckSpec, GrantType } from '../spec.js'

/** A credential the grant itself carries (the password grant's username and password), by input name. */
export interface GrantCredential {
  readonly input: string
  readonly value: string
}

export interface Grant {
  readonly type: GrantType
  /**
   * The form parameters of the token request, without any client credentials. `trimmed`: the
   * grant's own credentials with surrounding whitespace removed (a diagnosis, never what is stored).
   */
  readonly params: (spec: CheckSpec, trimmed: boolean) => (readonly [string, string])[]
  /** The credentials the grant sends besides the client's: masked, and diagnosed for whitespace. */
  readonly credentials: (spec: CheckSpec) => readonly GrantCredential[]
  /** Whether an OAuth error code means the grant's own credentials were refused (the client was accepted). */
  readonly rejectsUser: (error: string) => boolean
}
