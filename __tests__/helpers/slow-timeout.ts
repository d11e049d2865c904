// Setup file of the integration and e2e projects (jest.config.js): their tests start servers and
// child processes, so each test and hook gets 30 s instead of Jest's 5 s.
import { jest } from '@jest/globals'

jest.setTimeout(30_000)
