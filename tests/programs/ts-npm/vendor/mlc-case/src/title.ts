export const title = (s: string): string => s.replace(/\b\w/g, (c) => c.toUpperCase());
