// Probe a bsuite/catch-v0 checkpoint (issue 14): does the world model carry the ball's column, predict the
// terminal reward from the prior, and do the critic and actor use it? 300 random-policy episodes (seeds 1000..1299).
// Usage, from the repository's root after `npm run build`: node docs/results/probe_catch.mjs RUN_DIR
import path from 'node:path';
const run = process.argv[2]; const root = path.resolve(import.meta.dirname, '../..');
const { openRun } = await import(path.join(root, 'dist/src/cli/checkpoint-policy.js'));
const tf = await import('@tensorflow/tfjs');
const r = await openRun(run, 'no');
const agent = r.agent, wm = agent.wm, beh = agent.behavior;
const env = r.env.unwrapped;
const ROWS = 10, COLS = 5, N = 300;
let seed = 12345; // the random policy's own generator (an LCG), so the probe repeats
const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
// random-policy episodes, replay alignment: obs[t], prevAction[t] (one-hot), reward[t]
const eps = [];
for (let e = 0; e < N; e++) {
  let o = r.env.reset({ seed: 1000 + e }).obs;
  const obs = [Float32Array.from(o)], acts = [new Float32Array(3)], rews = [0], cols = [env.ballColumn], pads = [env.paddleColumn];
  for (let t = 0; t < 9; t++) {
    const a = Math.floor(uniform() * 3);
    const { obs: o2, reward: rew, terminated: term } = r.env.step(a);
    const oh = new Float32Array(3); oh[a] = 1;
    obs.push(Float32Array.from(o2)); acts.push(oh); rews.push(rew); cols.push(env.ballColumn); pads.push(env.paddleColumn);
    if (term) break;
  }
  eps.push({ obs, acts, rews, cols, pads });
}
const T = 10;
const flat = (k) => { const out = new Float32Array(T * N * eps[0][k][0].length); const d = eps[0][k][0].length; for (let t = 0; t < T; t++) for (let b = 0; b < N; b++) out.set(eps[b][k][t], (t * N + b) * d); return [out, d]; };
const [ob, od] = flat('obs'), [ac, ad] = flat('acts');
const res = tf.tidy(() => {
  const embed = tf.reshape(wm.embed(tf.tensor2d(ob, [T * N, od])), [T, N, -1]);
  const first = tf.concat([tf.ones([1, N]), tf.zeros([T - 1, N])]);
  const post = wm.rssm.observe(embed, tf.tensor3d(ac, [T, N, ad]), first);
  const feat = wm.rssm.feat({ deter: post.deter, stoch: post.stoch });
  // one-step prior from each posterior state with the real next action
  const prevState = { deter: tf.slice(post.deter, [0, 0], [(T - 1) * N, -1]), stoch: tf.slice(post.stoch, [0, 0], [(T - 1) * N, -1]) };
  const nextAct = tf.slice(tf.reshape(tf.tensor3d(ac, [T, N, ad]), [T * N, ad]), [N, 0], [(T - 1) * N, -1]);
  const prior1 = wm.rssm.imgStep(prevState, nextAct);
  const pfeat = wm.rssm.feat(prior1);
  const value = beh.critic.value(feat);
  const probs = beh.actor.dist(feat).probs;
  return { recon: wm.decodeObs(feat).arraySync(), reward: wm.reward(feat).arraySync(), cont: wm.contProb(feat).arraySync(), precon: wm.decodeObs(pfeat).arraySync(), preward: wm.reward(pfeat).arraySync(), value: value.arraySync(), probs: probs.arraySync() };
});
// KL(posterior || prior) per step of the episode: what the free nats (a floor per step) leave without a gradient
const klByStep = tf.tidy(() => {
  const embed = tf.reshape(wm.embed(tf.tensor2d(ob, [T * N, od])), [T, N, -1]);
  const first = tf.concat([tf.ones([1, N]), tf.zeros([T - 1, N])]);
  const post = wm.rssm.observe(embed, tf.tensor3d(ac, [T, N, ad]), first);
  const kl = wm.rssm.latent.dist(post.postStats).kl(wm.rssm.latent.dist(post.priorStats));
  return tf.mean(tf.reshape(kl, [T, N]), 1).arraySync();
});
console.log(`KL(post || prior) per step 0..9: ${klByStep.map((k) => k.toFixed(2)).join(' / ')} (free nats ${agent.cfg.model.free_nats})`);
// the model's answer to "what if": from the posterior at step 8, the terminal reward the one-step prior predicts
// for each of the three actions (only the action decides the catch when the ball is within one column)
const whatIf = tf.tidy(() => {
  const embed = tf.reshape(wm.embed(tf.tensor2d(ob, [T * N, od])), [T, N, -1]);
  const first = tf.concat([tf.ones([1, N]), tf.zeros([T - 1, N])]);
  const post = wm.rssm.observe(embed, tf.tensor3d(ac, [T, N, ad]), first);
  const at8 = { deter: tf.slice(post.deter, [8 * N, 0], [N, -1]), stoch: tf.slice(post.stoch, [8 * N, 0], [N, -1]) };
  return [0, 1, 2].map((a) => { const f = wm.rssm.feat(wm.rssm.imgStep(at8, tf.oneHot(tf.fill([N], a, 'int32'), 3).toFloat())); return { reward: wm.reward(f).arraySync(), obs: wm.decodeObs(f).arraySync() }; });
});
const colOf = (row, ballRow) => { let best = 0; for (let c = 1; c < COLS; c++) if (row[ballRow * COLS + c] > row[ballRow * COLS + best]) best = c; return best; };
// 1) does the posterior's reconstruction carry the column? (ball row t at step t)
for (const t of [1, 4, 8]) {
  let ok = 0, okP = 0; for (let b = 0; b < N; b++) { if (colOf(res.recon[t * N + b], t) === eps[b].cols[t]) ok++; if (colOf(res.precon[(t - 1) * N + b], t) === eps[b].cols[t]) okP++; }
  console.log(`step ${t}: ball column from the posterior's reconstruction ${(ok / N * 100).toFixed(0)}%, from the one-step prior ${(okP / N * 100).toFixed(0)}% (chance 20%)`);
}
// 1b) the paddle's column (bottom row) from the posterior and from the one-step prior (it moves with the action)
for (const t of [1, 4, 8]) {
  let ok = 0, okP = 0; for (let b = 0; b < N; b++) { if (colOf(res.recon[t * N + b], ROWS - 1) === eps[b].pads[t]) ok++; if (colOf(res.precon[(t - 1) * N + b], ROWS - 1) === eps[b].pads[t]) okP++; }
  console.log(`step ${t}: paddle column from the posterior's reconstruction ${(ok / N * 100).toFixed(0)}%, from the one-step prior ${(okP / N * 100).toFixed(0)}%`);
}
// 2) reward head at terminal / non-terminal states
let errT = 0, errNT = 0, nT = 0, nNT = 0, signOk = 0, perr = 0, psign = 0, contT = 0, contNT = 0;
for (let b = 0; b < N; b++) for (let t = 1; t < T; t++) {
  const i = t * N + b, real = eps[b].rews[t];
  if (t === 9) { errT += Math.abs(res.reward[i] - real); nT++; if (Math.sign(res.reward[i]) === real) signOk++; perr += Math.abs(res.preward[(t - 1) * N + b] - real); if (Math.sign(res.preward[(t - 1) * N + b]) === real) psign++; contT += res.cont[i]; }
  else { errNT += Math.abs(res.reward[i] - real); nNT++; contNT += res.cont[i]; }
}
console.log(`reward head (posterior): |err| terminal ${(errT / nT).toFixed(3)} (sign right ${(signOk / nT * 100).toFixed(0)}%), non-terminal ${(errNT / nNT).toFixed(3)}; one-step prior at terminal |err| ${(perr / nT).toFixed(3)} (sign right ${(psign / nT * 100).toFixed(0)}%)`);
console.log(`continue prob: terminal ${(contT / nT).toFixed(3)}, non-terminal ${(contNT / nNT).toFixed(3)}`);
{ let right = 0, n = 0, hits = 0, litRight = 0; for (let b = 0; b < N; b++) { const d = eps[b].cols[8] - eps[b].pads[8]; if (Math.abs(d) > 1) continue; for (let a = 0; a < 3; a++) { const caught = Math.min(COLS - 1, Math.max(0, eps[b].pads[8] + a - 1)) === eps[b].cols[8]; if (caught) hits++; if (Math.sign(whatIf[a].reward[b]) === (caught ? 1 : -1)) right++; const row = whatIf[a].obs[b].slice((ROWS - 1) * COLS); const lit = row.filter((v) => v > 0.35).length; if (lit === (caught ? 1 : 2)) litRight++; n++; } }
  console.log(`what-if at step 8 (ball within one column, each of the 3 actions): the prior's terminal reward has the right sign ${(right / n * 100).toFixed(0)}% (n ${n}; always -1 would score ${(100 - hits / n * 100).toFixed(0)}%); its predicted bottom row shows 1 lit cell for a catch and 2 for a miss ${(litRight / n * 100).toFixed(0)}%`); }
