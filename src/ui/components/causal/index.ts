// The causal result views: presentational components driven by props only (see each file's header).
export { PatchingView, type PatchingViewProps } from './PatchingView';
export { LensView, type LensViewProps } from './LensView';
export { AttentionView, type AttentionViewProps, type HeadChoice } from './AttentionView';
export { SteeringView, type SteeringViewProps } from './SteeringView';
export { AblationView, type AblationViewProps } from './AblationView';
export type { LensTargetMode } from '../../charts/lensLayout';
export type { AblateView, AttentionView as AttentionResultView, LensView as LensResultView, PatchView, SteerView } from '../../charts/causalResults';
