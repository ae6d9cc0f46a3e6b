export const older = (p: { kind: string; age: bigint }) => ({ ...p, age: p.age + 1n });
