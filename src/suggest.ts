// Did-you-mean for inputs, keys and preset values: the candidates nearest to a typo.

/** The known key nearest to a typo (edit distance ≤ 3), for a did-you-mean. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 4
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/** The candidates, closest to the word first (for "valid values are ..."). */
export function byCloseness(word: string, candidates: readonly string[]): string[] {
  return [...candidates].sort((a, b) => editDistance(word.toLowerCase(), a) - editDistance(word.toLowerCase(), b))
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}
