/** Stand-in for undici's ProxyAgent: constructing it throws (see index.js). */
export declare class ProxyAgent {
  constructor(options?: unknown)
}