// 3) critic at step 8 (one before the end) vs whether the paddle can still reach the ball
let vAligned = 0, nA = 0, vFar = 0, nF = 0;
for (let b = 0; b < N; b++) { const d = Math.abs(eps[b].cols[8] - eps[b].pads[8]); const v = res.value[8 * N + b]; if (d <= 1) { vAligned += v; nA++; } else { vFar += v; nF++; } }
console.log(`critic at step 8: paddle within reach ${(vAligned / nA).toFixed(3)} (n ${nA}), out of reach ${(vFar / nF).toFixed(3)} (n ${nF})`);
// 4) actor: P(move toward the ball) at steps 2..7 when the ball is not above the paddle
let pt = 0, nn = 0;
for (let b = 0; b < N; b++) for (let t = 2; t < 8; t++) { const d = eps[b].cols[t] - eps[b].pads[t]; if (d === 0) continue; const p = res.probs[t * N + b]; pt += d > 0 ? p[2] : p[0]; nn++; }
console.log(`actor: P(move toward the ball) ${(pt / nn).toFixed(3)} (uniform 0.333)`);
// 5) critic spread per step, and the one-step-prior reward spread at the terminal step
for (const t of [0, 2, 5, 8]) { const v = eps.map((_, b) => res.value[t * N + b]); const m = v.reduce((a, x) => a + x, 0) / N; const sd = Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / N); console.log(`critic step ${t}: mean ${m.toFixed(3)} sd ${sd.toFixed(4)} min ${Math.min(...v).toFixed(3)} max ${Math.max(...v).toFixed(3)}`); }
{ const v = eps.map((_, b) => res.preward[8 * N + b]); const m = v.reduce((a, x) => a + x, 0) / N; const sd = Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / N); console.log(`one-step prior reward at the terminal step: mean ${m.toFixed(3)} sd ${sd.toFixed(3)}`); }
