// A stand-in for undici (see package.json). @actions/http-client imports ProxyAgent at load time
// for getAgentDispatcher(), a helper for fetch() that oauth-credential-health never calls. If
// anything ever does, it fails loudly here instead of silently doing something else.

const message = name =>
  `undici.${name} is not bundled with oauth-credential-health (stubs/undici): ` +
  'the Action sends its requests through @actions/http-client agents, not undici. This is a bug; please report it.'

export class ProxyAgent {
  constructor() {
    throw new Error(message('ProxyAgent'))
  }
}
