/** Replay of recorded exchanges (a HAR of `sigkit proxy --record`) by the mock, matching on method, path and canonical query. */
export { canonicalQuery, replayMatchKey } from './canonicalMatchKey.js';
export { readReplaySource, type ReplayAnswer, type ReplaySource } from './replaySource.js';
export { installReplay, REPLAY_HEADER } from './installReplay.js';
