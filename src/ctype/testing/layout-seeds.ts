// Which random declaration sets the gcc layout oracles run: LAYOUT_SEEDS=1,2,3 (or `random`)
// and LAYOUT_COUNT choose others than the default one, for both oracles alike.

const seedsEnv = process.env.LAYOUT_SEEDS;

/** The seeds to generate declaration sets from. */
export const LAYOUT_SEEDS: readonly number[] =
  seedsEnv === undefined
    ? [20261121]
    : seedsEnv === "random"
      ? [Math.floor(Math.random() * 2 ** 31)]
      : seedsEnv.split(",").map(Number);

/** Declarations per set. */
export const LAYOUT_COUNT = Number(process.env.LAYOUT_COUNT ?? 400);
