/** "1 row", "2 rows": a count as people write it. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
