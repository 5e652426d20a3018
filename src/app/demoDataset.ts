// A small labelled prompt set for models that ship none (such as the engine's test model), so the
// explorer always opens on something: true and false statements in contrast pairs, with a topic.

const FACTS: readonly [string, string, string, string][] = [
  ['geography', 'The capital of France is', 'Paris', 'Rome'],
  ['geography', 'The capital of Japan is', 'Tokyo', 'Cairo'],
  ['geography', 'The capital of Italy is', 'Rome', 'Oslo'],
  ['geography', 'The capital of Egypt is', 'Cairo', 'Lima'],
  ['geography', 'The capital of Norway is', 'Oslo', 'Tokyo'],
  ['geography', 'The capital of Peru is', 'Lima', 'Paris'],
  ['geography', 'The longest river in Africa is the', 'Nile', 'Amazon'],
  ['geography', 'Mount Everest is in the', 'Himalayas', 'Alps'],
  ['science', 'Water freezes at zero degrees', 'Celsius', 'Kelvin'],
  ['science', 'The closest star to Earth is the', 'Sun', 'Moon'],
  ['science', 'Plants take in carbon dioxide and give off', 'oxygen', 'helium'],
  ['science', 'The chemical symbol for gold is', 'Au', 'Ag'],
  ['science', 'A triangle has three', 'sides', 'wheels'],
  ['science', 'The planet known as the red planet is', 'Mars', 'Venus'],
  ['science', 'Bees make', 'honey', 'milk'],
  ['science', 'Ice is frozen', 'water', 'sand'],
  ['animals', 'A baby cat is called a', 'kitten', 'puppy'],
  ['animals', 'A baby dog is called a', 'puppy', 'calf'],
  ['animals', 'The largest animal on Earth is the blue', 'whale', 'ant'],
  ['animals', 'Spiders have eight', 'legs', 'wings'],
  ['animals', 'Fish breathe through their', 'gills', 'ears'],
  ['animals', 'Cows eat', 'grass', 'stones'],
  ['animals', 'Birds lay', 'eggs', 'bricks'],
  ['animals', 'A group of wolves is called a', 'pack', 'choir'],
];

export const DEMO_DATASET_NAME = 'demo: true and false statements';

/** The demo set as CSV text, parsed like any dropped file (columns text, label, topic, pair). */
export function demoDatasetText(): string {
  const lines = ['text,label,topic,pair'];
  FACTS.forEach(([topic, stem, right, wrong], i) => {
    lines.push(`${stem} ${right},true,${topic},fact-${i + 1}`);
    lines.push(`${stem} ${wrong},false,${topic},fact-${i + 1}`);
  });
  return lines.join('\n') + '\n';
}
