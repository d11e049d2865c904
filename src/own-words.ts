// The text this Action writes itself: finding titles and hints, input names. Runs of a secret that
// also occur here are our own words, not a leak (see Redactor's `benign`).

import { CODES } from './findings/codes.js'
import { INPUTS } from './inputs/catalogue.js'

export const OWN_WORDS: readonly string[] = [
  ...Object.values(CODES).flatMap(c => [c.title, c.hint]),
  ...Object.keys(INPUTS).flatMap(name => [name, `${name}-env`]),
  'checks',
  'client-secret',
  'oauth-credential-health'
]
