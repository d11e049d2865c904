import type { CheckSpec } from '../../src/spec.js'

/** A valid spec with overrides, for unit tests of the pure core. */
export function makeSpec(over: Partial<CheckSpec> = {}): CheckSpec {
  return {
    name: 'test',
    tokenUrl: 'https://login.example.com/oauth/token',
    issuer: '',
    autoFirst: 'header',
    clientId: 'my-client',
    clientSecret: 'plainSecret123',
    placement: 'auto',
    scope: '',
    audience: '',
    resources: [],
    extraParams: [],
    diagnose: true,
    timeoutMs: 1000,
    retries: 0,
    allowInsecureHttp: false,
    minTtlS: 60,
    requiredScopes: [],
    expectedAudience: '',
    probe: null,
    secretExpiresAt: null,
    expiryWarningDays: 14,
    provider: null,
    regionCandidates: [],
    presetWarnings: [],
    authMethod: 'secret',
    privateKey: '',
    keyId: '',
    signingAlg: '',
    assertionAudience: '',
    clientCert: '',
    clientKey: '',
    caCert: '',
    ...over
  }
}
