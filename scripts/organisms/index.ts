// Registry of the built-in model organisms, by id. Add an organism by adding one entry here.
import type { Organism } from './types';
import { createTruthworld } from './truthworld';
import { createModadd } from './modadd';
import { createBrackets } from './brackets';

/** Factories, so that importing the registry builds nothing until an organism is asked for. */
const ORGANISMS: ReadonlyMap<string, () => Organism> = new Map([
  ['truthworld', createTruthworld],
  ['modadd', createModadd],
  ['brackets', createBrackets],
]);

export function organismIds(): string[] {
  return [...ORGANISMS.keys()];
}

/** The organism with this id; throws with the list of known ids otherwise. */
export function getOrganism(id: string): Organism {
  const make = ORGANISMS.get(id);
  if (make === undefined) throw new Error(`unknown organism "${id}": choose one of ${organismIds().join(', ')}`);
  return make();
}
