// Gymnasium-style wrappers, each overriding one hook of Wrapper. See each file for the semantics.
export { RecordEpisodeStatistics, type EpisodeStatistics, type RecordEpisodeStatisticsOptions } from './record-episode-statistics.js';
export { ActionRepeat } from './action-repeat.js';
export { ClipAction } from './clip-action.js';
export { RescaleAction } from './rescale-action.js';
export { NormalizeObservation } from './normalize-observation.js';
export { NormalizeReward, type NormalizeRewardStatistics } from './normalize-reward.js';
export { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
export { TransformObservation } from './transform-observation.js';
export { TransformReward } from './transform-reward.js';
export { TransformAction } from './transform-action.js';
export { GrayscaleObservation } from './grayscale-observation.js';
export { FrameStack, type FramePadding } from './frame-stack.js';
export { ResizeObservation, type ResizeObservationOptions } from './resize-observation.js';
export { FlattenObservation } from './flatten-observation.js';
export { PixelObservation, type PixelObservationOptions, type PixelDictObs } from './pixel-observation.js';
export { makeResizer, type Interpolation, type ImageShape } from './image-resize.js';
