export const exclaim = (s: string): string => `${s}!`;
