// The Causal tab's state outside the view: an uploaded direction (its numbers never go in a link) and
// why the last upload was refused. The reducer's share of the store for these actions.
import type { DirectionFile } from '../data/directionFile';
import type { AppState } from './store';

export interface UploadState {
  /** The vector the user uploaded last; the view's `causal.direction.upload` names it by hash. */
  direction: DirectionFile | null;
  /** Why the last file was refused; the current direction and settings are unchanged. */
  error: string | null;
}

export type CausalAction =
  | { type: 'directionUploaded'; direction: DirectionFile }
  | { type: 'directionRejected'; message: string };

export const initialUploadState = (): UploadState => ({ direction: null, error: null });

/** Handles the causal actions; null for any other action. */
export function reduceCausal(state: AppState, action: { type: string }): AppState | null {
  const a = action as CausalAction;
  switch (a.type) {
    case 'directionUploaded': {
      const { name, hash, shape } = a.direction;
      const causal = state.view.causal;
      const direction = { ...causal.direction, method: 'uploaded' as const, upload: { name, hash, shape: [...shape] } };
      return { ...state, upload: { direction: a.direction, error: null }, view: { ...state.view, causal: { ...causal, direction } }, viewSource: 'user' };
    }
    case 'directionRejected':
      return { ...state, upload: { ...state.upload, error: a.message } };
    default:
      return null;
  }
}
