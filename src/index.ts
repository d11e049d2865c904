// Entry point of the bundled Action (dist/index.js).
import { run } from './main.js'

await run()
// The results are published. Nothing may keep the runner waiting now (a proxy that never answers
// could leave a socket open): if the event loop is still busy shortly after, end the process with
// the exit code run() set. The timer is unref'd, so a clean run exits as soon as it is done.
setTimeout(() => process.exit(), 250).unref()
