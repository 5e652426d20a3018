// The one-sentence reasons the backend chooser gives: timings of the correct candidates, and why any
// candidate was left out (unavailable, failed its self-test, or runs in software).
import type { BackendName } from './backendProbe';
import { SELF_TEST_TOLERANCE } from './backendSelfTest';
import type { CandidateReport } from './backend';

export function autoReason(best: BackendName, candidates: CandidateReport[]): string {
  const concerns = candidates.map(describeConcern).filter((text): text is string => text != null);
  return [`auto: ${best} fastest correct (${listTimings(candidates)})`, ...concerns].join('; ');
}

export function listTimings(candidates: CandidateReport[]): string {
  const timed = candidates.filter((c) => c.correct === true && c.ms != null);
  return timed.sort((a, b) => (a.ms ?? 0) - (b.ms ?? 0)).map((c) => `${c.name} ${c.ms} ms`).join(', ');
}

/** What a reader should know about a candidate: why it was out, or that it runs in software. */
function describeConcern(candidate: CandidateReport): string | undefined {
  if (candidate.correct !== true) return describeProblem(candidate);
  // Only the software part of the note, without its parenthesised details, to keep one sentence.
  const software = candidate.note?.split('; ').find((part) => /software/i.test(part));
  return software == null ? undefined : `${candidate.name}: ${software.replace(/ \(.*\)$/, '')}`;
}

export function describeProblem(candidate: CandidateReport): string {
  if (!candidate.available) return `${candidate.name} unavailable: ${candidate.note ?? 'unknown reason'}`;
  if (candidate.maxError != null && !(candidate.maxError <= SELF_TEST_TOLERANCE)) {
    return `${candidate.name} failed its self-test (max |Δ| ${formatError(candidate.maxError)} > ${SELF_TEST_TOLERANCE})`;
  }
  return `${candidate.name} failed its self-test (${candidate.note ?? 'unknown reason'})`;
}

export function formatError(value: number | undefined): string {
  return value == null ? '?' : value.toExponential(1);
}

export function joinNotes(...notes: (string | undefined)[]): string | undefined {
  const present = notes.filter((note): note is string => note != null && note !== '');
  return present.length === 0 ? undefined : present.join('; ');
}
