// Reads one secret from standard input. At a terminal it prompts on stderr and reads with echo off
// (raw mode: the typed characters are never written back); from a pipe or file it reads everything
// up to a cap, with one trailing newline dropped (the one `echo` and here-strings add).

const MAX_BYTES = 1024 * 1024

/** The message of the error for Ctrl-C at the prompt (the shell exits 130, as shells do for SIGINT). */
export const INTERRUPTED = 'interrupted at the secret prompt'

export async function readSecretFromStdin(prompt: string): Promise<string> {
  const stdin = process.stdin
  return stdin.isTTY ? readHidden(prompt) : readPiped()
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BYTES) throw new Error('standard input holds more than 1 MiB: not a secret')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin
  process.stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.setEncoding('utf8')
  stdin.resume()
  let value = ''
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (text: string): void => {
      for (const char of text) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done()
        if (char === '\u0003') return done(new Error(INTERRUPTED))
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else value += char
      }
    }
    stdin.on('data', onData)
  })
}
